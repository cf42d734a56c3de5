package app

import (
	"context"
	"fmt"

	"seedbed"
	"seedbed/sqlstore"
)

// activeAward loads an award inside tx and refuses (ECONFLICT) one that is no longer running.
func activeAward(ctx context.Context, tx *sqlstore.Tx, awardID int64) (*seedbed.Award, error) {
	aw, err := tx.Award(ctx, awardID)
	if err != nil {
		return nil, err
	}
	if aw.Status != seedbed.AwardActive {
		return nil, seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "资助当前状态为「%s」，不能再更改其执行安排", En: "the award is %s; its schedule can no longer change"},
			seedbed.AwardStatuses.Label(aw.Status))
	}
	return aw, nil
}

// AddReport adds a report to an award's schedule. It is refused when the date is not after
// today, when it falls after the program's end (ECONFLICT), and when the award year it falls in
// would then hold more reports than the program's yearly cap (ECONFLICT): the cap on reporting
// burden is a promise of the program's terms.
func (ps *Programs) AddReport(ctx context.Context, a seedbed.Actor, awardID int64, in seedbed.ReportInput) (*seedbed.Report, error) {
	var r *seedbed.Report
	err := decide(ctx, ps.store, a, "report.schedule", "award", awardID, func(tx *sqlstore.Tx) error {
		if !seedbed.ReportKinds.Has(in.Kind) {
			return seedbed.FieldError("kind", seedbed.Label{Zh: "请选择报告类型：进展报告、财务报告或结题报告", En: "choose the kind of report: progress, financial or final"})
		}
		aw, err := activeAward(ctx, tx, awardID)
		if err != nil {
			return err
		}
		p, err := tx.Program(ctx, aw.ProgramID)
		if err != nil {
			return err
		}
		if err := seedbed.CheckDueInPeriod("due_at", in.DueAt, tx.Now(), p); err != nil {
			return err
		}
		r = &seedbed.Report{Kind: in.Kind, DueAt: in.DueAt, Status: seedbed.ReportDue}
		if err := seedbed.CheckReportCap(append(aw.Reports, *r), aw.AwardedAt, p.ReportCap); err != nil {
			return err
		}
		rs := []seedbed.Report{*r}
		if err := tx.InsertReports(ctx, awardID, rs); err != nil {
			return err
		}
		r = &rs[0]
		if _, err := tx.RecordEvent(ctx, a, seedbed.EventReportScheduled, seedbed.AwardSubject(awardID), map[string]any{
			"award_id": awardID, "report_id": r.ID, "kind": r.Kind, "due_at": sqlstore.FormatTime(r.DueAt), "report_cap": p.ReportCap}); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "report.schedule", "award", awardID, fmt.Sprintf("%s report %d due %s", r.Kind, r.ID, sqlstore.FormatTime(r.DueAt)))
	})
	return r, err
}

// reportOf loads a report and its award, refusing (ECONFLICT) an award that is neither running
// nor completed: the final report comes after the last tranche was paid.
func reportOf(ctx context.Context, tx *sqlstore.Tx, reportID int64) (*seedbed.Report, *seedbed.Award, error) {
	awardID, err := tx.AwardIDOfReport(ctx, reportID)
	if err != nil {
		return nil, nil, err
	}
	aw, err := tx.Award(ctx, awardID)
	if err != nil {
		return nil, nil, err
	}
	if aw.Status != seedbed.AwardActive && aw.Status != seedbed.AwardCompleted {
		return nil, nil, seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "资助当前状态为「%s」，不再接收报告", En: "the award is %s; it takes no more reports"}, seedbed.AwardStatuses.Label(aw.Status))
	}
	for i := range aw.Reports {
		if aw.Reports[i].ID == reportID {
			return &aw.Reports[i], aw, nil
		}
	}
	return nil, nil, seedbed.Errorf(seedbed.ENOTFOUND, seedbed.Label{Zh: "报告 %d 不存在", En: "report %d not found"}, reportID)
}

