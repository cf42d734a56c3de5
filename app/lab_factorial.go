package app

import (
	"context"

	"seedbed"
	"seedbed/sim"
)

// DefaultFactorial is the design the lab page offers first: the example's four factors on a
// population small enough for a page.
const DefaultFactorial = `factorial:
  base:
    replications: 20
    quarters: 40
    population:
      innovators: 500
  selection: [size, forecast, lottery, lottery_bar]
  grant_size: [4, 40]
  pacing: [once, staged]
  retry: [true, false]
  bar: 0
  max_cells: 64
  metric: landmarks
`

// Factorial runs a factorial design given as YAML or JSON within the lab's work bound. It saves
// nothing: the result is a function of the design.
func (l *Lab) Factorial(ctx context.Context, data []byte) (*sim.FactorialResult, error) {
	d, err := sim.ParseDesign(data)
	if err != nil {
		return nil, simErrors(err, "yaml")
	}
	b := d.Base
	steps := int64(b.Population.Innovators) * int64(b.Quarters) * int64(b.Replications) * int64(len(d.Cells()))
	if steps > MaxLabSteps {
		return nil, seedbed.FieldError("yaml", seedbed.Label{Zh: "这次运行需要 %d 个主体步，超过上限 %d；请减少重复次数、主体数或组合数，或用命令行 seedbed sim run", En: "this run needs %d agent-steps, over the limit of %d; use fewer replications, innovators or cells, or the command line"}, steps, int64(MaxLabSteps))
	}
	release, err := l.acquire()
	if err != nil {
		return nil, err
	}
	defer release()
	res, err := sim.RunFactorial(ctx, d)
	if err != nil {
		if len(sim.FieldErrors(err)) > 0 {
			return nil, simErrors(err, "yaml")
		}
		return nil, cancelled(ctx, err)
	}
	return res, nil
}

// DefaultFactorial returns the design the lab page offers first.
func (l *Lab) DefaultFactorial() string { return DefaultFactorial }
