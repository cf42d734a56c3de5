package app

import (
	"context"
	"log/slog"
	"time"

	"seedbed"
	"seedbed/sqlstore"
)

// Programs runs programs, applications, awards and tranches.
type Programs struct {
	store *sqlstore.Store
	log   *slog.Logger

	// CheckEligibility checks an innovator against policies as of a day; applications are
	// submitted with its verdict. New wires it to the policies' eligibility check.
	CheckEligibility func(ctx context.Context, in *seedbed.Innovator, policyIDs []string, asOf time.Time) (seedbed.Eligibility, error)
}
