package epistemic

import (
	"encoding/binary"
)

// Rule is an agent's search strategy.
type Rule uint8

// The three rules of Weisberg & Muldoon, plus a variant follower used to show how much the
// result depends on the followers' rule (the point of Alexander, Himmelreich & Thompson 2015).
// Followers of either kind are the odd rules: an agent's kind tells them apart with one bit.
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

// The hot loop works on a padded grid: the 101 × 101 patches with a border of one patch all
// round, each border patch a copy of the patch it stands for on the torus. A patch's eight
// neighbours are then its padded index plus a constant, with no wrap-around arithmetic; an agent
// always stands on an inner patch (Landscape.canon maps a border patch to its inner original).
const (
	pad = Size + 2 // side of the padded grid
	// grid is the size of the per-patch arrays: a power of two above pad², so that an index masked
	// with grid−1 needs no bounds check.
	grid = 1 << 14
	// edgeBit, set in an agent's position, says that the patch is on the grid's edge, so that
	// marking it visited must also write its border copies. Masking with grid−1 removes it.
	edgeBit = grid
)

// offsets[h] is the padded-index offset of the neighbour at heading h.
var offsets = [8]int{pad, pad + 1, 1, 1 - pad, -pad, -pad - 1, -1, pad - 1}

// padded returns the padded index of patch p (indexed as Landscape.Sig).
func padded(p int) int { return (p/Size+1)*pad + p%Size + 1 }

// cells holds one 16-bit cell per padded patch: for a patch whose significance has rank r among
// the landscape's distinct significances (0 for 0; the agents only compare significances, and
// ranks compare the same), visitedBase + r once visited and visitedBase − 1 − r before. Visited
// cells compare as their ranks and every unvisited cell is below every visited one.
type cells [2 * grid]byte

const visitedBase = 1 << 14

func (c *cells) get(q int) uint16 { return binary.LittleEndian.Uint16(c[(q&(grid-1))*2:]) }

func (c *cells) set(q int, v uint16) { binary.LittleEndian.PutUint16(c[(q&(grid-1))*2:], v) }

// agent is one scientist in one word, so that a step loads and stores it whole: where it is and
// was (padded indices, with edgeBit), the visited cell value of the patch it saw last, its kind
// (the rule in bits 0–1, bit 0 set for a follower of either kind; bit 2+k: it has stood on peak
// k; bit stuckShift: it can never move again) and its heading.
type agent uint64

const (
	prevShift    = 16
	lastShift    = 32
	kindShift    = 48
	headingShift = 56
)

func newAgent(at, prev, last uint16, kind, heading uint8) agent {
	return agent(at) | agent(prev)<<prevShift | agent(last)<<lastShift | agent(kind)<<kindShift | agent(heading)<<headingShift
}

func (a agent) at() uint16     { return uint16(a) }
func (a agent) prev() uint16   { return uint16(a >> prevShift) }
func (a agent) last() uint16   { return uint16(a >> lastShift) }
func (a agent) kind() uint8    { return uint8(a >> kindShift) }
func (a agent) heading() uint8 { return uint8(a >> headingShift) }
func (a agent) rule() Rule     { return Rule(a.kind() & 3) }

// stuckShift is the bit of an agent's kind that says it can never move again.
const stuckShift = 4

// The patch word of inner patch q (world.patches, at its padded index) holds what the rules read
// of q's neighbours, kept up to date as patches are first visited (firstVisit) so that a step
// reads one word instead of comparing eight cells: the highest visited cell value among the
// neighbours (0 while none is visited); which neighbours are visited and which of them have that
// highest value, each as an 8-bit mask of headings; and, fixed by the landscape, which neighbours
// are at least as good as q, visited or not. It also
// holds whether a follower has stood on q, and which peak q is, in the bits an agent's kind
// keeps it in, so that standing there is one OR; and the patch's own cell, so that a step reads
// one word for all it needs of its patch.
const (
	bestBits   = 0xffff
	visShift   = 16 // visited neighbours
	topShift   = 24 // visited neighbours of the highest value
	upShift    = 32 // neighbours at least as good as q (the landscape's)
	byFollower = 1 << 40
	peakShift  = 40 // patch word >> peakShift & peakBits: the peaks bits of an agent's kind
	peakBits   = 3 << 2
	cellShift  = 48 // the patch's own cell (a copy of its cell in world.cells)
)

