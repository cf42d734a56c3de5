package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"seedbed"
	"seedbed/auth"
)

const userColumns = `id, username, display_name, role, innovator_id, disabled, created_at`

func scanUser(row scanner) (*seedbed.User, string, error) {
	var u seedbed.User
	var inv sql.NullInt64
	var created, hash string
	if err := row.Scan(&u.ID, &u.Username, &u.DisplayName, &u.Role, &inv, &u.Disabled, &created, &hash); err != nil {
		return nil, "", err
	}
	if inv.Valid {
		u.InnovatorID = &inv.Int64
	}
	u.CreatedAt = parseTime(created)
	return &u, hash, nil
}

// CreateUser validates and stores an account with an argon2id hash of its password.
func (s *Store) CreateUser(ctx context.Context, a seedbed.Actor, u *seedbed.User, password string) error {
	if err := u.Validate(); err != nil {
		return err
	}
	if err := seedbed.ValidatePassword(password); err != nil {
		return err
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *Tx) error {
		u.CreatedAt = tx.now
		id, err := insertID(ctx, tx, `INSERT INTO users (username, display_name, role, innovator_id, password_hash, disabled, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, u.Username, u.DisplayName, u.Role, u.InnovatorID, hash, u.Disabled, fmtTime(tx.now))
		if err != nil {
			if seedbed.ErrorCode(err) == seedbed.ECONFLICT {
				return seedbed.FieldError("username", "用户名 %q 已被使用 / user name %q is taken", u.Username, u.Username)
			}
			return err
		}
		u.ID = id
		return audit(ctx, tx, a, "user.create", "user", id, u.Username+" ("+u.Role+")")
	})
}

// SetPassword replaces a user's password.
func (s *Store) SetPassword(ctx context.Context, a seedbed.Actor, userID int64, password string) error {
	if err := seedbed.ValidatePassword(password); err != nil {
		return err
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = $1 WHERE id = $2`, hash, userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return seedbed.Errorf(seedbed.ENOTFOUND, "用户不存在 / no such user")
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID)
		if err != nil {
			return err
		}
		return audit(ctx, tx, a, "user.password", "user", userID, "")
	})
}

// UserByName returns an account and its password hash.
func (s *Store) UserByName(ctx context.Context, username string) (*seedbed.User, string, error) {
	u, hash, err := scanUser(s.read.QueryRowContext(ctx, `SELECT `+userColumns+`, password_hash FROM users WHERE username = $1`, username))
	if err == sql.ErrNoRows {
		return nil, "", seedbed.Errorf(seedbed.ENOTFOUND, "用户 %q 不存在 / no user %q", username, username)
	}
	return u, hash, err
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

// CreateSession stores a new login session for a user and returns its secret id.
func (s *Store) CreateSession(ctx context.Context, u *seedbed.User, ttl time.Duration, ip string) (string, error) {
	secret, hash, err := auth.NewSecret("sbs_")
	if err != nil {
		return "", err
	}
	a := seedbed.Actor{UserID: u.ID, Username: u.Username, Role: u.Role}
	err = s.inTx(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at < $1`, fmtTime(tx.now)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO sessions (id_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)`,
			hash, u.ID, fmtTime(tx.now), fmtTime(tx.now.Add(ttl))); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO audit_log (at, actor, role, action, entity, entity_id, detail, outcome, ip)
			VALUES ($1, $2, $3, 'login', 'session', '', '', 'ok', $4)`, fmtTime(tx.now), a.Username, a.Role, ip)
		return err
	})
	return secret, err
}

// SessionUser returns the user of a live session, or EUNAUTHORIZED.
func (s *Store) SessionUser(ctx context.Context, secret string) (*seedbed.User, error) {
	u, _, err := scanUser(s.read.QueryRowContext(ctx, `SELECT u.id, u.username, u.display_name, u.role, u.innovator_id,
		u.disabled, u.created_at, '' FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.id_hash = $1 AND s.expires_at > $2`, auth.HashSecret(secret), fmtTime(s.Now())))
	if err == sql.ErrNoRows || (err == nil && u.Disabled) {
		return nil, seedbed.Errorf(seedbed.EUNAUTHORIZED, "会话已过期，请重新登录 / session expired; please sign in again")
	}
	return u, err
}

// DeleteSession ends a session (logout).
func (s *Store) DeleteSession(ctx context.Context, secret string) error {
	_, err := s.write.ExecContext(ctx, `DELETE FROM sessions WHERE id_hash = $1`, auth.HashSecret(secret))
	return err
}

// CreateToken makes an API bearer token for a user and returns the secret, shown once.
func (s *Store) CreateToken(ctx context.Context, a seedbed.Actor, username, name string, ttl time.Duration) (string, *seedbed.Token, error) {
	u, _, err := s.UserByName(ctx, username)
	if err != nil {
		return "", nil, err
	}
	if name == "" {
		name = "api"
	}
	secret, hash, err := auth.NewSecret("sbt_")
	if err != nil {
		return "", nil, err
	}
	t := &seedbed.Token{UserID: u.ID, Name: name}
	err = s.inTx(ctx, func(tx *Tx) error {
		t.CreatedAt = tx.now
		var exp any
		if ttl > 0 {
			e := tx.now.Add(ttl)
			t.ExpiresAt = &e
			exp = fmtTime(e)
		}
		id, err := insertID(ctx, tx, `INSERT INTO api_tokens (user_id, name, secret_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
			u.ID, name, hash, fmtTime(tx.now), exp)
		if err != nil {
			return err
		}
		t.ID = id
		return audit(ctx, tx, a, "token.create", "user", u.ID, name)
	})
	return secret, t, err
}

// TokenUser returns the user of a valid API token, or EUNAUTHORIZED.
func (s *Store) TokenUser(ctx context.Context, secret string) (*seedbed.User, error) {
	u, _, err := scanUser(s.read.QueryRowContext(ctx, `SELECT u.id, u.username, u.display_name, u.role, u.innovator_id,
		u.disabled, u.created_at, '' FROM api_tokens t JOIN users u ON u.id = t.user_id
		WHERE t.secret_hash = $1 AND (t.expires_at IS NULL OR t.expires_at > $2)`, auth.HashSecret(secret), fmtTime(s.Now())))
	if err == sql.ErrNoRows || (err == nil && u.Disabled) {
		return nil, seedbed.Errorf(seedbed.EUNAUTHORIZED, "API 令牌无效或已过期 / invalid or expired API token")
	}
	return u, err
}
