package epistemic

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
	at, prev int32
	last     int32 // as a rank (Landscape.rank)
	rule     Rule
	heading  uint8
	follows  uint8 // 1 for followers of either kind: their patches count as the followers'
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
// The hot loop reads the landscape's flat arrays directly and draws from a concrete PCG.
type world struct {
	sig        *[Size * Size]uint16 // significance ranks
	nbr        *[Size * Size][8]int32
	peaks      [2]int32
	rnd        pcg
	agents     []agent
	visited    []uint8 // 0 or 1, so that the hot loop can count without branching
	byFollower []uint8
	reachedBy  [2][]bool // reachedBy[k][i]: agent i has stood on peak k
	peakTick   [2]int
	tick       int
	tie        TieBreak
	seen       int     // significant patches visited so far
	curve      []int32 // curve[t-1]: seen by the end of tick t
}

// offsets are the patch-index steps to the eight neighbours of a patch away from the edges.
var offsets = [8]int32{Size, Size + 1, 1, 1 - Size, -Size, -Size - 1, -1, Size - 1}

// neighbours returns the eight neighbours of p, clockwise from north: by offset away from the
// edges, from the landscape's wrapping table on them.
func (w *world) neighbours(p int32) (nb [8]int32) {
	if x, y := p%Size, p/Size; uint32(x-1) < Size-2 && uint32(y-1) < Size-2 {
		for h, d := range offsets {
			nb[h] = p + d
		}
		return nb
	}
	return w.nbr[p]
}

// mark records that agent i stands on its patch.
func (w *world) mark(i int) {
	a := &w.agents[i]
	at := a.at
	w.seen += int(1-w.visited[at]) & b2i(w.sig[at] > 0)
	w.visited[at] = 1
	w.byFollower[at] |= a.follows
	if at == w.peaks[0] || at == w.peaks[1] {
		k := 0
		if at != w.peaks[0] {
			k = 1
		}
		w.reachedBy[k][i] = true
		if w.peakTick[k] == 0 {
			w.peakTick[k] = w.tick
		}
	}
}

// b2i is 1 for true; the compiler makes it a flag move, not a branch.
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// moveTo steps agent a to patch p, remembering where it came from.
func (w *world) moveTo(a *agent, p int32) {
	a.last = int32(w.sig[a.at])
	a.prev, a.at = a.at, p
}

// stepBack returns agent a to its previous patch and gives it a random heading.
func (w *world) stepBack(a *agent) {
	a.heading = uint8(w.rnd.intn(8))
	w.moveTo(a, a.prev)
}

// control: better than last → keep going forward; level → forward, with a small chance of a random
// turn first; worse → step back and turn to a random heading.
func (w *world) control(a *agent) {
	here := int32(w.sig[a.at])
	switch {
	case here < a.last:
		w.stepBack(a)
		return
	case here == a.last && w.rnd.float64() < turnProb:
		a.heading = uint8(w.rnd.intn(8))
	}
	nb := w.neighbours(a.at)
	w.moveTo(a, nb[a.heading&7])
}

// follower: go to the best visited neighbour if it is at least as good as here (ties broken by
// w.tie: at random, or the first in heading order);
// with no visited neighbour, step to a random neighbour; otherwise step to a random unvisited
// neighbour, or stay if there is none.
func (w *world) follower(a *agent) {
	here := int32(w.sig[a.at])
	nb := w.neighbours(a.at)
	// Without branches: the unvisited neighbours in heading order, and the best significance
	// among the visited ones (−1 if none), then the visited neighbours that have it.
	var sigs, bestSet, unvisited [8]int32
	best, nBest, nUnvisited := int32(-1), 0, 0
	for h, p := range nb {
		v := int32(w.visited[p])
		unvisited[nUnvisited] = p
		nUnvisited += int(1 - v)
		s := int32(w.sig[p]) | (v - 1) // −1 when unvisited
		sigs[h] = s
		best = max(best, s)
	}
	if best >= 0 {
		for h, p := range nb {
			bestSet[nBest] = p
			nBest += b2i(sigs[h] == best)
		}
	}
	switch {
	case nBest == 0:
		w.moveTo(a, nb[w.rnd.intn(8)])
	case best >= here && w.tie == TieFirst:
		w.moveTo(a, bestSet[0])
	case best >= here:
		w.moveTo(a, bestSet[w.rnd.intn(nBest)&7])
	case nUnvisited > 0:
		w.moveTo(a, unvisited[w.rnd.intn(nUnvisited)&7])
	}
}

// strictFollower: go to the best visited neighbour only if it is strictly better than here;
// otherwise behave as a control.
func (w *world) strictFollower(a *agent) {
	here := int32(w.sig[a.at])
	nb := w.neighbours(a.at)
	best, bestP := here, int32(-1)
	for h, p := range nb {
		if w.visited[p] != 0 && int32(w.sig[p]) > best {
			best, bestP = int32(w.sig[p]), p
			a.heading = uint8(h)
		}
	}
	if bestP >= 0 {
		w.moveTo(a, bestP)
		return
	}
	w.control(a)
}

// maverick: when here is at least as good as the last patch, keep the heading if the patch ahead is
// unvisited, else turn to a random unvisited neighbour; if all are visited, step to a random
// neighbour at least as good as here (or stay). When here is worse, step back and turn at random.
func (w *world) maverick(a *agent) {
	here := int32(w.sig[a.at])
	if here < a.last {
		w.stepBack(a)
		return
	}
	nb := w.neighbours(a.at)
	if ahead := nb[a.heading&7]; w.visited[ahead] == 0 {
		w.moveTo(a, ahead)
		return
	}
	var cand [8]uint8
	n := 0
	for h, p := range nb {
		cand[n] = uint8(h)
		n += int(1 - w.visited[p])
	}
	if n == 0 {
		for h, p := range nb {
			cand[n] = uint8(h)
			n += b2i(int32(w.sig[p]) >= here)
		}
	}
	if n == 0 {
		return
	}
	a.heading = cand[w.rnd.intn(n)&7]
	w.moveTo(a, nb[a.heading&7])
}
