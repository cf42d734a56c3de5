package app

import (
	"context"
	"math"
	"strings"
	"testing"
	"time"

	"seedbed"
	"seedbed/evaluation"
)

// TestImpactOfStoredOutcomes repeats the hand-computed example of docs/methods.md §4.4 with real
// awards and stored outcomes: four awards of one field and cohort (landmark 85, hit 80, floor 30,
// groups of four for the example), 100 万元 each.
func TestImpactOfStoredOutcomes(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		ctx, s, m := context.Background(), a.Store(), a.Monitoring
		ids := newInnovators(t, s, 4, "影响主体")
		awards := fundInnovators(t, a, time.Date(2024, 5, 6, 9, 0, 0, 0, time.UTC), 1_000_000, ids...)
		fixedClock(s) // 2026Q1
		p := evaluation.DefaultMonitoringParams()
		p.Impact.LandmarkPercentile, p.Impact.HitPercentile, p.Impact.Floor, p.Impact.MinGroupSize, p.Impact.TopShare = 85, 80, 30, 4, 0.25
		if err := m.SetParams(p); err != nil {
			t.Fatal(err)
		}
		at := qtr(2025, 1)
		out := func(a int, kind string, v float64) evaluation.OutcomeRecord {
			return evaluation.OutcomeRecord{AwardID: awards[a].ID, Kind: kind, Value: v, Period: at, Evidence: "专利号 ZL2025" + kind}
		}
		good := []evaluation.OutcomeRecord{out(0, "patent", 10), out(0, "patent", 2), out(1, "patent", 5), out(1, "paper", 3), out(2, "patent", 5)}
		// Bad rows are refused with their position and nothing is stored.
		bad := []struct {
			o     evaluation.OutcomeRecord
			field string
			text  string
		}{
			{evaluation.OutcomeRecord{AwardID: awards[0].ID, Kind: "patent", Value: -1, Period: at, Evidence: "x"}, "value", "negative"},
			{evaluation.OutcomeRecord{AwardID: awards[0].ID, Kind: "sales", Value: 1, Period: at, Evidence: "x"}, "kind", "unknown outcome kind"},
			{evaluation.OutcomeRecord{AwardID: awards[0].ID, Kind: "patent", Value: 1, Period: qtr(2026, 3), Evidence: "x"}, "period", "future"},
			{evaluation.OutcomeRecord{AwardID: awards[0].ID, Kind: "patent", Value: 1, Period: qtr(2023, 1), Evidence: "x"}, "period", "predates"},
			{evaluation.OutcomeRecord{AwardID: 999999, Kind: "patent", Value: 1, Period: at, Evidence: "x"}, "award_id", "does not exist"},
			{evaluation.OutcomeRecord{AwardID: awards[0].ID, Kind: "patent", Value: 1, Period: at}, "evidence", "evidence"},
			{evaluation.OutcomeRecord{AwardID: awards[0].ID, Kind: "recognition", Value: 5, Period: at, Evidence: "x"}, "value", "level"},
			{evaluation.OutcomeRecord{AwardID: awards[0].ID, InnovatorID: ids[1], Kind: "patent", Value: 1, Period: at, Evidence: "x"}, "innovator_id", "does not match"},
		}
		for _, b := range bad {
			_, err := m.AddOutcomes(ctx, officer, append(append([]evaluation.OutcomeRecord{}, good[:1]...), b.o))
			es, ok := err.(seedbed.Errors)
			if !ok || len(es) == 0 || es[0].Line != 2 || es[0].Field != b.field || !strings.Contains(es[0].Error(), b.text) {
				t.Errorf("%s: got %v", b.text, err)
			}
		}
		if _, n, _ := m.FindOutcomes(ctx, evaluation.OutcomeFilter{}); n != 0 {
			t.Fatalf("%d outcomes stored after refused batches", n)
		}
		stranger := seedbed.Actor{Username: "x", Role: seedbed.RoleApplicant, InnovatorID: &ids[3]}
		if _, err := m.AddOutcomes(ctx, stranger, good[:1]); seedbed.ErrorCode(err) != seedbed.EFORBIDDEN {
			t.Fatalf("another organisation's outcome: %v", err)
		}
		if n, err := m.AddOutcomes(ctx, officer, good); err != nil || n != 5 {
			t.Fatalf("good outcomes: %d, %v", n, err)
		}
		sn, err := m.Snapshot(ctx)
		if err != nil {
			t.Fatal(err)
		}
		pf := sn.Portfolio(0)
		near := func(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
		if pf.Awards != 4 || pf.Landmarks != 2 || !near(pf.HitRate, 0.5) || !near(pf.Funding, 400) ||
			pf.CostPerLandmarkStatus != evaluation.StatusOK || !near(pf.CostPerLandmark, 200) || !near(pf.TopShare, 8.0/18) ||
			!near(pf.Gini, 5.0/12) {
			t.Fatalf("portfolio %+v", pf)
		}
		for i, want := range []float64{87.5, 87.5, 50, 0} {
			if sc, ok := sn.AwardScore(awards[i].ID); !ok || !near(sc.Score, want) {
				t.Errorf("award %d score %+v, want %v", i, sc, want)
			}
		}
		// The snapshot is shared until the data change.
		if again, _ := m.Snapshot(ctx); again != sn {
			t.Fatal("snapshot recomputed without a change")
		}
		if _, err := m.AddOutcomes(ctx, officer, []evaluation.OutcomeRecord{out(3, "adoption", 1)}); err != nil {
			t.Fatal(err)
		}
		if again, _ := m.Snapshot(ctx); again == sn || again.Portfolio(0).AwardsWithOutcomes != 4 {
			t.Fatal("snapshot not recomputed after a new outcome")
		}
	})
}

