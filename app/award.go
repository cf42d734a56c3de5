package app

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"seedbed"
	"seedbed/sqlstore"
)

// CreateAward turns a selected application into an award paid in tranches, one per stage of the
// program. The program's committed amount rises by the award in the same transaction, and only
// while the budget allows it: two concurrent awards can never together exceed the budget. The
// award is refused (ECONFLICT, naming them) while a step of the procedure in force is missing,
// the awarding official's own declaration of interests included.
func (ps *Programs) CreateAward(ctx context.Context, a seedbed.Actor, programID int64, in seedbed.AwardInput) (*seedbed.Award, error) {
	var aw *seedbed.Award
	err := decide(ctx, ps.store, a, "award.create", "program", programID, func(tx *sqlstore.Tx) error {
		p, err := tx.Program(ctx, programID)
		if err != nil {
			return err
		}
		app, err := tx.Application(ctx, in.ApplicationID)
		if err != nil {
			if seedbed.ErrorCode(err) == seedbed.ENOTFOUND {
				return seedbed.FieldError("application_id", seedbed.Label{Zh: "申请 %d 不存在", En: "application %d not found"}, in.ApplicationID)
			}
			return err
		}
		if app.ProgramID == programID && p.State != seedbed.ProgramDraft {
			if err := procedureGate(ctx, tx, a, p, map[int64]int64{app.ID: max(in.Amount, app.Granted)}); err != nil {
				return err
			}
		}
		if err := p.CheckAwardable(in.Note); err != nil {
			return err
		}
		amount, err := seedbed.AwardAmount(app, programID, in.Amount)
		if err != nil {
			return err
		}
		existing, err := tx.AwardIDOfApplication(ctx, app.ID)
		if err != nil {
			return err
		}
		if existing != 0 {
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "申请 %d 已有资助（编号 %d）", En: "application %d already has award %d"}, app.ID, existing)
		}
		ok, err := tx.CommitBudget(ctx, programID, amount)
		if err != nil {
			return err
		}
		if !ok {
			now, err := tx.Program(ctx, programID)
			if err != nil {
				return err
			}
			return seedbed.BudgetExceeded(now.Budget, now.Committed, amount)
		}
		aw = &seedbed.Award{ProgramID: programID, ProgramTitle: p.Title, ApplicationID: app.ID, ApplicationTitle: app.Title,
			InnovatorID: app.InnovatorID, InnovatorName: app.InnovatorName, Amount: amount, Status: seedbed.AwardActive,
			StatusNote: in.Note, AwardedAt: tx.Now(), AwardedBy: a.Username, Tranches: seedbed.PlanTranches(0, amount, p.Stages, tx.Now())}
		if err := tx.InsertAward(ctx, aw); err != nil {
			return err
		}
		aw.Reports, aw.Changes = seedbed.PlanReports(p, aw.AwardedAt), []seedbed.AwardChange{}
		if err := seedbed.CheckReportCap(aw.Reports, aw.AwardedAt, p.ReportCap); err != nil {
			return err
		}
		if err := tx.InsertReports(ctx, aw.ID, aw.Reports); err != nil {
			return err
		}
		if _, err := tx.RecordEvent(ctx, a, seedbed.EventAward, seedbed.AwardSubject(aw.ID), map[string]any{
			"award_id": aw.ID, "program_id": programID, "application_id": app.ID, "innovator_id": app.InnovatorID,
			"amount": amount, "granted_in_selection": app.Granted, "outcome": app.Outcome, "tranches": aw.Tranches,
			"budget": p.Budget, "committed_after": p.Committed + amount, "note": in.Note, "reports": aw.Reports}); err != nil {
			return err
		}
		if err := ps.notifyRecipient(ctx, tx, aw, seedbed.MsgDecision, seedbed.FormatLabel(seedbed.Label{
			Zh: "决定资助 %d 元，分 %d 批拨付；报告安排见资助页面。", En: "An award of %d yuan was made, paid in %d tranches; the reporting schedule is on the award's page."},
			amount, len(aw.Tranches))); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "award.create", "award", aw.ID, fmt.Sprintf("application %d, %d yuan", app.ID, amount))
	})
	return aw, err
}

