package app

import (
	"context"
	"fmt"

	"seedbed"
	"seedbed/evaluation"
	"seedbed/sqlstore"
)

// CloseOut closes an award whose money is all released and whose final report was accepted
// (ECONFLICT otherwise) with the officer's final assessment. The outcomes it confirms go to the
// impact module as outcome records of the award, in the same transaction; every problem with
// them comes back with its 1-based line and nothing is written. The closeout is ledgered and told
// to the recipient.
func (ps *Programs) CloseOut(ctx context.Context, a seedbed.Actor, awardID int64, in seedbed.CloseoutInput, outcomes []evaluation.OutcomeRecord) (*seedbed.Award, error) {
	var out *seedbed.Award
	err := decide(ctx, ps.store, a, "award.closeout", "award", awardID, func(tx *sqlstore.Tx) error {
		if err := in.Validate(); err != nil {
			return err
		}
		aw, err := tx.Award(ctx, awardID)
		if err != nil {
			return err
		}
		if err := aw.CheckClosable(); err != nil {
			return err
		}
		if len(outcomes) > evaluation.MaxOutcomesAtOnce {
			return seedbed.Errorf(seedbed.ETOOLARGE, seedbed.Label{Zh: "一次最多 %d 项成果", En: "at most %d outcomes at once"}, evaluation.MaxOutcomesAtOnce)
		}
		var es seedbed.Errors
		cur := evaluation.CurrentQuarter(tx.Now())
		for i := range outcomes {
			outcomes[i].AwardID, outcomes[i].InnovatorID = aw.ID, aw.InnovatorID
			es = append(es, outcomes[i].Check(cur, i+1)...)
			es = append(es, outcomes[i].CheckAward(aw, i+1)...)
		}
		if len(es) > 0 {
			return es
		}
		c := &seedbed.Closeout{AwardID: aw.ID, Rating: in.Rating, Summary: in.Summary, ClosedBy: a.Username}
		if err := tx.InsertCloseout(ctx, c); err != nil {
			return err
		}
		ok, err := tx.SetAwardStatus(ctx, aw.ID, seedbed.AwardCompleted, seedbed.AwardClosed, "")
		if err != nil {
			return err
		}
		if !ok {
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "资助状态已改变，请刷新", En: "the award changed meanwhile; reload"})
		}
		for i := range outcomes {
			if err := tx.InsertOutcome(ctx, a, &outcomes[i]); err != nil {
				return err
			}
		}
		if len(outcomes) > 0 {
			if err := tx.BumpMonitoring(ctx); err != nil {
				return err
			}
		}
		if _, err := tx.RecordEvent(ctx, a, seedbed.EventAwardStatus, seedbed.AwardSubject(aw.ID), map[string]any{"award_id": aw.ID,
			"status": seedbed.AwardClosed, "rating": in.Rating, "summary": in.Summary, "outcomes": len(outcomes), "released": aw.Released}); err != nil {
			return err
		}
		if err := ps.notifyRecipient(ctx, tx, aw, seedbed.MsgDecision, seedbed.FormatLabel(seedbed.Label{
			Zh: "项目已结题，评价结论：%s。", En: "The award was closed out; assessment: %s."}, seedbed.Ratings.Label(in.Rating))); err != nil {
			return err
		}
		if err := tx.Audit(ctx, a, "award.closeout", "award", aw.ID, fmt.Sprintf("%s, %d outcomes", in.Rating, len(outcomes))); err != nil {
			return err
		}
		out, err = tx.Award(ctx, aw.ID)
		return err
	})
	return out, err
}

// Terminate ends a running award early, honestly. An honest failure of the work (a failure
// category as the reason) is closed through the failure module, where it is recorded as an
// honest failure, never as misconduct, and feeds the exemption cases. Any other reason (the
// recipient gave up, ceased to exist, or broke the agreement) ends the award as terminated: the
// unpaid tranches are cancelled and their money goes back to the program's budget, ledgered
// with the reason and the account, and the recipient is told.
func (ps *Programs) Terminate(ctx context.Context, a seedbed.Actor, awardID int64, in seedbed.TerminationInput) (*seedbed.Award, error) {
	if err := in.Validate(); err != nil {
		return nil, refused(ctx, ps.store, a, "award.terminate", "award", awardID, err)
	}
	if in.HonestFailure() {
		if ps.CloseAsFailed == nil {
			return nil, fmt.Errorf("terminate: the failure module is not wired")
		}
		if _, err := ps.CloseAsFailed(ctx, a, awardID, seedbed.FailureInput{Category: in.Reason, Lesson: in.Account}); err != nil {
			return nil, err
		}
		return ps.GetAward(ctx, awardID)
	}
	var out *seedbed.Award
	err := decide(ctx, ps.store, a, "award.terminate", "award", awardID, func(tx *sqlstore.Tx) error {
		aw, err := activeAward(ctx, tx, awardID)
		if err != nil {
			return err
		}
		unpaid := aw.Amount - aw.Released
		if err := tx.CancelPendingTranches(ctx, aw.ID); err != nil {
			return err
		}
		ok, err := tx.SetAwardStatus(ctx, aw.ID, seedbed.AwardActive, seedbed.AwardTerminated, in.Account)
		if err != nil {
			return err
		}
		if !ok {
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "资助状态已改变，请刷新", En: "the award changed meanwhile; reload"})
		}
		if err := tx.ReturnToBudget(ctx, aw.ProgramID, unpaid); err != nil {
			return err
		}
		if _, err := tx.RecordEvent(ctx, a, seedbed.EventAwardStatus, seedbed.AwardSubject(aw.ID), map[string]any{"award_id": aw.ID,
			"status": seedbed.AwardTerminated, "reason": in.Reason, "note": in.Account, "released": aw.Released, "returned_to_budget": unpaid,
			"honest_failure": false, "misconduct": in.Reason == seedbed.TerminationBreach}); err != nil {
			return err
		}
		if err := ps.notifyRecipient(ctx, tx, aw, seedbed.MsgDecision, seedbed.FormatLabel(seedbed.Label{
			Zh: "资助已提前终止，原因：%s。%s", En: "The award was ended early: %s. %s"}, seedbed.TerminationReasons.Label(in.Reason), seedbed.Same(in.Account))); err != nil {
			return err
		}
		if err := tx.Audit(ctx, a, "award.terminate", "award", aw.ID, in.Reason); err != nil {
			return err
		}
		out, err = tx.Award(ctx, aw.ID)
		return err
	})
	return out, err
}
