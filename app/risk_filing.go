package app

import (
	"context"
	"fmt"
	"strings"

	"seedbed"
	"seedbed/sqlstore"
)

// RiskFilings keeps the high-risk support decisions filed in advance (容错备案). An officer files
// one for a program, or for one application or award of it; a second account with the right
// role reviews it through the approvals (rule risk_filing, always on), approving or declining it
// with a written reason. Filing and review are each one transaction, ledgered on the subject the
// filing concerns, so that an exemption case about that award reads them.
type RiskFilings struct {
	store     *sqlstore.Store
	approvals *Approvals
	inbox     *Inbox
}

// riskProposal is what the approval of a filing carries.
type riskProposal struct {
	RiskFilingID int64 `json:"risk_filing_id"`
}

// File records a filing by a and proposes its review. EINVALID for a missing program or a
// risk, worth or failure not written (each named by its field), ENOTFOUND for an unknown
// program, application or award, EINVALID when the application or award is not the program's;
// nothing is written then.
func (x *RiskFilings) File(ctx context.Context, a seedbed.Actor, in seedbed.RiskFilingInput) (*seedbed.RiskFiling, error) {
	if err := seedbed.Authorize(a, seedbed.PermProgramManage, nil); err != nil {
		return nil, refused(ctx, x.store, a, "risk_filing.file", "program", in.ProgramID, err)
	}
	if err := in.Validate(); err != nil {
		return nil, refused(ctx, x.store, a, "risk_filing.file", "program", in.ProgramID, err)
	}
	var id int64
	err := decide(ctx, x.store, a, "risk_filing.file", "program", in.ProgramID, func(tx *sqlstore.Tx) error {
		p, err := tx.Program(ctx, in.ProgramID)
		if err != nil {
			return err
		}
		what := seedbed.Label{Zh: "计划“" + p.Title + "”", En: "program \u201c" + p.Title + "\u201d"}
		if in.AwardID != 0 {
			aw, err := tx.Award(ctx, in.AwardID)
			if err != nil {
				return err
			}
			if aw.ProgramID != in.ProgramID {
				return seedbed.FieldError("award_id", seedbed.Label{Zh: "资助 %d 不属于该计划", En: "award %d is not one of this program's"}, in.AwardID)
			}
			in.ApplicationID = aw.ApplicationID
			what = seedbed.Label{Zh: fmt.Sprintf("资助 %d（%s）", aw.ID, aw.ApplicationTitle), En: fmt.Sprintf("award %d (%s)", aw.ID, aw.ApplicationTitle)}
		} else if in.ApplicationID != 0 {
			app, err := tx.Application(ctx, in.ApplicationID)
			if err != nil {
				return err
			}
			if app.ProgramID != in.ProgramID {
				return seedbed.FieldError("application_id", seedbed.Label{Zh: "申请 %s 不属于该计划", En: "application %s is not one of this program's"}, seedbed.AppCode(in.ApplicationID))
			}
			what = seedbed.Label{Zh: fmt.Sprintf("申请 %s（%s）", seedbed.AppCode(app.ID), app.Title), En: fmt.Sprintf("application %s (%s)", seedbed.AppCode(app.ID), app.Title)}
		}
		if id, err = tx.InsertRiskFiling(ctx, a, in); err != nil {
			return err
		}
		ap := &seedbed.Approval{Rule: seedbed.TwoPersonRiskFiling, Subject: seedbed.RiskFilingSubject(id), Link: fmt.Sprintf("/risk-filings/%d", id),
			Reason: in.Risk, Summary: seedbed.Label{Zh: "复核对" + what.Zh + "的容错备案：" + clip(in.Risk, 80),
				En: "review the risk filing on " + what.En + ": " + clip(in.Risk, 80)}}
		if err := x.approvals.proposeTx(ctx, tx, a, ap, riskProposal{RiskFilingID: id}); err != nil {
			return err
		}
		if err := tx.SetRiskFilingApproval(ctx, id, ap.ID); err != nil {
			return err
		}
		target := seedbed.RiskFilingTarget(in.ProgramID, in.ApplicationID, in.AwardID)
		if _, err := tx.RecordEvent(ctx, a, seedbed.EventRiskFiled, target, map[string]any{"risk_filing_id": id, "program_id": in.ProgramID,
			"application_id": in.ApplicationID, "award_id": in.AwardID, "risk": in.Risk, "worth": in.Worth, "failure": in.Failure,
			"approval_id": ap.ID}); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "risk_filing.file", "risk_filing", id, target)
	})
	if err != nil {
		return nil, err
	}
	return x.store.GetRiskFiling(ctx, id)
}

