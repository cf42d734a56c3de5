// Package sqlstore keeps seedbed's data in SQL: embedded SQLite by default (pure Go, no cgo) and
// PostgreSQL for deployments that scale out. Both engines share one schema, one set of queries
// and one test suite; the dialect is a detail of this package.
//
// It only stores: SQL for the two dialects, transactions (Store.InTx), row mapping, and
// constraint errors turned into domain errors. It decides nothing — which transition is allowed,
// who is eligible, what a flag means are the use-case layer's (package app) and the engines'.
// Writes are row functions on *Tx, so that a use case can make several of them, with the audit
// entry (Tx.Audit) and the decision event appended to the ledger (Tx.RecordEvent), in one commit.
// It imports the domain package and the engines only for the types it stores, and nothing of
// HTTP, app or web.
package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver

	"seedbed"
)

// Dialects.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// readConns is how many read connections an SQLite store keeps open.
const readConns = 8

// Store is seedbed's database. It is safe for concurrent use.
type Store struct {
	dialect string
	write   *sql.DB // SQLite: a single connection, so writers queue instead of failing "locked"
	read    *sql.DB // SQLite: a pool of read connections; PostgreSQL: the same pool as write
	// Now returns the current time; tests replace it to control the clock.
	Now func() time.Time
	// Path is the SQLite database file ("" for PostgreSQL).
	Path string

	search searchIndex
	// funding keeps the awards' sums and the programs' counts of submitted applications
	// (funding.go)
	funding fundingFigures
	// unledgered leaves decision events out of the Merkle log: only for the benchmark that
	// measures what the ledger costs.
	unledgered bool
	// keys are the ledger signing keys this store was given (ledger_key.go).
	keys signingKeys
	// grouped runs SQLite write transactions through group commit (group_commit.go).
	grouped bool
	group   groupCommit
	prep    stmtCache // SQLite: statements kept prepared on the write connection
	// durable syncs SQLite's log before a write transaction is acknowledged (wal_sync.go);
	// syncHook replaces the sync in tests.
	durable  bool
	syncHook func() error
	// seq appends committed decision events to the ledger on PostgreSQL (ledger_sequencer.go).
	seq sequencer
}

// Options say which database to open.
type Options struct {
	DataDir     string // SQLite: the folder holding seedbed.db
	PostgresDSN string // when set, PostgreSQL is used instead of SQLite
	// Durable acknowledges an SQLite write transaction only once the log holding its commit is
	// on disk, so that it survives a power cut, not only a crash of seedbed (wal_sync.go).
	// PostgreSQL's default (synchronous_commit=on) is durable already.
	Durable bool
	// ReadOnly opens an SQLite file that nothing else writes (a backup) immutable and read-only,
	// and applies no migrations, so that checking it changes not a byte. SQLite only.
	ReadOnly bool
}