// TestHundredMediocreBelowOneLandmarkStored stores a hundred bottom-decile patents on one
// award and one leading patent on another: the hundred score nothing, the one is a landmark.
func TestHundredMediocreBelowOneLandmarkStored(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		ctx, s, m := context.Background(), a.Store(), a.Monitoring
		ids := newInnovators(t, s, 20, "平庸对照")
		awards := fundInnovators(t, a, time.Date(2023, 5, 6, 9, 0, 0, 0, time.UTC), 100_000, ids...)
		fixedClock(s)
		p := evaluation.DefaultMonitoringParams()
		p.Impact.MinGroupSize, p.Impact.LandmarkPercentile = 20, 95 // a group of 20: the best is at 97.5
		if err := m.SetParams(p); err != nil {
			t.Fatal(err)
		}
		var outs []evaluation.OutcomeRecord
		for range 100 {
			outs = append(outs, evaluation.OutcomeRecord{AwardID: awards[0].ID, Kind: "patent", Value: 1, Period: qtr(2024, 1), Evidence: "专利"})
		}
		outs = append(outs, evaluation.OutcomeRecord{AwardID: awards[1].ID, Kind: "patent", Value: 1000, Period: qtr(2024, 1), Evidence: "核心专利"})
		for i := 2; i < len(awards); i++ {
			outs = append(outs, evaluation.OutcomeRecord{AwardID: awards[i].ID, Kind: "patent", Value: float64(i), Period: qtr(2024, 1), Evidence: "专利"})
		}
		if _, err := m.AddOutcomes(ctx, officer, outs); err != nil {
			t.Fatal(err)
		}
		sn, err := m.Snapshot(ctx)
		if err != nil {
			t.Fatal(err)
		}
		many, _ := sn.AwardScore(awards[0].ID)
		one, _ := sn.AwardScore(awards[1].ID)
		if many.Outcomes != 100 || many.Score != 0 || many.Value != 0 || one.Landmarks != 1 || one.Score != 97.5 || !(many.Score < one.Score) {
			t.Fatalf("a hundred mediocre %+v, one landmark %+v", many, one)
		}
		if pf := sn.Portfolio(0); pf.Landmarks != 1 {
			t.Fatalf("portfolio landmarks %d, want 1", pf.Landmarks)
		}
	})
}
