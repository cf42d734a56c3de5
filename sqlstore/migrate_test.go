package sqlstore

import (
	"context"
	"testing"
)

// TestMigrations opens a fresh database (which migrates it) and checks that the migrations are
// numbered strictly upwards, that every one of them was applied, and that migrating again is a
// no-op.
func TestMigrations(t *testing.T) {
	forEachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		p, err := s.migrations()
		if err != nil {
			t.Fatal(err)
		}
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
