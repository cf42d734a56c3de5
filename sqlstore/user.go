package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"seedbed"
)

// userColumns are the columns scanUser reads, before the password hash (or ”).
const userColumns = `id, username, display_name, role, innovator_id, disabled, totp_secret <> '', created_at`

// userColumnsU are userColumns of the users table named u in a join.
const userColumnsU = `u.id, u.username, u.display_name, u.role, u.innovator_id, u.disabled, u.totp_secret <> '', u.created_at`

func scanUser(row scanner) (*seedbed.User, string, error) {
	var u seedbed.User
	var inv sql.NullInt64
	var created, hash string
	if err := row.Scan(&u.ID, &u.Username, &u.DisplayName, &u.Role, &inv, &u.Disabled, &u.TOTPEnabled, &created, &hash); err != nil {
		return nil, "", err
	}
	if inv.Valid {
		u.InnovatorID = &inv.Int64
	}
	u.CreatedAt = parseTime(created)
	return &u, hash, nil
}

// InsertUser stores an account with its password hash. A user name already taken is an
// invalid-input error on the field "username".
func (tx *Tx) InsertUser(ctx context.Context, u *seedbed.User, passwordHash string) error {
	u.CreatedAt = tx.now
	id, err := insertID(ctx, tx, `INSERT INTO users (username, display_name, role, innovator_id, password_hash, disabled, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, u.Username, u.DisplayName, u.Role, u.InnovatorID, passwordHash, u.Disabled, fmtTime(tx.now))
	if err != nil {
		if seedbed.ErrorCode(err) == seedbed.ECONFLICT {
			return seedbed.FieldError("username", seedbed.Label{Zh: "用户名 %q 已被使用", En: "user name %q is taken"}, u.Username)
		}
		return err
	}
	u.ID = id
	return nil
}

// SetPasswordHash replaces a user's password hash and ends the user's sessions; an unknown
// user is ENOTFOUND.
func (tx *Tx) SetPasswordHash(ctx context.Context, userID int64, passwordHash string) error {
	res, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = $1 WHERE id = $2`, passwordHash, userID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return seedbed.Errorf(seedbed.ENOTFOUND, seedbed.Label{Zh: "用户不存在", En: "no such user"})
	}
	_, err = tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID)
	return err
}

// UserByName returns an account and its password hash; user names match whatever their case.
func (s *Store) UserByName(ctx context.Context, username string) (*seedbed.User, string, error) {
	u, hash, err := scanUser(s.read.QueryRowContext(ctx, `SELECT `+userColumns+`, password_hash FROM users WHERE lower(username) = lower($1)`, username))
	if err == sql.ErrNoRows {
		return nil, "", seedbed.Errorf(seedbed.ENOTFOUND, seedbed.Label{Zh: "用户 %q 不存在", En: "no user %q"}, username)
	}
	return u, hash, err
}

// UserByName returns an account as the transaction sees it, or ENOTFOUND; user names match
// whatever their case.
func (tx *Tx) UserByName(ctx context.Context, username string) (*seedbed.User, error) {
	u, _, err := scanUser(tx.QueryRowContext(ctx, `SELECT `+userColumns+`, '' FROM users WHERE lower(username) = lower($1)`, username))
	if err == sql.ErrNoRows {
		return nil, seedbed.Errorf(seedbed.ENOTFOUND, seedbed.Label{Zh: "用户 %q 不存在", En: "no user %q"}, username)
	}
	return u, err
}

// Users lists every account.
func (s *Store) Users(ctx context.Context) ([]seedbed.User, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+userColumns+`, '' FROM users ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []seedbed.User
	for rows.Next() {
		u, _, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *u)
	}
	return out, rows.Err()
}

// InsertSession stores a session, known by the hash of its secret, that lasts ttl, begun from
// address ip; a pending session has passed the password and still owes the second factor.
// Sessions that have expired are removed on the way.
func (tx *Tx) InsertSession(ctx context.Context, userID int64, secretHash string, ttl time.Duration, ip string, pending bool) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at < $1`, fmtTime(tx.now)); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO sessions (id_hash, user_id, created_at, expires_at, ip, pending) VALUES ($1, $2, $3, $4, $5, $6)`,
		secretHash, userID, fmtTime(tx.now), fmtTime(tx.now.Add(ttl)), ip, pending)
	return err
}

// SessionUser returns the user of the live, complete session whose secret hashes to
// secretHash, or ENOTFOUND.
func (s *Store) SessionUser(ctx context.Context, secretHash string) (*seedbed.User, error) {
	u, _, err := scanUser(s.read.QueryRowContext(ctx, `SELECT `+userColumnsU+`, '' FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.id_hash = $1 AND s.expires_at > $2 AND NOT s.pending`, secretHash, fmtTime(s.Now())))
	if err == sql.ErrNoRows {
		return nil, seedbed.Errorf(seedbed.ENOTFOUND, seedbed.Label{Zh: "会话不存在", En: "no such session"})
	}
	return u, err
}

// DeleteSession ends the session whose secret hashes to secretHash (logout).
func (tx *Tx) DeleteSession(ctx context.Context, secretHash string) error {
	_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE id_hash = $1`, secretHash)
	return err
}

// InsertToken stores an API token, known by the hash of its secret, that lasts ttl (0: no
// expiry).
func (tx *Tx) InsertToken(ctx context.Context, t *seedbed.Token, secretHash string, ttl time.Duration) error {
	if t.Name == "" {
		t.Name = "api"
	}
	t.CreatedAt = tx.now
	var exp any
	if ttl > 0 {
		e := tx.now.Add(ttl)
		t.ExpiresAt = &e
		exp = fmtTime(e)
	}
	id, err := insertID(ctx, tx, `INSERT INTO api_tokens (user_id, name, secret_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
		t.UserID, t.Name, secretHash, fmtTime(tx.now), exp)
	if err != nil {
		return err
	}
	t.ID = id
	return nil
}

// TokenUser returns the user of the unexpired, unrevoked API token whose secret hashes to secretHash, or
// ENOTFOUND.
func (s *Store) TokenUser(ctx context.Context, secretHash string) (*seedbed.User, error) {
	u, _, err := scanUser(s.read.QueryRowContext(ctx, `SELECT `+userColumnsU+`, '' FROM api_tokens t JOIN users u ON u.id = t.user_id
		WHERE t.secret_hash = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > $2)`, secretHash, fmtTime(s.Now())))
	if err == sql.ErrNoRows {
		return nil, seedbed.Errorf(seedbed.ENOTFOUND, seedbed.Label{Zh: "令牌不存在", En: "no such token"})
	}
	return u, err
}
