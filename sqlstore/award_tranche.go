package sqlstore

import (
	"context"
	"database/sql"

	"seedbed"
)

// AwardIDOfTranche returns the id of the award a tranche belongs to, or ENOTFOUND.
func (tx *Tx) AwardIDOfTranche(ctx context.Context, trancheID int64) (int64, error) {
	return awardIDOfTranche(ctx, tx, trancheID)
}

func awardIDOfTranche(ctx context.Context, q queryer, trancheID int64) (int64, error) {
	var awardID int64
	err := q.QueryRowContext(ctx, `SELECT award_id FROM award_tranches WHERE id = $1`, trancheID).Scan(&awardID)
	if err == sql.ErrNoRows {
		return 0, seedbed.Errorf(seedbed.ENOTFOUND, seedbed.Label{Zh: "拨付批次 %d 不存在", En: "tranche %d not found"}, trancheID)
	}
	return awardID, err
}

// SetEvidence stores a pending tranche's milestone evidence, at the transaction's time, unless
// the milestone was accepted.
func (tx *Tx) SetEvidence(ctx context.Context, trancheID int64, evidence string) error {
	_, err := tx.ExecContext(ctx, `UPDATE award_tranches SET evidence=$1, evidence_at=$2, milestone_status='submitted'
		WHERE id=$3 AND status='pending' AND milestone_status <> 'accepted'`, evidence, fmtTime(tx.now), trancheID)
	return err
}

// SetMilestoneReview records the review of submitted milestone evidence: its new status
// (accepted or returned), the note and who reviewed it.
func (tx *Tx) SetMilestoneReview(ctx context.Context, trancheID int64, status, note, by string) error {
	_, err := tx.ExecContext(ctx, `UPDATE award_tranches SET milestone_status=$1, review_note=$2, reviewed_at=$3, reviewed_by=$4
		WHERE id=$5 AND milestone_status='submitted'`, status, note, fmtTime(tx.now), by, trancheID)
	return err
}

// StopAward cancels an active award's pending tranches and marks it stopped with note; it
// reports whether the award was still active.
func (tx *Tx) StopAward(ctx context.Context, awardID int64, note string) (bool, error) {
	if _, err := tx.ExecContext(ctx, `UPDATE award_tranches SET status='cancelled' WHERE award_id=$1 AND status='pending'`, awardID); err != nil {
		return false, err
	}
	res, err := tx.ExecContext(ctx, `UPDATE awards SET status='stopped', status_note=$1, closed_at=$2 WHERE id=$3 AND status='active'`,
		note, fmtTime(tx.now), awardID)
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n == 1, bumpFunding(ctx, tx)
}

// MarkTrancheReleased pays a pending tranche whose milestone was accepted; it reports whether
// the tranche was still in that state.
func (tx *Tx) MarkTrancheReleased(ctx context.Context, trancheID int64, by string) (bool, error) {
	res, err := tx.ExecContext(ctx, `UPDATE award_tranches SET status='released', released_at=$1, released_by=$2
		WHERE id=$3 AND status='pending' AND milestone_status='accepted'`, fmtTime(tx.now), by, trancheID)
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// AddReleased adds amount to what an award has paid and sets its status; a completed award is
// closed at the transaction's time.
func (tx *Tx) AddReleased(ctx context.Context, awardID, amount int64, status string) error {
	closed := any(nil)
	if status == seedbed.AwardCompleted {
		closed = fmtTime(tx.now)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE awards SET released = released + $1, status = $2, closed_at = $3 WHERE id = $4`,
		amount, status, closed, awardID); err != nil {
		return classify(err)
	}
	return bumpFunding(ctx, tx)
}

// AwardOfTranche returns the award a tranche belongs to, or ENOTFOUND.
func (s *Store) AwardOfTranche(ctx context.Context, trancheID int64) (*seedbed.Award, error) {
	awardID, err := awardIDOfTranche(ctx, s.read, trancheID)
	if err != nil {
		return nil, err
	}
	return getAward(ctx, s.read, awardID)
}