// world is one run: the landscape, the agents and what has been visited (by anyone, by followers).
type world struct {
	arena    *arena
	cells    *cells
	canon    *[grid]uint16
	patches  *[grid]uint64 // the patch words
	peaks    [2]int
	rnd      rng
	agents   []agent
	peakTick [2]int
	tick     int
	tie      TieBreak
	seen     int     // significant patches visited so far
	curve    []int32 // curve[t-1]: seen by the end of tick t
	// agents[:moving] are the agents that can still move, the movers, in the order of the last
	// tick; the others have stopped for good. An agent's kind has stuckShift set once it can never
	// move again, and stopped counts such agents not yet moved out of the movers (dropStuck).
	moving  int
	stopped int
	words   []uint32 // words[i]: the low half of the word that settled mover i's position this tick
	held    []agent  // dropStuck's room for the agents it moves out
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

// b2i is 1 for true; the compiler makes it a flag move, not a branch.
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// mark records that agent a stands on its patch and returns the patch's visited cell value.
func (w *world) mark(a *agent) uint16 {
	q := int(*a) & (grid - 1)
	x := w.patches[q]
	here := uint16(x >> cellShift)
	if here < visitedBase {
		here = w.firstVisit(q, here, *a&edgeBit != 0)
		x = w.patches[q]
	}
	w.patches[q] = x | uint64(a.kind()&1)<<peakShift
	*a |= agent(x>>peakShift&peakBits) << kindShift
	return here
}

// notePeaks records, at the end of a tick, the peaks first reached in it: a patch is marked
// visited exactly when an agent stands on it.
func (w *world) notePeaks() {
	for k, q := range w.peaks {
		if w.peakTick[k] == 0 && w.cells.get(q) >= visitedBase {
			w.peakTick[k] = w.tick
		}
	}
}

// firstVisit marks the unvisited inner patch at padded index q, on the grid's edge or not and of
// cell value c, visited, and returns its visited cell value v: its border copies, if any, take
// v, the count of significant patches seen grows if it is significant, and its neighbours' patch
// words record it.
func (w *world) firstVisit(q int, c uint16, edge bool) (v uint16) {
	v = (visitedBase - 1 - c) | visitedBase
	w.cells.set(q, v)
	w.patches[q] ^= uint64(v^c) << cellShift
	w.seen += b2i(v > visitedBase)
	patches := w.patches
	// raise records q in the word of the inner patch at padded index n, which sees q at heading
	// d.
	raise := func(n int, d uint) {
		n &= grid - 1
		x := patches[n] | 1<<(visShift+d)
		switch best := uint16(x); {
		case v > best:
			x = x&^(bestBits|255<<topShift) | uint64(v) | 1<<(topShift+d)
		case v == best:
			x |= 1 << (topShift + d)
		}
		patches[n] = x
	}
	// The neighbour at heading h sees q at heading h+4 (mod 8); written out, as the loop cost as
	// much again. Off the edge every neighbour is an inner patch.
	if !edge {
		raise(q+offsets[0], 4)
		raise(q+offsets[1], 5)
		raise(q+offsets[2], 6)
		raise(q+offsets[3], 7)
		raise(q+offsets[4], 0)
		raise(q+offsets[5], 1)
		raise(q+offsets[6], 2)
		raise(q+offsets[7], 3)
		return v
	}
	// On the edge, some neighbours are border copies, standing for the inner patches canon names.
	w.markBorder(q, v)
	canon := w.canon
	for h, o := range offsets {
		raise(int(canon[(q+o)&(grid-1)]), uint(h+4)&7)
	}
	return v
}

// markBorder copies the visited cell value v of the edge patch at padded index q to its border
// copies.
func (w *world) markBorder(q int, v uint16) {
	x, y := q%pad, q/pad
	xs, ys := [2]int{x, -1}, [2]int{y, -1}
	switch x {
	case 1:
		xs[1] = Size + 1
	case Size:
		xs[1] = 0
	}
	switch y {
	case 1:
		ys[1] = Size + 1
	case Size:
		ys[1] = 0
	}
	for _, bx := range xs {
		for _, by := range ys {
			if bx >= 0 && by >= 0 {
				w.cells.set(by*pad+bx, v)
			}
		}
	}
}

// slowStep moves agent a, a control or a strict follower standing on padded patch q of visited
// cell value here (run moves followers and mavericks), with one random half-word x, drawing a
// second word for a control's turn on level ground. It returns the agent moved.
func (w *world) slowStep(a agent, q int, here uint16, x uint32) agent {
	heading := a.heading()
	if a.rule() == StrictFollower {
		// The best visited neighbour only if it is strictly better than here (the first in
		// heading order among equals); otherwise as a control.
		best, bestH := here, -1
		for h, o := range offsets {
			if s := w.cells.get(q + o); s > best { // unvisited: never above here
				best, bestH = s, h
			}
		}
		if bestH >= 0 {
			return w.moveTo(a, here, q+offsets[bestH], uint8(bestH))
		}
	}
	// Control: better than last → forward; level → forward, after a random turn with a small
	// chance (a second draw); worse → step back and turn to a random heading.
	switch {
	case here < a.last():
		return w.moveTo(a, here, int(a.prev()), uint8(w.rnd.below32(x, 8)))
	case here == a.last() && w.rnd.float64() < turnProb:
		heading = uint8(w.rnd.below32(x, 8))
	}
	return w.moveTo(a, here, q+offsets[heading&7], heading)
}

// moveTo returns agent a, standing on a patch of visited cell value here, stepped to padded
// patch to with the given heading.
func (w *world) moveTo(a agent, here uint16, to int, heading uint8) agent {
	return newAgent(w.canon[to&(grid-1)], a.at(), here, a.kind(), heading)
}
