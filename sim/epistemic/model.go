package epistemic

import "math/rand/v2"

// Rule is an agent's search strategy.
type Rule uint8

// The three rules of Weisberg & Muldoon, plus a variant follower used to show how much the
// result depends on the followers' rule (the point of Alexander, Himmelreich & Thompson 2015).
const (
	Control        Rule = iota // hill-climber that ignores others
	Follower                   // W&M follower: goes where others have been
	Maverick                   // W&M maverick: avoids where others have been
	StrictFollower             // variant: follows only strictly better visited patches, else climbs like Control
)

// headings are the eight neighbour offsets, clockwise from north.
var headings = [8][2]int{{0, 1}, {1, 1}, {1, 0}, {1, -1}, {0, -1}, {-1, -1}, {-1, 0}, {-1, 1}}

// turnProb is the control's chance of a random turn on level ground.
const turnProb = 0.02

// agent is one scientist: where it is, where it was, its heading and the significance it saw last.
type agent struct {
	rule    Rule
	at      int
	prev    int
	heading int
	last    float64
}

// TieBreak is how a follower chooses among visited neighbours of equal, best significance.
type TieBreak uint8

const (
	// TieUniform picks one of the best neighbours uniformly at random (the default).
	TieUniform TieBreak = iota
	// TieFirst picks the first best neighbour in the fixed heading order, clockwise from north.
	TieFirst
)

// String is the parameter's name in configurations and on the command line.
func (t TieBreak) String() string {
	if t == TieFirst {
		return "first"
	}
	return "uniform"
}

// ParseTieBreak reads "uniform" or "first".
func ParseTieBreak(s string) (TieBreak, bool) {
	switch s {
	case "uniform", "":
		return TieUniform, true
	case "first":
		return TieFirst, true
	}
	return TieUniform, false
}

// world is one run: the landscape, the agents and what has been visited (by anyone, by followers).
type world struct {
	land       *Landscape
	rnd        *rand.Rand
	agents     []agent
	visited    []bool
	byFollower []bool
	reachedBy  [2][]bool // reachedBy[k][i]: agent i has stood on peak k
	peakTick   [2]int
	tick       int
	tie        TieBreak
	seen       int     // significant patches visited so far
	curve      []int32 // curve[t-1]: seen by the end of tick t
}

func (w *world) neighbours(p int) *[8]int32 { return &w.land.Nbr[p] }

// mark records that agent i stands on its patch.
func (w *world) mark(i int) {
	a := &w.agents[i]
	if !w.visited[a.at] {
		w.visited[a.at] = true
		if w.land.Sig[a.at] > 0 {
			w.seen++
		}
	}
	if a.rule == Follower || a.rule == StrictFollower {
		w.byFollower[a.at] = true
	}
	for k, p := range w.land.Peaks {
		if a.at == p {
			w.reachedBy[k][i] = true
			if w.peakTick[k] == 0 {
				w.peakTick[k] = w.tick
			}
		}
	}
}

// moveTo steps agent i to patch p, remembering where it came from.
func (w *world) moveTo(i, p int) {
	a := &w.agents[i]
	a.last = w.land.Sig[a.at]
	a.prev, a.at = a.at, p
}

// stepBack returns agent i to its previous patch and gives it a random heading.
func (w *world) stepBack(i int) {
	a := &w.agents[i]
	a.heading = w.rnd.IntN(8)
	w.moveTo(i, a.prev)
}

// control: better than last → keep going forward; level → forward, with a small chance of a random
// turn first; worse → step back and turn to a random heading.
func (w *world) control(i int) {
	a := &w.agents[i]
	here := w.land.Sig[a.at]
	switch {
	case here < a.last:
		w.stepBack(i)
		return
	case here == a.last && w.rnd.Float64() < turnProb:
		a.heading = w.rnd.IntN(8)
	}
	w.moveTo(i, int(w.neighbours(a.at)[a.heading]))
}

// follower: go to the best visited neighbour if it is at least as good as here (ties broken by
// w.tie: at random, or the first in heading order);
// with no visited neighbour, step to a random neighbour; otherwise step to a random unvisited
// neighbour, or stay if there is none.
func (w *world) follower(i int) {
	a := &w.agents[i]
	here := w.land.Sig[a.at]
	nb := w.neighbours(a.at)
	best, nBest, nUnvisited := -1.0, 0, 0
	var bestSet, unvisited [8]int32
	for _, p := range nb {
		if !w.visited[p] {
			unvisited[nUnvisited] = p
			nUnvisited++
			continue
		}
		switch s := w.land.Sig[p]; {
		case s > best:
			best, nBest = s, 0
			bestSet[nBest] = p
			nBest++
		case s == best:
			bestSet[nBest] = p
			nBest++
		}
	}
	switch {
	case nBest == 0:
		w.moveTo(i, int(nb[w.rnd.IntN(8)]))
	case best >= here && w.tie == TieFirst:
		w.moveTo(i, int(bestSet[0]))
	case best >= here:
		w.moveTo(i, int(bestSet[w.rnd.IntN(nBest)]))
	case nUnvisited > 0:
		w.moveTo(i, int(unvisited[w.rnd.IntN(nUnvisited)]))
	}
}

// strictFollower: go to the best visited neighbour only if it is strictly better than here;
// otherwise behave as a control.
func (w *world) strictFollower(i int) {
	a := &w.agents[i]
	here := w.land.Sig[a.at]
	nb := w.neighbours(a.at)
	best, bestP := here, -1
	for h, p := range nb {
		if w.visited[p] && w.land.Sig[p] > best {
			best, bestP = w.land.Sig[p], int(p)
			a.heading = h
		}
	}
	if bestP >= 0 {
		w.moveTo(i, bestP)
		return
	}
	w.control(i)
}

// maverick: when here is at least as good as the last patch, keep the heading if the patch ahead is
// unvisited, else turn to a random unvisited neighbour; if all are visited, step to a random
// neighbour at least as good as here (or stay). When here is worse, step back and turn at random.
func (w *world) maverick(i int) {
	a := &w.agents[i]
	here := w.land.Sig[a.at]
	if here < a.last {
		w.stepBack(i)
		return
	}
	nb := w.neighbours(a.at)
	if !w.visited[nb[a.heading]] {
		w.moveTo(i, int(nb[a.heading]))
		return
	}
	var cand [8]int
	n := 0
	for h, p := range nb {
		if !w.visited[p] {
			cand[n] = h
			n++
		}
	}
	if n == 0 {
		for h, p := range nb {
			if w.land.Sig[p] >= here {
				cand[n] = h
				n++
			}
		}
	}
	if n == 0 {
		return
	}
	a.heading = cand[w.rnd.IntN(n)]
	w.moveTo(i, int(nb[a.heading]))
}
