package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"seedbed/evaluation"
)

// TestAddOutcomesInParts stores outcomes a part at a time: each part is all or nothing, a bad
// part is reported with its number and rows and keeps the parts before it, and the flags' key
// follows the data once the parts are stored.
func TestAddOutcomesInParts(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		ctx, s, m := context.Background(), a.Store(), a.Monitoring
		ids := newInnovators(t, s, 3, "分批成果")
		awards := fundInnovators(t, a, time.Date(2024, 5, 6, 9, 0, 0, 0, time.UTC), 100_000, ids...)
		fixedClock(s)
		out := func(a int, v float64) evaluation.OutcomeRecord {
			return evaluation.OutcomeRecord{AwardID: awards[a].ID, Kind: "patent", Value: v, Period: qtr(2025, 1), Evidence: "专利证书"}
		}
		parts := [][]evaluation.OutcomeRecord{{out(0, 1), out(1, 2)}, {out(2, 3)},
			{out(0, 4), {AwardID: 999999, Kind: "patent", Value: 1, Period: qtr(2025, 1), Evidence: "x"}}}
		next := func() []evaluation.OutcomeRecord {
			if len(parts) == 0 {
				return nil
			}
			p := parts[0]
			parts = parts[1:]
			return p
		}
		n, err := m.AddOutcomesInParts(ctx, officer, next)
		if n != 3 || err == nil || !strings.Contains(err.Error(), "part 3") || !strings.Contains(err.Error(), "does not exist") {
			t.Fatalf("stored %d, %v; want 3 and part 3 refused", n, err)
		}
		if _, total, _ := m.FindOutcomes(ctx, evaluation.OutcomeFilter{}); total != 3 {
			t.Fatalf("%d outcomes stored, want the first two parts' 3", total)
		}
		parts = [][]evaluation.OutcomeRecord{{out(0, 5)}, {out(1, 6)}}
		if n, err := m.AddOutcomesInParts(ctx, officer, next); n != 2 || err != nil {
			t.Fatalf("stored %d, %v", n, err)
		}
		sn, err := m.Snapshot(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if key, err := m.FlagsKey(ctx); err != nil || key != sn.Key {
			t.Fatalf("flags of %q, data %q (%v)", key, sn.Key, err)
		}
	})
}
