package sqlstore

import (
	"context"
	"time"
)

// LoginFailures counts the failed sign-ins recorded under key since a time, and returns the
// oldest of them (zero when none).
func (s *Store) LoginFailures(ctx context.Context, key string, since time.Time) (int, time.Time, error) {
	var n int
	var oldest *string
	err := s.read.QueryRowContext(ctx, `SELECT count(*), min(at) FROM login_failures WHERE throttle_key = $1 AND at > $2`,
		key, fmtTime(since)).Scan(&n, &oldest)
	if err != nil || oldest == nil {
		return n, time.Time{}, err
	}
	return n, parseTime(*oldest), nil
}

// InsertLoginFailures records one failed sign-in under each key, and forgets failures older
// than before.
func (tx *Tx) InsertLoginFailures(ctx context.Context, keys []string, before time.Time) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM login_failures WHERE at < $1`, fmtTime(before)); err != nil {
		return err
	}
	for _, k := range keys {
		if _, err := tx.ExecContext(ctx, `INSERT INTO login_failures (throttle_key, at) VALUES ($1, $2)`, k, fmtTime(tx.now)); err != nil {
			return err
		}
	}
	return nil
}

// DeleteLoginFailures forgets the failed sign-ins recorded under key.
func (tx *Tx) DeleteLoginFailures(ctx context.Context, key string) error {
	_, err := tx.ExecContext(ctx, `DELETE FROM login_failures WHERE throttle_key = $1`, key)
	return err
}
