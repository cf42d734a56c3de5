package sqlstore

import "context"

// bulkTables names the tables a bulk write fills (InBulkTx): the registry, the monitoring values
// and series, outcomes, and the programs, applications and awards of an archive, with the tables
// the pages join to them.
const bulkTables = ` innovators, innovator_search, innovator_changes, observations,
	observation_series, outcomes, programs, applications, awards, award_tranches, award_reports,
	award_closeouts, award_changes, monitoring_flags, decision_events, ledger_entries, audit_log`

const (
	analyzeQuery = `ANALYZE` + bulkTables
	vacuumQuery  = `VACUUM (ANALYZE)` + bulkTables
)

// Analyze brings the query planner's statistics up to date after a large write. PostgreSQL
// plans from row counts and value samples that autovacuum refreshes some time after a change,
// slowly for a table of gigabytes: until then, after a million innovators or two hundred
// thousand awards have come in at once, it still plans for the tables as they were (a few
// hundred rows) and reads whole tables where an index serves — at a million innovators that made
// every registry search under load read the million rows of the registry's history. Nothing on
// SQLite, whose planner needs no such statistics here.
func (s *Store) Analyze(ctx context.Context) error {
	if s.dialect != Postgres {
		return nil
	}
	_, err := s.write.ExecContext(ctx, analyzeQuery)
	return err
}

// Vacuum is Analyze with PostgreSQL's VACUUM as well, for the end of a load that wrote and
// rewrote much (the demo's region): the rows rewritten leave dead versions that every count and
// scan of their tables reads until autovacuum reaches them, and the visibility map that lets an
// index answer alone is only set by a vacuum. At a million innovators, a server started on the
// demo as built answered pages at p99 159–435 ms and the API at 83–165 ms under the load
// benchmark; after a vacuum, 29–42 ms and 21–27 ms. It runs outside a transaction (VACUUM
// cannot run in one) and takes seconds: a VACUUM ANALYZE of the whole database took 8.8 s at a
// million. Nothing on SQLite.
func (s *Store) Vacuum(ctx context.Context) error {
	if s.dialect != Postgres {
		return nil
	}
	_, err := s.write.ExecContext(ctx, vacuumQuery)
	return err
}
