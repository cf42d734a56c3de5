package app

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"seedbed"
	"seedbed/sim"
	"seedbed/sim/epistemic"
	"seedbed/sqlstore"
)

// Lab runs and keeps ecosystem-lab simulations.
type Lab struct {
	store     *sqlstore.Store
	ecosystem *Ecosystem // the region's figures the defaults are calibrated from

	// landOnce builds land, the Weisberg–Muldoon landscape, on first use; it never changes.
	landOnce sync.Once
	land     *epistemic.Landscape

	concurrency int           // runs at once; 0 means one per core (lab_slots.go)
	slotsOnce   sync.Once     // makes slots on first use
	slots       chan struct{} // one token per running simulation

	calibration calibrationCache // the calibration page's last run (lab_calibration.go)

	jobs sync.WaitGroup // lab run jobs running in this process (lab_job.go)
}

// MaxLabSteps bounds one lab request's work (innovators × quarters × replications × strategies):
// about 20 s on the reference machine, so a page cannot tie up the server for long.
const MaxLabSteps = 2_000_000_000

// Defaults is the reference configuration with the population mix of the live registry and the
// funding calibrated from its awards (lab_calibration.go), so that the lab starts from the
// region the bureau actually has.
func (l *Lab) Defaults(ctx context.Context) (sim.Config, error) {
	cfg, _, _, err := l.calibrated(ctx)
	return cfg, err
}

// population is the reference configuration with the population mix of the live registry.
func (l *Lab) population(ctx context.Context) (sim.Config, error) {
	cfg := sim.DefaultConfig()
	st, err := l.store.RegistryStats(ctx)
	if err != nil {
		return cfg, err
	}
	firms := st.BySize[seedbed.SizeLarge] + st.BySize[seedbed.SizeMedium] + st.BySize[seedbed.SizeSmall] + st.BySize[seedbed.SizeMicro]
	if firms > 0 {
		// small = SMEs and grassroots teams; large = large firms (and, as the model has two sizes,
		// the rest of the registry counts as small).
		cfg.Population.ShareSmall = round2(1 - float64(st.BySize[seedbed.SizeLarge])/float64(st.Total))
	}
	if typed := st.ByType["grassroots"] + st.ByType["national_team"]; typed > 0 {
		cfg.Population.ShareGrassroots = round2(float64(st.ByType["grassroots"]) / float64(typed))
	}
	if tagged := st.ByPath["非主流路线"] + st.ByPath["主流路线"]; tagged > 0 {
		cfg.Population.ShareNonMainstream = round2(float64(st.ByPath["非主流路线"]) / float64(tagged))
	}
	if n := len(st.ByField); n > 0 {
		cfg.Population.Fields = min(max(n, 1), 12)
	}
	return cfg, nil
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }

// ParseConfig reads a configuration (YAML or JSON); its errors become field errors, named field
// when field is not empty and by the configuration key otherwise.
func (l *Lab) ParseConfig(data []byte, field string) (sim.Config, error) {
	cfg, err := sim.ParseConfig(data)
	if err != nil {
		return cfg, simErrors(err, field)
	}
	return cfg, nil
}

// ValidateConfig checks a configuration, with errors named by configuration key.
func (l *Lab) ValidateConfig(cfg sim.Config) error {
	if err := cfg.Validate(); err != nil {
		return simErrors(err, "")
	}
	return nil
}

// simErrors turns the simulator's field errors into the platform's, keeping key and reason.
func simErrors(err error, field string) error {
	fes := sim.FieldErrors(err)
	if len(fes) == 0 {
		return seedbed.FieldError(field, "%v", err)
	}
	var es seedbed.Errors
	for _, fe := range fes {
		name := field
		if name == "" {
			name = fe.Key[strings.LastIndex(fe.Key, ".")+1:]
		}
		e := seedbed.FieldError(name, seedbed.Label{Zh: fe.Key + "：" + fe.Zh, En: fe.Key + ": " + fe.En})
		e.Line, e.Column = fe.Line, fe.Column
		es = append(es, e)
	}
	return es
}

// Simulate runs a configuration within the work bound and saves the run under name.
func (l *Lab) Simulate(ctx context.Context, a seedbed.Actor, name string, cfg sim.Config) (*seedbed.LabRun, *sim.Result, error) {
	return l.simulate(ctx, a, name, cfg, nil)
}

// checkRun checks a run's name and size before it runs.
func checkRun(name string, cfg sim.Config) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" || utf8.RuneCountInString(name) > 100 {
		return "", seedbed.FieldError("name", seedbed.Label{Zh: "运行名称应为 1–100 个字", En: "a run name has 1 to 100 characters"})
	}
	if steps := cfg.AgentSteps(); steps > MaxLabSteps {
		return "", seedbed.FieldError("replications", seedbed.Label{Zh: "这次运行需要 %d 个主体步，超过上限 %d；请减少重复次数、主体数或策略数，或用命令行 seedbed sim run", En: "this run needs %d agent-steps, over the limit of %d; use fewer replications, innovators or strategies, or the command line"}, steps, int64(MaxLabSteps))
	}
	return name, nil
}

// simulate runs and saves a run, telling progress (when not nil) how many replications are done.
func (l *Lab) simulate(ctx context.Context, a seedbed.Actor, name string, cfg sim.Config, progress func(done, total int)) (*seedbed.LabRun, *sim.Result, error) {
	name, err := checkRun(name, cfg)
	if err != nil {
		return nil, nil, err
	}
	release, err := l.acquire()
	if err != nil {
		return nil, nil, err
	}
	defer release()
	start := time.Now()
	res, err := sim.RunProgress(ctx, cfg, progress)
	if err != nil {
		if fe := sim.FieldErrors(err); len(fe) > 0 {
			return nil, nil, simErrors(err, "")
		}
		return nil, nil, cancelled(ctx, err)
	}
	cfgJSON, err := json.Marshal(cfg)
	if err != nil {
		return nil, nil, err
	}
	resJSON, err := json.Marshal(res)
	if err != nil {
		return nil, nil, err
	}
	run := &seedbed.LabRun{Name: name, ConfigHash: res.ConfigHash, ModelVersion: res.ModelVersion, Config: cfgJSON,
		Result: resJSON, ElapsedMS: time.Since(start).Milliseconds()}
	if err := l.store.InTx(ctx, func(tx *sqlstore.Tx) error { return tx.InsertLabRun(ctx, a, run) }); err != nil {
		return nil, nil, err
	}
	return run, res, nil
}

// Runs lists saved runs, newest first, without their results.
func (l *Lab) Runs(ctx context.Context, limit int) ([]seedbed.LabRun, error) {
	return l.store.LabRuns(ctx, limit)
}

// Run reads a saved run and decodes its result.
func (l *Lab) Run(ctx context.Context, id int64) (*seedbed.LabRun, *sim.Result, error) {
	run, err := l.store.GetLabRun(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	var res sim.Result
	if err := json.Unmarshal(run.Result, &res); err != nil {
		return nil, nil, fmt.Errorf("lab run %d: %w", id, err)
	}
	return run, &res, nil
}

// ExportCSV writes a saved run's result as CSV and returns the run.
func (l *Lab) ExportCSV(ctx context.Context, id int64, w io.Writer) (*seedbed.LabRun, error) {
	run, res, err := l.Run(ctx, id)
	if err != nil {
		return nil, err
	}
	return run, res.WriteCSV(w)
}
