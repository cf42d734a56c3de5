package app

import (
	"testing"
	"time"

	"seedbed"
	"seedbed/ledger"
)

// TestLateConflictAndReplacement: a reviewer who declared no conflict and scored finds a
// conflict later and recuses; the score stops counting; the officer replaces the reviewer with a
// reason (a replacement is assigned in the same step); the replaced reviewer can no longer score;
// a replacement without a reason, or twice, is refused and writes nothing; the ledger holds both.
func TestLateConflictAndReplacement(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		r := a.Reviews
		e := newReviewEnv(t, a, 2, 4, seedbed.SelectionRanked, 300_000)
		e.apply(50_000, 50_000)
		e.clock.add(25 * time.Hour)
		_, err := a.Programs.TransitionProgram(e.ctx, e.officer, e.program.ID, seedbed.ProgramInReview, "")
		e.must(err)
		_, err = r.AssignReviewers(e.ctx, e.officer, e.program.ID, 7)
		e.must(err)
		sheet := seedbed.ScoreSheet{Scores: map[string]float64{"originality": 4, "team_drive": 4, "leverage": 4, "next_step": 4}}
		list, err := r.FindAssignments(e.ctx, seedbed.AssignmentFilter{ApplicationID: e.apps[0]})
		e.must(err)
		first := list[0]
		var rev seedbed.Actor
		for _, x := range e.reviewers {
			if x.UserID == first.ReviewerID {
				rev = x
			}
		}
		_, err = r.DeclareConflict(e.ctx, rev, first.ID, seedbed.Declaration{})
		e.must(err)
		_, err = r.ScoreApplication(e.ctx, rev, first.ID, sheet)
		e.must(err)

		// The late conflict: recused, the score no longer counts.
		as, err := r.DeclareConflict(e.ctx, rev, first.ID, seedbed.Declaration{Conflict: true, Note: "发现申请团队成员是我的学生"})
		e.must(err)
		if as.State != seedbed.AssignmentRecused {
			t.Fatalf("late conflict left %s", as.State)
		}
		var counted int
		e.must(a.Store().QueryRowForTest(e.ctx, `SELECT count(*) FROM review_assignments WHERE program_id = $1 AND state = 'scored'`, e.program.ID).Scan(&counted))
		if counted != 0 {
			t.Fatalf("a recused reviewer's score still counts (%d scored)", counted)
		}

		// A replacement needs a reason, and writes nothing without one.
		before := refusals(t, a, "review.replace")
		_, err = r.ReplaceReviewer(e.ctx, e.officer, list[1].ID, " ", 1)
		wantCode(t, err, seedbed.EINVALID, "reason")
		if refusals(t, a, "review.replace") != before+1 {
			t.Fatal("the refusal was not audited")
		}
		got, err := r.GetAssignment(e.ctx, list[1].ID)
		e.must(err)
		if got.State == seedbed.AssignmentReplaced {
			t.Fatal("a refused replacement was written")
		}
		rep, err := r.ReplaceReviewer(e.ctx, e.officer, list[1].ID, "评审期间调任申请单位的合作方", 1)
		e.must(err)
		if rep.Replaced.State != seedbed.AssignmentReplaced || len(rep.Run.Pairs)+len(rep.Run.Problems) == 0 {
			t.Fatalf("replacement %+v", rep)
		}
		_, err = r.ReplaceReviewer(e.ctx, e.officer, list[1].ID, "再次替换", 1)
		wantCode(t, err, seedbed.ECONFLICT, "replaced")
		var replaced seedbed.Actor
		for _, x := range e.reviewers {
			if x.UserID == list[1].ReviewerID {
				replaced = x
			}
		}
		_, err = r.ScoreApplication(e.ctx, replaced, list[1].ID, sheet)
		wantCode(t, err, seedbed.EFORBIDDEN, "replaced")
		_, err = r.ReviewerMayOpen(e.ctx, replaced, e.apps[0])
		wantCode(t, err, seedbed.EFORBIDDEN, "replaced")

		evs, err := a.Store().FindEvents(e.ctx, seedbed.EventFilter{Kind: seedbed.EventReviewerReplaced})
		e.must(err)
		if len(evs) != 1 || evs[0].Subject != seedbed.ProgramSubject(e.program.ID) {
			t.Fatalf("replacement events %+v", evs)
		}
		rep2, err := a.Ledger.Verify(e.ctx, ledger.StoreVerifyOptions{Events: true, State: true, Workers: 2})
		e.must(err)
		if len(rep2.State) > 0 || len(rep2.Store) > 0 || rep2.StateRows == 0 {
			t.Fatalf("the database does not match the ledger: %+v", rep2)
		}
	})
}
