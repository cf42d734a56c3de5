package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"seedbed"
	"seedbed/app"
)

// programFixture is a set of programs in several states, built through the store: a draft, an
// open call with the applicant's draft (with an attachment) and another organisation's, a
// program in review whose applications are assigned to the test reviewer (one of them opened),
// and a decided program with an award to each organisation.
type programFixture struct {
	draft, open, review, decided int64
	ownDraft, otherDraft         int64 // applications in the open call
	reviewOwn, reviewOther       int64 // applications in review
	decidedOwn                   int64 // the applicant's application in the decided program
	attachment                   int64 // of ownDraft
	assignment                   int64 // the reviewer's, on reviewOther, opened
	decidedAssignment            int64 // the reviewer's, in the decided program, scored
	reviewerID                   int64
	ownAward, otherAward         int64
	ownTranche, otherTranche     int64
}

func actorOf(t testing.TB, e *testEnv, role string) seedbed.Actor {
	t.Helper()
	u, _, err := e.store.UserByName(context.Background(), "u-"+role)
	if err != nil {
		t.Fatal(err)
	}
	return seedbed.Actor{UserID: u.ID, Username: u.Username, Role: u.Role, InnovatorID: u.InnovatorID}
}

// need returns v, and stops the test setup when err is set.
func need[T any](v T, err error) T {
	if err != nil {
		panic(fmt.Sprintf("program fixture: %v", err))
	}
	return v
}

// reviewAll has the fixture's reviewer declare no conflict and score every application of the
// program in review, and the officer normalise the scores, so that the selection may run.
func (f *programFixture) reviewAll(t testing.TB, e *testEnv, a *app.App) {
	t.Helper()
	ctx := context.Background()
	officer, reviewer := actorOf(t, e, "officer"), actorOf(t, e, "reviewer")
	for _, as := range need(e.store.FindAssignments(ctx, seedbed.AssignmentFilter{ReviewerID: reviewer.UserID})) {
		if as.ProgramID != f.review {
			continue
		}
		if as.State == seedbed.AssignmentAssigned {
			need(a.Reviews.DeclareConflict(ctx, reviewer, as.ID, seedbed.Declaration{}))
		}
		need(a.Reviews.ScoreApplication(ctx, reviewer, as.ID, seedbed.ScoreSheet{Scores: map[string]float64{
			"originality": 5, "team_drive": 5, "leverage": 5, "next_step": 5}}))
	}
	need(a.Reviews.NormaliseScores(ctx, officer, f.review))
}

