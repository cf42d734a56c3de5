package sqlstore

import (
	"context"
	"maps"
	"testing"

	"seedbed"
	"seedbed/demo"
)

// TestRegistryStatsAgreeWithSQL checks the registry's statistics, counted from the search index,
// against SQL counts over the innovators table (GROUP BY each column; LIKE for each path tag),
// on a demo registry, after new and changed innovators (the index's overlay), and after a
// rebuild.
func TestRegistryStatsAgreeWithSQL(t *testing.T) {
	forEachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		ins := demo.Innovators(21, 1500)
		if err := s.InTx(ctx, func(tx *Tx) error { return tx.InsertInnovators(ctx, testActor, ins, nil) }); err != nil {
			t.Fatal(err)
		}
		compare := func(stage string) {
			t.Helper()
			got, err := s.RegistryStats(ctx)
			if err != nil {
				t.Fatal(err)
			}
			want := registryStatsSQL(t, s)
			if got.Total != want.Total || got.Total == 0 || !maps.Equal(got.ByKind, want.ByKind) || !maps.Equal(got.BySize, want.BySize) ||
				!maps.Equal(got.ByType, want.ByType) || !maps.Equal(got.ByField, want.ByField) || !maps.Equal(got.ByPath, want.ByPath) {
				t.Fatalf("%s: index %+v\nSQL %+v", stage, got, want)
			}
			if want.ByPath["主流路线"] == 0 || want.ByPath["非主流路线"] == 0 || len(want.ByKind) < 3 {
				t.Fatalf("%s: the registry counts too little to compare: %+v", stage, want)
			}
		}
		compare("built")
		more := demo.Innovators(22, 30)[1:]
		for i := range more {
			more[i].CreditCode = ""
			more[i].Kind = seedbed.KindTeam
		}
		if err := s.InTx(ctx, func(tx *Tx) error { return tx.InsertInnovators(ctx, testActor, more, nil) }); err != nil {
			t.Fatal(err)
		}
		for _, k := range []int{0, 700} {
			in := ins[k]
			old := in.Field
			in.Field, in.PathTags = "stats-field", []string{"非主流路线"}
			if err := s.InTx(ctx, func(tx *Tx) error {
				return tx.UpdateInnovator(ctx, testActor, &in, in.Version, []seedbed.Change{{Field: "field", OldValue: old, NewValue: in.Field}})
			}); err != nil {
				t.Fatal(err)
			}
		}
		compare("after writes")
		if err := s.InTx(ctx, func(tx *Tx) error { return bumpRebuilds(ctx, tx) }); err != nil {
			t.Fatal(err)
		}
		compare("rebuilt")
	})
}

// registryStatsSQL counts the registry in SQL, as the statistics were counted before the index.
func registryStatsSQL(t *testing.T, s *Store) seedbed.RegistryStats {
	t.Helper()
	ctx := context.Background()
	st := seedbed.RegistryStats{ByKind: map[string]int{}, BySize: map[string]int{}, ByType: map[string]int{}, ByPath: map[string]int{}, ByField: map[string]int{}}
	for _, g := range []struct {
		col string
		m   map[string]int
	}{{"kind", st.ByKind}, {"size_class", st.BySize}, {"innovation_type", st.ByType}, {"field", st.ByField}} {
		err := eachRow(ctx, s.read, `SELECT `+g.col+`, count(*) FROM innovators GROUP BY `+g.col, nil, func(sc scanner) error {
			var k string
			var n int
			if err := sc.Scan(&k, &n); err != nil {
				return err
			}
			g.m[k] = n
			if g.col == "kind" {
				st.Total += n
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, tag := range []string{"非主流路线", "主流路线"} {
		var n int
		if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM innovators WHERE path_tags LIKE $1`, "%|"+tag+"|%").Scan(&n); err != nil {
			t.Fatal(err)
		}
		st.ByPath[tag] = n
	}
	return st
}
