package app

import (
	"testing"

	"seedbed"
	"seedbed/ledger"
)

// TestDeclineInvitation: a reviewer declines an invitation with a reason; the place is filled by
// the next assignment run with another reviewer, never the one who declined; the decliner can
// no longer open, score or champion it; an empty reason or a second answer is refused; accepting
// (declaring no conflict) runs the conflict rules; the ledger and the database agree.
func TestDeclineInvitation(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		r := a.Reviews
		e := newReviewEnv(t, a, 2, 4, seedbed.SelectionRanked, 300_000)
		e.apply(50_000, 60_000)
		e.clock.add(25 * 3600e9)
		_, err := a.Programs.TransitionProgram(e.ctx, e.officer, e.program.ID, seedbed.ProgramInReview, "")
		e.must(err)
		_, err = r.AssignReviewers(e.ctx, e.officer, e.program.ID, 5)
		e.must(err)
		list, err := r.FindAssignments(e.ctx, seedbed.AssignmentFilter{ApplicationID: e.apps[0]})
		e.must(err)
		inv := list[0]
		who := actorByID(e, inv.ReviewerID)
		_, err = r.DeclineInvitation(e.ctx, who, inv.ID, "  ")
		wantCode(t, err, seedbed.EINVALID, "reason")
		other := actorByID(e, list[1].ReviewerID)
		_, err = r.DeclineInvitation(e.ctx, other, inv.ID, "替别人谢绝")
		wantCode(t, err, seedbed.EFORBIDDEN, "")
		got, err := r.DeclineInvitation(e.ctx, who, inv.ID, "本月出差，无法按期完成评审")
		e.must(err)
		if got.State != seedbed.AssignmentDeclined {
			t.Fatalf("state %s", got.State)
		}
		_, err = r.DeclineInvitation(e.ctx, who, inv.ID, "再谢绝一次")
		wantCode(t, err, seedbed.ECONFLICT, "answered")
		_, err = r.DeclareConflict(e.ctx, who, inv.ID, seedbed.Declaration{})
		wantCode(t, err, seedbed.ECONFLICT, "")
		_, err = r.ScoreApplication(e.ctx, who, inv.ID, seedbed.ScoreSheet{Scores: map[string]float64{"originality": 3}})
		wantCode(t, err, seedbed.EFORBIDDEN, "declined")
		_, err = r.ReviewerMayOpen(e.ctx, who, e.apps[0])
		wantCode(t, err, seedbed.EFORBIDDEN, "declined")
		_, err = r.NameChampion(e.ctx, who, inv.ID, "力荐")
		wantCode(t, err, seedbed.EFORBIDDEN, "")

		// The officer invites another reviewer in its place.
		run, err := r.AssignReviewers(e.ctx, e.officer, e.program.ID, 6)
		e.must(err)
		if len(run.Pairs) != 1 || run.Pairs[0].AppID != seedbed.AppCode(e.apps[0]) || run.Pairs[0].ReviewerID == who.Username {
			t.Fatalf("the place was not filled by another reviewer: %+v", run)
		}
		rep, err := a.Ledger.Verify(e.ctx, ledger.StoreVerifyOptions{Events: true, State: true, Workers: 2})
		e.must(err)
		if len(rep.State) > 0 || len(rep.Store) > 0 {
			t.Fatalf("the database does not match the ledger: %+v", rep)
		}
	})
}
