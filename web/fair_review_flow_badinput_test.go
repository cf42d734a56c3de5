package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"seedbed"
	"seedbed/app"
)

// blindReplyProgram is a blind program in review with a two-day reply window, one reviewer per
// application and two reviewers in the pool: the applicant's application and another's.
type blindReplyProgram struct {
	id, own, other int64
	reviewer2      seedbed.Actor
	reviews        *app.Reviews
}

func newBlindReplyProgram(t *testing.T, e *testEnv) *blindReplyProgram {
	t.Helper()
	ctx := context.Background()
	s := e.store
	svc := app.New(s, fixtureOptions)
	ps, rs := svc.Programs, svc.Reviews
	officer, applicant := actorOf(t, e, "officer"), actorOf(t, e, "applicant")
	other := seedbed.Actor{Username: "other-applicant", Role: seedbed.RoleApplicant, InnovatorID: &e.otherID}
	u := &seedbed.User{Username: "u-reviewer2", Role: seedbed.RoleReviewer}
	if err := svc.Accounts.CreateUser(ctx, seedbed.System, u, "test password 123"); err != nil {
		t.Fatal(err)
	}
	b := &blindReplyProgram{reviewer2: seedbed.Actor{UserID: u.ID, Username: u.Username, Role: u.Role}, reviews: rs}
	clock := s.Now
	past := clock().Add(-72 * time.Hour)
	s.Now = func() time.Time { return past }
	p := &seedbed.Program{Title: "匿名评审答复计划", PolicyIDs: []string{"grassroots-seed"}, Budget: 1_000_000, Deadline: past.Add(time.Hour),
		SelectionMode: seedbed.SelectionRanked, ReviewersPerApp: 1, BlindReview: true, ReplyDays: 2,
		Stages: []seedbed.Stage{{Name: "一", Share: 100, Months: 6, Milestone: "任务书"}}}
	if err := ps.CreateProgram(ctx, officer, p); err != nil {
		t.Fatal(err)
	}
	need(ps.TransitionProgram(ctx, officer, p.ID, seedbed.ProgramOpen, ""))
	apply := func(a seedbed.Actor) int64 {
		app := &seedbed.Application{ProgramID: p.ID, InnovatorID: *a.InnovatorID, Title: "方向", Amount: 100_000,
			Direction: "非主流路线", Team: "三人", Unlocks: "算力"}
		if err := ps.CreateApplication(ctx, a, app); err != nil {
			t.Fatal(err)
		}
		need(ps.SubmitCheckedApplication(ctx, a, app.ID, seedbed.Eligibility{Status: seedbed.Eligible}, s.Now()))
		return app.ID
	}
	b.id, b.own, b.other = p.ID, apply(applicant), apply(other)
	s.Now = clock
	need(ps.TransitionProgram(ctx, officer, p.ID, seedbed.ProgramInReview, ""))
	need(rs.AssignReviewers(ctx, officer, p.ID, 1))
	return b
}

