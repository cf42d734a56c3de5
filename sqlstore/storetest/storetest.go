// Package storetest opens real stores for tests in other packages: SQLite in a temporary
// folder, and PostgreSQL in a fresh schema when SEEDBED_TEST_POSTGRES holds a DSN. It is the one
// place tests get a database from; nothing here is a mock.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"testing"

	"seedbed/sqlstore"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver, for the schema's own connection
)

// ForEach runs body once against SQLite and, when SEEDBED_TEST_POSTGRES is set, once more
// against PostgreSQL in a schema of its own.
func ForEach(t *testing.T, body func(t *testing.T, s *sqlstore.Store)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { body(t, SQLite(t)) })
	t.Run("postgres", func(t *testing.T) { body(t, Postgres(t)) })
}

// SQLite opens a store in a temporary folder, closed when the test ends.
func SQLite(t testing.TB) *sqlstore.Store {
	t.Helper()
	s, err := sqlstore.Open(context.Background(), sqlstore.Options{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// Postgres opens a store in a fresh PostgreSQL schema, dropped when the test ends; it skips the
// test when SEEDBED_TEST_POSTGRES is not set.
func Postgres(t testing.TB) *sqlstore.Store {
	t.Helper()
	dsn := os.Getenv("SEEDBED_TEST_POSTGRES")
	if dsn == "" {
		t.Skip("SEEDBED_TEST_POSTGRES not set")
	}
	s, err := sqlstore.Open(context.Background(), sqlstore.Options{PostgresDSN: FreshSchema(t, dsn)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// FreshSchema creates an empty schema in the database dsn names, dropped when the test ends, and
// returns a DSN whose search path is that schema.
func FreshSchema(t testing.TB, dsn string) string {
	t.Helper()
	ctx := context.Background()
	// A plain connection, not a store: opening a store would migrate the database's default
	// schema, which tests of other branches share.
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatalf("postgres: %v", err)
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		admin.Close()
		t.Fatalf("postgres: %v", err)
	}
	t.Cleanup(func() {
		admin.ExecContext(ctx, "DROP SCHEMA "+schema+" CASCADE")
		admin.Close()
	})
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
