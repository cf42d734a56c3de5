package sqlstore

import "context"

// InBulkTx runs fn in one write transaction of its own, as InTx does, but never batched with
// other writers' transactions: for the large all-or-nothing writes (an import of a registry, a
// statistics file, an archive).
//
// A member of a group commit runs inside a savepoint, and while a savepoint is open SQLite keeps
// the first image of every page the transaction changes in its statement journal (in memory,
// temp_store=MEMORY); after each statement it truncates that journal back to the savepoint by
// walking it from its start. For a transaction of a few rows that costs nothing; for a million
// rows the journal holds hundreds of megabytes and the walk after every insert made the import
// quadratic (a million innovators took about ten minutes, nearly all of it in that walk). Alone,
// the transaction has no savepoint, and the journal of each statement is emptied whole.
//
// On SQLite the write connection's page cache is raised to 1 GiB for the transaction (a million
// innovators change about 600 MB of pages) and put back to SQLite's default, 2,000 KiB, at its
// end: the pages a large import changes stay in memory until the commit instead of being
// written to the log mid-transaction and read back for the next row.
//
// On PostgreSQL it is InTx.
func (s *Store) InBulkTx(ctx context.Context, fn func(tx *Tx) error) error {
	if s.dialect != SQLite {
		return s.inTx(ctx, fn)
	}
	return s.soloTx(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `PRAGMA cache_size = -1048576`); err != nil {
			return err
		}
		defer tx.ExecContext(context.WithoutCancel(ctx), `PRAGMA cache_size = -2000`)
		return fn(tx)
	})
}
