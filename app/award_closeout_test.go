package app

import (
	"testing"

	"seedbed"
	"seedbed/evaluation"
	"seedbed/ledger"
)

// Closeout waits for the money and the final report, records the assessment and hands the
// outcomes it confirms to the impact module; an early end for a reason that is not a failure is
// ledgered as terminated with the money returned; an honest failure goes to the failure module.
func TestCloseoutAndTermination(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		f := newProgramFixtureN(t, a, 3, 300_000)
		ps, ctx := a.Programs, f.ctx
		apps := f.applyAll(t, 100_000)
		f.decideFunded(t)
		var aws []*seedbed.Award
		for _, id := range apps {
			aw, err := ps.CreateAward(ctx, officer, f.program.ID, seedbed.AwardInput{ApplicationID: id})
			must(t, err)
			aws = append(aws, aw)
		}
		aw := aws[0]
		in := seedbed.CloseoutInput{Rating: seedbed.RatingMet, Summary: "样机与中试均按计划完成，第三方测试通过。"}
		_, err := ps.CloseOut(ctx, officer, aw.ID, in, nil)
		wantCode(t, err, seedbed.ECONFLICT, "after every tranche")
		for _, tr := range aw.Tranches {
			_, err := ps.SubmitEvidence(ctx, f.applicant, tr.ID, "证明材料编号 E-1")
			must(t, err)
			_, err = ps.ReviewMilestone(ctx, officer, tr.ID, seedbed.MilestoneReview{Decision: seedbed.MilestoneAccept})
			must(t, err)
			_, err = ps.ReleaseTranche(ctx, officer2, tr.ID)
			must(t, err)
		}
		_, err = ps.CloseOut(ctx, officer, aw.ID, in, nil)
		wantCode(t, err, seedbed.ECONFLICT, "final report")
		got, err := ps.GetAward(ctx, aw.ID)
		must(t, err)
		final := got.Reports[len(got.Reports)-1]
		if final.Kind != seedbed.ReportFinal {
			t.Fatalf("last report %+v", final)
		}
		_, err = ps.SubmitReport(ctx, f.applicant, final.ID, "结题报告：全部目标完成，详见附件清单")
		must(t, err)
		_, err = ps.ReviewReport(ctx, officer, final.ID, seedbed.ReportReview{Decision: "accept"})
		must(t, err)
		bad := []evaluation.OutcomeRecord{{Kind: "nonsense", Value: 1, Period: evaluation.CurrentQuarter(f.now), Evidence: "x"}}
		_, err = ps.CloseOut(ctx, officer, aw.ID, in, bad)
		wantCode(t, err, seedbed.EINVALID, "")
		good := []evaluation.OutcomeRecord{{Kind: evaluation.OutcomeAdoption, Value: 3, Period: evaluation.CurrentQuarter(f.now), Evidence: "三家企业采购合同编号 C-1、C-2、C-3"}}
		got, err = ps.CloseOut(ctx, officer, aw.ID, in, good)
		must(t, err)
		if got.Status != seedbed.AwardClosed || got.Closeout == nil || got.Closeout.Rating != seedbed.RatingMet {
			t.Fatalf("after closeout %s %+v", got.Status, got.Closeout)
		}
		outs, n, err := a.Monitoring.FindOutcomes(ctx, evaluation.OutcomeFilter{AwardID: aw.ID})
		must(t, err)
		if n != 1 || outs[0].Kind != evaluation.OutcomeAdoption {
			t.Fatalf("outcomes for the impact module %+v", outs)
		}

		// Terminated: the recipient gave up; the unpaid money returns.
		p0, err := ps.GetProgram(ctx, f.program.ID)
		must(t, err)
		_, err = ps.Terminate(ctx, officer, aws[1].ID, seedbed.TerminationInput{Reason: "bored", Account: "说明经过"})
		wantCode(t, err, seedbed.EINVALID, "reason")
		got, err = ps.Terminate(ctx, officer, aws[1].ID, seedbed.TerminationInput{Reason: seedbed.TerminationWithdrawn, Account: "团队整体加入一家企业，主动放弃资助"})
		must(t, err)
		p1, err := ps.GetProgram(ctx, f.program.ID)
		must(t, err)
		if got.Status != seedbed.AwardTerminated || got.Tranches[0].Status != seedbed.TrancheCancelled || p1.Committed != p0.Committed-100_000 {
			t.Fatalf("terminated %s, tranche %s, committed %d -> %d", got.Status, got.Tranches[0].Status, p0.Committed, p1.Committed)
		}
		evs, err := a.Store().FindEvents(ctx, seedbed.EventFilter{Subject: seedbed.AwardSubject(aws[1].ID), Kind: seedbed.EventAwardStatus})
		must(t, err)
		if len(evs) != 1 {
			t.Fatalf("ledgered terminations %d", len(evs))
		}

		// An honest failure goes to the failure module.
		got, err = ps.Terminate(ctx, officer, aws[2].ID, seedbed.TerminationInput{Reason: seedbed.FailureTechnical, Account: "关键假设经第三方测试证伪，技术路线走不通"})
		must(t, err)
		fl, err := a.Exemptions.Failure(ctx, aws[2].ID)
		must(t, err)
		if got.Status != seedbed.AwardFailed || fl.Category != seedbed.FailureTechnical {
			t.Fatalf("honest failure: %s %+v", got.Status, fl)
		}
		rep, err := a.Ledger.Verify(ctx, ledger.StoreVerifyOptions{Events: true, State: true, Workers: 2})
		must(t, err)
		// The fixture stands in for the selection by direct SQL, which the ledger cannot know;
		// the awards, their tranches and the programs' budgets must reconcile.
		for _, m := range rep.State {
			if m.Table == "awards" || m.Table == "award_tranches" || m.Table == "programs" {
				t.Errorf("the ledger does not reconcile with %s %s: %s ledger %q, stored %q", m.Table, m.Row, m.Field, m.Ledger, m.Stored)
			}
		}
	})
}