// SubmitReport stores the recipient's report. Only the recipient organisation may submit it
// (EFORBIDDEN), and not once it was accepted (ECONFLICT).
func (ps *Programs) SubmitReport(ctx context.Context, a seedbed.Actor, reportID int64, text string) (*seedbed.Report, error) {
	var r *seedbed.Report
	err := decide(ctx, ps.store, a, "report.submit", "report", reportID, func(tx *sqlstore.Tx) error {
		var aw *seedbed.Award
		var err error
		if r, aw, err = reportOf(ctx, tx, reportID); err != nil {
			return err
		}
		if a.InnovatorID == nil || *a.InnovatorID != aw.InnovatorID {
			return seedbed.Errorf(seedbed.EFORBIDDEN, seedbed.Label{Zh: "只有受资助单位可以提交报告", En: "only the recipient may submit a report"})
		}
		if r.Status == seedbed.ReportAccepted {
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "报告已通过", En: "the report was already accepted"})
		}
		if text, err = seedbed.CleanReportText(text); err != nil {
			return err
		}
		ok, err := tx.SubmitReport(ctx, reportID, text, a.Username)
		if err != nil {
			return err
		}
		if !ok {
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "报告状态已改变，请刷新", En: "the report changed meanwhile; reload"})
		}
		now := tx.Now()
		r.Text, r.Status, r.SubmittedAt, r.SubmittedBy = text, seedbed.ReportSubmitted, &now, a.Username
		if err := ps.notifyOfficers(ctx, tx, aw, seedbed.MsgReportSubmitted, seedbed.ReportKinds.Label(r.Kind)); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "report.submit", "report", reportID, fmt.Sprintf("award %d, %s report", aw.ID, r.Kind))
	})
	return r, err
}

// ReviewReport records an officer's decision on a submitted report: accept it or return it for
// changes (with the reason), ledgered.
func (ps *Programs) ReviewReport(ctx context.Context, a seedbed.Actor, reportID int64, rv seedbed.ReportReview) (*seedbed.Award, error) {
	var out *seedbed.Award
	err := decide(ctx, ps.store, a, "report.review", "report", reportID, func(tx *sqlstore.Tx) error {
		if err := rv.Validate(); err != nil {
			return err
		}
		r, aw, err := reportOf(ctx, tx, reportID)
		if err != nil {
			return err
		}
		if r.Status != seedbed.ReportSubmitted {
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "报告%s，无可审核的内容", En: "the report is %s; there is nothing to review"}, seedbed.ReportStates.Label(r.Status))
		}
		status := seedbed.ReportAccepted
		if rv.Decision == seedbed.MilestoneReturn {
			status = seedbed.ReportReturned
		}
		ok, err := tx.ReviewReport(ctx, reportID, status, rv.Note, a.Username)
		if err != nil {
			return err
		}
		if !ok {
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "报告状态已改变，请刷新", En: "the report changed meanwhile; reload"})
		}
		if _, err := tx.RecordEvent(ctx, a, seedbed.EventReportReview, seedbed.AwardSubject(aw.ID), map[string]any{
			"award_id": aw.ID, "report_id": reportID, "kind": r.Kind, "decision": rv.Decision, "note": rv.Note, "submitted_by": r.SubmittedBy}); err != nil {
			return err
		}
		if err := ps.notifyRecipient(ctx, tx, aw, seedbed.MsgReportReviewed, seedbed.ReportKinds.Label(r.Kind), seedbed.ReportStates.Label(status)); err != nil {
			return err
		}
		if err := tx.Audit(ctx, a, "report.review", "report", reportID, rv.Decision); err != nil {
			return err
		}
		out, err = tx.Award(ctx, aw.ID)
		return err
	})
	return out, err
}

// AwardOfReport returns the award a report belongs to, or ENOTFOUND.
func (ps *Programs) AwardOfReport(ctx context.Context, reportID int64) (*seedbed.Award, error) {
	aw, err := ps.store.AwardOfReport(ctx, reportID)
	if err != nil {
		return nil, err
	}
	aw.MarkOverdue(ps.store.Now())
	return aw, nil
}
