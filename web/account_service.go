package web

import (
	"context"
	"time"

	"seedbed"
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
}
