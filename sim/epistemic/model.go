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
// cells compare as their ranks, every unvisited cell is below every visited one, and all are
// below 2^15, so that four neighbouring cells, read as one 64-bit word, compare lane by lane
// against a value with one subtraction (SWAR). Eight spare bytes let the last word be read.
type cells [2*grid + 8]byte

const (
	visitedBase = 1 << 14
	lanes       = 0x0001_0001_0001_0001 // 1 in each 16-bit lane
)

func (c *cells) get(q int) uint16 { return binary.LittleEndian.Uint16(c[(q&(grid-1))*2:]) }

func (c *cells) set(q int, v uint16) { binary.LittleEndian.PutUint16(c[(q&(grid-1))*2:], v) }

// word returns the cells of padded patches q … q+3 as four 16-bit lanes, q's the lowest.
func (c *cells) word(q int) uint64 { return binary.LittleEndian.Uint64(c[(q&(grid-1))*2:]) }

// atLeast returns, in bit 15 of each lane, whether the lane of w is at least v.
func atLeast(w uint64, v uint16) uint64 {
	return ((w | 0x8000*lanes) - uint64(v)*lanes) & (0x8000 * lanes)
}

// The eight neighbours of q are the lanes 0–2 of the words at q+pad−1 (north-west, north,
// north-east), q−1 (west, q itself, east) and q−pad−1 (south-west, south, south-east).
// gather packs one flag bit per lane of those three words, at bit b of the lanes, into 9 bits
// (lane·3 + row) and returns them as an 8-bit mask of headings, q itself dropped.
func gather(n, m, s uint64, b uint) uint {
	g := n>>b | m>>(b-1) | s>>(b-2)
	return uint(byHeading[(g|g>>13|g>>26)&511])
}

// byHeading maps gather's 9 bits (lane·3 + row, rows north, middle, south) to headings.
var byHeading = func() (t [512]uint8) {
	heading := [3][3]int{{7, 0, 1}, {6, -1, 2}, {5, 4, 3}} // [row][lane]
	for x := range 512 {
		for b := range 9 {
			if h := heading[b%3][b/3]; x&(1<<b) != 0 && h >= 0 {
				t[x] |= 1 << h
			}
		}
	}
	return t
}()

// agent is one scientist: where it is and was (padded indices, with edgeBit), its heading, the
// significance it saw last, its rule and the peaks it has stood on; 8 bytes.
type agent struct {
	at, prev uint16
	last     uint16 // the visited cell value of the patch it saw last
	kind     uint8  // the rule in bits 0–1 (bit 0: a follower of either kind); bit 2+k: it has stood on peak k
	heading  uint8
}

func (a *agent) rule() Rule { return Rule(a.kind & 3) }

// The patch word of a padded patch q (world.patches) holds what the agents read and leave there
// besides its cell: the highest visited cell value among the neighbours of inner patch q (0 while
// none is visited), kept up to date as patches are first visited so that a follower reads it
// instead of comparing its eight neighbours; whether a follower has stood on q; and which peak q
// is, in the bits an agent's kind keeps it in, so that standing there is one OR.
const (
	bestBits   = 0xffff
	byFollower = 1 << 16
	peakShift  = 16 // patch word >> peakShift & peakBits: the peaks bits of an agent's kind
	peakBits   = 3 << 2
)

// world is one run: the landscape, the agents and what has been visited (by anyone, by followers).
type world struct {
	cells    *cells
	canon    *[grid]uint16
	patches  *[grid]uint32 // the patch words
	peaks    [2]int
	rnd      rng
	agents   []agent
	peakTick [2]int
	tick     int
	tie      TieBreak
	seen     int     // significant patches visited so far
	curve    []int32 // curve[t-1]: seen by the end of tick t
	// movers are the agents that can still move, in the order of the last tick; stuck[i] is 1
	// once agent i can never move again, and stopped counts those not yet dropped from movers.
	movers  []int32
	stuck   []uint8
	stopped int
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
	q := int(a.at) & (grid - 1)
	here := w.cells.get(q)
	if here < visitedBase {
		here = w.firstVisit(q, here, a.at&edgeBit != 0)
	}
	x := w.patches[q]
	w.patches[q] = x | uint32(a.kind&1)<<16
	a.kind |= uint8(x>>peakShift) & peakBits
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
// v, the count of significant patches seen grows if it is significant, and v becomes its
// neighbours' best if it is higher.
func (w *world) firstVisit(q int, c uint16, edge bool) (v uint16) {
	v = (visitedBase - 1 - c) | visitedBase
	w.cells.set(q, v)
	w.seen += b2i(v > visitedBase)
	if edge {
		w.markBorder(q, v)
	}
	canon, patches := w.canon, w.patches
	raise := func(p int) {
		n := int(canon[p&(grid-1)]) & (grid - 1)
		if x := patches[n]; uint16(x) < v {
			patches[n] = x&^bestBits | uint32(v)
		}
	}
	// offsets, written out: the loop cost as much again.
	raise(q + pad - 1)
	raise(q + pad)
	raise(q + pad + 1)
	raise(q - 1)
	raise(q + 1)
	raise(q - pad - 1)
	raise(q - pad)
	raise(q - pad + 1)
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

// slowStep moves controls and strict followers (run moves followers and mavericks) with one
// random word x, drawing a second for a control's turn on level ground.
func (w *world) slowStep(a *agent, q int, here uint16, x uint64) {
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
			a.heading = uint8(bestH)
			w.moveTo(a, here, q+offsets[bestH])
			return
		}
	}
	// Control: better than last → forward; level → forward, after a random turn with a small
	// chance (a second draw); worse → step back and turn to a random heading.
	switch {
	case here < a.last:
		a.heading = uint8(w.rnd.below(x, 8))
		w.moveTo(a, here, int(a.prev))
		return
	case here == a.last && w.rnd.float64() < turnProb:
		a.heading = uint8(w.rnd.below(x, 8))
	}
	w.moveTo(a, here, q+offsets[a.heading&7])
}

// moveTo steps agent a, standing on a patch of visited cell value here, to padded patch to.
func (w *world) moveTo(a *agent, here uint16, to int) {
	a.last = here
	a.prev, a.at = a.at, w.canon[to&(grid-1)]
}
