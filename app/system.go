package app

import (
	"context"
	"time"

	"seedbed/sqlstore"
)

// System answers questions about the running installation rather than about the bureau's
// work: whether the database answers, which engine it is, and the time the use cases run at
// (the store's clock, which tests set).
type System struct {
	store *sqlstore.Store
}

// Ping reports whether the database answers.
func (s *System) Ping(ctx context.Context) error { return s.store.Ping(ctx) }

// Database names the database engine: "sqlite" or "postgres".
func (s *System) Database() string { return s.store.Dialect() }

// Now is the current time by the clock every use case records with.
func (s *System) Now() time.Time { return s.store.Now() }

// Unavailable returns err as an EUNAVAILABLE error when the database cannot be reached or
// written for now, and err unchanged otherwise.
func (s *System) Unavailable(err error) error { return sqlstore.Unavailable(err) }