func newProgramFixture(t testing.TB, e *testEnv) *programFixture {
	t.Helper()
	ctx := context.Background()
	s := e.store
	svc := app.New(s, fixtureOptions)
	ps, rs := svc.Programs, svc.Reviews
	f := &programFixture{}
	officer, reviewer, applicant := actorOf(t, e, "officer"), actorOf(t, e, "reviewer"), actorOf(t, e, "applicant")
	other := seedbed.Actor{Username: "other-applicant", Role: seedbed.RoleApplicant, InnovatorID: &e.otherID}
	f.reviewerID = reviewer.UserID
	clock := s.Now
	past := clock().Add(-72 * time.Hour)
	s.Now = func() time.Time { return past }
	defer func() { s.Now = clock }()
	newProgram := func(title string, deadline time.Time, publish bool) int64 {
		p := &seedbed.Program{Title: title, PolicyIDs: []string{"grassroots-seed"}, Budget: 1_000_000, Deadline: deadline,
			SelectionMode: seedbed.SelectionRanked, ReviewersPerApp: 1,
			Stages: []seedbed.Stage{{Name: "一", Share: 50, Months: 6, Milestone: "任务书"}, {Name: "二", Share: 50, Months: 6, Milestone: "验证"}}}
		if err := ps.CreateProgram(ctx, officer, p); err != nil {
			t.Fatal(err)
		}
		if publish {
			need(ps.TransitionProgram(ctx, officer, p.ID, seedbed.ProgramOpen, ""))
		}
		return p.ID
	}
	apply := func(program int64, a seedbed.Actor, submit bool) int64 {
		app := &seedbed.Application{ProgramID: program, InnovatorID: *a.InnovatorID, Title: "方向", Amount: 100_000}
		if submit {
			app.Direction, app.Team, app.Unlocks = "非主流路线", "三人", "算力"
		}
		if err := ps.CreateApplication(ctx, a, app); err != nil {
			t.Fatal(err)
		}
		if submit {
			need(ps.SubmitCheckedApplication(ctx, a, app.ID, seedbed.Eligibility{Status: seedbed.Eligible}, s.Now()))
		}
		return app.ID
	}
	f.draft = newProgram("草稿计划", clock().Add(30*24*time.Hour), false)
	f.open = newProgram("开放计划", clock().Add(30*24*time.Hour), true)
	f.ownDraft, f.otherDraft = apply(f.open, applicant, false), apply(f.open, other, false)
	f.attachment = need(ps.AddAttachment(ctx, applicant, f.ownDraft, "note.txt", "text/plain; charset=utf-8", []byte("团队简介"))).ID
	f.review = newProgram("评审计划", past.Add(time.Hour), true)
	f.reviewOwn, f.reviewOther = apply(f.review, applicant, true), apply(f.review, other, true)
	f.decided = newProgram("已决定计划", past.Add(time.Hour), true)
	decOwn, decOther := apply(f.decided, applicant, true), apply(f.decided, other, true)
	f.decidedOwn = decOwn
	s.Now = clock
	for _, id := range []int64{f.review, f.decided} {
		need(ps.TransitionProgram(ctx, officer, id, seedbed.ProgramInReview, ""))
		need(rs.AssignReviewers(ctx, officer, id, 1))
	}
	for _, as := range need(s.FindAssignments(ctx, seedbed.AssignmentFilter{ReviewerID: reviewer.UserID})) {
		switch {
		case as.ApplicationID == f.reviewOther:
			f.assignment = as.ID
			need(rs.DeclareConflict(ctx, reviewer, as.ID, seedbed.Declaration{}))
		case as.ProgramID == f.decided:
			f.decidedAssignment = as.ID
			need(rs.DeclareConflict(ctx, reviewer, as.ID, seedbed.Declaration{}))
			v := 5.0
			if as.ApplicationID == decOther {
				v = 3
			}
			need(rs.ScoreApplication(ctx, reviewer, as.ID, seedbed.ScoreSheet{Scores: map[string]float64{
				"originality": v, "team_drive": v, "leverage": v, "next_step": v}}))
		}
	}
	need(rs.NormaliseScores(ctx, officer, f.decided))
	need(rs.RunSelection(ctx, officer, f.decided))
	recordProcedureSteps(t, svc, officer, f.decided)
	need(ps.TransitionProgram(ctx, officer, f.decided, seedbed.ProgramDecided, ""))
	own := need(ps.CreateAward(ctx, officer, f.decided, seedbed.AwardInput{ApplicationID: decOwn}))
	oth := need(ps.CreateAward(ctx, officer, f.decided, seedbed.AwardInput{ApplicationID: decOther}))
	f.ownAward, f.otherAward, f.ownTranche, f.otherTranche = own.ID, oth.ID, own.Tranches[0].ID, oth.Tranches[0].ID
	return f
}