// Open opens (creating if needed) the database and applies pending migrations.
func Open(ctx context.Context, opts Options) (*Store, error) {
	s := &Store{Now: func() time.Time { return time.Now().UTC() }}
	if opts.PostgresDSN != "" {
		db, err := sql.Open("pgx", opts.PostgresDSN)
		if err != nil {
			return nil, fmt.Errorf("open postgres: %w", err)
		}
		db.SetMaxOpenConns(20)
		db.SetMaxIdleConns(10)
		db.SetConnMaxIdleTime(5 * time.Minute)
		if err := db.PingContext(ctx); err != nil {
			db.Close()
			return nil, fmt.Errorf("connect to postgres: %w", err)
		}
		s.dialect, s.write, s.read = Postgres, db, db
	} else {
		dir := opts.DataDir
		if dir == "" {
			dir = "seedbed-data"
		}
		if opts.ReadOnly {
			return openReadOnly(s, filepath.Join(dir, "seedbed.db"))
		}
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("create data folder: %w", err)
		}
		s.Path = filepath.Join(dir, "seedbed.db")
		dsn := "file:" + s.Path + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)"
		// The write connection keeps statement journals (the savepoint of each group-commit
		// member, a failing statement's undo) in memory rather than in a temporary file.
		w, err := sql.Open("sqlite", dsn+"&_txlock=immediate&_pragma=temp_store(MEMORY)")
		if err != nil {
			return nil, fmt.Errorf("open sqlite: %w", err)
		}
		w.SetMaxOpenConns(1)
		r, err := sql.Open("sqlite", dsn+"&_pragma=query_only(1)")
		if err != nil {
			w.Close()
			return nil, fmt.Errorf("open sqlite: %w", err)
		}
		// All of them stay open: beyond database/sql's default of two idle connections each
		// one was closed when it fell idle and opened again by the next query (the schema parsed
		// again, its page cache lost), several times a second under load.
		r.SetMaxOpenConns(readConns)
		r.SetMaxIdleConns(readConns)
		s.dialect, s.write, s.read = SQLite, w, r
		s.grouped, s.durable = true, opts.Durable
	}
	if err := s.migrate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	if s.dialect == SQLite {
		if err := s.prep.prepare(ctx, s.write, hotStatements()); err != nil {
			s.Close()
			return nil, err
		}
	}
	if err := s.startAuditChain(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// Close releases the database.
func (s *Store) Close() error {
	s.stopSequencer()
	s.stopGroup()
	s.prep.close()
	err := s.write.Close()
	if s.read != s.write {
		if e := s.read.Close(); err == nil {
			err = e
		}
	}
	return err
}

// Dialect names the engine in use: "sqlite" or "postgres".
func (s *Store) Dialect() string { return s.dialect }

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error { return s.read.PingContext(ctx) }

// Tx is a write transaction with the time it runs at, so that every row it writes agrees.
type Tx struct {
	*sql.Tx
	now        time.Time
	dialect    string
	unledgered bool
	keys       *signingKeys // the store's ledger signing keys, for the append in recordEvent
	led        *txLedger    // the log's state while tx appends to it (ledger.go)
	audited    bool         // PostgreSQL: tx wrote audit rows for the sequencer to chain
	stmts      txStmts      // SQLite: statements prepared in tx, by query
	prep       *stmtCache   // SQLite: the statements kept prepared on the write connection
}

// lockRow runs query, a SELECT … FOR UPDATE of one row by id (or a transaction's advisory lock
// by key), on PostgreSQL, where a transaction that reads a row and then writes on the strength of
// it must hold the row against the others; SQLite's writing transactions run one at a time
// already, so there it does nothing.
func (tx *Tx) lockRow(ctx context.Context, query string, id int64) error {
	if tx.dialect != Postgres {
		return nil
	}
	_, err := tx.ExecContext(ctx, query, id)
	return classify(err)
}

// txStmts are the statements a write transaction on SQLite has prepared, by query text: the
// statements every decision runs are parsed once per transaction (once per group-commit
// batch) instead of once per call. PostgreSQL's driver caches prepared statements itself.
type txStmts map[string]*sql.Stmt

// stmtCache keeps the statements write transactions run most prepared on SQLite's single
// write connection for the life of the store (prepared when it opens, while the connection is
// free): a transaction, a group-commit batch, takes them without parsing them again.
type stmtCache struct {
	m map[string]*sql.Stmt // written only by Open
}

// prepare prepares the queries on db, whose one connection must be free.
func (c *stmtCache) prepare(ctx context.Context, db *sql.DB, queries []string) error {
	c.m = make(map[string]*sql.Stmt, len(queries))
	for _, q := range queries {
		st, err := db.PrepareContext(ctx, q)
		if err != nil {
			return fmt.Errorf("prepare %q: %w", q, err)
		}
		c.m[q] = st
	}
	return nil
}

func (c *stmtCache) close() {
	for _, st := range c.m {
		st.Close()
	}
}

// stmt returns the statement for query prepared in tx (nil on PostgreSQL).
func (tx *Tx) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if tx.stmts == nil {
		return nil, nil
	}
	if st, ok := tx.stmts[query]; ok {
		return st, nil
	}
	var st *sql.Stmt
	if shared, ok := tx.prep.m[query]; ok {
		st = tx.StmtContext(ctx, shared)
	} else {
		var err error
		if st, err = tx.PrepareContext(ctx, query); err != nil {
			return nil, err
		}
	}
	tx.stmts[query] = st
	return st, nil
}

// execPrepared runs a statement the transaction runs often, prepared once on SQLite.
func (tx *Tx) execPrepared(ctx context.Context, query string, args ...any) (sql.Result, error) {
	st, err := tx.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	if st == nil {
		return tx.ExecContext(ctx, query, args...)
	}
	return st.ExecContext(ctx, args...)
}

// insertIDPrepared is insertID for an insert the transaction runs often. On SQLite it reads
// the new row's id from the insert's result, which costs less than reading a RETURNING row.
func (tx *Tx) insertIDPrepared(ctx context.Context, query string, args ...any) (int64, error) {
	st, err := tx.stmt(ctx, query)
	if err != nil {
		return 0, err
	}
	if st == nil {
		return insertID(ctx, tx, query, args...)
	}
	res, err := st.ExecContext(ctx, args...)
	if err != nil {
		return 0, classify(err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, err
	}
	return id, nil
}

// begin starts a write transaction.
func (s *Store) begin(ctx context.Context) (*Tx, error) {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("begin: %w", err)
	}
	return s.wrapTx(tx), nil
}

// wrapTx makes tx a write transaction of the store.
func (s *Store) wrapTx(tx *sql.Tx) *Tx {
	t := &Tx{Tx: tx, now: s.Now().UTC(), dialect: s.dialect, unledgered: s.unledgered, keys: &s.keys,
		led: &txLedger{}}
	if s.dialect == SQLite {
		t.stmts, t.prep = txStmts{}, &s.prep
	}
	return t
}