// GetAward returns one award with its tranches, what is overdue marked as of now, or ENOTFOUND.
func (ps *Programs) GetAward(ctx context.Context, id int64) (*seedbed.Award, error) {
	aw, err := ps.store.GetAward(ctx, id)
	if err != nil {
		return nil, err
	}
	aw.MarkOverdue(ps.store.Now())
	return aw, nil
}

// FindAwards returns one page of the awards matching f, newest first, with their tranches and
// what is overdue marked as of now, and how many match.
func (ps *Programs) FindAwards(ctx context.Context, f seedbed.AwardFilter) ([]seedbed.Award, int, error) {
	out, n, err := ps.store.FindAwards(ctx, f)
	now := ps.store.Now()
	for i := range out {
		out[i].MarkOverdue(now)
	}
	return out, n, err
}

// SumAwards adds up every award f selects, over all its pages: how many, awarded and paid.
func (ps *Programs) SumAwards(ctx context.Context, f seedbed.AwardFilter) (seedbed.AwardSums, error) {
	return ps.store.SumAwards(ctx, f)
}

// AwardOfTranche returns the award a tranche belongs to, or ENOTFOUND.
func (ps *Programs) AwardOfTranche(ctx context.Context, trancheID int64) (*seedbed.Award, error) {
	aw, err := ps.store.AwardOfTranche(ctx, trancheID)
	if err != nil {
		return nil, err
	}
	aw.MarkOverdue(ps.store.Now())
	return aw, nil
}

// AwardTodo counts what waits in the life of awards as of now: for an applicant, over its own
// organisation's awards (what it owes); for everyone else, over every award (what the bureau
// must do and what is late). Home pages show it.
func (ps *Programs) AwardTodo(ctx context.Context, a seedbed.Actor) (seedbed.AwardTodo, error) {
	t, err := ps.store.AwardTodo(ctx, seedbed.ScopeInnovators(a), ps.store.Now(), 30*24*time.Hour)
	if a.Role == seedbed.RoleApplicant {
		// a recipient owes evidence and reports; it neither reviews, releases nor decides
		t.MilestonesToReview, t.TranchesToRelease, t.ReportsToReview, t.ChangesToDecide = 0, 0, 0, 0
	}
	return t, err
}

// trancheOf loads a tranche and its award, refusing unless the award is active and the tranche
// pending.
func trancheOf(ctx context.Context, tx *sqlstore.Tx, trancheID int64) (*seedbed.Tranche, *seedbed.Award, error) {
	awardID, err := tx.AwardIDOfTranche(ctx, trancheID)
	if err != nil {
		return nil, nil, err
	}
	aw, err := tx.Award(ctx, awardID)
	if err != nil {
		return nil, nil, err
	}
	t, err := aw.PendingTranche(trancheID)
	return t, aw, err
}

// SubmitEvidence stores the recipient's evidence that a tranche's milestone was reached. Only
// the recipient organisation may submit it.
func (ps *Programs) SubmitEvidence(ctx context.Context, a seedbed.Actor, trancheID int64, evidence string) (*seedbed.Tranche, error) {
	var t *seedbed.Tranche
	err := decide(ctx, ps.store, a, "tranche.evidence", "tranche", trancheID, func(tx *sqlstore.Tx) error {
		var aw *seedbed.Award
		var err error
		if t, aw, err = trancheOf(ctx, tx, trancheID); err != nil {
			return err
		}
		if evidence, err = seedbed.CleanEvidence(a, aw, t, evidence); err != nil {
			return err
		}
		if err := tx.SetEvidence(ctx, trancheID, evidence); err != nil {
			return err
		}
		now := tx.Now()
		t.Evidence, t.EvidenceAt, t.MilestoneStatus = evidence, &now, seedbed.MilestoneSubmitted
		if err := ps.notifyOfficers(ctx, tx, aw, seedbed.MsgMilestoneSubmitted, t.Seq); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "tranche.evidence", "tranche", trancheID, fmt.Sprintf("award %d, tranche %d", aw.ID, t.Seq))
	})
	return t, err
}