func init() {
	moduleMatrix = append(moduleMatrix, func(e *testEnv) []accessCase {
		f := newProgramFixture(e.t, e)
		id := func(x int64) string { return fmt.Sprint(x) }
		p, a := "/programs/", "/applications/"
		ap, aa := "/api/v1/programs/", "/api/v1/applications/"
		return []accessCase{
			{"GET", "/programs", "/programs", "aorpu"},
			{"GET", "/programs/new", "/programs/new", "ao"},
			{"POST", "/programs", "/programs", "ao"},
			{"GET", "/programs/{id}", p + id(f.open), "aorpu"},
			{"GET", "/programs/{id}", p + id(f.draft), "aou"},
			{"GET", "/programs/{id}/edit", p + id(f.draft) + "/edit", "ao"},
			{"POST", "/programs/{id}", p + id(f.draft), "ao"},
			{"GET", "/programs/{id}/rubric", p + id(f.draft) + "/rubric", "ao"},
			{"POST", "/programs/{id}/rubric", p + id(f.draft) + "/rubric", "ao"},
			{"POST", "/programs/{id}/transition", p + id(f.draft) + "/transition", "ao"},
			{"GET", "/programs/{id}/review", p + id(f.decided) + "/review", "aou"},
			{"POST", "/programs/{id}/assignments", p + id(f.review) + "/assignments", "ao"},
			{"POST", "/programs/{id}/normalise", p + id(f.review) + "/normalise", "ao"},
			{"POST", "/programs/{id}/selection", p + id(f.review) + "/selection", "ao"},
			{"POST", "/programs/{id}/reveal", p + id(f.review) + "/reveal", "ao"},
			{"GET", "/programs/{id}/lottery", p + id(f.decided) + "/lottery", "aorpu"},
			{"POST", "/programs/{id}/lottery/commit", p + id(f.review) + "/lottery/commit", "ao"},
			{"POST", "/programs/{id}/lottery/draw", p + id(f.review) + "/lottery/draw", "ao"},
			{"POST", "/programs/{id}/awards", p + id(f.decided) + "/awards", "ao"},
			{"GET", "/applications", "/applications", "aorpu"},
			{"GET", "/programs/{id}/apply", p + id(f.open) + "/apply", "p"},
			{"POST", "/programs/{id}/apply", p + id(f.open) + "/apply", "p"},
			{"GET", "/applications/{id}", a + id(f.ownDraft), "aopu"},
			{"GET", "/applications/{id}", a + id(f.otherDraft), "aou"},
			{"GET", "/applications/{id}", a + id(f.reviewOther), "aoru"},
			{"GET", "/applications/{id}/edit", a + id(f.ownDraft) + "/edit", "p"},
			{"GET", "/applications/{id}/edit", a + id(f.otherDraft) + "/edit", ""},
			{"POST", "/applications/{id}", a + id(f.ownDraft), "p"},
			{"POST", "/applications/{id}/submit", a + id(f.ownDraft) + "/submit", "p"},
			{"POST", "/applications/{id}/submit", a + id(f.otherDraft) + "/submit", ""},
			{"POST", "/applications/{id}/attachments", a + id(f.ownDraft) + "/attachments", "p"},
			{"GET", "/applications/{id}/attachments/{aid}", a + id(f.ownDraft) + "/attachments/" + id(f.attachment), "aopu"},
			{"GET", "/api/v1/applications/{id}/attachments/{aid}", aa + id(f.ownDraft) + "/attachments/" + id(f.attachment), "aopu"},
			{"GET", "/reviews", "/reviews", "r"},
			{"GET", "/reviews/profile", "/reviews/profile", "r"},
			{"POST", "/reviews/profile", "/reviews/profile", "r"},
			{"GET", "/reviews/{id}", "/reviews/" + id(f.assignment), "r"},
			{"POST", "/reviews/{id}/declaration", "/reviews/" + id(f.assignment) + "/declaration", "r"},
			{"POST", "/reviews/{id}/score", "/reviews/" + id(f.assignment) + "/score", "r"},
			{"POST", "/reviews/{id}/champion", "/reviews/" + id(f.assignment) + "/champion", "r"},
			{"GET", "/reviewers", "/reviewers", "aou"},
			{"GET", "/reviewers/{id}", "/reviewers/" + id(f.reviewerID), "ao"},
			{"POST", "/reviewers/{id}", "/reviewers/" + id(f.reviewerID), "ao"},
			{"GET", "/awards", "/awards", "aorpu"},
			{"GET", "/awards/{id}", "/awards/" + id(f.ownAward), "aorpu"},
			{"GET", "/awards/{id}", "/awards/" + id(f.otherAward), "aoru"},
			{"POST", "/tranches/{id}/evidence", "/tranches/" + id(f.ownTranche) + "/evidence", "p"},
			{"POST", "/tranches/{id}/evidence", "/tranches/" + id(f.otherTranche) + "/evidence", ""},
			{"POST", "/tranches/{id}/review", "/tranches/" + id(f.ownTranche) + "/review", "ao"},
			{"POST", "/tranches/{id}/release", "/tranches/" + id(f.ownTranche) + "/release", "ao"},

			{"GET", "/api/v1/programs", "/api/v1/programs", "aorpu"},
			{"POST", "/api/v1/programs", "/api/v1/programs", "ao"},
			{"GET", "/api/v1/programs/{id}", ap + id(f.open), "aorpu"},
			{"GET", "/api/v1/programs/{id}", ap + id(f.draft), "aou"},
			{"PUT", "/api/v1/programs/{id}", ap + id(f.draft), "ao"},
			{"POST", "/api/v1/programs/{id}/transition", ap + id(f.draft) + "/transition", "ao"},
			{"GET", "/api/v1/programs/{id}/events", ap + id(f.decided) + "/events", "aorpu"},
			{"GET", "/api/v1/programs/{id}/selection/reopenings", ap + id(f.decided) + "/selection/reopenings", "aorpu"},
			{"POST", "/api/v1/programs/{id}/assignments", ap + id(f.review) + "/assignments", "ao"},
			{"GET", "/api/v1/programs/{id}/assignments", ap + id(f.review) + "/assignments", "aou"},
			{"POST", "/api/v1/programs/{id}/normalise", ap + id(f.review) + "/normalise", "ao"},
			{"POST", "/api/v1/programs/{id}/selection", ap + id(f.review) + "/selection", "ao"},
			{"POST", "/api/v1/programs/{id}/reveal", ap + id(f.review) + "/reveal", "ao"},
			{"POST", "/programs/{id}/replies/open", p + id(f.review) + "/replies/open", "ao"},
			{"POST", "/api/v1/programs/{id}/replies/open", ap + id(f.review) + "/replies/open", "ao"},
			{"POST", "/applications/{id}/reply", a + id(f.reviewOwn) + "/reply", "p"},
			{"POST", "/applications/{id}/reply", a + id(f.reviewOther) + "/reply", ""},
			{"POST", "/api/v1/applications/{id}/reply", aa + id(f.reviewOwn) + "/reply", "p"},
			{"POST", "/api/v1/applications/{id}/reply", aa + id(f.reviewOther) + "/reply", ""},
			{"GET", "/api/v1/applications/{id}/reviews", aa + id(f.decidedOwn) + "/reviews", "aorpu"},
			{"POST", "/applications/{id}/summary", a + id(f.decidedOwn) + "/summary", "ao"},
			{"PUT", "/api/v1/applications/{id}/summary", aa + id(f.decidedOwn) + "/summary", "ao"},
			{"POST", "/reviews/{id}/decline", "/reviews/" + id(f.assignment) + "/decline", "r"},
			{"POST", "/api/v1/assignments/{id}/decline", "/api/v1/assignments/" + id(f.assignment) + "/decline", "r"},
			{"POST", "/reviews/{id}/notes", "/reviews/" + id(f.decidedAssignment) + "/notes", "r"},
			{"POST", "/api/v1/assignments/{id}/notes", "/api/v1/assignments/" + id(f.decidedAssignment) + "/notes", "r"},
			{"POST", "/applications/{id}/panel", a + id(f.decidedOwn) + "/panel", "ao"},
			{"POST", "/api/v1/applications/{id}/panel", aa + id(f.decidedOwn) + "/panel", "ao"},
			{"GET", "/api/v1/applications/{id}/panel", aa + id(f.decidedOwn) + "/panel", "aoru"},
			{"GET", "/api/v1/programs/{id}/selection", ap + id(f.decided) + "/selection", "aou"},
			{"GET", "/api/v1/programs/{id}/lottery", ap + id(f.decided) + "/lottery", "aorpu"},
			{"GET", "/api/v1/programs/{id}/lottery/commitment.txt", ap + id(f.decided) + "/lottery/commitment.txt", "aorpu"},
			{"POST", "/api/v1/programs/{id}/lottery/commit", ap + id(f.review) + "/lottery/commit", "ao"},
			{"POST", "/api/v1/programs/{id}/lottery/draw", ap + id(f.review) + "/lottery/draw", "ao"},
			{"POST", "/api/v1/programs/{id}/applications", ap + id(f.open) + "/applications", "p"},
			{"POST", "/api/v1/programs/{id}/awards", ap + id(f.decided) + "/awards", "ao"},
			{"GET", "/api/v1/applications", "/api/v1/applications", "aorpu"},
			{"GET", "/api/v1/applications/{id}", aa + id(f.ownDraft), "aopu"},
			{"GET", "/api/v1/applications/{id}", aa + id(f.otherDraft), "aou"},
			{"GET", "/api/v1/applications/{id}", aa + id(f.reviewOther), "aoru"},
			{"GET", "/api/v1/applications/{id}", aa + id(f.reviewOwn), "aopu"},
			{"PUT", "/api/v1/applications/{id}", aa + id(f.ownDraft), "p"},
			{"PUT", "/api/v1/applications/{id}", aa + id(f.otherDraft), ""},
			{"POST", "/api/v1/applications/{id}/submit", aa + id(f.ownDraft) + "/submit", "p"},
			{"POST", "/api/v1/applications/{id}/attachments", aa + id(f.ownDraft) + "/attachments", "p"},
			{"GET", "/api/v1/reviewers", "/api/v1/reviewers", "aou"},
			{"PUT", "/api/v1/reviewers/{id}", "/api/v1/reviewers/" + id(f.reviewerID), "ao"},
			{"GET", "/api/v1/reviewers/me", "/api/v1/reviewers/me", "r"},
			{"PUT", "/api/v1/reviewers/me", "/api/v1/reviewers/me", "r"},
			{"GET", "/api/v1/assignments", "/api/v1/assignments", "r"},
			{"POST", "/api/v1/assignments/{id}/declaration", "/api/v1/assignments/" + id(f.assignment) + "/declaration", "r"},
			{"POST", "/api/v1/assignments/{id}/score", "/api/v1/assignments/" + id(f.assignment) + "/score", "r"},
			{"POST", "/api/v1/assignments/{id}/champion", "/api/v1/assignments/" + id(f.assignment) + "/champion", "r"},
			{"GET", "/api/v1/awards", "/api/v1/awards", "aorpu"},
			{"GET", "/api/v1/awards/{id}", "/api/v1/awards/" + id(f.ownAward), "aorpu"},
			{"GET", "/api/v1/awards/{id}", "/api/v1/awards/" + id(f.otherAward), "aoru"},
			{"POST", "/api/v1/tranches/{id}/evidence", "/api/v1/tranches/" + id(f.ownTranche) + "/evidence", "p"},
			{"POST", "/api/v1/tranches/{id}/evidence", "/api/v1/tranches/" + id(f.otherTranche) + "/evidence", ""},
			{"POST", "/api/v1/tranches/{id}/review", "/api/v1/tranches/" + id(f.ownTranche) + "/review", "ao"},
			{"POST", "/api/v1/tranches/{id}/release", "/api/v1/tranches/" + id(f.ownTranche) + "/release", "ao"},
			// Rows that change the fixture come last.
			{"POST", "/applications/{id}/attachments/{aid}/delete", a + id(f.ownDraft) + "/attachments/" + id(f.attachment) + "/delete", "p"},
			{"DELETE", "/api/v1/applications/{id}/attachments/{aid}", aa + id(f.ownDraft) + "/attachments/" + id(f.attachment), "p"},
			{"POST", "/applications/{id}/withdraw", a + id(f.otherDraft) + "/withdraw", ""},
			{"POST", "/api/v1/applications/{id}/withdraw", aa + id(f.otherDraft) + "/withdraw", ""},
			{"POST", "/applications/{id}/withdraw", a + id(f.ownDraft) + "/withdraw", "p"},
			{"POST", "/api/v1/applications/{id}/withdraw", aa + id(f.ownDraft) + "/withdraw", "p"},
			{"POST", "/assignments/{id}/replace", "/assignments/" + id(f.assignment) + "/replace", "ao"},
			{"POST", "/api/v1/assignments/{id}/replace", "/api/v1/assignments/" + id(f.assignment) + "/replace", "ao"},
		}
	})
}