// InTx runs fn in one write transaction and commits it when fn succeeds: the use-case layer
// composes the store's row functions on *Tx inside it, so that a use case is one commit.
func (s *Store) InTx(ctx context.Context, fn func(tx *Tx) error) error { return s.inTx(ctx, fn) }

// Now is the time the transaction runs at: every row it writes agrees on it.
func (tx *Tx) Now() time.Time { return tx.now }

// Dialect names the engine the transaction runs on (SQLite or Postgres).
func (tx *Tx) Dialect() string { return tx.dialect }

// inTx runs fn in a write transaction and commits it when fn succeeds.
func (s *Store) inTx(ctx context.Context, fn func(tx *Tx) error) error {
	if s.grouped {
		return s.groupTx(ctx, fn)
	}
	return s.soloTx(ctx, fn)
}

// soloTx runs fn in a write transaction of its own and commits it when fn succeeds.
func (s *Store) soloTx(ctx context.Context, fn func(tx *Tx) error) error {
	tx, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.saveLedger(ctx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return classify(fmt.Errorf("commit: %w", err))
	}
	if s.durable {
		if err := s.syncLog(); err != nil {
			return err
		}
	}
	if tx.led.queued {
		// The decision is committed: it is acknowledged once the sequencer has appended it.
		// Should that fail, it stays queued for the next batch; the decision is not undone.
		s.awaitSequenced(ctx)
	} else if tx.audited {
		// The audit rows are committed; the sequencer chains them without anyone waiting.
		s.kickSequencer()
	}
	return nil
}

// timeFormat is how times are stored: fixed width, UTC, so text order is time order.
const timeFormat = "2006-01-02T15:04:05.000000Z"

func fmtTime(t time.Time) string { return t.UTC().Format(timeFormat) }

// FormatTime writes t as the store keeps times, for event payloads that must agree with rows.
func FormatTime(t time.Time) string { return fmtTime(t) }

func parseTime(s string) time.Time {
	t, err := time.Parse(timeFormat, s)
	if err != nil {
		return time.Time{}
	}
	return t
}

// insertID runs an INSERT … RETURNING id and returns the new id.
func insertID(ctx context.Context, tx *Tx, query string, args ...any) (int64, error) {
	var id int64
	if err := tx.QueryRowContext(ctx, query+" RETURNING id", args...).Scan(&id); err != nil {
		return 0, classify(err)
	}
	return id, nil
}

// classify turns constraint violations into domain errors and leaves the rest as they are.
func classify(err error) error {
	if err == nil {
		return nil
	}
	var pgErr *pgconn.PgError
	msg := err.Error()
	switch {
	case errors.As(err, &pgErr) && pgErr.Code == "23505", strings.Contains(msg, "UNIQUE constraint failed"):
		return &seedbed.Error{Code: seedbed.ECONFLICT, Text: seedbed.Label{Zh: "记录已存在（唯一性冲突）", En: "already exists"}, Field: uniqueField(msg, pgErr)}
	case errors.As(err, &pgErr) && pgErr.Code == "23503", strings.Contains(msg, "FOREIGN KEY constraint failed"):
		return seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "引用的记录不存在", En: "a referenced record does not exist"})
	case errors.Is(err, sql.ErrNoRows):
		return seedbed.Errorf(seedbed.ENOTFOUND, seedbed.Label{Zh: "记录不存在", En: "not found"})
	}
	return err
}

func uniqueField(msg string, pgErr *pgconn.PgError) string {
	if pgErr != nil && pgErr.ConstraintName != "" {
		c := pgErr.ConstraintName
		for _, f := range []string{"credit_code", "username", "secret_hash"} {
			if strings.Contains(c, f) {
				return f
			}
		}
		return ""
	}
	// SQLite: "UNIQUE constraint failed: innovators.credit_code (2067)"
	if _, after, ok := strings.Cut(msg, "UNIQUE constraint failed: "); ok {
		col, _, _ := strings.Cut(after, " ")
		if _, c, ok := strings.Cut(col, "."); ok {
			return strings.TrimRight(c, ",")
		}
	}
	return ""
}

// ExecForTest runs a statement on the write pool. Only tests use it (to create schemas and to
// tamper with rows); no request path reaches it.
func (s *Store) ExecForTest(ctx context.Context, query string, args ...any) error {
	if _, err := s.write.ExecContext(ctx, query, args...); err != nil {
		return err
	}
	// rows written by hand may be awards or applications: the figures kept over them are
	// counted again (a schema migrated down below 00029, as migration tests do, has no such
	// row to bump, and needs none)
	s.write.ExecContext(ctx, bumpFundingQuery.query(s.dialect))
	return nil
}

// QueryRowForTest reads one row on the read pool. Only tests use it.
func (s *Store) QueryRowForTest(ctx context.Context, query string, args ...any) *sql.Row {
	return s.read.QueryRowContext(ctx, query, args...)
}
