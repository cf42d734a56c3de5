package web

import (
	"context"
	"io"

	"seedbed"
	"seedbed/sim"
	"seedbed/sim/avin"
	"seedbed/sim/epistemic"
)

// LabService is what the lab pages and API ask of the use-case layer.
type LabService interface {
	Defaults(ctx context.Context) (sim.Config, error)
	// Calibration calibrates the defaults from the region and compares the model's predictions
	// for the region's practice with its figures; it saves nothing.
	Calibration(ctx context.Context) (*sim.Calibration, error)
	ParseConfig(data []byte, field string) (sim.Config, error)
	ValidateConfig(cfg sim.Config) error
	Simulate(ctx context.Context, a seedbed.Actor, name string, cfg sim.Config) (*seedbed.LabRun, *sim.Result, error)
	// StartRun starts a run as a job that goes on after it returns; Job reads a job's progress.
	StartRun(ctx context.Context, a seedbed.Actor, name string, cfg sim.Config) (*seedbed.Job, error)
	Job(ctx context.Context, id int64) (*seedbed.Job, error)
	Runs(ctx context.Context, limit int) ([]seedbed.LabRun, error)
	Run(ctx context.Context, id int64) (*seedbed.LabRun, *sim.Result, error)
	ExportCSV(ctx context.Context, id int64, w io.Writer) (*seedbed.LabRun, error)
	Epistemic(ctx context.Context, s epistemic.Study) (*epistemic.StudyResult, error)
	EpistemicLandscape() *epistemic.Landscape
	DefaultFactorial() string
	Factorial(ctx context.Context, data []byte) (*sim.FactorialResult, error)
	Avin(ctx context.Context, p avin.Params) (*avin.Result, error)
	DefaultSensitivity() string
	Sensitivity(ctx context.Context, data []byte) (*sim.SensitivityResult, error)
}