// TestProgramBadInput sends malformed and refused requests: each gets a 4xx naming the problem,
// writes nothing, and the refusals are audited.
func TestProgramBadInput(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, e *testEnv) {
		f := newProgramFixture(t, e)
		ctx := context.Background()
		_, before, _ := e.store.FindPrograms(ctx, seedbed.ProgramFilter{})
		valid := `"title":"x","budget":1000,"deadline":"2030-01-01T17:00","selection_mode":"lottery"`
		cases := []struct {
			name, role, method, path, ctype, body string
			status                                int
			field                                 string
		}{
			{"malformed JSON", "officer", "POST", "/api/v1/programs", "application/json", `{"title":`, 400, ""},
			{"unknown field", "officer", "POST", "/api/v1/programs", "application/json", `{` + valid + `,"colour":"red"}`, 400, "colour"},
			{"no title", "officer", "POST", "/api/v1/programs", "application/json", `{"budget":1000,"deadline":"2030-01-01T17:00"}`, 400, "title"},
			{"negative budget", "officer", "POST", "/api/v1/programs", "application/json", `{"title":"x","budget":-5,"deadline":"2030-01-01T17:00"}`, 400, "budget"},
			{"bad deadline", "officer", "POST", "/api/v1/programs", "application/json", `{"title":"x","budget":5,"deadline":"next Tuesday"}`, 400, "deadline"},
			{"bad mode", "officer", "POST", "/api/v1/programs", "application/json", `{"title":"x","budget":5,"deadline":"2030-01-01T17:00","selection_mode":"beauty"}`, 400, "selection_mode"},
			{"shares not 100", "officer", "POST", "/api/v1/programs", "application/json", `{` + valid + `,"stages":[{"name":"一","share":50,"months":6,"milestone":"m"}]}`, 400, "stages"},
			{"bad rubric", "officer", "POST", "/api/v1/programs", "application/json", `{` + valid + `,"rubric":[{"id":"x","weight":-1,"min":1,"max":5}]}`, 400, "rubric.criteria[0].name"},
			{"bad state filter", "officer", "GET", "/api/v1/programs?state=finished", "", "", 400, "state"},
			{"transition out of order", "officer", "POST", fmt.Sprintf("/api/v1/programs/%d/transition", f.open), "application/json", `{"to":"closed"}`, 409, ""},
			{"unknown target state", "officer", "POST", fmt.Sprintf("/api/v1/programs/%d/transition", f.draft), "application/json", `{"to":"bogus"}`, 400, "to"},
			{"second application", "applicant", "POST", fmt.Sprintf("/api/v1/programs/%d/applications", f.open), "application/json", `{"title":"再来一份"}`, 409, ""},
			{"apply to a call in review", "applicant", "POST", fmt.Sprintf("/api/v1/programs/%d/applications", f.review), "application/json", `{"title":"x"}`, 409, ""},
			{"incomplete submission", "applicant", "POST", fmt.Sprintf("/api/v1/applications/%d/submit", f.ownDraft), "", "", 400, "direction"},
			{"another organisation's application", "applicant", "GET", fmt.Sprintf("/api/v1/applications/%d", f.otherDraft), "", "", 403, ""},
			{"amount over the limit", "applicant", "PUT", fmt.Sprintf("/api/v1/applications/%d", f.ownDraft), "application/json", `{"title":"x","amount":2000000,"version":1}`, 400, "amount"},
			{"attachment of a forbidden type", "applicant", "POST", fmt.Sprintf("/api/v1/applications/%d/attachments", f.ownDraft), "multipart/form-data; boundary=XX",
				"--XX\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\nContent-Type: application/pdf\r\n\r\nMZ\x90\x00\x03\x00\x00\x00\x04\x00\r\n--XX--\r\n", 400, "file"},
			{"reviewer reads an unopened application", "reviewer", "GET", fmt.Sprintf("/api/v1/applications/%d", f.reviewOwn), "", "", 403, ""},
			{"reviewer scores without the rubric", "reviewer", "POST", fmt.Sprintf("/api/v1/assignments/%d/score", f.assignment), "application/json", `{"scores":{"originality":9}}`, 400, "scores.originality"},
			{"award an application of another program", "officer", "POST", fmt.Sprintf("/api/v1/programs/%d/awards", f.decided), "application/json", fmt.Sprintf(`{"application_id":%d,"amount":5}`, f.reviewOwn), 400, "application_id"},
			{"release without accepted evidence", "officer", "POST", fmt.Sprintf("/api/v1/tranches/%d/release", f.ownTranche), "", "", 409, ""},
			{"evidence for another organisation", "applicant", "POST", fmt.Sprintf("/api/v1/tranches/%d/evidence", f.otherTranche), "application/json", `{"evidence":"x"}`, 403, ""},
			{"milestone decision unknown", "officer", "POST", fmt.Sprintf("/api/v1/tranches/%d/review", f.ownTranche), "application/json", `{"decision":"maybe"}`, 400, "decision"},
			{"draw before commitment", "officer", "POST", fmt.Sprintf("/api/v1/programs/%d/lottery/draw", f.review), "application/json", `{"seed":"1 2 3"}`, 409, ""},
		}
		for _, c := range cases {
			w := e.do(c.role, c.method, c.path, c.ctype, c.body)
			if w.Code != c.status {
				t.Errorf("%s: status %d, want %d: %s", c.name, w.Code, c.status, w.Body.String())
				continue
			}
			eb := decode[errBody](t, w.Body.String())
			if eb.Error.Code == "" || eb.Error.Message == "" || eb.Error.Field != c.field {
				t.Errorf("%s: error %+v, want a code, a message and field %q", c.name, eb.Error, c.field)
			}
		}
		if _, after, _ := e.store.FindPrograms(ctx, seedbed.ProgramFilter{}); after != before {
			t.Fatalf("%d programs after refused requests, want %d", after, before)
		}
		if atts, _ := e.store.GetApplication(ctx, f.ownDraft); len(atts.Attachments) != 1 {
			t.Fatalf("attachments %v", atts.Attachments)
		}
		w := e.do("auditor", "GET", "/api/v1/audit?outcome=denied&per_page=200", "", "")
		for _, want := range []string{`"action":"tranche.release"`, `"action":"application.create"`, `"action":"lottery.draw"`,
			fmt.Sprintf(`tranche %d of innovator %d`, f.otherTranche, e.otherID), fmt.Sprintf(`application %d of innovator %d`, f.otherDraft, e.otherID)} {
			if !strings.Contains(w.Body.String(), want) {
				t.Errorf("the audit log does not show the refused attempt %s", want)
			}
		}
	})
}

