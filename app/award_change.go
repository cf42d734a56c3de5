package app

import (
	"context"
	"fmt"

	"seedbed"
	"seedbed/evaluation"
	"seedbed/sqlstore"
)

// RequestChange asks for an extension or a variation of a running award, with the reason. The
// recipient or an officer may ask. An extension must move the date later and never past the
// program's end (ECONFLICT naming the end), and a report moved into another award year must keep
// that year under the program's cap on reports (ECONFLICT). Nothing changes until an officer
// other than the one who asked approves it.
func (ps *Programs) RequestChange(ctx context.Context, a seedbed.Actor, awardID int64, in seedbed.AwardChangeInput) (*seedbed.AwardChange, error) {
	var c *seedbed.AwardChange
	err := decide(ctx, ps.store, a, "award.change_request", "award", awardID, func(tx *sqlstore.Tx) error {
		aw, err := tx.Award(ctx, awardID)
		if err != nil {
			return err
		}
		if err := seedbed.AuthorizeAwardChange(a, aw.InnovatorID); err != nil {
			return err
		}
		if err := in.Validate(); err != nil {
			return err
		}
		if aw, err = activeAward(ctx, tx, awardID); err != nil {
			return err
		}
		p, err := tx.Program(ctx, aw.ProgramID)
		if err != nil {
			return err
		}
		c = &seedbed.AwardChange{AwardID: awardID, Kind: in.Kind, TrancheID: in.TrancheID, ReportID: in.ReportID, Reason: in.Reason,
			Status: seedbed.ChangeRequested, RequestedBy: a.Username, RequestedAt: tx.Now()}
		if err := checkChange(aw, p, c, in, tx); err != nil {
			return err
		}
		if err := tx.InsertChange(ctx, c); err != nil {
			return err
		}
		if err := ps.notifyOfficers(ctx, tx, aw, seedbed.MsgChangeRequested, seedbed.ChangeKinds.Label(c.Kind), seedbed.Same(c.Reason)); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "award.change_request", "award", awardID, fmt.Sprintf("%s %d", c.Kind, c.ID))
	})
	return c, err
}

// checkChange fills c's old and new values from the award and refuses a change that the award's
// state or the program's terms forbid.
func checkChange(aw *seedbed.Award, p *seedbed.Program, c *seedbed.AwardChange, in seedbed.AwardChangeInput, tx *sqlstore.Tx) error {
	if in.TrancheID != 0 {
		var t *seedbed.Tranche
		for i := range aw.Tranches {
			if aw.Tranches[i].ID == in.TrancheID {
				t = &aw.Tranches[i]
			}
		}
		if t == nil {
			return seedbed.FieldError("tranche_id", seedbed.Label{Zh: "第 %d 号拨付批次不属于本资助", En: "tranche %d is not part of this award"}, in.TrancheID)
		}
		if t.Status != seedbed.TranchePending || t.MilestoneStatus == seedbed.MilestoneAccepted {
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "第 %d 批的里程碑已验收或资金已处理，不能再变更", En: "tranche %d's milestone was accepted or its money settled; it can no longer change"}, t.Seq)
		}
		due := t.DueAt
		c.OldDueAt, c.OldText = &due, t.Milestone
	}
	if in.ReportID != 0 {
		var r *seedbed.Report
		for i := range aw.Reports {
			if aw.Reports[i].ID == in.ReportID {
				r = &aw.Reports[i]
			}
		}
		if r == nil {
			return seedbed.FieldError("report_id", seedbed.Label{Zh: "报告 %d 不属于本资助", En: "report %d is not part of this award"}, in.ReportID)
		}
		if r.Status == seedbed.ReportAccepted {
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "报告已通过，不能再延期", En: "the report was accepted; it can no longer be extended"})
		}
		due := r.DueAt
		c.OldDueAt = &due
	}
	switch c.Kind {
	case seedbed.ChangeExtension:
		if !in.NewDueAt.After(*c.OldDueAt) {
			return seedbed.FieldError("new_due_at", seedbed.Label{Zh: "新的截止日期应晚于原定的 %s", En: "the new date must be later than the current one, %s"}, c.OldDueAt.In(evaluation.BureauZone).Format("2006-01-02"))
		}
		if err := seedbed.CheckDueInPeriod("new_due_at", in.NewDueAt, tx.Now(), p); err != nil {
			return err
		}
		if in.ReportID != 0 {
			moved := make([]seedbed.Report, len(aw.Reports))
			copy(moved, aw.Reports)
			for i := range moved {
				if moved[i].ID == in.ReportID {
					moved[i].DueAt = in.NewDueAt
				}
			}
			if err := seedbed.CheckReportCap(moved, aw.AwardedAt, p.ReportCap); err != nil {
				return err
			}
		}
		nd := in.NewDueAt
		c.NewDueAt = &nd
	case seedbed.ChangeVariation:
		if in.NewText == c.OldText {
			return seedbed.FieldError("new_text", seedbed.Label{Zh: "变更后的里程碑与原来相同", En: "the varied milestone is the same as the current one"})
		}
		c.NewText = in.NewText
	}
	return nil
}

