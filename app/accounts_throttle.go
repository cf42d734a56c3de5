package app

import (
	"context"
	"strings"
	"time"

	"seedbed/sqlstore"
)

// Sign-in throttling, kept in the database so that every server of a deployment counts the same
// failures: within loginWindow, at most loginMaxPair failures for one user name from one
// address, loginMaxName for one name from anywhere (guessing one account from many addresses)
// and loginMaxAddress from one address for any names (spraying many names).
const (
	loginWindow     = 15 * time.Minute
	loginMaxPair    = 5
	loginMaxName    = 10
	loginMaxAddress = 20
)

// throttleKeys are the keys a sign-in attempt counts under, with their limits.
func throttleKeys(username, ip string) ([]string, []int) {
	name := strings.ToLower(strings.TrimSpace(username))
	return []string{"pair:" + name + "|" + ip, "name:" + name, "addr:" + ip}, []int{loginMaxPair, loginMaxName, loginMaxAddress}
}

// LoginAllowed reports whether a sign-in for username from ip may be tried now, and if not, how
// long to wait.
func (s *Accounts) LoginAllowed(ctx context.Context, username, ip string) (bool, time.Duration, error) {
	now := s.store.Now()
	keys, limits := throttleKeys(username, ip)
	var wait time.Duration
	for i, k := range keys {
		n, oldest, err := s.store.LoginFailures(ctx, k, now.Add(-loginWindow))
		if err != nil {
			return false, 0, err
		}
		if n >= limits[i] {
			wait = max(wait, oldest.Add(loginWindow).Sub(now))
		}
	}
	return wait == 0, wait, nil
}

// LoginFailed records a failed sign-in (a wrong password or second factor) for username from ip.
func (s *Accounts) LoginFailed(ctx context.Context, username, ip string) error {
	keys, _ := throttleKeys(username, ip)
	return s.store.InTx(context.WithoutCancel(ctx), func(tx *sqlstore.Tx) error {
		return tx.InsertLoginFailures(ctx, keys, tx.Now().Add(-loginWindow))
	})
}

// LoginSucceeded forgets the failures of this name from this address; those counted per name
// and per address stay, so that signing in to one's own account does not clear a spray.
func (s *Accounts) LoginSucceeded(ctx context.Context, username, ip string) error {
	keys, _ := throttleKeys(username, ip)
	return s.store.InTx(ctx, func(tx *sqlstore.Tx) error { return tx.DeleteLoginFailures(ctx, keys[0]) })
}
