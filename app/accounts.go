package app

import (
	"context"
	"errors"
	"strings"
	"time"

	"seedbed"
	"seedbed/auth"
	"seedbed/sqlstore"
)

// Accounts manages user accounts, sessions and API tokens.
type Accounts struct {
	store *sqlstore.Store
}

// CreateUser validates and stores an account with an argon2id hash of its password; an
// applicant's innovator must exist. Errors: EINVALID (a bad field, a short password, a user name
// taken, an innovator that does not exist).
func (s *Accounts) CreateUser(ctx context.Context, a seedbed.Actor, u *seedbed.User, password string) error {
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
	return s.store.InTx(ctx, func(tx *sqlstore.Tx) error {
		if u.InnovatorID != nil {
			if _, err := tx.Innovator(ctx, *u.InnovatorID); seedbed.ErrorCode(err) == seedbed.ENOTFOUND {
				return seedbed.FieldError("innovator_id", seedbed.Label{Zh: "创新主体 %d 不存在", En: "innovator %d does not exist"}, *u.InnovatorID)
			} else if err != nil {
				return err
			}
		}
		if err := tx.InsertUser(ctx, u, hash); err != nil {
			return err
		}
		if err := recordRole(ctx, tx, a, u, ""); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "user.create", "user", u.ID, u.Username+" ("+u.Role+")")
	})
}

// SetPassword replaces a user's password and ends the user's sessions. Errors: EINVALID (a
// short password), ENOTFOUND.
func (s *Accounts) SetPassword(ctx context.Context, a seedbed.Actor, userID int64, password string) error {
	if err := seedbed.ValidatePassword(password); err != nil {
		return err
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return err
	}
	return s.store.InTx(ctx, func(tx *sqlstore.Tx) error {
		if err := tx.SetPasswordHash(ctx, userID, hash); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "user.password", "user", userID, "")
	})
}

// User returns an account by its user name, or ENOTFOUND.
func (s *Accounts) User(ctx context.Context, username string) (*seedbed.User, error) {
	u, _, err := s.store.UserByName(ctx, username)
	return u, err
}

// Users lists every account.
func (s *Accounts) Users(ctx context.Context) ([]seedbed.User, error) {
	return s.store.Users(ctx)
}

// errLoginFailed is what Login returns for an unknown user, a disabled account or a wrong
// password alike, so that the answer does not tell which.
var errLoginFailed = seedbed.Errorf(seedbed.EUNAUTHORIZED, seedbed.Label{Zh: "用户名或密码错误", En: "wrong user name or password"})

// Login checks a password and opens a session lasting ttl; it returns the user and the session's
// secret, to be kept by the browser. When the account has a second factor (u.TOTPEnabled) the
// session is pending instead: it lasts a few minutes, lets nothing in, and only CompleteLogin
// with a code turns it into a session. A failed attempt is recorded in the audit log and is
// EUNAUTHORIZED, whatever the reason.
func (s *Accounts) Login(ctx context.Context, username, password string, ttl time.Duration, ip string) (*seedbed.User, string, error) {
	u, hash, err := s.store.UserByName(ctx, strings.TrimSpace(username))
	switch {
	case err == nil && !u.Disabled:
		err = auth.CheckPassword(hash, password)
	case err == nil, seedbed.ErrorCode(err) == seedbed.ENOTFOUND:
		err = auth.CheckNone(password) // as long as a wrong password: the time tells nothing either
	}
	if err != nil {
		if seedbed.ErrorCode(err) != seedbed.ENOTFOUND && !errors.Is(err, auth.ErrMismatch) {
			return nil, "", err
		}
		if aerr := s.store.Audit(context.WithoutCancel(ctx), seedbed.AuditEntry{Actor: username, Action: "login", Entity: "session", Outcome: "denied", IP: ip}); aerr != nil {
			return nil, "", aerr
		}
		return nil, "", errLoginFailed
	}
	secret, secretHash, err := auth.NewSecret("sbs_")
	if err != nil {
		return nil, "", err
	}
	err = s.store.InTx(ctx, func(tx *sqlstore.Tx) error {
		if u.TOTPEnabled {
			if err := tx.InsertSession(ctx, u.ID, secretHash, secondFactorWait, ip, true); err != nil {
				return err
			}
			return tx.AuditEntry(ctx, seedbed.AuditEntry{Actor: u.Username, Role: u.Role, Action: "login.password", Entity: "session",
				Detail: "second factor owed", IP: ip})
		}
		if err := tx.InsertSession(ctx, u.ID, secretHash, ttl, ip, false); err != nil {
			return err
		}
		return tx.AuditEntry(ctx, seedbed.AuditEntry{Actor: u.Username, Role: u.Role, Action: "login", Entity: "session", IP: ip})
	})
	if err != nil {
		return nil, "", err
	}
	return u, secret, nil
}

// SessionUser returns the user of a live session, or EUNAUTHORIZED.
func (s *Accounts) SessionUser(ctx context.Context, secret string) (*seedbed.User, error) {
	u, err := s.store.SessionUser(ctx, auth.HashSecret(secret))
	if seedbed.ErrorCode(err) == seedbed.ENOTFOUND || (err == nil && u.Disabled) {
		return nil, seedbed.Errorf(seedbed.EUNAUTHORIZED, seedbed.Label{Zh: "会话已过期，请重新登录", En: "session expired; please sign in again"})
	}
	return u, err
}

// Logout ends a session.
func (s *Accounts) Logout(ctx context.Context, secret string) error {
	return s.store.InTx(ctx, func(tx *sqlstore.Tx) error { return tx.DeleteSession(ctx, auth.HashSecret(secret)) })
}

// CreateToken makes an API bearer token for a user, lasting ttl (0: no expiry), and returns
// its secret, shown once. Errors: ENOTFOUND (no such user).
func (s *Accounts) CreateToken(ctx context.Context, a seedbed.Actor, username, name string, ttl time.Duration) (string, *seedbed.Token, error) {
	secret, secretHash, err := auth.NewSecret("sbt_")
	if err != nil {
		return "", nil, err
	}
	var t *seedbed.Token
	err = s.store.InTx(ctx, func(tx *sqlstore.Tx) error {
		u, err := tx.UserByName(ctx, username)
		if err != nil {
			return err
		}
		t = &seedbed.Token{UserID: u.ID, Name: name}
		if err := tx.InsertToken(ctx, t, secretHash, ttl); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "token.create", "user", u.ID, t.Name)
	})
	if err != nil {
		return "", nil, err
	}
	return secret, t, nil
}

// TokenUser returns the user of a valid API token, or EUNAUTHORIZED.
func (s *Accounts) TokenUser(ctx context.Context, secret string) (*seedbed.User, error) {
	u, err := s.store.TokenUser(ctx, auth.HashSecret(secret))
	if seedbed.ErrorCode(err) == seedbed.ENOTFOUND || (err == nil && u.Disabled) {
		return nil, seedbed.Errorf(seedbed.EUNAUTHORIZED, seedbed.Label{Zh: "API 令牌无效或已过期", En: "invalid or expired API token"})
	}
	return u, err
}