// reviewed is the risk_filing rule's effect: the approving or declining account, with its
// written reason, concludes the filing (the filer withdrawing it needs no reason), ledgered on
// the filing's subject. The filer is told in the inbox.
func (x *RiskFilings) reviewed(ctx context.Context, tx *sqlstore.Tx, a seedbed.Actor, ap *seedbed.Approval, status, note string) error {
	var pr riskProposal
	if err := payloadOf(ap, &pr); err != nil {
		return err
	}
	withdraw := status == seedbed.ApprovalRejected && strings.EqualFold(a.Username, ap.ProposedBy)
	if err := seedbed.RiskReviewNote(status, withdraw, note); err != nil {
		return err
	}
	st := seedbed.RiskFilingApproved
	switch {
	case withdraw:
		st = seedbed.RiskFilingWithdrawn
	case status == seedbed.ApprovalRejected:
		st = seedbed.RiskFilingDeclined
	}
	f, err := tx.RiskFiling(ctx, pr.RiskFilingID)
	if err != nil {
		return err
	}
	note = strings.TrimSpace(note)
	ok, err := tx.ReviewRiskFiling(ctx, a, f.ID, st, note)
	if err != nil {
		return err
	}
	if !ok {
		return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "容错备案 %d 已复核", En: "risk filing %d was already reviewed"}, f.ID)
	}
	if _, err := tx.RecordEvent(ctx, a, seedbed.EventRiskReviewed, f.Subject(), map[string]any{"risk_filing_id": f.ID, "decision": st,
		"filed_by": f.FiledBy, "note": note, "approval_id": ap.ID}); err != nil {
		return err
	}
	if err := tx.Audit(ctx, a, "risk_filing.review", "risk_filing", f.ID, st); err != nil {
		return err
	}
	if withdraw || x.inbox == nil {
		return nil
	}
	sl := seedbed.RiskFilingStatuses.Label(st)
	return x.inbox.PostToUser(ctx, tx, f.FiledBy, seedbed.Message{Kind: seedbed.MsgDecision,
		Subject: seedbed.Label{Zh: fmt.Sprintf("容错备案 %d：%s", f.ID, sl.Zh), En: fmt.Sprintf("Risk filing %d: %s", f.ID, sl.En)},
		Body: seedbed.Label{Zh: fmt.Sprintf("%s 复核了您对“%s”的容错备案：%s。意见：%s", a.Username, f.ProgramTitle, sl.Zh, note),
			En: fmt.Sprintf("%s reviewed your risk filing on \u201c%s\u201d: %s. Reason: %s", a.Username, f.ProgramTitle, sl.En, note)},
		Link: fmt.Sprintf("/risk-filings/%d", f.ID)})
}

// Review approves or declines a filing as a's second decision, with the written reason; the
// filer may only withdraw it (decline its own). EFORBIDDEN for a role that may not review,
// ECONFLICT for the filer approving its own filing or a filing reviewed already, EINVALID
// without a reason.
func (x *RiskFilings) Review(ctx context.Context, a seedbed.Actor, id int64, approve bool, note string) (*seedbed.RiskFiling, error) {
	f, err := x.store.GetRiskFiling(ctx, id)
	if err != nil {
		return nil, err
	}
	if f.ApprovalID == 0 {
		return nil, fmt.Errorf("risk filing %d has no approval", id)
	}
	if approve {
		_, err = x.approvals.Approve(ctx, a, f.ApprovalID, note)
	} else {
		_, err = x.approvals.Reject(ctx, a, f.ApprovalID, note)
	}
	if err != nil {
		return nil, err
	}
	return x.store.GetRiskFiling(ctx, id)
}

// Get returns one filing, or ENOTFOUND.
func (x *RiskFilings) Get(ctx context.Context, id int64) (*seedbed.RiskFiling, error) {
	return x.store.GetRiskFiling(ctx, id)
}

// Find returns filings, newest first.
func (x *RiskFilings) Find(ctx context.Context, f seedbed.RiskFilingFilter) ([]seedbed.RiskFiling, error) {
	return x.store.FindRiskFilings(ctx, f)
}

// ForAward returns the filings an exemption case about an award reads: those on its program as
// a whole, on its application and on the award itself, newest first.
func (x *RiskFilings) ForAward(ctx context.Context, awardID int64) ([]seedbed.RiskFiling, error) {
	aw, err := x.store.GetAward(ctx, awardID)
	if err != nil {
		return nil, err
	}
	all, err := x.store.FindRiskFilings(ctx, seedbed.RiskFilingFilter{ProgramID: aw.ProgramID, Limit: 1000})
	if err != nil {
		return nil, err
	}
	out := []seedbed.RiskFiling{}
	for _, f := range all {
		if (f.ApplicationID == 0 && f.AwardID == 0) || f.ApplicationID == aw.ApplicationID || f.AwardID == aw.ID {
			out = append(out, f)
		}
	}
	return out, nil
}

// clip shortens s to n characters for a summary.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