// TestBlindReplyReplaceBadInput walks the refusals of the list over HTTP on a blind
// program with a reply window: a reveal and a reply window before the scores are final, replies
// before the window, empty, oversized, a second one and after the window, a replacement without a
// reason or twice, and scoring by a replaced reviewer. Each is refused with a message (naming the
// field where one is at fault) and writes nothing; never a 500.
func TestBlindReplyReplaceBadInput(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, e *testEnv) {
		ctx := context.Background()
		b := newBlindReplyProgram(t, e)
		prog := fmt.Sprintf("/api/v1/programs/%d", b.id)
		refused := func(name, role, method, path, body string, status int, field string) string {
			t.Helper()
			w := e.do(role, method, path, "application/json", body)
			eb := decode[errBody](t, w.Body.String())
			if w.Code != status || eb.Error.Field != field || eb.Error.Message == "" {
				t.Errorf("%s: %d %s, want %d on %q", name, w.Code, w.Body.String(), status, field)
			}
			return eb.Error.Message
		}
		program := func() *seedbed.Program { return need(e.store.GetProgram(ctx, b.id)) }

		refused("reveal before any score", "officer", "POST", prog+"/reveal", "", http.StatusConflict, "")
		refused("reply window before any score", "officer", "POST", prog+"/replies/open", "", http.StatusConflict, "")
		if p := program(); p.RevealedAt != nil || p.ReplyOpenedAt != nil {
			t.Fatalf("refused steps wrote: revealed %v, reply window %v", p.RevealedAt, p.ReplyOpenedAt)
		}

		reply := fmt.Sprintf("/api/v1/applications/%d/reply", b.own)
		refused("an empty reply", "applicant", "POST", reply, `{"body":"  "}`, 400, "body")
		refused("an oversized reply", "applicant", "POST", reply, `{"body":"`+strings.Repeat("答", seedbed.MaxReplyLen+1)+`"}`, 400, "body")
		refused("a reply of the wrong type", "applicant", "POST", reply, `{"body":1}`, 400, "body")
		refused("a reply before the window", "applicant", "POST", reply, `{"body":"感谢评审意见。"}`, http.StatusConflict, "")
		refused("a reply to another's application", "applicant", "POST", fmt.Sprintf("/api/v1/applications/%d/reply", b.other), `{"body":"答复"}`, http.StatusForbidden, "")

		// The HTTP reviewer's assignment is replaced; the replacement is the second reviewer.
		var mine *seedbed.Assignment
		for _, as := range need(e.store.FindAssignments(ctx, seedbed.AssignmentFilter{ProgramID: b.id})) {
			if as.ReviewerID == actorOf(t, e, "reviewer").UserID {
				mine = &as
			}
		}
		if mine == nil {
			t.Fatal("fixture: the reviewer has no assignment in the blind program")
		}
		e.ok(t, 200, "reviewer", "POST", fmt.Sprintf("/api/v1/assignments/%d/declaration", mine.ID), `{"conflict":false}`)
		replace := fmt.Sprintf("/api/v1/assignments/%d/replace", mine.ID)
		refused("a replacement without a reason", "officer", "POST", replace, `{"reason":""}`, 400, "reason")
		refused("a replacement with an oversized reason", "officer", "POST", replace, `{"reason":"`+strings.Repeat("因", 501)+`"}`, 400, "reason")
		if as := need(e.store.GetAssignment(ctx, mine.ID)); as.State != seedbed.AssignmentOpen {
			t.Fatalf("refused replacements changed the assignment to %s", as.State)
		}
		e.ok(t, 200, "officer", "POST", replace, `{"reason":"评审专家所在单位与申请人有合作，另派专家"}`)
		refused("a second replacement", "officer", "POST", replace, `{"reason":"再换一次"}`, http.StatusConflict, "")
		refused("scoring by the replaced reviewer", "reviewer", "POST", fmt.Sprintf("/api/v1/assignments/%d/score", mine.ID),
			`{"scores":{"originality":4,"team_drive":4,"leverage":3,"next_step":4}}`, http.StatusForbidden, "")
		if as := need(e.store.GetAssignment(ctx, mine.ID)); as.State != seedbed.AssignmentReplaced || as.Total != nil {
			t.Fatalf("the replaced assignment: state %s, total %v", as.State, as.Total)
		}

		// The second reviewer scores everything; then the window opens, one reply is taken, and
		// neither a second reply nor one after the window is.
		for _, as := range need(e.store.FindAssignments(ctx, seedbed.AssignmentFilter{ProgramID: b.id, ReviewerID: b.reviewer2.UserID})) {
			need(b.reviews.DeclareConflict(ctx, b.reviewer2, as.ID, seedbed.Declaration{}))
			need(b.reviews.ScoreApplication(ctx, b.reviewer2, as.ID, seedbed.ScoreSheet{Scores: map[string]float64{
				"originality": 4, "team_drive": 3, "leverage": 3, "next_step": 4}, Comment: "路线新颖，算力来源需说明。"}))
		}
		refused("reveal before the scores are normalised", "officer", "POST", prog+"/reveal", "", http.StatusConflict, "")
		e.ok(t, 200, "officer", "POST", prog+"/normalise", "")
		// The window opens three days ago, so that it closed yesterday.
		clock := e.store.Now
		e.store.Now = func() time.Time { return clock().Add(-3 * 24 * time.Hour) }
		e.ok(t, 200, "officer", "POST", prog+"/replies/open", "")
		e.ok(t, 200, "applicant", "POST", reply, `{"body":"感谢评审意见：算力已与本地智算中心签约。"}`)
		if msg := refused("a second reply", "applicant", "POST", reply, `{"body":"补充一点"}`, http.StatusConflict, ""); !strings.Contains(msg, "只能答复一次") {
			t.Errorf("a second reply: %q does not say an application is answered once", msg)
		}
		e.store.Now = clock
		if msg := refused("a reply after the window", "applicant", "POST", reply, `{"body":"迟到的答复"}`, http.StatusConflict, ""); !strings.Contains(msg, "结束") {
			t.Errorf("a reply after the window: %q does not say the window closed", msg)
		}
		if r := need(e.store.Reply(ctx, b.own)); r == nil || !strings.Contains(r.Body, "智算中心") {
			t.Fatalf("the reply as stored: %+v", r)
		}
		if r := need(e.store.Reply(ctx, b.other)); r != nil {
			t.Fatalf("a refused reply was stored: %+v", r)
		}
	})
}
