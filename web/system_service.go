package web

import (
	"context"
	"time"
)

// SystemService is what the health check and the pages that need today's date ask of the
// use-case layer.
type SystemService interface {
	Ping(ctx context.Context) error
	Database() string
	Now() time.Time
	// Unavailable returns err as an EUNAVAILABLE error when it says that the database cannot be
	// reached or written for now (a refused or cut connection, a full disk), else err unchanged.
	Unavailable(err error) error
}
