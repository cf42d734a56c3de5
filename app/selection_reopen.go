package app

import (
	"context"
	"encoding/json"
	"fmt"

	"seedbed"
	"seedbed/selection"
	"seedbed/sqlstore"
)

// ReopenSelection asks, with a written reason, for a program's selection to be made again. It
// always waits for a second officer (the rule reopen is always on) and answers
// *seedbed.Proposed; on approval the selection made is kept as superseded (and stays in the
// ledger), the program's selection and outcomes are cleared, and RunSelection may run again.
// EINVALID without a reason (field reason); ECONFLICT unless the program is in review with its
// selection made and no lottery committed.
func (r *Reviews) ReopenSelection(ctx context.Context, a seedbed.Actor, programID int64, reason string) error {
	if err := seedbed.Authorize(a, seedbed.PermProgramManage, nil); err != nil {
		return refused(ctx, r.store, a, "program.reopen", "program", programID, err)
	}
	reason, err := seedbed.ReopenReason(reason)
	if err != nil {
		return refused(ctx, r.store, a, "program.reopen", "program", programID, err)
	}
	ap := &seedbed.Approval{Rule: seedbed.TwoPersonReopen, Subject: seedbed.ProgramSubject(programID),
		Link: fmt.Sprintf("/programs/%d/review", programID), Reason: reason}
	return r.approvals.propose(ctx, a, ap, reopenProposal{ProgramID: programID, Reason: reason}, func(tx *sqlstore.Tx) error {
		p, ps, err := reopenable(ctx, tx, programID)
		if err != nil {
			return err
		}
		ap.Summary = seedbed.Label{Zh: fmt.Sprintf("重新遴选《%s》：%s 于 %s 作出的遴选结果（资助 %d 项）作废但保留在账本中，可按同一评分重新遴选",
			p.Title, ps.SelectedBy, seedbed.FormatCST(*ps.SelectedAt), funded(ps.Selection.Decisions)),
			En: fmt.Sprintf("reopen the selection of %q: the result %s made on %s (%d funded) is superseded but stays in the ledger, and the selection can be made again from the same scores",
				p.Title, ps.SelectedBy, seedbed.FormatCST(*ps.SelectedAt), funded(ps.Selection.Decisions))}
		return nil
	})
}

// ReopenGate tells what asking for a program's selection to be made again would do for a, by
// the rule ReopenSelection runs: a reopening asked for earlier and still waiting refuses
// another, and only a second officer may approve it.
func (r *Reviews) ReopenGate(ctx context.Context, a seedbed.Actor, programID int64) (seedbed.ProposalGate, error) {
	return r.approvals.Gate(ctx, a, seedbed.TwoPersonReopen, seedbed.ProgramSubject(programID))
}

// reopenProposal is what an approval of a reopening carries.
type reopenProposal struct {
	ProgramID int64  `json:"program_id"`
	Reason    string `json:"reason"`
}

// reopenable returns the program and its selection when the selection may be reopened.
func reopenable(ctx context.Context, tx *sqlstore.Tx, programID int64) (*seedbed.Program, *selection.ProgramSelection, error) {
	p, err := tx.Program(ctx, programID)
	if err != nil {
		return nil, nil, err
	}
	ps, err := tx.ProgramSelection(ctx, programID)
	if err != nil {
		return nil, nil, err
	}
	if ps == nil || ps.Selection == nil || ps.SelectedAt == nil {
		return nil, nil, seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "该计划尚未遴选，无需重新遴选", En: "the program's selection has not been made; there is nothing to reopen"})
	}
	if p.State != seedbed.ProgramInReview {
		return nil, nil, seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "只能在评审阶段（作出资助决定之前）重新遴选；该计划处于“%s”",
			En: "a selection can be reopened only while the program is in review, before its decision; it is %s"}, seedbed.ProgramStates.Label(p.State))
	}
	if l, err := tx.Lottery(ctx, programID); err != nil {
		return nil, nil, err
	} else if l != nil {
		return nil, nil, seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "该计划已承诺抽签；抽签结果可公开验证，不能重新遴选",
			En: "the program's lottery was committed; a draw can be verified by anyone and is not redone"})
	}
	return p, ps, nil
}

// funded counts the decisions that grant money.
func funded(ds []selection.Decision) int {
	n := 0
	for _, d := range ds {
		if d.Outcome.Granted() {
			n++
		}
	}
	return n
}

func (r *Reviews) approveReopen(ctx context.Context, tx *sqlstore.Tx, a seedbed.Actor, ap *seedbed.Approval) error {
	var pr reopenProposal
	if err := payloadOf(ap, &pr); err != nil {
		return err
	}
	_, ps, err := reopenable(ctx, tx, pr.ProgramID)
	if err != nil {
		return err
	}
	sel, err := json.Marshal(ps.Selection)
	if err != nil {
		return err
	}
	ro := &seedbed.SelectionReopening{ProgramID: pr.ProgramID, Reason: pr.Reason, Mode: ps.Mode, Superseded: sel, SelectedAt: *ps.SelectedAt,
		SelectedBy: ps.SelectedBy, Funded: funded(ps.Selection.Decisions), Spent: ps.Selection.Spent, RequestedBy: ap.ProposedBy,
		ApprovedBy: a.Username, ApprovalID: ap.ID}
	if err := tx.InsertSelectionReopening(ctx, ro); err != nil {
		return err
	}
	if err := tx.ClearSelection(ctx, pr.ProgramID); err != nil {
		return err
	}
	if _, err := tx.RecordEvent(ctx, a, seedbed.EventSelectionReopened, seedbed.ProgramSubject(pr.ProgramID), map[string]any{
		"program_id": pr.ProgramID, "reason": pr.Reason, "requested_by": ap.ProposedBy, "approval_id": ap.ID, "reopening_id": ro.ID,
		"superseded": map[string]any{"mode": ps.Mode, "selected_at": sqlstore.FormatTime(*ps.SelectedAt), "selected_by": ps.SelectedBy,
			"funded": ro.Funded, "spent": ro.Spent, "decisions": ps.Selection.Decisions}}); err != nil {
		return err
	}
	return tx.Audit(ctx, a, "program.reopen", "program", pr.ProgramID, pr.Reason)
}

// SelectionReopenings lists a program's reopenings with the selections they superseded, oldest
// first.
func (r *Reviews) SelectionReopenings(ctx context.Context, programID int64) ([]seedbed.SelectionReopening, error) {
	return r.store.SelectionReopenings(ctx, programID)
}
