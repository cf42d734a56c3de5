package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"seedbed"
)

// CommentFilter selects the comments of one notice or one consultation, oldest first.
type CommentFilter struct {
	NoticeID       int64
	ConsultationID int64
	AnsweredOnly   bool
}

// commentsLock is the key of the PostgreSQL advisory lock LockComments takes: a fixed number of
// its own, the only advisory lock seedbed takes.
const commentsLock int64 = 0x5eedbedc0aae47

// LockComments makes the transaction the only one taking a public comment or objection until it
// ends, on PostgreSQL: the throttle per address and the refusal of the same text sent twice
// read what was sent before, so that two submissions at the same moment must not both pass on
// the strength of the same reading. Submissions are few, and each transaction short.
func (tx *Tx) LockComments(ctx context.Context) error {
	return tx.lockRow(ctx, `SELECT pg_advisory_xact_lock($1)`, commentsLock)
}

// InsertComment writes an objection or a comment; c.ID and c.SubmittedAt are set.
func (tx *Tx) InsertComment(ctx context.Context, c *seedbed.PublicComment) error {
	c.SubmittedAt = tx.now
	id, err := insertID(ctx, tx, `INSERT INTO public_comments (kind, notice_id, consultation_id, application_id, text, contact, submitted_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, c.Kind, nullID(c.NoticeID), nullID(c.ConsultationID), c.ApplicationID, c.Text, c.Contact,
		fmtTime(tx.now))
	c.ID = id
	return err
}

// CommentTextExists reports whether the same text was already sent to the notice or consultation.
func (tx *Tx) CommentTextExists(ctx context.Context, noticeID, consultationID int64, text string) (bool, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT count(*) FROM public_comments WHERE (notice_id = $1 OR consultation_id = $2) AND text = $3`,
		noticeID, consultationID, text).Scan(&n)
	return n > 0, err
}

// AnswerComment records the answer to a comment not yet answered; ECONFLICT when it was
// answered meanwhile.
func (tx *Tx) AnswerComment(ctx context.Context, id int64, answer, by string) error {
	res, err := tx.ExecContext(ctx, `UPDATE public_comments SET answer = $1, answered_at = $2, answered_by = $3 WHERE id = $4 AND answered_at IS NULL`,
		answer, fmtTime(tx.now), by, id)
	if err != nil {
		return classify(err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "该意见已答复", En: "this has already been answered"})
	}
	return nil
}

// Comment returns one comment inside tx, or ENOTFOUND.
func (tx *Tx) Comment(ctx context.Context, id int64) (*seedbed.PublicComment, error) {
	c, err := scanComment(tx.QueryRowContext(ctx, `SELECT `+commentColumns+` WHERE id = $1`, id))
	if err == sql.ErrNoRows {
		return nil, seedbed.Errorf(seedbed.ENOTFOUND, seedbed.Label{Zh: "意见不存在", En: "comment not found"})
	}
	return c, err
}

const commentColumns = `id, kind, notice_id, consultation_id, application_id, text, contact, submitted_at, answer, answered_at, answered_by
	FROM public_comments`

func scanComment(row scanner) (*seedbed.PublicComment, error) {
	var c seedbed.PublicComment
	var notice, consultation sql.NullInt64
	var at string
	var answered sql.NullString
	if err := row.Scan(&c.ID, &c.Kind, &notice, &consultation, &c.ApplicationID, &c.Text, &c.Contact, &at, &c.Answer, &answered,
		&c.AnsweredBy); err != nil {
		return nil, err
	}
	c.NoticeID, c.ConsultationID = notice.Int64, consultation.Int64
	c.SubmittedAt = parseTime(at)
	if answered.Valid {
		t := parseTime(answered.String)
		c.AnsweredAt = &t
	}
	return &c, nil
}

// FindComments returns the comments of a notice or a consultation, oldest first.
func (s *Store) FindComments(ctx context.Context, f CommentFilter) ([]seedbed.PublicComment, error) {
	var w where
	if f.NoticeID > 0 {
		w.add("notice_id = ?", f.NoticeID)
	} else {
		w.add("consultation_id = ?", f.ConsultationID)
	}
	if f.AnsweredOnly {
		w.add("answered_at IS NOT NULL")
	}
	rows, err := s.read.QueryContext(ctx, `SELECT `+commentColumns+w.sql()+` ORDER BY id`, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []seedbed.PublicComment{}
	for rows.Next() {
		c, err := scanComment(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *c)
	}
	return out, rows.Err()
}

// CommentsFrom counts what a client address sent since a time, and returns the oldest (zero
// when none).
func (tx *Tx) CommentsFrom(ctx context.Context, address string, since time.Time) (int, time.Time, error) {
	var n int
	var oldest *string
	err := tx.QueryRowContext(ctx, `SELECT count(*), min(at) FROM comment_throttle WHERE address = $1 AND at > $2`,
		address, fmtTime(since)).Scan(&n, &oldest)
	if err != nil || oldest == nil {
		return n, time.Time{}, err
	}
	return n, parseTime(*oldest), nil
}

// CountComment counts one submission from a client address, and forgets those older than before.
func (tx *Tx) CountComment(ctx context.Context, address string, before time.Time) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM comment_throttle WHERE at < $1`, fmtTime(before)); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO comment_throttle (address, at) VALUES ($1, $2)`, address, fmtTime(tx.now))
	return err
}

// nullID stores 0 as NULL.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
