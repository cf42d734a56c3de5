package sim

import (
	"errors"
	"fmt"
	"math"
)

// FieldError is a refused input: the key path it concerns (for example
// "population.share_small"), where it is in the source when known, and the reason in Chinese and
// English.
type FieldError struct {
	Key    string `json:"key"`
	Line   int    `json:"line,omitempty"`
	Column int    `json:"column,omitempty"`
	Zh     string `json:"zh"`
	En     string `json:"en"`
}

// Error gives the key, the position when known, and the reason in Chinese then English.
func (e *FieldError) Error() string {
	pos := ""
	if e.Line > 0 {
		pos = fmt.Sprintf(" (line %d, column %d)", e.Line, e.Column)
	}
	if e.Key == "" {
		return fmt.Sprintf("%s / %s%s", e.Zh, e.En, pos)
	}
	return fmt.Sprintf("%s%s: %s / %s", e.Key, pos, e.Zh, e.En)
}

func fieldErr(key, zh, en string) *FieldError { return &FieldError{Key: key, Zh: zh, En: en} }

// limits collects range violations in the order the checks run.
type limits struct{ errs []error }

func (l *limits) add(key, zh, en string) { l.errs = append(l.errs, fieldErr(key, zh, en)) }

func (l *limits) intIn(key string, v, lo, hi int) {
	if v < lo || v > hi {
		l.add(key, fmt.Sprintf("必须是 %d 到 %d 之间的整数，实际为 %d", lo, hi, v),
			fmt.Sprintf("must be an integer in [%d, %d], got %d", lo, hi, v))
	}
}

func (l *limits) floatIn(key string, v, lo, hi float64) {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		l.add(key, "必须是有限数", "must be a finite number")
		return
	}
	if v < lo || v > hi {
		l.add(key, fmt.Sprintf("必须在 %g 到 %g 之间，实际为 %g", lo, hi, v),
			fmt.Sprintf("must be in [%g, %g], got %g", lo, hi, v))
	}
}

func (l *limits) positive(key string, v, hi float64) {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		l.add(key, "必须是有限数", "must be a finite number")
		return
	}
	if v <= 0 || v > hi {
		l.add(key, fmt.Sprintf("必须大于 0 且不超过 %g，实际为 %g", hi, v),
			fmt.Sprintf("must be greater than 0 and at most %g, got %g", hi, v))
	}
}

func (l *limits) probability(key string, v float64) { l.floatIn(key, v, 0, 1) }

// maxVisitedBytes bounds the per-worker memory of the visited-approach bitsets.
const maxVisitedBytes = 64 << 20

