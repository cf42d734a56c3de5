package sqlstore

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	"seedbed"
)

// forEachStore runs body once against SQLite in a temporary folder and, when
// SEEDBED_TEST_POSTGRES holds a DSN, once more against PostgreSQL in a fresh schema.
func forEachStore(t *testing.T, body func(t *testing.T, s *Store)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) {
		s, err := Open(context.Background(), Options{DataDir: t.TempDir()})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		body(t, s)
	})
	t.Run("postgres", func(t *testing.T) {
		s := openTestPostgres(t)
		body(t, s)
	})
}

// openTestPostgres opens PostgreSQL in a schema of its own, dropped when the test ends.
func openTestPostgres(t testing.TB) *Store {
	t.Helper()
	dsn := os.Getenv("SEEDBED_TEST_POSTGRES")
	if dsn == "" {
		t.Skip("SEEDBED_TEST_POSTGRES not set")
	}
	ctx := context.Background()
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	// A plain connection: a store would migrate the database's default schema.
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatalf("postgres: %v", err)
	}
	if _, err := admin.ExecContext(ctx, `CREATE SCHEMA `+schema); err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	s, err := Open(ctx, Options{PostgresDSN: u.String()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		s.Close()
		admin.ExecContext(ctx, `DROP SCHEMA `+schema+` CASCADE`)
		admin.Close()
	})
	return s
}

var testActor = seedbed.Actor{UserID: 1, Username: "officer1", Role: seedbed.RoleOfficer}

func i64(v int64) *int64     { return &v }
func f64(v float64) *float64 { return &v }
func fixedClock(s *Store) time.Time {
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { return now }
	return now
}
