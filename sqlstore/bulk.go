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
// On PostgreSQL, and whenever transactions are not batched, it is InTx.
func (s *Store) InBulkTx(ctx context.Context, fn func(tx *Tx) error) error {
	return s.soloTx(ctx, fn)
}
