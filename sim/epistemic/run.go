package epistemic

import (
	"context"
	"runtime"
	"sync"
)

// Population is how many agents follow each rule.
type Population struct {
	Controls, Followers, Mavericks, StrictFollowers int
}

func (p Population) size() int { return p.Controls + p.Followers + p.Mavericks + p.StrictFollowers }

// Outcome is what one run achieved.
type Outcome struct {
	// Progress is Weisberg & Muldoon's epistemic progress: the share of significant patches that
	// anyone visited. FollowerProgress counts only patches visited by followers.
	Progress         float64 `json:"progress"`
	FollowerProgress float64 `json:"follower_progress"`
	// PeakTick[k] is the tick at which peak k was first reached; 0 if never.
	PeakTick [2]int `json:"peak_tick"`
	// BothPeaksTick is the tick by which both peaks had been reached, or Ticks+1 if they were not.
	BothPeaksTick int `json:"both_peaks_tick"`
	// AgentsAtPeak[k] is the number of agents that stood on peak k at some time.
	AgentsAtPeak [2]int `json:"agents_at_peak"`
}

// Simulate runs one population for the given number of ticks from the given seed. Agents start on
// random zero-significance patches with random headings; in every tick each agent, in a fresh
// random order, marks its patch visited and then moves by its rule. After the last tick the patches
// agents stand on are marked too.
func Simulate(land *Landscape, pop Population, ticks int, seed uint64) Outcome {
	o, _, _ := simulate(land, pop, ticks, seed, TieUniform)
	return o
}

// simulate is Simulate with a follower tie-break rule; it also returns which patches were visited
// and, for each tick t, the number of significant patches visited by its end (curve[t−1]; the
// last entry counts the marks after the last tick, so it matches Progress).
func simulate(land *Landscape, pop Population, ticks int, seed uint64, tie TieBreak) (Outcome, []uint8, []int32) {
	w := &world{
		tie:        tie,
		rank:       &land.rank,
		seenRank:   new([grid]int16),
		byFollower: new([grid]uint8),
		peaks:      [2]int32{int32(land.Peaks[0]), int32(land.Peaks[1])},
		rnd:        pcg{seed, 0x5745_4953_4245_5247},
		curve:      make([]int32, ticks),
		agents:     make([]agent, 0, pop.size()),
	}
	for p := range w.seenRank {
		w.seenRank[p] = -1
	}
	for _, g := range [...]struct {
		rule Rule
		n    int
	}{{Control, pop.Controls}, {Follower, pop.Followers}, {Maverick, pop.Mavericks}, {StrictFollower, pop.StrictFollowers}} {
		for range g.n {
			p := w.rnd.intn(len(land.Sig))
			for land.Sig[p] != 0 {
				p = w.rnd.intn(len(land.Sig))
			}
			follows := uint8(b2i(g.rule == Follower || g.rule == StrictFollower))
			w.agents = append(w.agents, agent{rule: g.rule, at: int32(p), prev: int32(p), heading: uint8(w.rnd.intn(8)), follows: follows})
		}
	}
	for k := range w.reachedBy {
		w.reachedBy[k] = make([]bool, len(w.agents))
	}
	order := make([]int32, len(w.agents))
	for i := range order {
		order[i] = int32(i)
	}
	for w.tick = 1; w.tick <= ticks; w.tick++ {
		w.rnd.shuffle(order)
		for _, i := range order {
			here := w.mark(i)
			a := &w.agents[i]
			switch a.rule {
			case Follower:
				w.follower(a, here)
			case Maverick:
				w.maverick(a, here)
			case Control:
				w.control(a, here)
			case StrictFollower:
				w.strictFollower(a, here)
			}
		}
		w.curve[w.tick-1] = int32(w.seen)
	}
	w.tick = ticks
	for i := range w.agents {
		w.mark(int32(i))
	}
	if ticks > 0 {
		w.curve[ticks-1] = int32(w.seen)
	}
	visited := make([]uint8, len(land.Sig))
	for p := range visited {
		visited[p] = uint8(b2i(w.seenRank[p] >= 0))
	}
	return w.outcome(ticks, land.Significant, visited), visited, w.curve
}

func (w *world) outcome(ticks, significant int, visited []uint8) Outcome {
	var o Outcome
	var all, fol int
	for p, v := range visited {
		if w.rank[p] > 0 { // ranks: > 0 exactly when the significance is
			if v != 0 {
				all++
			}
			if w.byFollower[p] != 0 {
				fol++
			}
		}
	}
	o.Progress = float64(all) / float64(significant)
	o.FollowerProgress = float64(fol) / float64(significant)
	o.PeakTick = w.peakTick
	o.BothPeaksTick = ticks + 1
	if w.peakTick[0] > 0 && w.peakTick[1] > 0 {
		o.BothPeaksTick = max(w.peakTick[0], w.peakTick[1])
	}
	for k := range w.reachedBy {
		for _, r := range w.reachedBy[k] {
			if r {
				o.AgentsAtPeak[k]++
			}
		}
	}
	return o
}

// Replicate runs Simulate for seeds 0..runs−1 of base seed `seed` on GOMAXPROCS goroutines and
// returns the outcomes in seed order; the result does not depend on the number of goroutines.
func Replicate(ctx context.Context, land *Landscape, pop Population, ticks, runs int, seed uint64) ([]Outcome, error) {
	out := make([]Outcome, runs)
	next := make(chan int, runs)
	for i := range runs {
		next <- i
	}
	close(next)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), max(runs, 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if ctx.Err() != nil {
					return
				}
				out[i] = Simulate(land, pop, ticks, seed+uint64(i)*0x9e3779b97f4a7c15)
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return out, nil
}
