package app

import (
	"context"
	"errors"
	"fmt"

	"seedbed"
	"seedbed/auth"
	"seedbed/sqlstore"
)

// account finds the account an actor acts on and checks that the actor may: its own, or any for
// an administrator. Errors: EFORBIDDEN, ENOTFOUND.
func account(ctx context.Context, tx *sqlstore.Tx, a seedbed.Actor, username string) (*seedbed.User, error) {
	if err := seedbed.AuthorizeAccount(a, username); err != nil {
		return nil, err
	}
	return tx.UserByName(ctx, username)
}

// SetDisabled disables an account, ending its sessions at once (its API tokens stop working
// with it), or enables it again. An administrator cannot disable their own account. Errors:
// EFORBIDDEN, ENOTFOUND, EINVALID.
func (s *Accounts) SetDisabled(ctx context.Context, a seedbed.Actor, username string, disabled bool) (*seedbed.User, error) {
	if err := seedbed.Authorize(a, seedbed.PermUsersManage, nil); err != nil {
		return nil, err
	}
	var u *seedbed.User
	err := s.store.InTx(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if u, err = tx.UserByName(ctx, username); err != nil {
			return err
		}
		if disabled && a.UserID != 0 && u.ID == a.UserID {
			return seedbed.FieldError("username", seedbed.Label{Zh: "不能停用自己的账号", En: "you cannot disable your own account"})
		}
		if err := tx.SetUserDisabled(ctx, u.ID, disabled); err != nil {
			return err
		}
		u.Disabled = disabled
		action, detail := "user.enable", u.Username
		if disabled {
			n, err := tx.DeleteUserSessions(ctx, u.ID)
			if err != nil {
				return err
			}
			action, detail = "user.disable", fmt.Sprintf("%s; %d sessions ended", u.Username, n)
		}
		return tx.Audit(ctx, a, action, "user", u.ID, detail)
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// ChangePassword replaces the actor's own password after checking the current one, and ends
// every session of the account (the caller signs in again). Errors: EINVALID (the current
// password is wrong, the new one too short), EUNAUTHORIZED.
func (s *Accounts) ChangePassword(ctx context.Context, a seedbed.Actor, current, password string) error {
	if err := seedbed.Authorize(a, seedbed.PermSelf, nil); err != nil {
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
		old, err := tx.UserPasswordHash(ctx, a.UserID)
		if err != nil {
			return err
		}
		if err := auth.CheckPassword(old, current); errors.Is(err, auth.ErrMismatch) {
			return seedbed.FieldError("current_password", seedbed.Label{Zh: "当前密码不正确", En: "the current password is wrong"})
		} else if err != nil {
			return err
		}
		if err := tx.SetPasswordHash(ctx, a.UserID, hash); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "user.password", "user", a.UserID, a.Username)
	})
}

// ResetPassword sets another account's password, as an administrator, and ends its sessions.
// Errors: EFORBIDDEN, ENOTFOUND, EINVALID.
func (s *Accounts) ResetPassword(ctx context.Context, a seedbed.Actor, username, password string) error {
	if err := seedbed.Authorize(a, seedbed.PermUsersManage, nil); err != nil {
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
		u, err := tx.UserByName(ctx, username)
		if err != nil {
			return err
		}
		if err := tx.SetPasswordHash(ctx, u.ID, hash); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "user.password_reset", "user", u.ID, u.Username)
	})
}

// Sessions lists the live sessions of an account (the actor's own, or any for an
// administrator); the one whose secret is current is marked. Errors: EFORBIDDEN, ENOTFOUND.
func (s *Accounts) Sessions(ctx context.Context, a seedbed.Actor, username, current string) ([]seedbed.Session, error) {
	if err := seedbed.AuthorizeAccount(a, username); err != nil {
		return nil, err
	}
	u, _, err := s.store.UserByName(ctx, username)
	if err != nil {
		return nil, err
	}
	ss, err := s.store.Sessions(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	if current != "" {
		h := auth.HashSecret(current)
		for i := range ss {
			ss[i].Current = ss[i].ID == h
		}
	}
	return ss, nil
}

// EndSession ends one session of an account (the actor's own, or any for an administrator).
// Errors: EFORBIDDEN, ENOTFOUND.
func (s *Accounts) EndSession(ctx context.Context, a seedbed.Actor, username, id string) error {
	return s.store.InTx(ctx, func(tx *sqlstore.Tx) error {
		u, err := account(ctx, tx, a, username)
		if err != nil {
			return err
		}
		if err := tx.DeleteUserSession(ctx, u.ID, id); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "session.revoke", "user", u.ID, u.Username)
	})
}

// Tokens lists the API tokens of an account that still work (the actor's own, or any for an
// administrator). Errors: EFORBIDDEN, ENOTFOUND.
func (s *Accounts) Tokens(ctx context.Context, a seedbed.Actor, username string) ([]seedbed.Token, error) {
	if err := seedbed.AuthorizeAccount(a, username); err != nil {
		return nil, err
	}
	u, _, err := s.store.UserByName(ctx, username)
	if err != nil {
		return nil, err
	}
	return s.store.Tokens(ctx, u.ID)
}

// RevokeToken revokes one API token: the actor's own, or anyone's for an administrator. It stops
// working at once. A token already revoked stays so. Errors: EFORBIDDEN, ENOTFOUND.
func (s *Accounts) RevokeToken(ctx context.Context, a seedbed.Actor, id int64) (*seedbed.Token, error) {
	if err := seedbed.Authorize(a, seedbed.PermSelf, nil); err != nil {
		return nil, err
	}
	var t *seedbed.Token
	err := s.store.InTx(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if t, err = tx.Token(ctx, id); err != nil {
			return err
		}
		if t.UserID != a.UserID {
			if err := seedbed.Authorize(a, seedbed.PermUsersManage, nil); err != nil {
				// Someone else's token is, to a non-administrator, no token at all.
				return seedbed.Errorf(seedbed.ENOTFOUND, seedbed.Label{Zh: "令牌 %d 不存在", En: "no token %d"}, id)
			}
		}
		if err := tx.RevokeToken(ctx, id); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "token.revoke", "user", t.UserID, fmt.Sprintf("token %d (%s)", t.ID, t.Name))
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// RevokeTokens revokes every API token of an account (the actor's own, or any for an
// administrator) and returns how many. Errors: EFORBIDDEN, ENOTFOUND.
func (s *Accounts) RevokeTokens(ctx context.Context, a seedbed.Actor, username string) (int64, error) {
	var n int64
	err := s.store.InTx(ctx, func(tx *sqlstore.Tx) error {
		u, err := account(ctx, tx, a, username)
		if err != nil {
			return err
		}
		if n, err = tx.RevokeUserTokens(ctx, u.ID); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "token.revoke", "user", u.ID, fmt.Sprintf("%s: all %d tokens", u.Username, n))
	})
	return n, err
}
