package app

import (
	"context"
	"strings"
	"time"
	"unicode"

	"seedbed"
	"seedbed/auth"
	"seedbed/sqlstore"
)

// totpIssuer is the name authenticator apps show beside the account.
const totpIssuer = "seedbed"

// recoveryCodeCount is how many one-time recovery codes an enrolment gives.
const recoveryCodeCount = 10

// secondFactorWait is how long a password-checked sign-in waits for its second factor.
const secondFactorWait = 5 * time.Minute

var errSecondFactor = seedbed.Errorf(seedbed.EUNAUTHORIZED, seedbed.Label{Zh: "验证码不正确或已使用", En: "the code is wrong or was used already"})

// TOTPEnrolment returns the second factor the actor is enrolling: the one begun before, or a new
// one. Its secret is kept as pending until ConfirmTOTP; an account that has a second factor
// already is EINVALID (an administrator resets it first).
func (s *Accounts) TOTPEnrolment(ctx context.Context, a seedbed.Actor) (*auth.TOTPKey, error) {
	if err := seedbed.Authorize(a, seedbed.PermSelf, nil); err != nil {
		return nil, err
	}
	var key *auth.TOTPKey
	err := s.store.InTx(ctx, func(tx *sqlstore.Tx) error {
		secret, pending, _, err := tx.UserTOTP(ctx, a.UserID)
		if err != nil {
			return err
		}
		if secret != "" {
			return seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "已启用双因素认证", En: "two-factor authentication is on already"})
		}
		if pending != "" {
			key, err = auth.TOTPKeyFromURL(pending)
			return err
		}
		if key, err = auth.NewTOTPKey(totpIssuer, a.Username); err != nil {
			return err
		}
		return tx.SetTOTPPending(ctx, a.UserID, key.URL)
	})
	return key, err
}

// ConfirmTOTP turns on the second factor being enrolled once code matches it, and returns new
// recovery codes, to be shown once. Errors: EINVALID (no enrolment begun, a wrong code).
func (s *Accounts) ConfirmTOTP(ctx context.Context, a seedbed.Actor, code string) ([]string, error) {
	if err := seedbed.Authorize(a, seedbed.PermSelf, nil); err != nil {
		return nil, err
	}
	codes, hashes, err := auth.NewRecoveryCodes(recoveryCodeCount)
	if err != nil {
		return nil, err
	}
	err = s.store.InTx(ctx, func(tx *sqlstore.Tx) error {
		_, pending, _, err := tx.UserTOTP(ctx, a.UserID)
		if err != nil {
			return err
		}
		if pending == "" {
			return seedbed.FieldError("code", seedbed.Label{Zh: "请先打开启用页面扫描二维码", En: "open the enrolment page and scan the QR code first"})
		}
		key, err := auth.TOTPKeyFromURL(pending)
		if err != nil {
			return err
		}
		step, ok := auth.CheckTOTP(key.Secret, code, tx.Now())
		if !ok {
			return seedbed.FieldError("code", seedbed.Label{Zh: "验证码不正确", En: "the code is wrong"})
		}
		if err := tx.ConfirmTOTP(ctx, a.UserID, key.Secret, step); err != nil {
			return err
		}
		if err := tx.ReplaceRecoveryCodes(ctx, a.UserID, hashes); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "totp.enrol", "user", a.UserID, a.Username)
	})
	if err != nil {
		return nil, err
	}
	return codes, nil
}

