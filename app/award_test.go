package app

import (
	"context"
	"strings"
	"testing"

	"seedbed"
)

func TestAwardAndTranches(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		f := newProgramFixtureN(t, a, 2, 250_000)
		ps, ctx := a.Programs, f.ctx
		apps := f.applyAll(t, 100_000)
		must(t, a.Store().ExecForTest(ctx, `UPDATE applications SET state = 'withdrawn' WHERE id = $1`, apps[1]))
		f.decideFunded(t)
		must(t, a.Store().ExecForTest(ctx, `UPDATE applications SET outcome = 'not_funded_budget', granted = 0 WHERE id = $1`, apps[1]))
		_, err := ps.CreateAward(ctx, officer, f.program.ID, seedbed.AwardInput{ApplicationID: apps[0], Amount: 100_001})
		wantCode(t, err, seedbed.EINVALID, "granted in selection")
		aw, err := ps.CreateAward(ctx, officer, f.program.ID, seedbed.AwardInput{ApplicationID: apps[0]})
		must(t, err)
		if aw.Amount != 100_000 || len(aw.Tranches) != 2 || aw.Tranches[0].Amount != 40_000 || aw.Tranches[1].Amount != 60_000 ||
			!aw.Tranches[1].Gate || aw.Tranches[1].AwardID != aw.ID {
			t.Fatalf("award %+v", aw)
		}
		_, err = ps.CreateAward(ctx, officer, f.program.ID, seedbed.AwardInput{ApplicationID: apps[1]})
		wantCode(t, err, seedbed.ECONFLICT, "not selected")
		_, err = ps.CreateAward(ctx, officer, f.program.ID, seedbed.AwardInput{ApplicationID: apps[0]})
		wantCode(t, err, seedbed.ECONFLICT, "already has")
		if n := refusals(t, a, "award.create"); n != 3 {
			t.Fatalf("%d refused awards audited, want 3", n)
		}
		p, err := ps.store.GetProgram(ctx, f.program.ID)
		must(t, err)
		if p.Committed != 100_000 {
			t.Fatalf("committed %d after refusals, want 100000", p.Committed)
		}

		// A tranche is released only after its evidence was accepted, and in order.
		t1, t2 := aw.Tranches[0].ID, aw.Tranches[1].ID
		_, err = ps.ReleaseTranche(ctx, officer, t1)
		wantCode(t, err, seedbed.ECONFLICT, "not been accepted")
		_, err = ps.SubmitEvidence(ctx, f.actors[1], t1, "别人的证明")
		wantCode(t, err, seedbed.EFORBIDDEN, "recipient")
		_, err = ps.SubmitEvidence(ctx, f.applicant, t1, "任务书已签署，编号 2026-001")
		must(t, err)
		_, err = ps.ReviewMilestone(ctx, officer, t2, seedbed.MilestoneReview{Decision: seedbed.MilestoneAccept})
		wantCode(t, err, seedbed.ECONFLICT, "in order")
		_, err = ps.ReviewMilestone(ctx, officer, t1, seedbed.MilestoneReview{Decision: seedbed.MilestoneAccept})
		must(t, err)
		// two-person rule: the account that accepted the evidence cannot release the money, nor
		// an account whose role cannot manage programs
		_, err = ps.ReleaseTranche(ctx, officer, t1)
		wantCode(t, err, seedbed.ECONFLICT, "officer1 took the first decision")
		_, err = ps.ReleaseTranche(ctx, seedbed.Actor{Username: "auditor1", Role: seedbed.RoleAuditor}, t1)
		wantCode(t, err, seedbed.EFORBIDDEN, "second decision")
		aw, err = ps.ReleaseTranche(ctx, officer2, t1)
		must(t, err)
		if aw.Released != 40_000 || aw.Tranches[0].Status != seedbed.TrancheReleased || aw.Tranches[0].ReleasedBy != "officer2" {
			t.Fatalf("after release %+v", aw)
		}
		evs, err := a.Store().FindEvents(ctx, seedbed.EventFilter{Subject: seedbed.AwardSubject(aw.ID)})
		must(t, err)
		var accepted, released string
		for _, ev := range evs {
			switch ev.Kind {
			case seedbed.EventMilestone:
				accepted = ev.Actor
			case seedbed.EventTrancheRelease:
				released = ev.Actor
			}
		}
		if accepted != "officer1" || released != "officer2" {
			t.Fatalf("ledgered: accepted by %q, released by %q", accepted, released)
		}
		_, err = ps.ReleaseTranche(ctx, officer2, t1)
		wantCode(t, err, seedbed.ECONFLICT, "released")
		if n := refusals(t, a, "tranche.release"); n != 4 {
			t.Fatalf("%d refused releases audited, want 4", n)
		}
		// No-go at the stage gate: the award stops and the unpaid amount returns to the budget.
		_, err = ps.SubmitEvidence(ctx, f.applicant, t2, "关键假设未能验证")
		must(t, err)
		aw, err = ps.ReviewMilestone(ctx, officer, t2, seedbed.MilestoneReview{Decision: seedbed.MilestoneStop, Note: "未通过阶段评审"})
		must(t, err)
		p, _ = ps.store.GetProgram(ctx, f.program.ID)
		if aw.Status != seedbed.AwardStopped || p.Committed != 40_000 || aw.Tranches[1].Status != seedbed.TrancheCancelled {
			t.Fatalf("after no-go: award %s, committed %d", aw.Status, p.Committed)
		}
		evs, err = ps.store.FindEvents(ctx, seedbed.EventFilter{Kind: seedbed.EventStageGate})
		must(t, err)
		if len(evs) != 1 || !strings.Contains(string(evs[0].Payload), `"go":false`) {
			t.Fatalf("stage gate events %v", evs)
		}
		for _, kind := range []string{seedbed.EventAward, seedbed.EventMilestone, seedbed.EventTrancheRelease, seedbed.EventAwardStatus} {
			if evs, _ := ps.store.FindEvents(ctx, seedbed.EventFilter{Kind: kind}); len(evs) == 0 {
				t.Errorf("no %s event", kind)
			}
		}
	})
}

