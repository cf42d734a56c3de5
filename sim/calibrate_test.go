package sim

import (
	"context"
	"math"
	"testing"
)

// TestCalibrateHandWorked sets the funding from a region worked out by hand.
func TestCalibrateHandWorked(t *testing.T) {
	base := DefaultConfig() // small grant 4 units, 40 quarters, 2,000 innovators
	f := RegionFacts{Innovators: 10000, Years: 5, Awards: 500, Money: 250e6, MedianSmall: 200000, MedianOther: 1000000}
	cfg, ders := Calibrate(base, f)
	// One unit = 200,000 / 4 = 50,000 yuan. Grant: 1,000,000 / 50,000 = 20 units.
	// Budget: 250e6 / 5 years × 10 years / 10,000 innovators × 2,000 = 100e6 yuan = 2,000 units.
	if cfg.Funding.GrantSize != 20 || cfg.Funding.Budget != 2000 {
		t.Fatalf("grant %v budget %v, want 20 and 2000", cfg.Funding.GrantSize, cfg.Funding.Budget)
	}
	if len(ders) != 2 || !ders[0].Calibrated || !ders[1].Calibrated || ders[0].Reference != base.Funding.GrantSize {
		t.Fatalf("derivations %+v", ders)
	}
	if cfg.Funding.SmallGrantSize != base.Funding.SmallGrantSize || cfg.Population != base.Population {
		t.Fatal("calibration changed what it does not set")
	}

	// Without awards nothing is set and the reference stands.
	cfg, ders = Calibrate(base, RegionFacts{Innovators: 10})
	if cfg.Funding != base.Funding || ders[0].Calibrated || ders[1].Calibrated {
		t.Fatalf("empty region: %+v %+v", cfg.Funding, ders)
	}
}

// TestFitVerdicts checks the ratios and verdicts against a result, on figures worked by hand.
func TestFitVerdicts(t *testing.T) {
	r := &Result{Config: DefaultConfig(), Strategies: []StrategyResult{{ID: PickByForecast,
		Landmarks: Estimate{Mean: 4, Lo: 2, Hi: 6, Defined: true}, Survivors: Estimate{Mean: 1000, Lo: 900, Hi: 1100, Defined: true},
		LandmarkShares: LandmarkShares{Small: 0.6, NonMainstream: 0.1}}}}
	f := RegionFacts{Innovators: 1000, Years: 5, Landmarks: 1, LandmarkSmall: 0.5, LandmarkNonMainstream: 0, Ended: 10, Failed: 2}
	rows := Fit(f, r, PickByForecast)
	by := map[string]FitRow{}
	for _, row := range rows {
		by[row.Key] = row
	}
	// Landmarks per 1,000: model 4 / 2,000 × 1,000 = 2; region 1 / 1,000 × 1,000 × 10 / 5 = 2.
	if lr := by["landmark_rate"]; lr.Observed != 2 || lr.Predicted.Mean != 2 || lr.Ratio != 1 || lr.Verdict != "close" || lr.Predicted.Lo != 1 {
		t.Errorf("landmark rate %+v", lr)
	}
	if s := by["landmark_share_small"]; math.Abs(s.Ratio-1.2) > 1e-12 || s.Verdict != "close" || !s.Comparable {
		t.Errorf("small share %+v", s)
	}
	if n := by["landmark_share_nonmainstream"]; n.Verdict != "poor" || n.Ratio != 0 {
		t.Errorf("non-mainstream share: the region shows none where the model predicts 0.1: %+v", n)
	}
	// Survival: region 8 / 10 = 0.8, model 1,000 / 2,000 = 0.5; ratio 0.625, off by 1.6: rough.
	if s := by["survival"]; s.Observed != 0.8 || s.Predicted.Mean != 0.5 || s.Verdict != "rough" {
		t.Errorf("survival %+v", s)
	}
	if rows := Fit(RegionFacts{}, r, PickByForecast); rows[1].Verdict != "no_data" || rows[3].Verdict != "no_data" {
		t.Errorf("no data: %+v", rows)
	}
	if Fit(f, r, BroadSmallGrants) != nil {
		t.Error("a strategy not run gives rows")
	}
}

// TestCalibratedConfigRuns runs a calibrated configuration: the calibrated funding is valid and
// the model runs on it.
func TestCalibratedConfigRuns(t *testing.T) {
	cfg, _ := Calibrate(DefaultConfig(), RegionFacts{Innovators: 2400, Years: 4, Awards: 150, Money: 60e6, MedianSmall: 300000, MedianOther: 2e6})
	cfg.Population.Innovators, cfg.Replications, cfg.Quarters, cfg.Strategies = 200, 3, 12, []string{PickByForecast}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if rows := Fit(RegionFacts{Innovators: 2400, Years: 4, Landmarks: 3, LandmarkSmall: 1, Ended: 5, Failed: 1}, res, PickByForecast); len(rows) != 4 {
		t.Fatalf("rows %+v", rows)
	}
}
