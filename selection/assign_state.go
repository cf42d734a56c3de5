package selection

import (
	"cmp"
	"math/bits"
	"slices"
)

// assignState is the working state of Assign over dense indices: applications 0..n-1 (only
// those with at least k eligible reviewers) and reviewers 0..nr-1.
//
// The method has three steps. A greedy pass gives every application its k best reviewers,
// most constrained applications first, preferring reviewers under the average load and then
// matching expertise. A balancing pass then moves work along alternating paths — reviewer r0
// hands application a1 to r1, r1 hands a2 to r2, … — from a reviewer with load ℓ to one with
// load ≤ ℓ−2, until no such path exists. Each move lowers the sum of squared loads, and a state
// without such paths is the most balanced one the conflicts allow: its largest load is the
// smallest possible, and loads differ by at most one whenever any assignment achieves that
// (it is the optimum of a convex-cost flow, for which the absence of improving paths is the
// optimality condition). A last pass swaps reviewers between applications, or to a reviewer
// with one application less, whenever that raises the number of matching expertise tags without
// changing the multiset of loads.
type assignState struct {
	nr, k    int
	seed     uint64
	slack    int       // applications a reviewer may take above the balanced load for better expertise (0: balance first)
	cells    [][]int8  // application → reviewer → -1 if conflicted, else expertise match
	order    [][]int32 // application → eligible reviewers, best expertise first, ties by seed
	assigned [][]int32 // application → its reviewers
	apps     [][]int32 // reviewer → its applications

	// scratch space of the path search
	stamp            uint32
	seenRev, seenApp []uint32
	fromApp, fromRev []int32
	queue            []int32
}

func newAssignState(nr, k int, seed uint64) *assignState {
	return &assignState{nr: nr, k: k, seed: seed, apps: make([][]int32, nr),
		seenRev: make([]uint32, nr), fromApp: make([]int32, nr)}
}

func (st *assignState) cell(a, r int) int8 { return st.cells[a][r] }

func (st *assignState) load(r int32) int { return len(st.apps[r]) }

// tie is the seeded tie-breaker of reviewer r for application a.
func (st *assignState) tie(a int, r int32) uint64 {
	return mix64(st.seed ^ mix64(uint64(a)+1) ^ uint64(r))
}

func (st *assignState) addApp(cells []int8) {
	a := len(st.cells)
	st.cells = append(st.cells, cells)
	// Sort by one packed key — expertise, then the seeded tie, then the index — which is
	// several times faster than a comparison function on 300-reviewer lists.
	rbits := bits.Len(uint(len(cells)))
	keys := make([]uint64, 0, len(cells))
	for r, c := range cells {
		if c >= 0 {
			keys = append(keys, uint64(127-c)<<57|st.tie(a, int32(r))>>(7+rbits)<<rbits|uint64(r))
		}
	}
	slices.Sort(keys)
	elig := make([]int32, len(keys))
	for i, key := range keys {
		elig[i] = int32(key & (1<<rbits - 1))
	}
	st.order = append(st.order, elig)
	st.assigned = append(st.assigned, nil)
	st.seenApp = append(st.seenApp, 0)
	st.fromRev = append(st.fromRev, 0)
}

// greedy gives every application k reviewers: the most constrained applications choose first,
// and each prefers reviewers still below the average load, then expertise, then lower load.
func (st *assignState) greedy() {
	n := len(st.cells)
	if n == 0 || st.nr == 0 {
		return
	}
	capacity := st.capacity()
	byConstraint := make([]int, n)
	for a := range byConstraint {
		byConstraint[a] = a
	}
	slices.SortFunc(byConstraint, func(x, y int) int {
		if c := cmp.Compare(len(st.order[x]), len(st.order[y])); c != 0 {
			return c
		}
		return cmp.Compare(mix64(st.seed^uint64(x)), mix64(st.seed^uint64(y)))
	})
	for _, a := range byConstraint {
		for len(st.assigned[a]) < st.k {
			best := int32(-1)
			for _, r := range st.order[a] {
				if slices.Contains(st.assigned[a], r) {
					continue
				}
				if best < 0 || st.greedyBetter(a, r, best, capacity) {
					best = r
				}
			}
			st.assigned[a] = append(st.assigned[a], best)
			st.apps[best] = append(st.apps[best], int32(a))
		}
	}
}

// capacity is the load a reviewer may reach before the others are preferred: the balanced load,
// plus the slack the expertise weight allows.
func (st *assignState) capacity() int {
	return (len(st.cells)*st.k+st.nr-1)/st.nr + st.slack
}

