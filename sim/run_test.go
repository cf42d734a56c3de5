package sim

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"runtime"
	"testing"
)

// smallConfig is a quick configuration for tests.
func smallConfig() Config {
	cfg := DefaultConfig()
	cfg.Population.Innovators = 300
	cfg.Replications = 24
	cfg.Quarters = 20
	cfg.Funding.Budget = 3000
	return cfg
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestRunIdenticalAcrossWorkers(t *testing.T) {
	cfg := smallConfig()
	want, err := runWorkers(context.Background(), cfg, 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, workers := range []int{2, 3, 5, 8, 64} {
		got, err := runWorkers(context.Background(), cfg, workers)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(mustJSON(t, got), mustJSON(t, want)) {
			t.Errorf("workers=%d: result differs from workers=1", workers)
		}
	}
	// And through the public entry point at different GOMAXPROCS.
	for _, procs := range []int{1, 2} {
		old := runtime.GOMAXPROCS(procs)
		got, err := Run(context.Background(), cfg)
		runtime.GOMAXPROCS(old)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(mustJSON(t, got), mustJSON(t, want)) {
			t.Errorf("GOMAXPROCS=%d: result differs", procs)
		}
	}
}

func TestRunDependsOnSeed(t *testing.T) {
	a, b := smallConfig(), smallConfig()
	b.Seed++
	ra, err := Run(context.Background(), a)
	if err != nil {
		t.Fatal(err)
	}
	rb, err := Run(context.Background(), b)
	if err != nil {
		t.Fatal(err)
	}
	if ra.ConfigHash == rb.ConfigHash {
		t.Error("different seeds, same config hash")
	}
	if bytes.Equal(mustJSON(t, ra.Strategies), mustJSON(t, rb.Strategies)) {
		t.Error("different seeds gave identical results")
	}
}

// A strategy's numbers must not depend on which other strategies are listed, or in what order.
func TestRunStrategyIndependentOfList(t *testing.T) {
	all := smallConfig()
	one := smallConfig()
	one.Strategies = []string{StagedMilestones, PickBySize}
	ra, err := Run(context.Background(), all)
	if err != nil {
		t.Fatal(err)
	}
	rb, err := Run(context.Background(), one)
	if err != nil {
		t.Fatal(err)
	}
	find := func(r *Result, id string) StrategyResult {
		for _, s := range r.Strategies {
			if s.ID == id {
				return s
			}
		}
		t.Fatalf("no %s", id)
		return StrategyResult{}
	}
	for _, id := range one.Strategies {
		x, y := find(ra, id), find(rb, id)
		if y.LandmarksVsBaseline.Defined {
			t.Errorf("%s: vs-baseline defined without no_support", id)
		}
		x.LandmarksVsBaseline, x.ValueVsBaseline = Estimate{}, Estimate{}
		if !bytes.Equal(mustJSON(t, x), mustJSON(t, y)) {
			t.Errorf("%s differs when run with other strategies", id)
		}
	}
	if rb.Strategies[0].ID != StagedMilestones {
		t.Error("strategies not in the order listed")
	}
}

func TestRunRefusesInvalidConfig(t *testing.T) {
	cfg := smallConfig()
	cfg.Funding.Budget = -1
	_, err := Run(context.Background(), cfg)
	var fe *FieldError
	if !errors.As(err, &fe) || fe.Key != "funding.budget" {
		t.Fatalf("err = %v, want a FieldError for funding.budget", err)
	}
}

func TestRunStopsOnCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Run(ctx, smallConfig()); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

// Every strategy spends at most the budget; no_support spends nothing; the baseline's paired
// difference with itself is zero; the histogram counts every replication.
func TestRunAccounting(t *testing.T) {
	tests := []struct {
		name string
		edit func(*Config)
	}{
		{"default", func(*Config) {}},
		{"zero budget", func(c *Config) { c.Funding.Budget = 0 }},
		{"huge budget", func(c *Config) { c.Funding.Budget = 1e7 }},
		{"one stage", func(c *Config) { c.Funding.Stages = 1 }},
		{"round every quarter", func(c *Config) { c.Funding.RoundQuarters = 1 }},
		{"one innovator", func(c *Config) { c.Population.Innovators = 1 }},
		{"everyone large national mainstream", func(c *Config) {
			c.Population.ShareSmall, c.Population.ShareGrassroots, c.Population.ShareNonMainstream = 0, 0, 0
		}},
		{"one replication", func(c *Config) { c.Replications = 1 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := smallConfig()
			tt.edit(&cfg)
			res, err := Run(context.Background(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range res.Strategies {
				if s.Spend.Mean > cfg.Funding.Budget+1e-6 {
					t.Errorf("%s spends %g of budget %g", s.ID, s.Spend.Mean, cfg.Funding.Budget)
				}
				if s.ID == NoSupport && (s.Spend.Mean != 0 || s.LandmarksVsBaseline.Mean != 0 || s.ValueVsBaseline.Mean != 0) {
					t.Errorf("no_support: spend %g, vs-baseline %g", s.Spend.Mean, s.LandmarksVsBaseline.Mean)
				}
				total := 0
				for _, c := range s.LandmarkHistogram {
					total += c
				}
				if total != cfg.Replications {
					t.Errorf("%s: histogram counts %d replications, want %d", s.ID, total, cfg.Replications)
				}
				if len(s.CumulativeValue) != cfg.Quarters {
					t.Errorf("%s: %d quarters of cumulative value", s.ID, len(s.CumulativeValue))
				} else if d := s.CumulativeValue[cfg.Quarters-1] - s.TotalValue.Mean; d > 1e-9*s.TotalValue.Mean || d < -1e-9*s.TotalValue.Mean {
					t.Errorf("%s: cumulative value ends at %g, total value %g", s.ID, s.CumulativeValue[cfg.Quarters-1], s.TotalValue.Mean)
				} else if d := s.CumulativeLandmarks[cfg.Quarters-1] - s.Landmarks.Mean; d > 1e-9 || d < -1e-9 {
					t.Errorf("%s: cumulative landmarks end at %g, landmarks %g", s.ID, s.CumulativeLandmarks[cfg.Quarters-1], s.Landmarks.Mean)
				}
				for q := 1; q < len(s.CumulativeLandmarks); q++ {
					if s.CumulativeLandmarks[q] < s.CumulativeLandmarks[q-1] || s.CumulativeValue[q] < s.CumulativeValue[q-1] {
						t.Errorf("%s: cumulative series decrease at quarter %d", s.ID, q+1)
						break
					}
				}
				if s.Landmarks.Lo > s.Landmarks.Mean || s.Landmarks.Hi < s.Landmarks.Mean {
					t.Errorf("%s: interval [%g, %g] excludes mean %g", s.ID, s.Landmarks.Lo, s.Landmarks.Hi, s.Landmarks.Mean)
				}
			}
		})
	}
}

// The memory a run allocates must not grow with the number of replications.
func TestRunMemoryFlatInReplications(t *testing.T) {
	alloc := func(reps int) uint64 {
		cfg := smallConfig()
		cfg.Replications = reps
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		if _, err := runWorkers(context.Background(), cfg, 2); err != nil {
			t.Fatal(err)
		}
		runtime.ReadMemStats(&after)
		return after.TotalAlloc - before.TotalAlloc
	}
	small, large := alloc(10), alloc(200)
	t.Logf("allocated %d bytes for 10 replications, %d for 200", small, large)
	if large > small*3/2 {
		t.Errorf("allocation grows with replications: %d bytes for 10, %d for 200", small, large)
	}
}

// TestRunSameWhenLandmarksAreValuedEarly holds the result to the order in which a quarter's
// landmarks are valued: with room for one waiting landmark, every landmark after a quarter's first
// is valued as it is found, and the result must not change.
func TestRunSameWhenLandmarksAreValuedEarly(t *testing.T) {
	cfg := smallConfig()
	want, err := runWorkers(context.Background(), cfg, 1)
	if err != nil {
		t.Fatal(err)
	}
	var marks int
	for _, s := range want.Strategies {
		marks += int(s.Landmarks.Mean * float64(cfg.Replications))
	}
	if marks < cfg.Quarters {
		t.Fatalf("only %d landmarks: too few to show anything", marks)
	}
	old := discoveredRoom
	discoveredRoom = 1
	defer func() { discoveredRoom = old }()
	got, err := runWorkers(context.Background(), cfg, 1)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(mustJSON(t, got), mustJSON(t, want)) {
		t.Error("result differs when landmarks are valued as they are found")
	}
}
