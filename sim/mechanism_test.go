package sim

import (
	"context"
	"math"
	"testing"
)

// These tests check that the model's mechanisms push in the directions the documentation says,
// each by more than three standard errors over 60 replications of the reference population.

func mechanismConfig(edit func(*Config)) Config {
	cfg := DefaultConfig()
	cfg.Replications = 60
	edit(&cfg)
	return cfg
}

func strategyResult(t *testing.T, cfg Config, id string) StrategyResult {
	t.Helper()
	res, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range res.Strategies {
		if s.ID == id {
			return s
		}
	}
	t.Fatalf("strategy %s not run", id)
	return StrategyResult{}
}

// se recovers the standard error from a 95% interval.
func se(e Estimate) float64 { return (e.Hi - e.Lo) / 2 / tQuantile975(e.N-1) }

func TestMechanisms(t *testing.T) {
	tests := []struct {
		name       string
		high, low  func(*Config)
		strategy   string
		metric     func(StrategyResult) Estimate
		highBetter bool
	}{
		{
			name:     "failure tolerance keeps innovators trying",
			high:     func(c *Config) { c.Behaviour.FailureTolerance = 0.9 },
			low:      func(c *Config) { c.Behaviour.FailureTolerance = 0.1 },
			strategy: NoSupport, metric: func(s StrategyResult) Estimate { return s.Landmarks }, highBetter: true,
		},
		{
			name:     "complacency erodes what grants add",
			high:     func(c *Config) { c.Behaviour.Complacency = 0.8 },
			low:      func(c *Config) { c.Behaviour.Complacency = 0 },
			strategy: BroadSmallGrants, metric: func(s StrategyResult) Estimate { return s.LandmarksVsBaseline }, highBetter: false,
		},
		{
			name:     "non-mainstream explorers widen the paths explored",
			high:     func(c *Config) { c.Population.ShareNonMainstream = 0.6 },
			low:      func(c *Config) { c.Population.ShareNonMainstream = 0.1 },
			strategy: NoSupport, metric: func(s StrategyResult) Estimate { return s.PathDiversity }, highBetter: true,
		},
		{
			name:     "self-drive produces landmarks",
			high:     func(c *Config) { c.Population.DriveGrassroots, c.Population.DriveNational = 0.9, 0.9 },
			low:      func(c *Config) { c.Population.DriveGrassroots, c.Population.DriveNational = 0.3, 0.3 },
			strategy: NoSupport, metric: func(s StrategyResult) Estimate { return s.Landmarks }, highBetter: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfgHigh := mechanismConfig(tt.high)
			cfgLow := mechanismConfig(tt.low)
			cfgHigh.Strategies = []string{NoSupport, tt.strategy}
			cfgLow.Strategies = cfgHigh.Strategies
			if tt.strategy == NoSupport {
				cfgHigh.Strategies = []string{NoSupport}
				cfgLow.Strategies = cfgHigh.Strategies
			}
			h := tt.metric(strategyResult(t, cfgHigh, tt.strategy))
			l := tt.metric(strategyResult(t, cfgLow, tt.strategy))
			diff := h.Mean - l.Mean
			if !tt.highBetter {
				diff = -diff
			}
			m := 3 * math.Hypot(se(h), se(l))
			t.Logf("high %.4g, low %.4g, margin %.3g", h.Mean, l.Mean, m)
			if diff <= m {
				t.Errorf("high setting %.4g vs low %.4g: difference %.4g not beyond margin %.4g", h.Mean, l.Mean, diff, m)
			}
		})
	}
}
