package app

import (
	"context"
	"errors"

	"seedbed"
	"seedbed/sim/epistemic"
)

// MaxEpistemicSteps bounds one lab request of the Weisberg–Muldoon model (agents × ticks ×
// seeds): a few seconds on the reference machine.
const MaxEpistemicSteps = 100_000_000

// Epistemic runs one population of the Weisberg–Muldoon epistemic-landscape model over several
// seeds. It saves nothing: the result is a function of the parameters.
func (l *Lab) Epistemic(ctx context.Context, s epistemic.Study) (*epistemic.StudyResult, error) {
	agents := int64(s.Controls + s.Followers + s.Mavericks + s.StrictFollowers)
	if err := s.Validate(); err == nil && agents*int64(s.Ticks)*int64(s.Seeds) > MaxEpistemicSteps {
		return nil, seedbed.FieldError("seeds", seedbed.Label{Zh: "这次运行需要 %d 个主体步，超过上限 %d；请减少种子数、步数或主体数，或用命令行 seedbed sim run --model weisberg-muldoon", En: "this run needs %d agent-steps, over the limit of %d; use fewer seeds, ticks or agents, or the command line"}, agents*int64(s.Ticks)*int64(s.Seeds), int64(MaxEpistemicSteps))
	}
	release, err := l.acquire()
	if err != nil {
		return nil, err
	}
	defer release()
	l.landOnce.Do(func() { l.land = epistemic.NewLandscape() })
	res, err := s.Run(ctx, l.land)
	var fe *epistemic.FieldError
	if errors.As(err, &fe) {
		return nil, seedbed.FieldError(fe.Key, "%s: %s", fe.Key, fe.Reason)
	}
	return res, cancelled(ctx, err)
}

// EpistemicLandscape is the model's landscape (built once, read-only).
func (l *Lab) EpistemicLandscape() *epistemic.Landscape {
	l.landOnce.Do(func() { l.land = epistemic.NewLandscape() })
	return l.land
}
