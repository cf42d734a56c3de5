package evaluation

import (
	"cmp"
	"math"
	"slices"
)

// pool is the set of eligible comparison innovators for one award quarter and stratum (field
// and size class, or field), with the scales that make distances comparable.
type pool struct {
	ids                []int64
	level, pre, change []float64
	sl, sp             float64 // standard deviations of level and pre-award slope (1 when 0)
	// byLevel holds the members' positions in the order of their level, so that the search for
	// the nearest can stop where the level alone puts the rest too far; nil when a level or a
	// slope is not a finite number (the search then reads every member).
	byLevel []int32
}

// newPool returns an empty pool with room for size members.
func newPool(size int) *pool {
	return &pool{ids: make([]int64, 0, size), level: make([]float64, 0, size), pre: make([]float64, 0, size), change: make([]float64, 0, size)}
}

func (pl *pool) add(id int64, s controlSummary) {
	pl.ids = append(pl.ids, id)
	pl.level = append(pl.level, s.level)
	pl.pre = append(pl.pre, s.pre)
	pl.change = append(pl.change, s.change)
}

func (pl *pool) len() int { return len(pl.ids) }

// finish computes the scales once the pool is complete.
func (pl *pool) finish() {
	pl.sl, pl.sp = popSD(pl.level), popSD(pl.pre)
	pl.byLevel = nil
	for j := range pl.ids {
		if !finite(pl.level[j]) || !finite(pl.pre[j]) {
			return
		}
	}
	pl.byLevel = make([]int32, len(pl.ids))
	for j := range pl.byLevel {
		pl.byLevel[j] = int32(j)
	}
	slices.SortFunc(pl.byLevel, func(a, b int32) int { return cmp.Compare(pl.level[a], pl.level[b]) })
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// popSD is the population standard deviation of xs, or 1 when it is 0 or undefined, so that it
// can divide.
func popSD(xs []float64) float64 {
	n := float64(len(xs))
	var m, ss float64
	for _, x := range xs {
		m += x
	}
	m /= n
	for _, x := range xs {
		ss += (x - m) * (x - m)
	}
	if sd := math.Sqrt(ss / n); sd > 0 {
		return sd
	}
	return 1
}

// nearest returns the positions of the k pool members nearest to an awardee's technical level
// and pre-award slope, nearest first. Distance is
// ((level − Lⱼ)/s_L)² + ((slope − bⱼ)/s_b)², with s_L and s_b the pool's standard deviations,
// so that neither scale dominates; ties go to the smaller innovator ID, so the choice does not
// depend on the order of the pool.
//
// The members are visited outward from the awardee's level, nearer level first, and the visit
// stops once the level's term alone is beyond the k-th distance found: a member further out
// cannot be nearer. The answer is the one a visit of every member gives (the k smallest by
// distance, then ID), in time that grows with the members near the awardee, not the pool.
func (pl *pool) nearest(level, pre float64, k int) []int {
	k = min(k, pl.len())
	nb := nearestK{pl: pl, level: level, pre: pre, best: make([]int, 0, k), dist: make([]float64, 0, k)}
	if k == 0 {
		return nb.best
	}
	if pl.byLevel == nil || !finite(level) || !finite(pre) {
		for j := range pl.ids {
			nb.consider(j)
		}
		return nb.best
	}
	// levelTerm is the level's part of the distance of the member at position i of byLevel; along
	// either side of the awardee's level it does not decrease.
	levelTerm := func(i int) float64 {
		dl := (pl.level[pl.byLevel[i]] - level) / pl.sl
		return dl * dl
	}
	n := len(pl.byLevel)
	hi, _ := slices.BinarySearchFunc(pl.byLevel, level, func(j int32, l float64) int { return cmp.Compare(pl.level[j], l) })
	lo := hi - 1
	for {
		var i int
		switch {
		case lo >= 0 && hi < n && levelTerm(lo) <= levelTerm(hi), lo >= 0 && hi >= n:
			i, lo = lo, lo-1
		case hi < n:
			i, hi = hi, hi+1
		default:
			return nb.best
		}
		if len(nb.best) == k && levelTerm(i) > nb.dist[k-1] {
			return nb.best
		}
		nb.consider(int(pl.byLevel[i]))
	}
}

// nearestK keeps the k members nearest to an awardee found so far, nearest first.
type nearestK struct {
	pl         *pool
	level, pre float64
	best       []int
	dist       []float64
}

// worse tells whether (da, a) comes after (db, b): by distance, then by innovator ID.
func (nb *nearestK) worse(da float64, a int, db float64, b int) bool {
	if da != db {
		return da > db
	}
	return nb.pl.ids[a] > nb.pl.ids[b]
}

// consider takes pool member j among the nearest if it is nearer than the k-th found so far.
func (nb *nearestK) consider(j int) {
	pl, k := nb.pl, cap(nb.best)
	dl, dp := (pl.level[j]-nb.level)/pl.sl, (pl.pre[j]-nb.pre)/pl.sp
	d := dl*dl + dp*dp
	if len(nb.best) == k {
		if !nb.worse(nb.dist[k-1], nb.best[k-1], d, j) {
			return
		}
		nb.best, nb.dist = nb.best[:k-1], nb.dist[:k-1]
	}
	at := len(nb.best)
	nb.best, nb.dist = append(nb.best, j), append(nb.dist, d)
	for at > 0 && nb.worse(nb.dist[at-1], nb.best[at-1], d, j) {
		nb.best[at], nb.dist[at] = nb.best[at-1], nb.dist[at-1]
		at--
	}
	nb.best[at], nb.dist[at] = j, d
}

// compare completes an awardee's assessment against a pool of comparison innovators (too small
// a pool gives ControlStatus NotEnoughData) and sets the flag.
func (r *ComplacencyResult) compare(pl *pool, basis string, cp ComplacencyParams) {
	if r.Status != StatusOK {
		return
	}
	if pl.len() >= cp.MinControls {
		chosen := pl.nearest(r.TechLevel, r.TechPre.Slope, cp.Controls)
		changes := make([]float64, len(chosen))
		r.ControlIDs = make([]int64, len(chosen))
		var pre, change float64
		for j, c := range chosen {
			changes[j] = pl.change[c]
			r.ControlIDs[j] = pl.ids[c]
			pre += pl.pre[c]
			change += pl.change[c]
		}
		did, se, _ := DiffInDiff(r.TechPost.Slope-r.TechPre.Slope, math.Hypot(r.TechPre.SE, r.TechPost.SE), changes)
		n := float64(len(chosen))
		r.ControlStatus, r.ControlBasis = StatusOK, basis
		r.ControlPre = pre / n
		r.ControlPost = r.ControlPre + change/n
		r.ControlSD = sampleSD(changes)
		r.DiD = did
		r.SE = math.Max(se, cp.SEFloor)
		r.Z = did / r.SE
	}
	r.decide(cp)
}

// sampleSD is the sample standard deviation (n − 1 in the denominator) of at least two values.
func sampleSD(xs []float64) float64 {
	n := float64(len(xs))
	var m, ss float64
	for _, x := range xs {
		m += x
	}
	m /= n
	for _, x := range xs {
		ss += (x - m) * (x - m)
	}
	return math.Sqrt(ss / (n - 1))
}