// ResetTOTP removes an account's second factor and recovery codes, as an administrator (for a
// lost phone); the account enrols again at its next sign-in. Errors: EFORBIDDEN, ENOTFOUND.
func (s *Accounts) ResetTOTP(ctx context.Context, a seedbed.Actor, username string) (*seedbed.User, error) {
	if err := seedbed.Authorize(a, seedbed.PermUsersManage, nil); err != nil {
		return nil, err
	}
	var u *seedbed.User
	err := s.store.InTx(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if u, err = tx.UserByName(ctx, username); err != nil {
			return err
		}
		if err := tx.ClearTOTP(ctx, u.ID); err != nil {
			return err
		}
		u.TOTPEnabled = false
		return tx.Audit(ctx, a, "totp.reset", "user", u.ID, u.Username)
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// CompleteLogin finishes a sign-in that owes its second factor: pending is the secret Login
// returned, code a TOTP code (not used before) or an unused recovery code. It ends the pending
// session and opens one lasting ttl, returning the user and its secret. A wrong code is
// EUNAUTHORIZED and audited; so is a pending session that has expired.
func (s *Accounts) CompleteLogin(ctx context.Context, pending, code string, ttl time.Duration, ip string) (*seedbed.User, string, error) {
	secret, secretHash, err := auth.NewSecret("sbs_")
	if err != nil {
		return nil, "", err
	}
	var u *seedbed.User
	denied := "anonymous"
	err = s.store.InTx(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if u, err = tx.PendingSessionUser(ctx, auth.HashSecret(pending)); err != nil {
			return err
		}
		how, err := checkSecondFactor(ctx, tx, u.ID, code)
		if err != nil {
			return err
		}
		if how == "" || u.Disabled {
			denied = u.Username
			return errSecondFactor
		}
		if err := tx.DeleteSession(ctx, auth.HashSecret(pending)); err != nil {
			return err
		}
		if err := tx.InsertSession(ctx, u.ID, secretHash, ttl, ip, false); err != nil {
			return err
		}
		return tx.AuditEntry(ctx, seedbed.AuditEntry{Actor: u.Username, Role: u.Role, Action: "login", Entity: "session", Detail: how, IP: ip})
	})
	if seedbed.ErrorCode(err) == seedbed.ENOTFOUND || err == errSecondFactor {
		if denied != "anonymous" {
			// A wrong second factor counts as a failed sign-in of the account, in the database,
			// so that every server refuses further guesses alike (LoginAllowed).
			if ferr := s.LoginFailed(ctx, denied, ip); ferr != nil {
				return nil, "", ferr
			}
		}
		if aerr := s.store.Audit(context.WithoutCancel(ctx), seedbed.AuditEntry{Actor: denied, Action: "login", Entity: "session",
			Detail: "second factor", Outcome: "denied", IP: ip}); aerr != nil {
			return nil, "", aerr
		}
		return nil, "", errSecondFactor
	}
	if err != nil {
		return nil, "", err
	}
	return u, secret, nil
}

// checkSecondFactor checks code against the account's TOTP secret (a step after the last one
// accepted) and, failing that, its unused recovery codes; it returns how the code passed
// ("totp", "recovery code") or "" when it did not.
func checkSecondFactor(ctx context.Context, tx *sqlstore.Tx, userID int64, code string) (string, error) {
	secret, _, _, err := tx.UserTOTP(ctx, userID)
	if err != nil || secret == "" {
		return "", err
	}
	if step, ok := auth.CheckTOTP(secret, code, tx.Now()); ok {
		fresh, err := tx.AdvanceTOTPStep(ctx, userID, step)
		if err != nil || !fresh {
			return "", err
		}
		return "totp", nil
	}
	if strings.IndexFunc(code, unicode.IsLetter) < 0 {
		return "", nil // six digits that did not match; recovery codes hold letters
	}
	ids, hashes, err := tx.UnusedRecoveryCodes(ctx, userID)
	if err != nil {
		return "", err
	}
	i := auth.MatchRecoveryCode(hashes, code)
	if i < 0 {
		return "", nil
	}
	if ok, err := tx.UseRecoveryCode(ctx, ids[i]); err != nil || !ok {
		return "", err
	}
	return "recovery code", nil
}

// SecondFactorAllowed reports whether the second factor of a pending sign-in may be tried now
// from ip, and if not, how long to wait: wrong codes count as failed sign-ins of the account,
// under the same limits as wrong passwords. An unknown or expired pending sign-in is allowed here
// and refused by CompleteLogin.
func (s *Accounts) SecondFactorAllowed(ctx context.Context, pending, ip string) (bool, time.Duration, error) {
	var name string
	err := s.store.InTx(ctx, func(tx *sqlstore.Tx) error {
		u, err := tx.PendingSessionUser(ctx, auth.HashSecret(pending))
		if err != nil {
			return err
		}
		name = u.Username
		return nil
	})
	if seedbed.ErrorCode(err) == seedbed.ENOTFOUND {
		return true, 0, nil
	}
	if err != nil {
		return false, 0, err
	}
	return s.LoginAllowed(ctx, name, ip)
}
