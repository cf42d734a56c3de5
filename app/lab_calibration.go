package app

import (
	"context"
	"sync"

	"seedbed/ecosystem"
	"seedbed/sim"
)

// CalibrationReplications is how many replications the calibration check runs: enough for
// intervals a few percent wide on the default population, in well under a second.
const CalibrationReplications = 30

// PracticeStrategy is the strategy that stands for the region's own practice in the calibration
// check: selection by review, which the model reads as picking by a noisy forecast.
const PracticeStrategy = sim.PickByForecast

// Calibration calibrates the lab's reference configuration from the whole region and runs the
// practice strategy on it to compare the model's predictions with the region's figures. It
// saves nothing. The run is cached (calibrationCache): it is repeated only when the region's data
// calibrate a different configuration.
func (l *Lab) Calibration(ctx context.Context) (*sim.Calibration, error) {
	cfg, facts, ders, err := l.calibrated(ctx)
	if err != nil {
		return nil, err
	}
	run := cfg
	run.Strategies = []string{PracticeStrategy}
	run.Replications = CalibrationReplications
	res, err := l.calibrationRun(ctx, run)
	if err != nil {
		return nil, err
	}
	return &sim.Calibration{Facts: facts, Config: cfg, Derivations: ders, Strategy: PracticeStrategy,
		Fit: sim.Fit(facts, res, PracticeStrategy)}, nil
}

// calibrationCache is the last calibration run, under its key: the model version and the hash
// of the configuration the region's data calibrated. The configuration is read from the
// registry and the ecosystem figures, which reload under their own data-version keys (the
// registry version, applications, awards and the monitoring snapshot), so a write that changes
// what the calibration is computed from changes the key; a write that changes nothing the
// calibration reads keeps the cached run, which would come out the same. It is a field of the Lab
// and lives in memory only: a GET never writes.
type calibrationCache struct {
	mu  sync.Mutex // held during a run, so that concurrent pages wait for one run
	key string
	res *sim.Result
}

// calibrationRun returns the practice strategy's run of cfg, from the cache when its key holds.
func (l *Lab) calibrationRun(ctx context.Context, cfg sim.Config) (*sim.Result, error) {
	key := sim.ModelVersion + "|" + cfg.Hash()
	c := &l.calibration
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.res != nil && c.key == key {
		return c.res, nil
	}
	release, err := l.acquire()
	if err != nil {
		return nil, err
	}
	defer release()
	res, err := sim.Run(ctx, cfg)
	if err != nil {
		return nil, cancelled(ctx, err)
	}
	c.key, c.res = key, res
	return res, nil
}

// calibrated returns the reference configuration with the registry's population mix and the
// funding calibrated from the region's awards.
func (l *Lab) calibrated(ctx context.Context) (sim.Config, sim.RegionFacts, []sim.Derivation, error) {
	base, err := l.population(ctx)
	if err != nil {
		return base, sim.RegionFacts{}, nil, err
	}
	lf, err := l.ecosystem.LabFacts(ctx, ecosystem.Scope{})
	if err != nil {
		return base, sim.RegionFacts{}, nil, err
	}
	facts := sim.RegionFacts{Innovators: lf.Innovators, Years: lf.Years, Awards: lf.Awards, Money: lf.Money,
		Ended: lf.Ended, Failed: lf.Failed, Landmarks: lf.Landmarks,
		LandmarkSmall: lf.LandmarkSmall, LandmarkNonMainstream: lf.LandmarkNonMainstream}
	if lf.HasMedianSmall {
		facts.MedianSmall = lf.MedianSmall
	}
	if lf.HasMedianOther {
		facts.MedianOther = lf.MedianOther
	}
	cfg, ders := sim.Calibrate(base, facts)
	if err := cfg.Validate(); err != nil {
		// A region whose figures give parameters out of the model's ranges keeps the reference
		// funding; the derivations say the data could not set them.
		for i := range ders {
			ders[i].Value, ders[i].Calibrated = ders[i].Reference, false
		}
		return base, facts, ders, nil
	}
	return cfg, facts, ders, nil
}
