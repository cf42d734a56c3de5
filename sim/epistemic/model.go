package epistemic

import "math/bits"

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

// grid is the size of the per-patch arrays of a run: a power of two above Size², so that an index
// masked with grid−1 needs no bounds check. Only the first Size² entries are used.
const grid = 1 << 14

// world is one run: the landscape, the agents and what has been visited (by anyone, by followers).
// The hot loop reads flat per-patch arrays and draws from a concrete PCG.
type world struct {
	rank       *[grid]int16 // significance ranks (Landscape.rank)
	seenRank   *[grid]int16 // the rank of a visited patch, −1 for one not visited yet
	byFollower *[grid]uint8
	peaks      [2]int32
	rnd        pcg
	agents     []agent
	reachedBy  [2][]bool // reachedBy[k][i]: agent i has stood on peak k
	peakTick   [2]int
	tick       int
	tie        TieBreak
	seen       int     // significant patches visited so far
	curve      []int32 // curve[t-1]: seen by the end of tick t
}

// nth[m][k] is the position of the k-th set bit of m (k from 0): the k-th of the neighbours a mask
// selects, in heading order.
var nth = func() (t [256][8]uint8) {
	for m := range 256 {
		k := 0
		for h := range 8 {
			if m&(1<<h) != 0 {
				t[m][k] = uint8(h)
				k++
			}
		}
	}
	return t
}()

// neighbours returns the eight neighbours of p, clockwise from north, wrapping at the edges:
// row and column arithmetic with conditional moves, no table and no branch.
func neighbours(p int32) [8]int32 {
	x := int32(uint32(p) % Size)
	row := p - x
	rowN, rowS := row+Size, row-Size
	if rowN == Size*Size {
		rowN = 0
	}
	if row == 0 {
		rowS = Size * (Size - 1)
	}
	xE, xW := x+1, x-1
	if x == Size-1 {
		xE = 0
	}
	if x == 0 {
		xW = Size - 1
	}
	return [8]int32{rowN + x, rowN + xE, row + xE, rowS + xE, rowS + x, rowS + xW, row + xW, rowN + xW}
}

// scan returns the visited ranks of the eight patches nb (−1 for one not visited), unrolled.
func (w *world) scan(nb *[8]int32) [8]int32 {
	r := w.seenRank
	return [8]int32{
		int32(r[nb[0]&(grid-1)]), int32(r[nb[1]&(grid-1)]), int32(r[nb[2]&(grid-1)]), int32(r[nb[3]&(grid-1)]),
		int32(r[nb[4]&(grid-1)]), int32(r[nb[5]&(grid-1)]), int32(r[nb[6]&(grid-1)]), int32(r[nb[7]&(grid-1)]),
	}
}

// equalMask has bit h set when s[h] == v; belowMask when s[h] < v; atLeastMask when s[h] >= v.
func equalMask(s *[8]int32, v int32) uint {
	return uint(b2i(s[0] == v) | b2i(s[1] == v)<<1 | b2i(s[2] == v)<<2 | b2i(s[3] == v)<<3 |
		b2i(s[4] == v)<<4 | b2i(s[5] == v)<<5 | b2i(s[6] == v)<<6 | b2i(s[7] == v)<<7)
}

func belowMask(s *[8]int32, v int32) uint {
	return uint(b2i(s[0] < v) | b2i(s[1] < v)<<1 | b2i(s[2] < v)<<2 | b2i(s[3] < v)<<3 |
		b2i(s[4] < v)<<4 | b2i(s[5] < v)<<5 | b2i(s[6] < v)<<6 | b2i(s[7] < v)<<7)
}

func atLeastMask(s *[8]int32, v int32) uint { return ^belowMask(s, v) & 255 }

// mark records that agent i stands on its patch and returns the patch's rank.
func (w *world) mark(i int32) int32 {
	a := &w.agents[i]
	at := a.at & (grid - 1)
	r := w.rank[at]
	w.seen += b2i(w.seenRank[at] < 0) & b2i(r > 0)
	w.seenRank[at] = r
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
	return int32(r)
}

// b2i is 1 for true; the compiler makes it a flag move, not a branch.
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// moveTo steps agent a, standing on a patch of rank here, to patch p, remembering where it came
// from.
func moveTo(a *agent, here, p int32) {
	a.last = here
	a.prev, a.at = a.at, p
}

// stepBack returns agent a to its previous patch and gives it a random heading.
func (w *world) stepBack(a *agent, here int32) {
	a.heading = uint8(w.rnd.intn(8))
	moveTo(a, here, a.prev)
}

// control: better than last → keep going forward; level → forward, with a small chance of a random
// turn first; worse → step back and turn to a random heading.
func (w *world) control(a *agent, here int32) {
	switch {
	case here < a.last:
		w.stepBack(a, here)
		return
	case here == a.last && w.rnd.float64() < turnProb:
		a.heading = uint8(w.rnd.intn(8))
	}
	nb := neighbours(a.at)
	moveTo(a, here, nb[a.heading&7])
}

// follower: go to the best visited neighbour if it is at least as good as here (ties broken by
// w.tie: at random, or the first in heading order);
// with no visited neighbour, step to a random neighbour; otherwise step to a random unvisited
// neighbour, or stay if there is none.
func (w *world) follower(a *agent, here int32) {
	nb := neighbours(a.at)
	s := w.scan(&nb)
	best := max(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7])
	switch {
	case best < 0: // no visited neighbour
		moveTo(a, here, nb[w.rnd.intn(8)&7])
	case best >= here:
		m := equalMask(&s, best)
		k := 0
		if w.tie == TieUniform {
			k = w.rnd.intn8(bits.OnesCount8(uint8(m)))
		}
		moveTo(a, here, nb[nth[m&255][k&7]&7])
	default:
		if m := belowMask(&s, 0); m != 0 {
			moveTo(a, here, nb[nth[m&255][w.rnd.intn8(bits.OnesCount8(uint8(m)))&7]&7])
		}
	}
}

// strictFollower: go to the best visited neighbour only if it is strictly better than here;
// otherwise behave as a control.
func (w *world) strictFollower(a *agent, here int32) {
	nb := neighbours(a.at)
	best, bestP := here, int32(-1)
	for h, p := range nb {
		if s := int32(w.seenRank[p&(grid-1)]); s > best { // unvisited: −1, never above here
			best, bestP = s, p
			a.heading = uint8(h)
		}
	}
	if bestP >= 0 {
		moveTo(a, here, bestP)
		return
	}
	w.control(a, here)
}

// maverick: when here is at least as good as the last patch, keep the heading if the patch ahead is
// unvisited, else turn to a random unvisited neighbour; if all are visited, step to a random
// neighbour at least as good as here (or stay). When here is worse, step back and turn at random.
func (w *world) maverick(a *agent, here int32) {
	if here < a.last {
		w.stepBack(a, here)
		return
	}
	nb := neighbours(a.at)
	if ahead := nb[a.heading&7]; w.seenRank[ahead&(grid-1)] < 0 {
		moveTo(a, here, ahead)
		return
	}
	s := w.scan(&nb)
	m := belowMask(&s, 0)
	if m == 0 { // all visited: their visited ranks are their ranks
		m = atLeastMask(&s, here)
	}
	if m == 0 {
		return
	}
	a.heading = nth[m&255][w.rnd.intn8(bits.OnesCount8(uint8(m)))&7]
	moveTo(a, here, nb[a.heading&7])
}
