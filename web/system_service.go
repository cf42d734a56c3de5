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
}