// ReviewMilestone records an officer's decision on a tranche's milestone evidence: accept it
// (at a stage gate, a go), return it for more, or stop the award (a no-go). Stopping cancels the
// unpaid tranches and gives their amount back to the program's budget. Accepting is refused
// (ECONFLICT) while the award's innovator has an open complacency flag: an officer must look at
// it and resolve it first. Stopping or returning is always allowed. Under the two-person rule on
// milestones, accepting is proposed (*seedbed.Proposed) and takes effect when a second officer
// approves it; the proposer stays the one who accepted the evidence.
func (ps *Programs) ReviewMilestone(ctx context.Context, a seedbed.Actor, trancheID int64, m seedbed.MilestoneReview) (*seedbed.Award, error) {
	var aw *seedbed.Award
	m.Note = strings.TrimSpace(m.Note)
	if err := ps.stageGate(ctx, a, trancheID, m); err != nil {
		return nil, err
	}
	if m.Decision == seedbed.MilestoneAccept && ps.approvals.Applies(seedbed.TwoPersonMilestone, a) {
		return nil, ps.proposeMilestone(ctx, a, trancheID, m)
	}
	err := decide(ctx, ps.store, a, "tranche.review", "tranche", trancheID, func(tx *sqlstore.Tx) error {
		awardID, err := reviewMilestone(ctx, tx, a, a.Username, trancheID, m)
		if err != nil {
			return err
		}
		if err := ps.notifyMilestone(ctx, tx, awardID, trancheID, m); err != nil {
			return err
		}
		aw, err = tx.Award(ctx, awardID)
		return err
	})
	return aw, err
}

// milestoneProposal is what an approval of a milestone's acceptance carries.
type milestoneProposal struct {
	TrancheID int64  `json:"tranche_id"`
	AwardID   int64  `json:"award_id"`
	Seq       int    `json:"seq"`
	Note      string `json:"note"`
}

// proposeMilestone proposes accepting a tranche's milestone evidence, checked as the decision is.
func (ps *Programs) proposeMilestone(ctx context.Context, a seedbed.Actor, trancheID int64, m seedbed.MilestoneReview) error {
	var pr milestoneProposal
	ap := &seedbed.Approval{Rule: seedbed.TwoPersonMilestone}
	return ps.approvals.propose(ctx, a, ap, &pr, func(tx *sqlstore.Tx) error {
		if err := m.Validate(); err != nil {
			return err
		}
		t, w, err := trancheOf(ctx, tx, trancheID)
		if err != nil {
			return err
		}
		if err := w.CheckInOrder(t); err != nil {
			return err
		}
		if err := t.CheckReviewable(m.Decision); err != nil {
			return err
		}
		pr = milestoneProposal{TrancheID: t.ID, AwardID: w.ID, Seq: t.Seq, Note: m.Note}
		ap.Subject, ap.Link = seedbed.AwardSubject(w.ID), fmt.Sprintf("/awards/%d", w.ID)
		ap.Summary = seedbed.Label{Zh: fmt.Sprintf("通过资助 %d 第 %d 批的里程碑材料（%s）", w.ID, t.Seq, t.Milestone),
			En: fmt.Sprintf("accept the milestone evidence of tranche %d of award %d (%s)", t.Seq, w.ID, t.Milestone)}
		ap.Reason = m.Note
		return nil
	})
}

// approveMilestone accepts the milestone as the second officer; the proposer is recorded as
// the one who accepted the evidence.
func (ps *Programs) approveMilestone(ctx context.Context, tx *sqlstore.Tx, a seedbed.Actor, ap *seedbed.Approval) error {
	var pr milestoneProposal
	if err := payloadOf(ap, &pr); err != nil {
		return err
	}
	m := seedbed.MilestoneReview{Decision: seedbed.MilestoneAccept, Note: pr.Note}
	awardID, err := reviewMilestone(ctx, tx, a, ap.ProposedBy, pr.TrancheID, m)
	if err != nil {
		return err
	}
	return ps.notifyMilestone(ctx, tx, awardID, pr.TrancheID, m)
}

// notifyMilestone tells the recipient of the decision on a tranche's milestone evidence.
func (ps *Programs) notifyMilestone(ctx context.Context, tx *sqlstore.Tx, awardID, trancheID int64, m seedbed.MilestoneReview) error {
	w, err := tx.Award(ctx, awardID)
	if err != nil {
		return err
	}
	seq := 0
	for _, t := range w.Tranches {
		if t.ID == trancheID {
			seq = t.Seq
		}
	}
	return ps.notifyRecipient(ctx, tx, w, seedbed.MsgDecision, seedbed.FormatLabel(seedbed.Label{
		Zh: "第 %d 批资金的里程碑：%s。%s", En: "The milestone of tranche %d: %s. %s"}, seq, milestoneDecisions.Label(m.Decision), seedbed.Same(m.Note)))
}

