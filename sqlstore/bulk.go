package sqlstore

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
)

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

// rowInserter writes rows of one table in statements of insertChunk rows each, the full-size
// statement prepared once: a large import runs an eighth of the statements (on SQLite) it would
// row by row. head is the INSERT up to VALUES; every row has cols values.
type rowInserter struct {
	tx    *Tx
	head  string
	cols  int
	chunk int
	full  *sql.Stmt
	args  []any
}

func newRowInserter(tx *Tx, head string, cols int) *rowInserter {
	return newRowInserterChunk(tx, head, cols, insertChunk(tx.dialect))
}

// newRowInserterChunk is newRowInserter writing n rows to a full statement.
func newRowInserterChunk(tx *Tx, head string, cols, n int) *rowInserter {
	return &rowInserter{tx: tx, head: head, cols: cols, chunk: n, args: make([]any, 0, n*cols)}
}

// statement is head with n rows of placeholders: numbered ($1, $2, …) on PostgreSQL, anonymous
// (?) on SQLite, which finds each numbered parameter of a statement by walking the statement's
// list of them when it binds it — a cost that grows with the square of the statement's
// parameters (a tenth of a million-row import's CPU at 168 parameters a statement).
func (r *rowInserter) statement(n int) string {
	if r.tx.dialect != Postgres {
		row := "(" + strings.Repeat("?,", r.cols-1) + "?)"
		return r.head + " VALUES " + strings.Repeat(row+",", n-1) + row
	}
	var b strings.Builder
	b.WriteString(r.head)
	b.WriteString(" VALUES ")
	for j := range n {
		if j > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('(')
		for k := 1; k <= r.cols; k++ {
			if k > 1 {
				b.WriteByte(',')
			}
			b.WriteString("$" + strconv.Itoa(r.cols*j+k))
		}
		b.WriteByte(')')
	}
	return b.String()
}

// add queues one row, writing the queued rows when they fill a statement.
func (r *rowInserter) add(ctx context.Context, vals ...any) error {
	r.args = append(r.args, vals...)
	if len(r.args) < r.chunk*r.cols {
		return nil
	}
	if r.full == nil {
		st, err := r.tx.PrepareContext(ctx, r.statement(r.chunk))
		if err != nil {
			return err
		}
		r.full = st
	}
	_, err := r.full.ExecContext(ctx, r.args...)
	r.args = r.args[:0]
	return err
}

// flush writes the rows still queued and releases the prepared statement.
func (r *rowInserter) flush(ctx context.Context) error {
	if r.full != nil {
		defer r.full.Close()
	}
	return r.writeQueued(ctx)
}

// close releases the prepared statement, writing nothing.
func (r *rowInserter) close() {
	if r.full != nil {
		r.full.Close()
		r.full = nil
	}
}

// writeQueued writes the rows still queued, fewer than a full statement's, in one statement.
func (r *rowInserter) writeQueued(ctx context.Context) error {
	if len(r.args) == 0 {
		return nil
	}
	_, err := r.tx.ExecContext(ctx, r.statement(len(r.args)/r.cols), r.args...)
	r.args = r.args[:0]
	return err
}