// TestAttachmentDownload checks that an attachment comes back byte for byte as a download.
func TestAttachmentDownload(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, "")
	f := newProgramFixture(t, e)
	w := e.do("applicant", "GET", fmt.Sprintf("/api/v1/applications/%d/attachments/%d", f.ownDraft, f.attachment), "", "")
	if w.Code != http.StatusOK || w.Body.String() != "团队简介" || !strings.HasPrefix(w.Header().Get("Content-Disposition"), "attachment;") {
		t.Fatalf("download: %d %q %q", w.Code, w.Body.String(), w.Header().Get("Content-Disposition"))
	}
}

// FuzzProgramForm feeds arbitrary form text (rows, their counts, picked policies) to the program form parser: it must never panic,
// and every problem it reports names a field.
func FuzzProgramForm(f *testing.F) {
	f.Add("第一阶段 | 40 | 6 | 任务书\n第二阶段 | 60 | 12 | 验证", "open_source | 是否开源 | Open source? | required", "2026-05-01T17:00", "1,000,000", "-0.5")
	f.Add("x|y", "k", "tomorrow", "-1", "NaN")
	f.Add("｜｜｜", "|||||", "", "99999999999999999999", "1e400")
	f.Fuzz(func(t *testing.T, stages, fields, deadline, budget, bar string) {
		form := url.Values{"title": {"t"}, "stages[0].name": {stages}, "stages[0].share": {stages}, "stages[1].months": {fields},
			"stages_rows": {bar}, "fields[0].label": {fields}, "fields[0]._key": {stages}, "fields_rows": {budget},
			"policy_ids": {fields}, "deadline": {deadline}, "budget": {budget}, "quality_bar": {bar}}
		r := newRequest("POST", "/programs", "application/x-www-form-urlencoded", form.Encode())
		if err := r.ParseForm(); err != nil {
			t.Skip()
		}
		p, _, es := programFromForm(r)
		for _, e := range es {
			if e.Field == "" || e.Error() == "" {
				t.Fatalf("error without a field: %+v", e)
			}
		}
		if p == nil {
			t.Fatal("no program")
		}
		if len(es) == 0 {
			p.Normalize()
			p.Validate() // must not panic on whatever parsed
		}
	})
}
