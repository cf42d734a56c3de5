package app

import (
	"context"

	"seedbed"
	"seedbed/sim"
)

// DefaultSensitivity is the analysis the lab page offers first: a Sobol analysis of whether
// picking by forecast beats broad small grants, on a population small enough for a page.
const DefaultSensitivity = `sensitivity:
  base:
    replications: 5
    quarters: 40
    population:
      innovators: 400
  method: sobol
  parameters:
    behaviour.complacency: [0, 0.8]
    behaviour.failure_tolerance: [0, 1]
    funding.grant_size: [4, 80]
    funding.review_noise: [0, 2]
    landscape.ruggedness: [0, 10]
  outputs:
    - pick_by_forecast.landmarks - broad_small_grants.landmarks
  samples: 24
  bootstrap: 200
  seed: 1
  max_runs: 2000
`

// Sensitivity runs a sensitivity design given as YAML or JSON within the lab's work bound. It
// saves nothing: the result is a function of the design.
func (l *Lab) Sensitivity(ctx context.Context, data []byte) (*sim.SensitivityResult, error) {
	d, err := sim.ParseSensitivity(data)
	if err != nil {
		return nil, simErrors(err, "yaml")
	}
	if steps := d.AgentSteps(); steps > MaxLabSteps {
		return nil, seedbed.FieldError("yaml", seedbed.Label{
			Zh: "这次分析需要 %d 个主体步，超过上限 %d；请减少样本数、参数数、重复次数或主体数，或用命令行 seedbed sim sensitivity",
			En: "this analysis needs %d agent-steps, over the limit of %d; use fewer samples, parameters, replications or innovators, or the command line seedbed sim sensitivity",
		}, steps, int64(MaxLabSteps))
	}
	release, err := l.acquire()
	if err != nil {
		return nil, err
	}
	defer release()
	res, err := sim.RunSensitivity(ctx, d)
	if err != nil {
		if len(sim.FieldErrors(err)) > 0 {
			return nil, simErrors(err, "yaml")
		}
		return nil, cancelled(ctx, err)
	}
	return res, nil
}

// DefaultSensitivity returns the analysis the lab page offers first.
func (l *Lab) DefaultSensitivity() string { return DefaultSensitivity }