// DecideChange approves or refuses a change asked for. Only an officer other than the account
// that asked may decide (ECONFLICT otherwise); approving applies the change, checked again
// against the program's end and cap as of now. Both outcomes are ledgered and told to the
// recipient.
func (ps *Programs) DecideChange(ctx context.Context, a seedbed.Actor, changeID int64, d seedbed.AwardChangeDecision) (*seedbed.Award, error) {
	var out *seedbed.Award
	err := decide(ctx, ps.store, a, "award.change_decide", "award_change", changeID, func(tx *sqlstore.Tx) error {
		if err := d.Validate(); err != nil {
			return err
		}
		awardID, err := tx.AwardIDOfChange(ctx, changeID)
		if err != nil {
			return err
		}
		aw, err := activeAward(ctx, tx, awardID)
		if err != nil {
			return err
		}
		var c *seedbed.AwardChange
		for i := range aw.Changes {
			if aw.Changes[i].ID == changeID {
				c = &aw.Changes[i]
			}
		}
		if c == nil || c.Status != seedbed.ChangeRequested {
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "该申请已处理", En: "the change was already decided"})
		}
		if err := seedbed.SecondPerson(a, c.RequestedBy, seedbed.PermProgramManage); err != nil {
			return err
		}
		status := seedbed.ChangeRefused
		if d.Decision == seedbed.ChangeApprove {
			status = seedbed.ChangeApproved
			p, err := tx.Program(ctx, aw.ProgramID)
			if err != nil {
				return err
			}
			in := seedbed.AwardChangeInput{Kind: c.Kind, TrancheID: c.TrancheID, ReportID: c.ReportID, NewText: c.NewText, Reason: c.Reason}
			if c.NewDueAt != nil {
				in.NewDueAt = *c.NewDueAt
			}
			check := *c
			if err := checkChange(aw, p, &check, in, tx); err != nil {
				return err
			}
			if err := applyChange(ctx, tx, c); err != nil {
				return err
			}
		}
		ok, err := tx.DecideChange(ctx, changeID, status, d.Note, a.Username)
		if err != nil {
			return err
		}
		if !ok {
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "该申请已处理", En: "the change was already decided"})
		}
		payload := map[string]any{"award_id": aw.ID, "change_id": c.ID, "kind": c.Kind, "decision": d.Decision, "note": d.Note,
			"reason": c.Reason, "requested_by": c.RequestedBy, "tranche_id": c.TrancheID, "report_id": c.ReportID, "old_text": c.OldText, "new_text": c.NewText}
		if c.OldDueAt != nil {
			payload["old_due_at"] = sqlstore.FormatTime(*c.OldDueAt)
		}
		if c.NewDueAt != nil {
			payload["new_due_at"] = sqlstore.FormatTime(*c.NewDueAt)
		}
		if _, err := tx.RecordEvent(ctx, a, seedbed.EventAwardChange, seedbed.AwardSubject(aw.ID), payload); err != nil {
			return err
		}
		if err := ps.notifyRecipient(ctx, tx, aw, seedbed.MsgChangeDecided, seedbed.ChangeKinds.Label(c.Kind), seedbed.ChangeStates.Label(status), seedbed.Same(d.Note)); err != nil {
			return err
		}
		if err := tx.Audit(ctx, a, "award.change_decide", "award_change", changeID, d.Decision); err != nil {
			return err
		}
		out, err = tx.Award(ctx, aw.ID)
		return err
	})
	return out, err
}

// applyChange writes an approved change to the award's schedule.
func applyChange(ctx context.Context, tx *sqlstore.Tx, c *seedbed.AwardChange) error {
	switch {
	case c.Kind == seedbed.ChangeVariation:
		return tx.SetTrancheMilestone(ctx, c.TrancheID, c.NewText)
	case c.TrancheID != 0:
		return tx.SetTrancheDue(ctx, c.TrancheID, *c.NewDueAt)
	default:
		return tx.SetReportDue(ctx, c.ReportID, *c.NewDueAt)
	}
}