// milestoneGate runs the stage gate for the approving officer before the approval's transaction.
func (ps *Programs) milestoneGate(ctx context.Context, a seedbed.Actor, ap *seedbed.Approval) error {
	var pr milestoneProposal
	if err := payloadOf(ap, &pr); err != nil {
		return err
	}
	return ps.stageGate(ctx, a, pr.TrancheID, seedbed.MilestoneReview{Decision: seedbed.MilestoneAccept})
}

// reviewMilestone writes a milestone decision by a, recording by as the one who reviewed the
// evidence, and returns the award's id.
func reviewMilestone(ctx context.Context, tx *sqlstore.Tx, a seedbed.Actor, by string, trancheID int64, m seedbed.MilestoneReview) (int64, error) {

	if err := m.Validate(); err != nil {
		return 0, err
	}
	t, w, err := trancheOf(ctx, tx, trancheID)
	if err != nil {
		return 0, err
	}
	if err := w.CheckInOrder(t); err != nil {
		return 0, err
	}
	if err := t.CheckReviewable(m.Decision); err != nil {
		return 0, err
	}
	kind := seedbed.EventMilestone
	if t.Gate {
		kind = seedbed.EventStageGate
	}
	payload := map[string]any{"award_id": w.ID, "tranche_id": t.ID, "seq": t.Seq, "stage": t.Stage, "milestone": t.Milestone,
		"evidence": t.Evidence, "decision": m.Decision, "note": m.Note, "gate": t.Gate}
	switch m.Decision {
	case seedbed.MilestoneAccept, seedbed.MilestoneReturn:
		status := seedbed.MilestoneAccepted
		if m.Decision == seedbed.MilestoneReturn {
			status = seedbed.MilestoneReturned
		}
		if err := tx.SetMilestoneReview(ctx, t.ID, status, m.Note, by); err != nil {
			return 0, err
		}
		if t.Gate {
			payload["go"] = m.Decision == seedbed.MilestoneAccept
		}
	case seedbed.MilestoneStop:
		if err := stopAward(ctx, tx, a, w, m.Note); err != nil {
			return 0, err
		}
		payload["go"] = false
	}
	if _, err := tx.RecordEvent(ctx, a, kind, seedbed.AwardSubject(w.ID), payload); err != nil {
		return 0, err
	}
	if err := tx.Audit(ctx, a, "tranche.review", "tranche", t.ID, m.Decision); err != nil {
		return 0, err
	}
	return w.ID, nil
}

// stopAward ends an award after a no-go: the pending tranches are cancelled and what they held
// goes back to the program.
func stopAward(ctx context.Context, tx *sqlstore.Tx, a seedbed.Actor, w *seedbed.Award, note string) error {
	unpaid := w.Amount - w.Released
	ok, err := tx.StopAward(ctx, w.ID, note)
	if err != nil {
		return err
	}
	if !ok {
		return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "资助状态已改变，请刷新", En: "the award changed meanwhile; reload"})
	}
	if err := tx.ReturnToBudget(ctx, w.ProgramID, unpaid); err != nil {
		return err
	}
	_, err = tx.RecordEvent(ctx, a, seedbed.EventAwardStatus, seedbed.AwardSubject(w.ID), map[string]any{"award_id": w.ID,
		"status": seedbed.AwardStopped, "note": note, "released": w.Released, "returned_to_budget": unpaid})
	return err
}

// Releasable refuses a's release of tranche t of aw as ReleaseTranche would: an earlier tranche
// unpaid or the milestone evidence not accepted (ECONFLICT), and under the two-person rule on
// releases the account that accepted the evidence (ECONFLICT). The award page asks it before
// it offers the release button.
func (ps *Programs) Releasable(a seedbed.Actor, aw *seedbed.Award, t *seedbed.Tranche) error {
	if err := aw.CheckInOrder(t); err != nil {
		return err
	}
	if err := t.CheckReleasable(); err != nil {
		return err
	}
	if ps.TwoPerson.On(seedbed.TwoPersonRelease) {
		return seedbed.SecondPerson(a, t.ReviewedBy, seedbed.PermProgramManage)
	}
	return nil
}

