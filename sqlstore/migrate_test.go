package sqlstore

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/pressly/goose/v3"
)

// TestMigrations opens a fresh database (which migrates it) and checks that the migrations are
// numbered strictly upwards, that every one of them was applied, and that migrating again is a
// no-op.
func TestMigrations(t *testing.T) {
	forEachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		p := testMigrations(t, s)
		sources := p.ListSources()
		if len(sources) == 0 {
			t.Fatal("no migrations")
		}
		for i, src := range sources {
			if want := int64(i + 1); src.Version != want {
				t.Fatalf("migration %s has version %d, want %d: numbers go 1, 2, 3… without gaps", src.Path, src.Version, want)
			}
		}
		v, err := p.GetDBVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if last := sources[len(sources)-1].Version; v != last {
			t.Fatalf("database at version %d, want %d", v, last)
		}
		if has, err := p.HasPending(ctx); err != nil || has {
			t.Fatalf("pending migrations after open: %v %v", has, err)
		}
		if err := s.migrate(ctx); err != nil {
			t.Fatalf("migrating again: %v", err)
		}
	})
}

// TestNewerSchemaRefused opens a database that a newer version has migrated past this one's
// migrations: the store refuses it, naming both versions, rather than run beside that version.
func TestNewerSchemaRefused(t *testing.T) {
	forEachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		p := testMigrations(t, s)
		sources := p.ListSources()
		last := sources[len(sources)-1].Version
		if _, err := s.write.ExecContext(ctx, `INSERT INTO goose_db_version (version_id, is_applied) VALUES ($1, $2)`, last+1, true); err != nil {
			t.Fatal(err)
		}
		err := s.migrate(ctx)
		if err == nil {
			t.Fatal("a database migrated by a newer version was accepted")
		}
		for _, want := range []string{strconv.FormatInt(last+1, 10), strconv.FormatInt(last, 10), "newer"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("the refusal %q does not name %q", err, want)
			}
		}
		if _, err := s.write.ExecContext(ctx, `DELETE FROM goose_db_version WHERE version_id = $1`, last+1); err != nil {
			t.Fatal(err)
		}
		if err := s.migrate(ctx); err != nil {
			t.Fatalf("the database back at this version's schema: %v", err)
		}
	})
}

// testMigrations returns s's migrations.
func testMigrations(t *testing.T, s *Store) *goose.Provider {
	t.Helper()
	p, err := s.migrations()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// downTo moves s's schema down to version, as a database of an older version would be, and
// returns the migrations that bring it up again.
func downTo(t *testing.T, s *Store, version int64) *goose.Provider {
	t.Helper()
	p := testMigrations(t, s)
	if _, err := p.DownTo(context.Background(), version); err != nil {
		t.Fatal(err)
	}
	return p
}
