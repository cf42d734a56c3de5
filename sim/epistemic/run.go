package epistemic

import (
	"context"
	"runtime"
	"slices"
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
	w := newWorld(land, pop, ticks, seed, TieUniform)
	o := w.outcome(ticks, land)
	w.release()
	return o
}

// simulate is Simulate with a follower tie-break rule; it also returns which patches were visited
// and, for each tick t, the number of significant patches visited by its end (curve[t−1]; the
// last entry counts the marks after the last tick, so it matches Progress).
func simulate(land *Landscape, pop Population, ticks int, seed uint64, tie TieBreak) (Outcome, []uint8, []int32) {
	w := newWorld(land, pop, ticks, seed, tie)
	o := w.outcome(ticks, land)
	visited := make([]uint8, len(land.Sig))
	for p := range visited {
		visited[p] = uint8(b2i(w.cells.get(padded(p)) >= visitedBase))
	}
	curve := slices.Clone(w.curve)
	w.release()
	return o, visited, curve
}

// arenas keeps worlds' large arrays between runs: a run writes all of them before reading.
var arenas = sync.Pool{New: func() any { return &arena{cells: new(cells), patches: new([grid]uint64)} }}

type arena struct {
	cells   *cells
	patches *[grid]uint64
	curve   []int32
	agents  []agent
	words   []uint32
	held    []agent
}

// newWorld places the population on the landscape from the seed and runs it for the given number
// of ticks; release gives its arrays back.
func newWorld(land *Landscape, pop Population, ticks int, seed uint64, tie TieBreak) *world {
	ar := arenas.Get().(*arena)
	w := &world{
		arena:   ar,
		tie:     tie,
		cells:   ar.cells,
		canon:   &land.canon,
		patches: ar.patches,
		peaks:   [2]int{padded(land.Peaks[0]), padded(land.Peaks[1])},
		rnd:     rng{seed},
		curve:   slices.Grow(ar.curve[:0], ticks)[:ticks],
		agents:  slices.Grow(ar.agents[:0], pop.size()),
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
			w.agents = append(w.agents, newAgent(at, at, visitedBase, uint8(g.rule), uint8(w.rnd.intn(8))))
		}
	}
	w.moving = len(w.agents)
	w.words = slices.Grow(ar.words[:0], len(w.agents))[:len(w.agents)]
	w.held = ar.held
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
	return w
}

// release gives the world's arrays back for the next run; the world is not used after it.
func (w *world) release() {
	ar := w.arena
	ar.curve, ar.agents, ar.words, ar.held = w.curve, w.agents, w.words, w.held
	arenas.Put(ar)
}

func (w *world) outcome(ticks int, land *Landscape) Outcome {
	var o Outcome
	var all, fol int
	for p, s := range land.Sig {
		if s > 0 {
			q := padded(p)
			all += b2i(w.cells.get(q) >= visitedBase)
			fol += b2i(w.patches[q&(grid-1)]&byFollower != 0)
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
		o.AgentsAtPeak[0] += int(a.kind() >> 2 & 1)
		o.AgentsAtPeak[1] += int(a.kind() >> 3 & 1)
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