// Validate checks every parameter's range and returns all violations joined, each a *FieldError
// naming the key path; it returns nil for a valid Config.
func (c Config) Validate() error {
	var l limits
	l.intIn("replications", c.Replications, 1, 100000)
	l.intIn("quarters", c.Quarters, 1, 400)
	if len(c.Strategies) == 0 {
		l.add("strategies", "至少需要一种策略", "must list at least one strategy")
	}
	seen := map[string]bool{}
	for i, s := range c.Strategies {
		key := fmt.Sprintf("strategies[%d]", i)
		if _, ok := strategyByID(s); !ok {
			l.add(key, fmt.Sprintf("未知策略 %q", s), fmt.Sprintf("unknown strategy %q", s))
		} else if seen[s] {
			l.add(key, fmt.Sprintf("策略 %q 重复", s), fmt.Sprintf("strategy %q listed twice", s))
		}
		seen[s] = true
	}

	p := c.Population
	l.intIn("population.innovators", p.Innovators, 1, 1000000)
	l.intIn("population.fields", p.Fields, 1, 64)
	l.probability("population.share_small", p.ShareSmall)
	l.probability("population.share_grassroots", p.ShareGrassroots)
	l.probability("population.share_non_mainstream", p.ShareNonMainstream)
	l.probability("population.drive_grassroots", p.DriveGrassroots)
	l.probability("population.drive_national", p.DriveNational)
	l.probability("population.drive_spread", p.DriveSpread)

	s := c.Landscape
	l.intIn("landscape.bits", s.Bits, 4, 24)
	l.intIn("landscape.ruggedness", s.Ruggedness, 0, min(max(s.Bits-1, 0), 15))
	l.intIn("landscape.mainstream_radius", s.MainstreamRadius, 0, max(s.Bits, 0))
	l.floatIn("landscape.viable_z", s.ViableZ, -10, 10)
	l.floatIn("landscape.landmark_z", s.LandmarkZ, -10, 10)
	if s.LandmarkZ <= s.ViableZ {
		l.add("landscape.landmark_z", "必须大于 viable_z", "must be greater than viable_z")
	}
	l.floatIn("landscape.value_tail", s.ValueTail, 1.01, 10)
	if s.Bits >= 4 && s.Bits <= 24 && p.Fields >= 1 && p.Fields <= 64 &&
		int64(p.Fields)<<s.Bits/8 > maxVisitedBytes {
		l.add("landscape.bits", fmt.Sprintf("fields × 2^bits 过大（上限 %d MiB 位图）", maxVisitedBytes>>20),
			fmt.Sprintf("fields × 2^bits too large (limit %d MiB of bitsets)", maxVisitedBytes>>20))
	}

	b := c.Behaviour
	l.positive("behaviour.burn_small", b.BurnSmall, 1e6)
	l.positive("behaviour.burn_large", b.BurnLarge, 1e6)
	l.intIn("behaviour.trials_small", b.TrialsSmall, 1, 16)
	l.intIn("behaviour.trials_large", b.TrialsLarge, 1, 16)
	l.floatIn("behaviour.runway_quarters", b.RunwayQuarters, 0, 1000)
	l.positive("behaviour.resource_runway", b.ResourceRunway, 1000)
	l.intIn("behaviour.resource_trials", b.ResourceTrials, 0, 16)
	l.floatIn("behaviour.viable_revenue", b.ViableRevenue, 0, 100)
	l.floatIn("behaviour.landmark_runway", b.LandmarkRunway, 0, 1000)
	l.probability("behaviour.jump_prob", b.JumpProb)
	l.intIn("behaviour.jump_bits", b.JumpBits, 1, max(s.Bits, 1))
	l.floatIn("behaviour.explore_slack", b.ExploreSlack, 0, 10)
	l.probability("behaviour.complacency", b.Complacency)
	l.positive("behaviour.complacency_half", b.ComplacencyHalf, 1000)
	l.probability("behaviour.failure_tolerance", b.FailureTolerance)

	f := c.Funding
	l.floatIn("funding.budget", f.Budget, 0, 1e12)
	l.intIn("funding.round_quarters", f.RoundQuarters, 1, max(c.Quarters, 1))
	l.positive("funding.grant_size", f.GrantSize, 1e12)
	l.positive("funding.small_grant_size", f.SmallGrantSize, 1e12)
	l.floatIn("funding.review_noise", f.ReviewNoise, 0, 100)
	l.floatIn("funding.mainstream_bias", f.MainstreamBias, -10, 10)
	l.floatIn("funding.status_bias", f.StatusBias, -10, 10)
	l.floatIn("funding.lottery_pool", f.LotteryPool, 1, 1000)
	l.intIn("funding.champions", f.Champions, 0, 100000)
	l.intIn("funding.stages", f.Stages, 1, 20)
	l.floatIn("funding.milestone_gain", f.MilestoneGain, 0, 10)
	return errors.Join(l.errs...)
}

// FieldErrors lists the *FieldError values inside err (as returned by Validate, ParseConfig,
// ParseSweep or ParseShard), in order, so that a form can show each next to its field.
func FieldErrors(err error) []*FieldError {
	var out []*FieldError
	var walk func(error)
	walk = func(e error) {
		if e == nil {
			return
		}
		if fe, ok := e.(*FieldError); ok {
			out = append(out, fe)
			return
		}
		switch u := e.(type) {
		case interface{ Unwrap() []error }:
			for _, x := range u.Unwrap() {
				walk(x)
			}
		case interface{ Unwrap() error }:
			walk(u.Unwrap())
		}
	}
	walk(err)
	return out
}
