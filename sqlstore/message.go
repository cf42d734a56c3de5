package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"seedbed"
)

// Recipient is an account a message goes to, with its e-mail address ("" for none).
type Recipient struct {
	Username, Email string
}

// RecipientsByRole lists the enabled accounts of a role.
func (tx *Tx) RecipientsByRole(ctx context.Context, role string) ([]Recipient, error) {
	return recipients(ctx, tx, `SELECT username, email FROM users WHERE role = $1 AND NOT disabled ORDER BY id`, role)
}

// RecipientsOfInnovator lists the enabled accounts that speak for an organisation.
func (tx *Tx) RecipientsOfInnovator(ctx context.Context, innovatorID int64) ([]Recipient, error) {
	return recipients(ctx, tx, `SELECT username, email FROM users WHERE innovator_id = $1 AND NOT disabled ORDER BY id`, innovatorID)
}

// RecipientByName returns one enabled account, or ENOTFOUND.
func (tx *Tx) RecipientByName(ctx context.Context, username string) (Recipient, error) {
	rs, err := recipients(ctx, tx, `SELECT username, email FROM users WHERE lower(username) = lower($1) AND NOT disabled`, username)
	if err != nil {
		return Recipient{}, err
	}
	if len(rs) == 0 {
		return Recipient{}, seedbed.Errorf(seedbed.ENOTFOUND, seedbed.Label{Zh: "用户 %q 不存在", En: "no user %q"}, username)
	}
	return rs[0], nil
}

// RecipientByID returns one account by id, or ENOTFOUND.
func (tx *Tx) RecipientByID(ctx context.Context, id int64) (Recipient, error) {
	rs, err := recipients(ctx, tx, `SELECT username, email FROM users WHERE id = $1 AND NOT disabled`, id)
	if err != nil {
		return Recipient{}, err
	}
	if len(rs) == 0 {
		return Recipient{}, seedbed.Errorf(seedbed.ENOTFOUND, seedbed.Label{Zh: "用户 %d 不存在", En: "no user %d"}, id)
	}
	return rs[0], nil
}