// MilestoneGate tells what accepting a milestone of award awardID would do for a, by the rule
// ReviewMilestone runs: under the two-person rule on milestones, an acceptance proposed on the
// award still waiting refuses another, and only a second officer may approve it.
func (ps *Programs) MilestoneGate(ctx context.Context, a seedbed.Actor, awardID int64) (seedbed.ProposalGate, error) {
	return ps.approvals.Gate(ctx, a, seedbed.TwoPersonMilestone, seedbed.AwardSubject(awardID))
}

// ReleaseTranche pays a tranche. It is refused unless an officer accepted the milestone evidence
// and every earlier tranche was paid, and, under the two-person rule, when a is the account that
// accepted the evidence (ECONFLICT); the last tranche completes the award.
func (ps *Programs) ReleaseTranche(ctx context.Context, a seedbed.Actor, trancheID int64) (*seedbed.Award, error) {
	var aw *seedbed.Award
	err := decide(ctx, ps.store, a, "tranche.release", "tranche", trancheID, func(tx *sqlstore.Tx) error {
		t, w, err := trancheOf(ctx, tx, trancheID)
		if err != nil {
			return err
		}
		if err := ps.Releasable(a, w, t); err != nil {
			return err
		}
		ok, err := tx.MarkTrancheReleased(ctx, t.ID, a.Username)
		if err != nil {
			return err
		}
		if !ok {
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "该批资金已拨付或状态已改变", En: "the tranche was released or changed meanwhile"})
		}
		status := seedbed.AwardActive
		if t.Seq == len(w.Tranches) {
			status = seedbed.AwardCompleted
		}
		if err := tx.AddReleased(ctx, w.ID, t.Amount, status); err != nil {
			return err
		}
		if _, err := tx.RecordEvent(ctx, a, seedbed.EventTrancheRelease, seedbed.AwardSubject(w.ID), map[string]any{
			"award_id": w.ID, "tranche_id": t.ID, "seq": t.Seq, "amount": t.Amount, "released_total": w.Released + t.Amount,
			"milestone": t.Milestone, "evidence": t.Evidence, "accepted_by": t.ReviewedBy, "award_status": status}); err != nil {
			return err
		}
		if err := tx.Audit(ctx, a, "tranche.release", "tranche", t.ID, fmt.Sprintf("award %d, tranche %d, %d yuan", w.ID, t.Seq, t.Amount)); err != nil {
			return err
		}
		aw, err = tx.Award(ctx, w.ID)
		return err
	})
	return aw, err
}

// stageGate refuses accepting a milestone while the award's innovator has an open complacency
// flag. It runs before the decision's transaction, as bringing the flags up to date writes.
func (ps *Programs) stageGate(ctx context.Context, a seedbed.Actor, trancheID int64, m seedbed.MilestoneReview) error {
	if m.Decision != seedbed.MilestoneAccept || ps.OpenFlags == nil {
		return nil
	}
	aw, err := ps.store.AwardOfTranche(ctx, trancheID)
	if err != nil {
		return err
	}
	flags, err := ps.OpenFlags(ctx, aw.ID)
	if err != nil || len(flags) == 0 {
		return err
	}
	if err := ps.store.Audit(context.WithoutCancel(ctx), seedbed.AuditEntry{Actor: a.Username, Role: a.Role, Action: "milestone.accept",
		Entity: "award", EntityID: strconv.FormatInt(aw.ID, 10), Detail: "refused: open complacency flag", Outcome: "denied"}); err != nil {
		return err
	}
	return &seedbed.Error{Code: seedbed.ECONFLICT, Field: "decision", Text: seedbed.Label{Zh: "该资助有 %d 条未处理的安乐预警（见 /monitoring/flags/%d），请先处理再通过里程碑", En: "the award has %d open complacency flag(s) (see /monitoring/flags/%d): resolve them before accepting the milestone"}, Args: []any{len(flags), flags[0].ID}}
}

// milestoneDecisions label an officer's decision on milestone evidence, for the recipient.
var milestoneDecisions = seedbed.OptionSet{
	{Code: seedbed.MilestoneAccept, Label: seedbed.Label{Zh: "验收通过", En: "accepted"}},
	{Code: seedbed.MilestoneReturn, Label: seedbed.Label{Zh: "退回补充", En: "returned for more evidence"}},
	{Code: seedbed.MilestoneStop, Label: seedbed.Label{Zh: "终止资助", En: "the award was stopped"}},
}
