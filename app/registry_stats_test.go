package app

import (
	"context"
	"testing"

	"seedbed"
)

// TestRegistryStatsFollowWrites: the registry's counts are cached, and every write to the
// registry (a new innovator, an edit of its kind, an import) shows in the next counts.
func TestRegistryStatsFollowWrites(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		ctx := context.Background()
		count := func(want map[string]int) {
			t.Helper()
			st, err := a.Registry.Stats(ctx)
			must(t, err)
			total := 0
			for k, n := range want {
				total += n
				if st.ByKind[k] != n {
					t.Fatalf("%s: %d, want %d (%v)", k, st.ByKind[k], n, st.ByKind)
				}
			}
			if st.Total != total {
				t.Fatalf("total %d, want %d", st.Total, total)
			}
			st.ByKind[seedbed.KindTeam] = 99 // a caller's change does not reach the cache
		}
		count(map[string]int{})
		ids := newInnovators(t, a.Store(), 2, "计数")
		count(map[string]int{seedbed.KindTeam: 2})
		count(map[string]int{seedbed.KindTeam: 2}) // from the cache
		in, err := a.Registry.Innovator(ctx, ids[0])
		must(t, err)
		in.Kind = seedbed.KindIndividual
		must(t, a.Registry.UpdateInnovator(ctx, seedbed.System, in, in.Version))
		count(map[string]int{seedbed.KindTeam: 1, seedbed.KindIndividual: 1})
		ins := []seedbed.Innovator{{Name: "导入团队", Kind: seedbed.KindTeam, Field: "ai"}}
		if _, err := a.Registry.ImportInnovators(ctx, seedbed.System, ins, nil); err != nil {
			t.Fatal(err)
		}
		count(map[string]int{seedbed.KindTeam: 2, seedbed.KindIndividual: 1})
	})
}
