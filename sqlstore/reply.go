package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"seedbed"
)

// OpenReplyWindow sets a program's reply window inside tx; ECONFLICT when it was opened
// meanwhile.
func (tx *Tx) OpenReplyWindow(ctx context.Context, programID int64, closes time.Time) error {
	res, err := tx.ExecContext(ctx, `UPDATE programs SET reply_opened_at=$1, reply_closes_at=$2 WHERE id=$3 AND reply_opened_at IS NULL`,
		fmtTime(tx.now), fmtTime(closes), programID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "答复期已开启", En: "the reply window is open already"})
	}
	return nil
}

// InsertReply stores an applicant's reply inside tx; ECONFLICT when the application has one.
func (tx *Tx) InsertReply(ctx context.Context, programID int64, r *seedbed.Reply) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO application_replies (application_id, program_id, body, submitted_by, submitted_at)
		VALUES ($1, $2, $3, $4, $5)`, r.ApplicationID, programID, r.Body, r.SubmittedBy, fmtTime(tx.now))
	r.SubmittedAt = tx.now
	return classify(err)
}

// Reply returns an application's reply, or nil.
func (s *Store) Reply(ctx context.Context, appID int64) (*seedbed.Reply, error) {
	return reply(ctx, s.read, appID)
}

// Reply reads an application's reply inside tx, or nil.
func (tx *Tx) Reply(ctx context.Context, appID int64) (*seedbed.Reply, error) {
	return reply(ctx, tx, appID)
}

func reply(ctx context.Context, q queryer, appID int64) (*seedbed.Reply, error) {
	r := seedbed.Reply{ApplicationID: appID}
	var at string
	err := q.QueryRowContext(ctx, `SELECT body, submitted_by, submitted_at FROM application_replies WHERE application_id = $1`, appID).
		Scan(&r.Body, &r.SubmittedBy, &at)
	if err == sql.ErrNoRows {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	r.SubmittedAt = parseTime(at)
	return &r, nil
}

// SaveSummary stores an application's summary statement inside tx, replacing an earlier one.
func (tx *Tx) SaveSummary(ctx context.Context, programID, appID int64, body, author string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM summary_statements WHERE application_id = $1`, appID); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO summary_statements (application_id, program_id, body, author, updated_at)
		VALUES ($1, $2, $3, $4, $5)`, appID, programID, body, author, fmtTime(tx.now))
	return classify(err)
}

// Summary returns an application's summary statement, or "".
func (s *Store) Summary(ctx context.Context, appID int64) (string, error) {
	var body string
	err := s.read.QueryRowContext(ctx, `SELECT body FROM summary_statements WHERE application_id = $1`, appID).Scan(&body)
	if err == sql.ErrNoRows {
		return "", nil
	}
	return body, err
}