// TestConcurrentAwardsStayInBudget races many awards against one budget: exactly as many succeed
// as the budget covers, on both engines, and every refusal is audited.
func TestConcurrentAwardsStayInBudget(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		const n, amount, budget = 16, 10_000, 95_000
		f := newProgramFixtureN(t, a, n, budget)
		ps, s := a.Programs, a.Store()
		ctx := f.ctx
		apps := f.applyAll(t, amount)
		// Stand in for a selection that (wrongly) granted everyone: the budget must still hold.
		f.decideFunded(t)
		errs := atOnce(n, func(i int) error {
			_, err := ps.CreateAward(ctx, officer, f.program.ID, seedbed.AwardInput{ApplicationID: apps[i]})
			return err
		})
		ok, refused := 0, 0
		for _, err := range errs {
			switch {
			case err == nil:
				ok++
			case seedbed.ErrorCode(err) == seedbed.ECONFLICT && strings.Contains(err.Error(), "budget"):
				refused++
			default:
				t.Errorf("unexpected error %v", err)
			}
		}
		p, err := s.GetProgram(ctx, f.program.ID)
		must(t, err)
		if ok != budget/amount || refused != n-ok || p.Committed != int64(ok*amount) || p.Committed > p.Budget {
			t.Fatalf("%d awards, %d refused, committed %d of %d", ok, refused, p.Committed, p.Budget)
		}
		if got := refusals(t, a, "award.create"); got != refused {
			t.Fatalf("%d refusals audited, want %d", got, refused)
		}
		_, total, err := s.FindAwards(ctx, seedbed.AwardFilter{ProgramID: f.program.ID})
		must(t, err)
		if total != ok {
			t.Fatalf("%d awards stored, want %d", total, ok)
		}
	})
}

// TestStageGateWaitsForOpenFlags refuses a go while the innovator has an open flag, audited,
// and lets stopping through.
func TestStageGateWaitsForOpenFlags(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		f := newProgramFixture(t, a)
		ps, ctx := a.Programs, f.ctx
		apps := f.applyAll(t, 50_000)
		f.decideFunded(t)
		aw, err := ps.CreateAward(ctx, officer, f.program.ID, seedbed.AwardInput{ApplicationID: apps[0]})
		must(t, err)
		t1 := aw.Tranches[0].ID
		_, err = ps.SubmitEvidence(ctx, f.applicant, t1, "任务书已签署")
		must(t, err)
		ps.OpenFlags = func(context.Context, int64) ([]seedbed.Flag, error) { return []seedbed.Flag{{ID: 7}}, nil }
		_, err = ps.ReviewMilestone(ctx, officer, t1, seedbed.MilestoneReview{Decision: seedbed.MilestoneAccept})
		wantCode(t, err, seedbed.ECONFLICT, "complacency")
		if n := refusals(t, a, "milestone.accept"); n != 1 {
			t.Fatalf("%d refused gates audited, want 1", n)
		}
		got, err := ps.GetAward(ctx, aw.ID)
		must(t, err)
		if got.Tranches[0].MilestoneStatus != seedbed.MilestoneSubmitted {
			t.Fatalf("refused go changed the tranche: %+v", got.Tranches[0])
		}
		_, err = ps.ReviewMilestone(ctx, officer, t1, seedbed.MilestoneReview{Decision: seedbed.MilestoneReturn, Note: "请补充"})
		must(t, err)
	})
}
