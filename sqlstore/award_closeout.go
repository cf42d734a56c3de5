package sqlstore

import (
	"context"
	"database/sql"

	"seedbed"
)

// InsertCloseout stores an award's final assessment at the transaction's time.
func (tx *Tx) InsertCloseout(ctx context.Context, c *seedbed.Closeout) error {
	c.ClosedAt = tx.now
	_, err := tx.ExecContext(ctx, `INSERT INTO award_closeouts (award_id, rating, summary, closed_by, closed_at) VALUES ($1,$2,$3,$4,$5)`,
		c.AwardID, c.Rating, c.Summary, c.ClosedBy, fmtTime(tx.now))
	return classify(err)
}

// SetAwardStatus moves an award from status from to status to, closed at the transaction's time
// unless it was closed before; it reports whether the award was still in from.
func (tx *Tx) SetAwardStatus(ctx context.Context, awardID int64, from, to, note string) (bool, error) {
	res, err := tx.ExecContext(ctx, `UPDATE awards SET status=$1, status_note=CASE WHEN $2 = '' THEN status_note ELSE $2 END,
		closed_at=COALESCE(closed_at, $3) WHERE id=$4 AND status=$5`, to, note, fmtTime(tx.now), awardID, from)
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n == 1, bumpFunding(ctx, tx)
}

// CancelPendingTranches cancels an award's unpaid tranches.
func (tx *Tx) CancelPendingTranches(ctx context.Context, awardID int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE award_tranches SET status='cancelled' WHERE award_id=$1 AND status='pending'`, awardID)
	return err
}

// closeoutsOf loads the final assessments of awards, by award.
func closeoutsOf(ctx context.Context, q queryer, ids []int64) (map[int64]*seedbed.Closeout, error) {
	out := map[int64]*seedbed.Closeout{}
	if len(ids) == 0 {
		return out, nil
	}
	var w where
	w.inInt64("award_id", ids)
	rows, err := q.QueryContext(ctx, `SELECT award_id, rating, summary, closed_by, closed_at FROM award_closeouts`+w.sql(), w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var c seedbed.Closeout
		var at string
		if err := rows.Scan(&c.AwardID, &c.Rating, &c.Summary, &c.ClosedBy, &at); err != nil {
			return nil, err
		}
		c.ClosedAt = parseTime(at)
		out[c.AwardID] = &c
	}
	return out, rows.Err()
}

// AwardIDOfApplication returns the id of the application's award, or 0 when it has none.
func (s *Store) AwardIDOfApplication(ctx context.Context, appID int64) (int64, error) {
	var id int64
	err := s.read.QueryRowContext(ctx, `SELECT id FROM awards WHERE application_id = $1`, appID).Scan(&id)
	if err == sql.ErrNoRows {
		return 0, nil
	}
	return id, err
}
