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
		tie:     tie,
		cells:   new(cells),
		canon:   &land.canon,
		patches: new([grid]uint64),
		peaks:   [2]int{padded(land.Peaks[0]), padded(land.Peaks[1])},
		rnd:     rng{seed},
		curve:   make([]int32, ticks),
		agents:  make([]agent, 0, pop.size()),
	}
	*w.cells = land.cells
	*w.patches = land.words
	for _, g := range [...]struct {
		rule Rule
		n    int
	}{{Control, pop.Controls}, {Follower, pop.Followers}, {Maverick, pop.Mavericks}, {StrictFollower, pop.StrictFollowers}} {
		for range g.n {
			p := w.rnd.intn(len(land.Sig))
			for land.Sig[p] != 0 {
				p = w.rnd.intn(len(land.Sig))
			}
			at := land.canon[padded(p)]
			w.agents = append(w.agents, agent{kind: uint8(g.rule), at: at, prev: at, last: visitedBase, heading: uint8(w.rnd.intn(8))})
		}
	}
	w.moving = len(w.agents)
	w.words = make([]uint32, len(w.agents))
	for w.tick = 1; w.tick <= ticks; w.tick++ {
		w.run()
		if w.stopped > 0 {
			w.dropStuck()
		}
		w.notePeaks()
		w.curve[w.tick-1] = int32(w.seen)
	}
	w.tick = ticks
	for i := range w.agents {
		w.mark(&w.agents[i])
	}
	w.notePeaks()
	if ticks > 0 {
		w.curve[ticks-1] = int32(w.seen)
	}
	visited := make([]uint8, len(land.Sig))
	for p := range visited {
		q := p + p/Size*2 + pad + 1 // padded(p)
		visited[p] = uint8(b2i(w.cells.get(q) >= visitedBase))
	}
	return w.outcome(ticks, land, visited), visited, w.curve
}

func (w *world) outcome(ticks int, land *Landscape, visited []uint8) Outcome {
	var o Outcome
	var all, fol int
	for p, v := range visited {
		if land.Sig[p] > 0 {
			all += int(v)
			fol += b2i(w.patches[(p+p/Size*2+pad+1)&(grid-1)]&byFollower != 0) // at padded(p)
		}
	}
	significant := land.Significant
	o.Progress = float64(all) / float64(significant)
	o.FollowerProgress = float64(fol) / float64(significant)
	o.PeakTick = w.peakTick
	o.BothPeaksTick = ticks + 1
	if w.peakTick[0] > 0 && w.peakTick[1] > 0 {
		o.BothPeaksTick = max(w.peakTick[0], w.peakTick[1])
	}
	for _, a := range w.agents {
		o.AgentsAtPeak[0] += int(a.kind >> 2 & 1)
		o.AgentsAtPeak[1] += int(a.kind >> 3 & 1)
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
