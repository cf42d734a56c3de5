package app

import (
	"context"

	"seedbed/sqlstore"
)

// analyzeAfterBulk brings the database planner's statistics up to date once a large write has
// committed (sqlstore.Store.Analyze: on PostgreSQL, so that a registry of a million rows imported
// at once is not planned as the few hundred rows it held before). The write stands whether or
// not this succeeds, and autovacuum refreshes the statistics later in any case, so a failure
// here is not the caller's failure.
func analyzeAfterBulk(ctx context.Context, s *sqlstore.Store) {
	_ = s.Analyze(ctx)
}