// greedyBetter reports whether reviewer r is a better next choice for application a than b.
// Reviewers come in order of expertise and tie, so only the load needs comparing here.
func (st *assignState) greedyBetter(a int, r, b int32, capacity int) bool {
	rOver, bOver := st.load(r) >= capacity, st.load(b) >= capacity
	if rOver != bOver {
		return bOver
	}
	if st.cells[a][r] != st.cells[a][b] {
		return false // order already puts the better match first
	}
	return st.load(r) < st.load(b)
}

// balance moves applications along improving paths until none is left (see assignState).
func (st *assignState) balance() {
	usable := make([]bool, st.nr)
	for _, o := range st.order {
		for _, r := range o {
			usable[r] = true
		}
	}
	for {
		hi, lo := -1, -1
		for r := range st.nr {
			if !usable[r] {
				continue
			}
			l := st.load(int32(r))
			if hi < 0 || l > hi {
				hi = l
			}
			if lo < 0 || l < lo {
				lo = l
			}
		}
		improved := false
		for level := hi; level >= lo+2; level-- {
			for st.augment(level) {
				improved = true
			}
		}
		if !improved {
			return
		}
	}
}

// augment searches breadth first from every reviewer with load ≥ level for a path to a reviewer
// with load ≤ level−2, and shifts one application along the first it finds.
func (st *assignState) augment(level int) bool {
	st.stamp++
	st.queue = st.queue[:0]
	for r := range st.nr {
		if st.load(int32(r)) >= level {
			st.seenRev[r], st.fromApp[r] = st.stamp, -1
			st.queue = append(st.queue, int32(r))
		}
	}
	for head := 0; head < len(st.queue); head++ {
		r := st.queue[head]
		for _, a := range st.apps[r] {
			if st.seenApp[a] == st.stamp {
				continue
			}
			st.seenApp[a], st.fromRev[a] = st.stamp, r
			for _, r2 := range st.order[a] {
				if st.seenRev[r2] == st.stamp || slices.Contains(st.assigned[a], r2) {
					continue
				}
				st.seenRev[r2], st.fromApp[r2] = st.stamp, a
				if st.load(r2) <= level-2 {
					st.shift(r2)
					return true
				}
				st.queue = append(st.queue, r2)
			}
		}
	}
	return false
}

// shift applies the path found by augment that ends at reviewer end.
func (st *assignState) shift(end int32) {
	for r := end; st.fromApp[r] >= 0; {
		a := st.fromApp[r]
		prev := st.fromRev[a]
		st.replace(a, prev, r)
		r = prev
	}
}

// replace puts reviewer to in place of reviewer from on application a.
func (st *assignState) replace(a, from, to int32) {
	i := slices.Index(st.assigned[a], from)
	st.assigned[a][i] = to
	j := slices.Index(st.apps[from], a)
	last := len(st.apps[from]) - 1
	st.apps[from][j] = st.apps[from][last]
	st.apps[from] = st.apps[from][:last]
	st.apps[to] = append(st.apps[to], a)
}

// improveExpertise raises the number of matching expertise tags by moves that keep the multiset
// of loads: handing an application to a reviewer with one application less, or swapping two
// reviewers between two applications.
func (st *assignState) improveExpertise() {
	for pass := 0; pass < 4; pass++ {
		improved := false
		for a := range st.cells {
			for slot := range st.assigned[a] {
				if st.improveSlot(int32(a), slot) {
					improved = true
				}
			}
		}
		if !improved {
			return
		}
	}
}

func (st *assignState) improveSlot(a int32, slot int) bool {
	r1 := st.assigned[a][slot]
	m1 := st.cells[a][r1]
	for _, r2 := range st.order[a] {
		m2 := st.cells[a][r2]
		if m2 <= m1 {
			return false // order is by expertise: no better reviewer is left
		}
		if slices.Contains(st.assigned[a], r2) {
			continue
		}
		if st.load(r2) < st.load(r1) || st.slack > 0 && st.load(r2) < st.capacity() {
			st.replace(a, r1, r2)
			return true
		}
		for _, b := range st.apps[r2] {
			if b == a || st.cells[b][r1] < 0 || slices.Contains(st.assigned[b], r1) {
				continue
			}
			if int(m2)-int(m1)+int(st.cells[b][r1])-int(st.cells[b][r2]) > 0 {
				st.replace(a, r1, r2)
				st.replace(b, r2, r1)
				return true
			}
		}
	}
	return false
}

// mix64 is the SplitMix64 finaliser: a fixed, well-spread function of its input.
func mix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}
