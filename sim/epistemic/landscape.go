// Package epistemic re-implements Weisberg & Muldoon's (2009) epistemic landscape model, as
// re-implemented by Watts & Gilbert (2014, ch. 5): followers, mavericks and hill-climbing controls
// search a 101 × 101 two-hill landscape of research approaches. It exists to validate the
// ecosystem lab against a published result (see docs/model.md) and is pure computation: no I/O,
// no imports of other seedbed packages, deterministic for a given seed on any machine.
package epistemic

import (
	"math"
	"slices"

	"seedbed/sim/internal/detmath"
)

// Size is the side of the square grid; coordinates run from −Half to Half and wrap at the edges.
const (
	Size = 101
	Half = 50
)

// Landscape is the significance of every patch, indexed by (y+Half)*Size + (x+Half).
type Landscape struct {
	Sig         [Size * Size]float64
	Significant int    // patches with significance > 0
	Peaks       [2]int // patch index of each hill's summit: (25, 25) and (−5, −5)
	// cells are the padded patches' cells, every patch unvisited: a run starts from a copy.
	cells cells
	// canon[q] is the padded index of the inner patch that padded patch q stands for, with edgeBit
	// set for a patch on the grid's edge.
	canon [grid]uint16
	// words are the patch words before anything is visited: which patches are the peaks, and for
	// each inner patch which neighbours are at least as good as it.
	words [grid]uint64
}

// Patch returns the index of the patch at (x, y), wrapping coordinates onto the grid.
func Patch(x, y int) int {
	x = ((x+Half)%Size+Size)%Size - Half
	y = ((y+Half)%Size+Size)%Size - Half
	return (y+Half)*Size + (x + Half)
}

// XY returns the coordinates of patch p.
func XY(p int) (x, y int) { return p%Size - Half, p/Size - Half }

// hill returns h·exp(−(a·dx² + b·dx·dy + c·dy²)); exp is computed by detmath so that the landscape
// is bit-identical on every platform.
func hill(h, a, b, c float64, dx, dy int) float64 {
	return h * detmath.Exp(-form(a, b, c, dx, dy))
}

// form returns a·dx² + b·dx·dy + c·dy².
func form(a, b, c float64, dx, dy int) float64 {
	x, y := float64(dx), float64(dy)
	return float64(a*x*x) + float64(b*x*y) + float64(c*y*y)
}

// farOut is a value of both hills' quadratic forms beyond which the sum of the hills is below the
// 0.001 threshold whatever the rounding of exp: 0.75·e^−7.5 + 0.70·e^−7.5 < 0.0009. Most patches
// lie there, and their significance is 0 without computing exp.
const farOut = 7.5

// NewLandscape builds the two-hill landscape: a hill of height 0.75 at (25, 25) and one of height
// 0.70 at (−5, −5), summed, with significance below 0.001 set to 0.
func NewLandscape() *Landscape {
	l := &Landscape{Peaks: [2]int{Patch(25, 25), Patch(-5, -5)}}
	// The significant patches' values as bits: for positive float64s, the bits order as the values.
	var significant []uint64
	for p := range l.Sig {
		x, y := XY(p)
		if form(0.02, 0.01, 0.02, x-25, y-25) > farOut && form(0.01, 0.01, 0.01, x+5, y+5) > farOut {
			continue
		}
		s := hill(0.75, 0.02, 0.01, 0.02, x-25, y-25) + hill(0.70, 0.01, 0.01, 0.01, x+5, y+5)
		if s < 0.001 {
			s = 0
		}
		l.Sig[p] = s
		if s > 0 {
			significant = append(significant, math.Float64bits(s))
		}
	}
	l.Significant = len(significant)
	// A patch's rank: 0 for significance 0, 1 + the place of its significance among the distinct
	// positive ones.
	distinct := slices.Clone(significant)
	slices.Sort(distinct)
	distinct = slices.Compact(distinct)
	var rank [Size * Size]uint16
	for p, s := range l.Sig {
		if s > 0 {
			r, _ := slices.BinarySearch(distinct, math.Float64bits(s))
			rank[p] = uint16(r + 1)
		}
	}
	for q := range pad * pad {
		x, y := (q%pad+Size-1)%Size, (q/pad+Size-1)%Size // the inner patch q stands for
		p := y*Size + x
		l.cells.set(q, uint16(visitedBase-1-int(rank[p])))
		l.canon[q] = uint16(padded(p))
		if x == 0 || x == Size-1 || y == 0 || y == Size-1 {
			l.canon[q] |= edgeBit
		}
	}
	for p := range l.Sig {
		q := padded(p)
		l.words[q] |= uint64(l.cells.get(q)) << cellShift
		for h, o := range offsets {
			if l.cells.get(q+o) <= l.cells.get(q) { // unvisited cells: the higher the rank, the lower
				l.words[q] |= 1 << (upShift + h)
			}
		}
	}
	for k, p := range l.Peaks {
		l.words[padded(p)] |= 1 << (peakShift + 2 + k)
	}
	return l
}
