package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"unicode/utf8"

	"seedbed"
)

// trancheAward loads a tranche and its award, refusing unless the award is still active.
func trancheAward(ctx context.Context, tx *Tx, trancheID int64) (*seedbed.Tranche, *seedbed.Award, error) {
	var awardID int64
	err := tx.QueryRowContext(ctx, `SELECT award_id FROM award_tranches WHERE id = $1`, trancheID).Scan(&awardID)
	if err == sql.ErrNoRows {
		return nil, nil, seedbed.Errorf(seedbed.ENOTFOUND, "拨付批次 %d 不存在 / tranche %d not found", trancheID, trancheID)
	}
	if err != nil {
		return nil, nil, err
	}
	aw, err := getAward(ctx, tx, awardID)
	if err != nil {
		return nil, nil, err
	}
	if aw.Status != seedbed.AwardActive {
		return nil, nil, seedbed.Errorf(seedbed.ECONFLICT, "资助已%s / the award is %s", seedbed.AwardStatuses.Label(aw.Status).Zh,
			strings.ToLower(seedbed.AwardStatuses.Label(aw.Status).En))
	}
	for i := range aw.Tranches {
		if aw.Tranches[i].ID == trancheID {
			t := aw.Tranches[i]
			if t.Status != seedbed.TranchePending {
				return nil, nil, seedbed.Errorf(seedbed.ECONFLICT, "第 %d 批资金%s / tranche %d is %s", t.Seq,
					seedbed.TrancheStates.Label(t.Status).Zh, t.Seq, t.Status)
			}
			return &t, aw, nil
		}
	}
	return nil, nil, fmt.Errorf("tranche %d missing from award %d", trancheID, awardID)
}

// previousReleased refuses work on a tranche while an earlier one is unpaid.
func previousReleased(aw *seedbed.Award, t *seedbed.Tranche) error {
	for _, x := range aw.Tranches {
		if x.Seq < t.Seq && x.Status != seedbed.TrancheReleased {
			return seedbed.Errorf(seedbed.ECONFLICT, "第 %d 批资金尚未拨付，须按顺序进行 / tranche %d has not been released yet; tranches go in order", x.Seq, x.Seq)
		}
	}
	return nil
}

