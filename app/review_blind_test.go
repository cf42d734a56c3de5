package app

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"seedbed"
)

// blindProgram replaces the env's program by an open blind one with the same terms.
func (e *reviewEnv) blindProgram() {
	e.t.Helper()
	p := *e.program
	p.ID, p.BlindReview, p.Title = 0, true, "匿名评审种子计划"
	e.must(e.a.Programs.CreateProgram(e.ctx, e.officer, &p))
	_, err := e.a.Programs.TransitionProgram(e.ctx, e.officer, p.ID, seedbed.ProgramOpen, "")
	e.must(err)
	e.program = &p
}

// TestBlindReview: reviewers of a blind program see neither the applicant's name in their list
// nor the applicant, team or people in the application; the reveal is refused until the scores
// are final, writes nothing when refused, and is ledgered once.
func TestBlindReview(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		r := a.Reviews
		e := newReviewEnv(t, a, 3, 3, seedbed.SelectionRanked, 300_000)
		e.blindProgram()
		e.apply(50_000, 50_000, 50_000)
		e.clock.add(25 * time.Hour)
		_, err := a.Programs.TransitionProgram(e.ctx, e.officer, e.program.ID, seedbed.ProgramInReview, "")
		e.must(err)
		_, err = r.AssignReviewers(e.ctx, e.officer, e.program.ID, 7)
		e.must(err)

		rev := e.reviewers[0]
		mine, err := r.MyAssignments(e.ctx, rev, "")
		e.must(err)
		if len(mine) == 0 {
			t.Fatal("no assignments")
		}
		for _, as := range mine {
			if as.ApplicantName != "" || !as.Blind {
				t.Fatalf("a reviewer of a blind program sees %+v", as)
			}
		}
		_, err = r.DeclareConflict(e.ctx, rev, mine[0].ID, seedbed.Declaration{})
		e.must(err)
		app, _, err := r.ReviewerApplication(e.ctx, rev, mine[0].ApplicationID)
		e.must(err)
		if app.InnovatorName != "" || app.InnovatorID != 0 || app.Team != "" || len(app.People) != 0 || app.Title == "" {
			t.Fatalf("anonymised application: %+v", app)
		}
		// The officer still sees who applied.
		all, err := r.FindAssignments(e.ctx, seedbed.AssignmentFilter{ProgramID: e.program.ID})
		e.must(err)
		if all[0].ApplicantName == "" {
			t.Fatal("the officer's view lost the applicant")
		}

		// A reveal before the scores are final is refused, and changes nothing.
		_, err = r.RevealIdentities(e.ctx, e.officer, e.program.ID)
		wantCode(t, err, seedbed.ECONFLICT, "not final")
		p, err := a.Programs.GetProgram(e.ctx, e.program.ID)
		e.must(err)
		if p.RevealedAt != nil {
			t.Fatal("a refused reveal was written")
		}

		for j, rv := range e.reviewers {
			list, err := r.FindAssignments(e.ctx, seedbed.AssignmentFilter{ReviewerID: rv.UserID, ProgramID: e.program.ID})
			e.must(err)
			for _, as := range list {
				if as.State == seedbed.AssignmentAssigned {
					_, err = r.DeclareConflict(e.ctx, rv, as.ID, seedbed.Declaration{})
					e.must(err)
				}
				v := float64(1 + (slices.Index(e.apps, as.ApplicationID)+j)%5)
				_, err = r.ScoreApplication(e.ctx, rv, as.ID, seedbed.ScoreSheet{Scores: map[string]float64{
					"originality": v, "team_drive": v, "leverage": v, "next_step": v}})
				e.must(err)
			}
		}
		// Scored but not normalised: still not final.
		_, err = r.RevealIdentities(e.ctx, e.officer, e.program.ID)
		wantCode(t, err, seedbed.ECONFLICT, "not final")
		_, err = r.NormaliseScores(e.ctx, e.officer, e.program.ID)
		e.must(err)
		p, err = r.RevealIdentities(e.ctx, e.officer, e.program.ID)
		e.must(err)
		if p.RevealedAt == nil {
			t.Fatal("not revealed")
		}
		_, err = r.RevealIdentities(e.ctx, e.officer, e.program.ID)
		wantCode(t, err, seedbed.ECONFLICT, "revealed")
		evs, err := a.Store().FindEvents(e.ctx, seedbed.EventFilter{Kind: seedbed.EventIdentityReveal})
		e.must(err)
		if len(evs) != 1 {
			t.Fatalf("%d reveal events", len(evs))
		}
		mine, err = r.MyAssignments(e.ctx, rev, "")
		e.must(err)
		if mine[0].ApplicantName == "" {
			t.Fatal("after the reveal the reviewer still does not see the applicant")
		}
	})
}

// TestIdentityMentions: the check finds the organisation (in full and without its legal form),
// the credit code and team members in the anonymised part, and nothing in a clean one.
func TestIdentityMentions(t *testing.T) {
	app := &seedbed.Application{Title: "深度求索的推理芯片", Direction: "由张三带队，用ＤＥＥＰ方法", Unlocks: "租用算力",
		People: []string{"张三"}, Extra: map[string]string{"b": "代码 91330100MA2KXXXX1X", "a": "无"}}
	got := seedbed.IdentityMentions(app, "深度求索有限公司", "91330100MA2KXXXX1X")
	want := []seedbed.IdentityMention{{Field: "title", Found: "深度求索"}, {Field: "direction", Found: "张三"}, {Field: "extra.b", Found: "91330100MA2KXXXX1X"}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("mentions %v, want %v", got, want)
	}
	clean := &seedbed.Application{Title: "推理芯片", Direction: "非主流路线", People: []string{"李四"}}
	if got := seedbed.IdentityMentions(clean, "深度求索有限公司", ""); len(got) != 0 {
		t.Fatalf("clean application: %v", got)
	}
}
