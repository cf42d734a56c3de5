package web

import (
	"context"
	"time"

	"seedbed"
	"seedbed/auth"
)

// AccountService is what login, sessions, tokens and user administration ask of the use-case layer.
type AccountService interface {
	// CreateUser stores an account. EINVALID for a bad field, a short password, a taken name or
	// an innovator that does not exist.
	CreateUser(ctx context.Context, a seedbed.Actor, u *seedbed.User, password string) error
	// User returns an account by name; ENOTFOUND.
	User(ctx context.Context, username string) (*seedbed.User, error)
	Users(ctx context.Context) ([]seedbed.User, error)
	// Login checks a password and opens a session; EUNAUTHORIZED when it fails, whatever the reason.
	Login(ctx context.Context, username, password string, ttl time.Duration, ip string) (*seedbed.User, string, error)
	// SessionUser returns the user of a live session; EUNAUTHORIZED.
	SessionUser(ctx context.Context, secret string) (*seedbed.User, error)
	Logout(ctx context.Context, secret string) error
	// CreateToken makes an API token and returns its secret; ENOTFOUND for an unknown user.
	CreateToken(ctx context.Context, a seedbed.Actor, username, name string, ttl time.Duration) (string, *seedbed.Token, error)
	// TokenUser returns the user of a valid API token; EUNAUTHORIZED.
	TokenUser(ctx context.Context, secret string) (*seedbed.User, error)

	// SetDisabled disables an account, ending its sessions, or enables it; EFORBIDDEN, ENOTFOUND,
	// EINVALID (one's own account).
	SetDisabled(ctx context.Context, a seedbed.Actor, username string, disabled bool) (*seedbed.User, error)
	// SetRole gives an account another role (recorded in the ledger).
	SetRole(ctx context.Context, a seedbed.Actor, username, role string) (*seedbed.User, error)
	// ChangePassword replaces the actor's password after checking the current one and ends the
	// account's sessions; EINVALID.
	ChangePassword(ctx context.Context, a seedbed.Actor, current, password string) error
	// ResetPassword sets another account's password (administrators); EFORBIDDEN, ENOTFOUND, EINVALID.
	ResetPassword(ctx context.Context, a seedbed.Actor, username, password string) error
	// Sessions lists an account's live sessions, marking the one whose secret is current.
	Sessions(ctx context.Context, a seedbed.Actor, username, current string) ([]seedbed.Session, error)
	// EndSession ends one session of an account; EFORBIDDEN, ENOTFOUND.
	EndSession(ctx context.Context, a seedbed.Actor, username, id string) error
	// Tokens lists an account's working API tokens; EFORBIDDEN, ENOTFOUND.
	Tokens(ctx context.Context, a seedbed.Actor, username string) ([]seedbed.Token, error)
	// RevokeToken revokes one token (one's own, or anyone's for administrators); ENOTFOUND.
	RevokeToken(ctx context.Context, a seedbed.Actor, id int64) (*seedbed.Token, error)
	// RevokeTokens revokes every token of an account and returns how many.
	RevokeTokens(ctx context.Context, a seedbed.Actor, username string) (int64, error)

	// TOTPEnrolment returns the second factor the actor is enrolling (begun before, or new);
	// EINVALID when one is on already.
	TOTPEnrolment(ctx context.Context, a seedbed.Actor) (*auth.TOTPKey, error)
	// ConfirmTOTP turns the enrolment on with a code and returns recovery codes, shown once; EINVALID.
	ConfirmTOTP(ctx context.Context, a seedbed.Actor, code string) ([]string, error)
	// ResetTOTP removes an account's second factor (administrators); EFORBIDDEN, ENOTFOUND.
	ResetTOTP(ctx context.Context, a seedbed.Actor, username string) (*seedbed.User, error)
	// CompleteLogin turns a sign-in that owes its second factor into a session, given a TOTP or
	// recovery code; EUNAUTHORIZED.
	CompleteLogin(ctx context.Context, pending, code string, ttl time.Duration, ip string) (*seedbed.User, string, error)

	// LoginAllowed reports whether a sign-in for a name from an address may be tried now, and if
	// not how long to wait; failures are counted in the database, shared by every server.
	LoginAllowed(ctx context.Context, username, ip string) (bool, time.Duration, error)
	// SecondFactorAllowed is LoginAllowed for the account of a pending sign-in: wrong second
	// factors count as failed sign-ins of that account.
	SecondFactorAllowed(ctx context.Context, pending, ip string) (bool, time.Duration, error)
	// LoginFailed records a failed sign-in; LoginSucceeded forgets those of the name from the address.
	LoginFailed(ctx context.Context, username, ip string) error
	LoginSucceeded(ctx context.Context, username, ip string) error
}
