package app

import (
	"context"
	"time"

	"seedbed"
	"seedbed/sqlstore"
)

// CloseAwardAsFailed closes an award as an honest failure (诚实失败) — never as misconduct. An
// active award stops: its pending tranches are cancelled and the unpaid amount goes back to the
// program's budget, as at a no-go stage gate; a stopped or completed award keeps what it paid.
// The failure, the award's new status and the decision event are one transaction. EINVALID for
// a missing category or lesson, ENOTFOUND for an unknown award, ECONFLICT for an award that
// cannot fail (already failed, not yet started) or changed meanwhile.
func (x *Exemptions) CloseAwardAsFailed(ctx context.Context, a seedbed.Actor, awardID int64, in seedbed.FailureInput) (*seedbed.Failure, error) {
	in.Normalize()
	var f *seedbed.Failure
	err := decide(ctx, x.store, a, "award.fail", "award", awardID, func(tx *sqlstore.Tx) error {
		if err := in.Validate(); err != nil {
			return err
		}
		aw, err := x.store.GetAward(ctx, awardID)
		if err != nil {
			return err
		}
		switch aw.Status {
		case seedbed.AwardActive, seedbed.AwardStopped, seedbed.AwardCompleted:
		case seedbed.AwardFailed:
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "资助 %d 已按失败结题", En: "award %d was already closed as failed"}, awardID)
		default:
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "资助状态为 %s，不能按失败结题", En: "an award that is %s cannot be closed as failed"}, aw.Status)
		}
		unpaid := aw.Amount - aw.Released
		returnNow := aw.Status == seedbed.AwardActive
		f = &seedbed.Failure{AwardID: awardID, ProgramID: aw.ProgramID, ProgramTitle: aw.ProgramTitle, ApplicationTitle: aw.ApplicationTitle,
			InnovatorID: aw.InnovatorID, InnovatorName: aw.InnovatorName, Category: in.Category, Lesson: in.Lesson, PreviousStatus: aw.Status,
			Amount: aw.Amount, Released: aw.Released, Returned: unpaid}
		// The status update is conditional on the status read above, so a concurrent change
		// is a conflict rather than a second closing.
		ok, err := tx.CloseAwardAsFailed(ctx, a, f, aw.Status, returnNow)
		if err != nil {
			return err
		}
		if !ok {
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "资助状态已改变，请刷新", En: "the award changed meanwhile; reload"})
		}
		returnedNow := int64(0)
		if returnNow {
			returnedNow = unpaid
		}
		if _, err := tx.RecordEvent(ctx, a, seedbed.EventAwardFailed, seedbed.AwardSubject(awardID), map[string]any{
			"award_id": awardID, "program_id": aw.ProgramID, "innovator_id": aw.InnovatorID, "category": in.Category, "lesson": in.Lesson,
			"previous_status": aw.Status, "amount": aw.Amount, "released": aw.Released, "unpaid": unpaid, "returned_to_budget_now": returnedNow,
			"misconduct": false}); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "award.fail", "award", awardID, in.Category)
	})
	if err != nil {
		return nil, err
	}
	return f, nil
}

// Failure returns the failure record of an award, or ENOTFOUND when it did not fail.
func (x *Exemptions) Failure(ctx context.Context, awardID int64) (*seedbed.Failure, error) {
	return x.store.GetFailure(ctx, awardID)
}

// FindFailures returns one page of failures, newest first, and how many match.
func (x *Exemptions) FindFailures(ctx context.Context, f seedbed.FailureFilter) ([]seedbed.Failure, int, error) {
	return x.store.FindFailures(ctx, f)
}

// PriorFailures returns an innovator's honest failures closed before a time, newest first:
// neutral context for a later application, never a mark against it.
func (x *Exemptions) PriorFailures(ctx context.Context, innovatorID int64, before time.Time) ([]seedbed.Failure, error) {
	return x.store.PriorFailures(ctx, innovatorID, before)
}