func recipients(ctx context.Context, tx *Tx, query string, arg any) ([]Recipient, error) {
	rows, err := tx.QueryContext(ctx, query, arg)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Recipient
	for rows.Next() {
		var r Recipient
		if err := rows.Scan(&r.Username, &r.Email); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// InsertMessage stores a message at the transaction's time and sets its id.
func (tx *Tx) InsertMessage(ctx context.Context, m *seedbed.Message) error {
	m.CreatedAt = tx.now
	id, err := insertID(ctx, tx, `INSERT INTO messages (username, kind, subject_zh, subject_en, body_zh, body_en, link, created_at)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`, m.Username, m.Kind, m.Subject.Zh, m.Subject.En, m.Body.Zh, m.Body.En, m.Link, fmtTime(tx.now))
	m.ID = id
	return err
}

// InsertMail puts an e-mail in the outbox, due at once.
func (tx *Tx) InsertMail(ctx context.Context, m *seedbed.Mail) error {
	id, err := insertID(ctx, tx, `INSERT INTO mail_outbox (message_id, to_addr, subject, body, status, next_attempt_at)
		VALUES ($1,$2,$3,$4,'pending',$5)`, m.MessageID, m.To, m.Subject, m.Body, fmtTime(tx.now))
	m.ID = id
	return err
}

// FindMessages returns one page of a user's messages, newest first, how many match and how many
// of the user's messages are unread.
func (s *Store) FindMessages(ctx context.Context, f seedbed.MessageFilter) ([]seedbed.Message, int, int, error) {
	var w where
	w.add("username = ?", f.Username)
	if f.Unread {
		w.add("read_at IS NULL")
	}
	var total, unread int
	if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM messages`+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, 0, err
	}
	if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM messages WHERE username = $1 AND read_at IS NULL`, f.Username).Scan(&unread); err != nil {
		return nil, 0, 0, err
	}
	offset, limit := clampPage(f.Offset, f.Limit, 50, 500)
	rows, err := s.read.QueryContext(ctx, `SELECT id, username, kind, subject_zh, subject_en, body_zh, body_en, link, created_at, read_at
		FROM messages`+w.sql()+orderBy(f.Order, seedbed.MessageSorts, messageOrder, "id")+` LIMIT `+w.next(limit)+` OFFSET `+w.next(offset), w.args...)
	if err != nil {
		return nil, 0, 0, err
	}
	defer rows.Close()
	out := []seedbed.Message{}
	for rows.Next() {
		var m seedbed.Message
		var created string
		var read sql.NullString
		if err := rows.Scan(&m.ID, &m.Username, &m.Kind, &m.Subject.Zh, &m.Subject.En, &m.Body.Zh, &m.Body.En, &m.Link, &created, &read); err != nil {
			return nil, 0, 0, err
		}
		m.CreatedAt, m.ReadAt = parseTime(created), optTime(read)
		out = append(out, m)
	}
	return out, total, unread, rows.Err()
}

// UnreadMessages counts a user's unread messages.
func (s *Store) UnreadMessages(ctx context.Context, username string) (int, error) {
	var n int
	err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM messages WHERE username = $1 AND read_at IS NULL`, username).Scan(&n)
	return n, err
}

// MarkMessagesRead marks a user's message id read (every unread one for 0); it reports how many
// changed. A message of another user is never touched.
func (tx *Tx) MarkMessagesRead(ctx context.Context, username string, id int64) (int, error) {
	// A message cannot be read before it arrived: on a clock set back (imports of the past, the
	// demo), messages of a later day stay unread.
	q, args := `UPDATE messages SET read_at = $1 WHERE username = $2 AND read_at IS NULL AND created_at <= $1`, []any{fmtTime(tx.now), username}
	if id != 0 {
		q += ` AND id = $3`
		args = append(args, id)
	}
	res, err := tx.ExecContext(ctx, q, args...)
	if err != nil {
		return 0, err
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// MessageOwner returns the username a message belongs to, or ENOTFOUND.
func (tx *Tx) MessageOwner(ctx context.Context, id int64) (string, error) {
	var u string
	err := tx.QueryRowContext(ctx, `SELECT username FROM messages WHERE id = $1`, id).Scan(&u)
	if err == sql.ErrNoRows {
		return "", seedbed.Errorf(seedbed.ENOTFOUND, seedbed.Label{Zh: "消息 %d 不存在", En: "message %d not found"}, id)
	}
	return u, err
}

// DueMail lists up to limit e-mails of the outbox whose next attempt is due at now.
func (s *Store) DueMail(ctx context.Context, now time.Time, limit int) ([]seedbed.Mail, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT id, message_id, to_addr, subject, body, attempts, status, last_error FROM mail_outbox
		WHERE status = 'pending' AND next_attempt_at <= $1 ORDER BY id LIMIT $2`, fmtTime(now), limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []seedbed.Mail
	for rows.Next() {
		var m seedbed.Mail
		if err := rows.Scan(&m.ID, &m.MessageID, &m.To, &m.Subject, &m.Body, &m.Attempts, &m.Status, &m.LastError); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// MailOutcome records one delivery attempt: sent, or failed with the error, to be tried again
// at next or, with status failed, given up.
func (s *Store) MailOutcome(ctx context.Context, id int64, status, lastError string, next time.Time) error {
	return s.InTx(ctx, func(tx *Tx) error {
		sent := any(nil)
		if status == seedbed.MailSent {
			sent = fmtTime(tx.now)
		}
		_, err := tx.ExecContext(ctx, `UPDATE mail_outbox SET status=$1, attempts=attempts+1, last_error=$2, next_attempt_at=$3, sent_at=$4
			WHERE id=$5`, status, lastError, fmtTime(next), sent, id)
		return err
	})
}

// MailStatus counts the outbox by status.
func (s *Store) MailStatus(ctx context.Context) (map[string]int, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT status, count(*) FROM mail_outbox GROUP BY status`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, err
		}
		out[st] = n
	}
	return out, rows.Err()
}

// SetUserEmail sets the e-mail address messages of a user are sent to ("" for none).
func (tx *Tx) SetUserEmail(ctx context.Context, userID int64, email string) error {
	res, err := tx.ExecContext(ctx, `UPDATE users SET email = $1 WHERE id = $2`, email, userID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return seedbed.Errorf(seedbed.ENOTFOUND, seedbed.Label{Zh: "用户 %d 不存在", En: "no user %d"}, userID)
	}
	return nil
}

// UserEmail returns a user's e-mail address ("" for none).
func (s *Store) UserEmail(ctx context.Context, userID int64) (string, error) {
	var e string
	err := s.read.QueryRowContext(ctx, `SELECT email FROM users WHERE id = $1`, userID).Scan(&e)
	if err == sql.ErrNoRows {
		return "", seedbed.Errorf(seedbed.ENOTFOUND, seedbed.Label{Zh: "用户 %d 不存在", En: "no user %d"}, userID)
	}
	return e, err
}
