package evaluation

import "math"

// pool is the set of eligible comparison innovators for one award quarter and stratum (field
// and size class, or field), with the scales that make distances comparable.
type pool struct {
	ids                []int64
	level, pre, change []float64
	sl, sp             float64 // standard deviations of level and pre-award slope (1 when 0)
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
}

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
func (pl *pool) nearest(level, pre float64, k int) []int {
	k = min(k, pl.len())
	best := make([]int, 0, k)
	dist := make([]float64, 0, k)
	worse := func(da float64, a int, db float64, b int) bool { // is (da, a) after (db, b)?
		if da != db {
			return da > db
		}
		return pl.ids[a] > pl.ids[b]
	}
	for j := range pl.ids {
		dl, dp := (pl.level[j]-level)/pl.sl, (pl.pre[j]-pre)/pl.sp
		d := dl*dl + dp*dp
		if len(best) == k {
			if !worse(dist[k-1], best[k-1], d, j) {
				continue
			}
			best, dist = best[:k-1], dist[:k-1]
		}
		at := len(best)
		best, dist = append(best, j), append(dist, d)
		for at > 0 && worse(dist[at-1], best[at-1], d, j) {
			best[at], dist[at] = best[at-1], dist[at-1]
			at--
		}
		best[at], dist[at] = j, d
	}
	return best
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