// SubmitEvidence stores the recipient's evidence that a tranche's milestone was reached. Only
// the recipient organisation may submit it.
func (s *Store) SubmitEvidence(ctx context.Context, a seedbed.Actor, trancheID int64, evidence string) (*seedbed.Tranche, error) {
	var t *seedbed.Tranche
	err := s.decide(ctx, a, "tranche.evidence", "tranche", trancheID, func(tx *Tx) error {
		var aw *seedbed.Award
		var err error
		if t, aw, err = trancheAward(ctx, tx, trancheID); err != nil {
			return err
		}
		if a.InnovatorID == nil || *a.InnovatorID != aw.InnovatorID {
			return seedbed.Errorf(seedbed.EFORBIDDEN, "只有受资助单位可以提交里程碑证明 / only the recipient may submit milestone evidence")
		}
		evidence = strings.TrimSpace(strings.ReplaceAll(evidence, "\r\n", "\n"))
		if evidence == "" || utf8.RuneCountInString(evidence) > 4000 {
			return seedbed.FieldError("evidence", "请写明里程碑的完成情况（1–4000 字，可列出可核查的链接或编号）/ describe how the milestone was reached (1–4000 characters; list verifiable links or numbers)")
		}
		if t.MilestoneStatus == seedbed.MilestoneAccepted {
			return seedbed.Errorf(seedbed.ECONFLICT, "里程碑已验收 / the milestone was already accepted")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE award_tranches SET evidence=$1, evidence_at=$2, milestone_status='submitted'
			WHERE id=$3 AND status='pending' AND milestone_status <> 'accepted'`, evidence, fmtTime(tx.now), trancheID); err != nil {
			return err
		}
		now := tx.now
		t.Evidence, t.EvidenceAt, t.MilestoneStatus = evidence, &now, seedbed.MilestoneSubmitted
		return audit(ctx, tx, a, "tranche.evidence", "tranche", trancheID, fmt.Sprintf("award %d, tranche %d", aw.ID, t.Seq))
	})
	return t, err
}

// ReviewMilestone records an officer's decision on a tranche's milestone evidence: accept it
// (at a stage gate, a go), return it for more, or stop the award (a no-go). Stopping cancels the
// unpaid tranches and gives their amount back to the program's budget.
func (s *Store) ReviewMilestone(ctx context.Context, a seedbed.Actor, trancheID int64, m seedbed.MilestoneReview) (*seedbed.Award, error) {
	var aw *seedbed.Award
	m.Note = strings.TrimSpace(m.Note)
	err := s.decide(ctx, a, "tranche.review", "tranche", trancheID, func(tx *Tx) error {
		if err := m.Validate(); err != nil {
			return err
		}
		t, w, err := trancheAward(ctx, tx, trancheID)
		if err != nil {
			return err
		}
		if err := previousReleased(w, t); err != nil {
			return err
		}
		if m.Decision != seedbed.MilestoneStop && t.MilestoneStatus != seedbed.MilestoneSubmitted {
			return seedbed.Errorf(seedbed.ECONFLICT, "里程碑证明%s，无可审核的内容 / the milestone is %s; there is no evidence to review",
				seedbed.MilestoneStates.Label(t.MilestoneStatus).Zh, strings.ToLower(seedbed.MilestoneStates.Label(t.MilestoneStatus).En))
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
			if _, err := tx.ExecContext(ctx, `UPDATE award_tranches SET milestone_status=$1, review_note=$2, reviewed_at=$3, reviewed_by=$4
				WHERE id=$5 AND milestone_status='submitted'`, status, m.Note, fmtTime(tx.now), a.Username, t.ID); err != nil {
				return err
			}
			if t.Gate {
				payload["go"] = m.Decision == seedbed.MilestoneAccept
			}
		case seedbed.MilestoneStop:
			if err := stopAward(ctx, tx, a, w, m.Note); err != nil {
				return err
			}
			payload["go"] = false
		}
		if _, err := recordEvent(ctx, tx, a, kind, awardSubject(w.ID), payload); err != nil {
			return err
		}
		if err := audit(ctx, tx, a, "tranche.review", "tranche", t.ID, m.Decision); err != nil {
			return err
		}
		aw, err = getAward(ctx, tx, w.ID)
		return err
	})
	return aw, err
}

// stopAward ends an award after a no-go: the pending tranches are cancelled and what they held
// goes back to the program.
func stopAward(ctx context.Context, tx *Tx, a seedbed.Actor, w *seedbed.Award, note string) error {
	unpaid := w.Amount - w.Released
	if _, err := tx.ExecContext(ctx, `UPDATE award_tranches SET status='cancelled' WHERE award_id=$1 AND status='pending'`, w.ID); err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, `UPDATE awards SET status='stopped', status_note=$1, closed_at=$2 WHERE id=$3 AND status='active'`,
		note, fmtTime(tx.now), w.ID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return seedbed.Errorf(seedbed.ECONFLICT, "资助状态已改变，请刷新 / the award changed meanwhile; reload")
	}
	if _, err := tx.ExecContext(ctx, `UPDATE programs SET committed = committed - $1 WHERE id = $2`, unpaid, w.ProgramID); err != nil {
		return classify(err)
	}
	_, err = recordEvent(ctx, tx, a, seedbed.EventAwardStatus, awardSubject(w.ID), map[string]any{"award_id": w.ID,
		"status": seedbed.AwardStopped, "note": note, "released": w.Released, "returned_to_budget": unpaid})
	return err
}

// ReleaseTranche pays a tranche. It is refused unless an officer accepted the milestone evidence
// and every earlier tranche was paid; the last tranche completes the award.
func (s *Store) ReleaseTranche(ctx context.Context, a seedbed.Actor, trancheID int64) (*seedbed.Award, error) {
	var aw *seedbed.Award
	err := s.decide(ctx, a, "tranche.release", "tranche", trancheID, func(tx *Tx) error {
		t, w, err := trancheAward(ctx, tx, trancheID)
		if err != nil {
			return err
		}
		if err := previousReleased(w, t); err != nil {
			return err
		}
		if t.MilestoneStatus != seedbed.MilestoneAccepted {
			return seedbed.Errorf(seedbed.ECONFLICT, "里程碑证明尚未验收（%s），不能拨付 / the milestone evidence has not been accepted (%s); the tranche cannot be released",
				seedbed.MilestoneStates.Label(t.MilestoneStatus).Zh, strings.ToLower(seedbed.MilestoneStates.Label(t.MilestoneStatus).En))
		}
		res, err := tx.ExecContext(ctx, `UPDATE award_tranches SET status='released', released_at=$1, released_by=$2
			WHERE id=$3 AND status='pending' AND milestone_status='accepted'`, fmtTime(tx.now), a.Username, t.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return seedbed.Errorf(seedbed.ECONFLICT, "该批资金已拨付或状态已改变 / the tranche was released or changed meanwhile")
		}
		last := t.Seq == len(w.Tranches)
		status, closed := seedbed.AwardActive, any(nil)
		if last {
			status, closed = seedbed.AwardCompleted, fmtTime(tx.now)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE awards SET released = released + $1, status = $2, closed_at = $3 WHERE id = $4`,
			t.Amount, status, closed, w.ID); err != nil {
			return classify(err)
		}
		if _, err := recordEvent(ctx, tx, a, seedbed.EventTrancheRelease, awardSubject(w.ID), map[string]any{
			"award_id": w.ID, "tranche_id": t.ID, "seq": t.Seq, "amount": t.Amount, "released_total": w.Released + t.Amount,
			"milestone": t.Milestone, "evidence": t.Evidence, "accepted_by": t.ReviewedBy, "award_status": status}); err != nil {
			return err
		}
		if err := audit(ctx, tx, a, "tranche.release", "tranche", t.ID, fmt.Sprintf("award %d, tranche %d, %d yuan", w.ID, t.Seq, t.Amount)); err != nil {
			return err
		}
		aw, err = getAward(ctx, tx, w.ID)
		return err
	})
	return aw, err
}

// AwardOfTranche returns the award a tranche belongs to, or ENOTFOUND.
func (s *Store) AwardOfTranche(ctx context.Context, trancheID int64) (*seedbed.Award, error) {
	var awardID int64
	err := s.read.QueryRowContext(ctx, `SELECT award_id FROM award_tranches WHERE id = $1`, trancheID).Scan(&awardID)
	if err == sql.ErrNoRows {
		return nil, seedbed.Errorf(seedbed.ENOTFOUND, "拨付批次 %d 不存在 / tranche %d not found", trancheID, trancheID)
	}
	if err != nil {
		return nil, err
	}
	return getAward(ctx, s.read, awardID)
}
