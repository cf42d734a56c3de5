package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"seedbed"
)

// UserPasswordHash returns an account's password hash, or ENOTFOUND.
func (tx *Tx) UserPasswordHash(ctx context.Context, userID int64) (string, error) {
	var hash string
	err := tx.QueryRowContext(ctx, `SELECT password_hash FROM users WHERE id = $1`, userID).Scan(&hash)
	if err == sql.ErrNoRows {
		return "", seedbed.Errorf(seedbed.ENOTFOUND, seedbed.Label{Zh: "用户不存在", En: "no such user"})
	}
	return hash, err
}

// SetUserDisabled disables or re-enables an account.
func (tx *Tx) SetUserDisabled(ctx context.Context, userID int64, disabled bool) error {
	_, err := tx.ExecContext(ctx, `UPDATE users SET disabled = $1 WHERE id = $2`, disabled, userID)
	return err
}

// DeleteUserSessions ends every session of a user, complete or pending, and returns how many.
func (tx *Tx) DeleteUserSessions(ctx context.Context, userID int64) (int64, error) {
	res, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// DeleteUserSession ends one session of a user, named by its ID (the hash of its secret); a
// session that is not the user's, or not there, is ENOTFOUND.
func (tx *Tx) DeleteUserSession(ctx context.Context, userID int64, id string) error {
	res, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1 AND id_hash = $2`, userID, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return seedbed.Errorf(seedbed.ENOTFOUND, seedbed.Label{Zh: "会话不存在", En: "no such session"})
	}
	return nil
}

// Sessions lists a user's live, complete sessions, newest first.
func (s *Store) Sessions(ctx context.Context, userID int64) ([]seedbed.Session, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT id_hash, user_id, ip, created_at, expires_at FROM sessions
		WHERE user_id = $1 AND expires_at > $2 AND NOT pending ORDER BY created_at DESC, id_hash`, userID, fmtTime(s.Now()))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []seedbed.Session{}
	for rows.Next() {
		var se seedbed.Session
		var created, expires string
		if err := rows.Scan(&se.ID, &se.UserID, &se.IP, &created, &expires); err != nil {
			return nil, err
		}
		se.CreatedAt, se.ExpiresAt = parseTime(created), parseTime(expires)
		out = append(out, se)
	}
	return out, rows.Err()
}

const tokenColumns = `id, user_id, name, created_at, expires_at, last_used, revoked_at`

func scanToken(row scanner) (*seedbed.Token, error) {
	var t seedbed.Token
	var created string
	var expires, used, revoked sql.NullString
	if err := row.Scan(&t.ID, &t.UserID, &t.Name, &created, &expires, &used, &revoked); err != nil {
		return nil, err
	}
	t.CreatedAt = parseTime(created)
	for _, p := range []struct {
		v   sql.NullString
		dst **time.Time
	}{{expires, &t.ExpiresAt}, {used, &t.LastUsed}, {revoked, &t.RevokedAt}} {
		if p.v.Valid {
			at := parseTime(p.v.String)
			*p.dst = &at
		}
	}
	return &t, nil
}

// Tokens lists a user's API tokens that still work (neither revoked nor expired), newest first.
func (s *Store) Tokens(ctx context.Context, userID int64) ([]seedbed.Token, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+tokenColumns+` FROM api_tokens
		WHERE user_id = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2) ORDER BY id DESC`, userID, fmtTime(s.Now()))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []seedbed.Token{}
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *t)
	}
	return out, rows.Err()
}

// Token returns an API token's metadata, or ENOTFOUND.
func (tx *Tx) Token(ctx context.Context, id int64) (*seedbed.Token, error) {
	t, err := scanToken(tx.QueryRowContext(ctx, `SELECT `+tokenColumns+` FROM api_tokens WHERE id = $1`, id))
	if err == sql.ErrNoRows {
		return nil, seedbed.Errorf(seedbed.ENOTFOUND, seedbed.Label{Zh: "令牌 %d 不存在", En: "no token %d"}, id)
	}
	return t, err
}

// RevokeToken marks an API token revoked, from now on.
func (tx *Tx) RevokeToken(ctx context.Context, id int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL`, fmtTime(tx.now), id)
	return err
}

// RevokeUserTokens revokes every API token of a user that is not revoked yet and returns how
// many.
func (tx *Tx) RevokeUserTokens(ctx context.Context, userID int64) (int64, error) {
	res, err := tx.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL`, fmtTime(tx.now), userID)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
