package epistemic

import (
	"context"
	"fmt"
	"runtime"
	"sync"
)

// Study is one population of the Weisberg–Muldoon model run over several seeds: what the command
// line's `sim run --model weisberg-muldoon` and the lab page ask for.
type Study struct {
	Controls        int    `json:"controls"`
	Followers       int    `json:"followers"`
	Mavericks       int    `json:"mavericks"`
	StrictFollowers int    `json:"strict_followers"`
	Ticks           int    `json:"ticks"`
	Seeds           int    `json:"seeds"`
	Seed            uint64 `json:"seed"`
	// TieBreak is the followers' rule among equally good visited neighbours: "uniform" (at
	// random, the default) or "first" (the first in heading order, clockwise from north).
	TieBreak string `json:"tie_break"`
}

// Limits of a study, so that one request stays small.
const (
	MaxAgents = 2000
	MaxTicks  = 5000
	MaxSeeds  = 1000
)

// DefaultStudy is Weisberg & Muldoon's mixed population: 180 followers and 20 mavericks, 500
// ticks, 20 seeds.
func DefaultStudy() Study {
	return Study{Followers: 180, Mavericks: 20, Ticks: 500, Seeds: 20, Seed: 2009, TieBreak: "uniform"}
}

// FieldError is a study parameter out of range: its key and the reason.
type FieldError struct{ Key, Reason string }

func (e *FieldError) Error() string { return e.Key + ": " + e.Reason }

// Validate refuses parameters out of range, naming the key.
func (s Study) Validate() error {
	for _, c := range []struct {
		key string
		v   int
	}{{"controls", s.Controls}, {"followers", s.Followers}, {"mavericks", s.Mavericks}, {"strict_followers", s.StrictFollowers}} {
		if c.v < 0 || c.v > MaxAgents {
			return &FieldError{c.key, fmt.Sprintf("must be between 0 and %d", MaxAgents)}
		}
	}
	switch n := s.Controls + s.Followers + s.Mavericks + s.StrictFollowers; {
	case n == 0:
		return &FieldError{"followers", "the population is empty"}
	case n > MaxAgents:
		return &FieldError{"followers", fmt.Sprintf("at most %d agents in all", MaxAgents)}
	case s.Ticks < 1 || s.Ticks > MaxTicks:
		return &FieldError{"ticks", fmt.Sprintf("must be between 1 and %d", MaxTicks)}
	case s.Seeds < 1 || s.Seeds > MaxSeeds:
		return &FieldError{"seeds", fmt.Sprintf("must be between 1 and %d", MaxSeeds)}
	}
	if _, ok := ParseTieBreak(s.TieBreak); !ok {
		return &FieldError{"tie_break", `must be "uniform" or "first"`}
	}
	return nil
}

// StudyResult is a study's outcome: means over seeds, each run, and how often each patch was
// visited.
type StudyResult struct {
	Study Study `json:"study"`
	// Progress is the mean over seeds of the share of significant patches anyone visited.
	Progress         float64 `json:"progress"`
	FollowerProgress float64 `json:"follower_progress"`
	// BothPeaksShare is the share of seeds in which both peaks were reached.
	BothPeaksShare float64   `json:"both_peaks_share"`
	Runs           []Outcome `json:"runs"`
	// Coverage[p] is the share of seeds in which patch p (indexed as Landscape.Sig) was visited.
	Coverage []float64 `json:"-"`
	// ProgressByTick[t−1] is the mean over seeds of the share of significant patches visited by
	// the end of tick t: coverage over time. Its last entry equals Progress.
	ProgressByTick []float64 `json:"progress_by_tick"`
}

// Run runs the study over seeds Seed, Seed+φ, … on GOMAXPROCS goroutines; the result does not
// depend on the number of goroutines.
func (s Study) Run(ctx context.Context, land *Landscape) (*StudyResult, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	tie, _ := ParseTieBreak(s.TieBreak)
	if s.TieBreak == "" {
		s.TieBreak = tie.String()
	}
	pop := Population{Controls: s.Controls, Followers: s.Followers, Mavericks: s.Mavericks, StrictFollowers: s.StrictFollowers}
	outs := make([]Outcome, s.Seeds)
	visits := make([][]uint8, s.Seeds)
	curves := make([][]int32, s.Seeds)
	next := make(chan int, s.Seeds)
	for i := range s.Seeds {
		next <- i
	}
	close(next)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), s.Seeds) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if ctx.Err() != nil {
					return
				}
				outs[i], visits[i], curves[i] = simulate(land, pop, s.Ticks, s.Seed+uint64(i)*0x9e3779b97f4a7c15, tie)
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	r := &StudyResult{Study: s, Runs: outs, Coverage: make([]float64, len(land.Sig)), ProgressByTick: make([]float64, s.Ticks)}
	n := float64(s.Seeds)
	for i, o := range outs {
		r.Progress += o.Progress
		r.FollowerProgress += o.FollowerProgress
		if o.BothPeaksTick <= s.Ticks {
			r.BothPeaksShare++
		}
		for p, v := range visits[i] {
			if v != 0 {
				r.Coverage[p]++
			}
		}
		for t, c := range curves[i] {
			r.ProgressByTick[t] += float64(c) / float64(land.Significant)
		}
	}
	r.Progress /= n
	r.FollowerProgress /= n
	r.BothPeaksShare /= n
	for p := range r.Coverage {
		r.Coverage[p] /= n
	}
	for t := range r.ProgressByTick {
		r.ProgressByTick[t] /= n
	}
	return r, nil
}
