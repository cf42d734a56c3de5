package sim

import (
	"math"
	"sort"
)

// Global sensitivity analysis asks, for one output of the model, which parameters drive it over
// a whole region of parameter space rather than at one point. Two methods are offered, both on
// the unit hypercube (each parameter's range scaled to [0, 1]):
//
//   - Morris screening (Morris 1991, with Campolongo et al.'s μ*): r random trajectories, each
//     moving one parameter at a time by Δ = p / (2(p−1)) on a grid of p levels. A parameter's
//     elementary effect is the change of the output over the step divided by Δ, so it reads as
//     "output change per whole range". μ* is the mean absolute elementary effect (overall
//     importance), μ the signed mean (direction), σ their standard deviation (non-linearity or
//     interaction). Cost: r(k+1) model runs for k parameters.
//   - Sobol indices with Saltelli's sampling scheme and Jansen's estimators (Saltelli et al.
//     2010, table 2): base matrices A and B of N random points, and for each parameter i the
//     matrix A_B^i, A with column i taken from B. With V the variance of f over A and B,
//     first-order S_i = (V − ½·mean[(f(B) − f(A_B^i))²]) / V, the share of the variance that
//     parameter i explains alone; total S_Ti = ½·mean[(f(A) − f(A_B^i))²] / V, the share it
//     explains with all its interactions. Cost: N(k+2) model runs. Intervals come from
//     bootstrapping the N rows.
//
// The points are pseudo-random draws from the design's seed, so an analysis is a pure function
// of its design.

// Sensitivity methods.
const (
	MethodMorris = "morris"
	MethodSobol  = "sobol"
)

// Stream purposes of a sensitivity analysis (the replication coordinate is 0 or the resample).
const (
	purposeSensitivity = 3 << 32
	purposeBootstrap   = 4 << 32
)

// plan is the list of points of the unit hypercube an analysis evaluates, in run order.
type plan struct {
	method string
	k      int         // parameters
	n      int         // Sobol base samples, or Morris trajectories
	units  [][]float64 // one point per run
}

// sobolPlan lays out Saltelli's scheme: for row j, runs j(k+2)+0 is A_j, +1 is B_j, and +1+i is
// (A_B^i)_j for parameters i = 1..k.
func sobolPlan(k, n int, seed uint64) plan {
	r := streamFor(seed, 0, purposeSensitivity)
	p := plan{method: MethodSobol, k: k, n: n, units: make([][]float64, 0, n*(k+2))}
	for j := 0; j < n; j++ {
		a, b := make([]float64, k), make([]float64, k)
		for i := range a {
			a[i] = r.float64()
		}
		for i := range b {
			b[i] = r.float64()
		}
		p.units = append(p.units, a, b)
		for i := 0; i < k; i++ {
			ab := append([]float64(nil), a...)
			ab[i] = b[i]
			p.units = append(p.units, ab)
		}
	}
	return p
}

// morrisPlan lays out r trajectories of k+1 points each on a grid of levels (an even number)
// levels: trajectory t occupies runs t(k+1) to t(k+1)+k. The start is a random grid point; the
// parameters move in a random order, each by +Δ if that stays in [0, 1] and by −Δ otherwise (with
// an even number of levels exactly one of the two does).
func morrisPlan(k, trajectories, levels int, seed uint64) plan {
	r := streamFor(seed, 0, purposeSensitivity)
	p := plan{method: MethodMorris, k: k, n: trajectories, units: make([][]float64, 0, trajectories*(k+1))}
	step := float64(levels) / float64(2*(levels-1))
	for t := 0; t < trajectories; t++ {
		x := make([]float64, k)
		for i := range x {
			x[i] = float64(r.intn(levels)) / float64(levels-1)
		}
		p.units = append(p.units, append([]float64(nil), x...))
		order := make([]int, k)
		for i := range order {
			order[i] = i
		}
		for i := k - 1; i > 0; i-- {
			j := r.intn(i + 1)
			order[i], order[j] = order[j], order[i]
		}
		for _, i := range order {
			if x[i]+step <= 1+1e-12 {
				x[i] = math.Min(x[i]+step, 1)
			} else {
				x[i] = math.Max(x[i]-step, 0)
			}
			p.units = append(p.units, append([]float64(nil), x...))
		}
	}
	return p
}

// Interval is an estimate with a 95% interval (Lo and Hi equal Value when none was computed).
type Interval struct {
	Value float64 `json:"value"`
	Lo    float64 `json:"lo"`
	Hi    float64 `json:"hi"`
}

// MorrisIndex is one parameter's screening measures, in output units per whole range.
type MorrisIndex struct {
	MuStar float64 `json:"mu_star"`
	Mu     float64 `json:"mu"`
	Sigma  float64 `json:"sigma"`
}

// SobolIndex is one parameter's first-order and total variance shares.
type SobolIndex struct {
	First Interval `json:"first"`
	Total Interval `json:"total"`
}

// morrisIndices computes each parameter's μ*, μ and σ from the plan's outputs y (one per run).
func morrisIndices(p plan, y []float64) []MorrisIndex {
	ee := make([][]float64, p.k)
	for t := 0; t < p.n; t++ {
		base := t * (p.k + 1)
		for s := 1; s <= p.k; s++ {
			prev, cur := p.units[base+s-1], p.units[base+s]
			for i := range cur {
				if d := cur[i] - prev[i]; d != 0 {
					ee[i] = append(ee[i], (y[base+s]-y[base+s-1])/d)
					break
				}
			}
		}
	}
	out := make([]MorrisIndex, p.k)
	for i, e := range ee {
		var m, a moments
		for _, v := range e {
			m.add(v)
			a.add(math.Abs(v))
		}
		out[i] = MorrisIndex{MuStar: a.mean, Mu: m.mean}
		if m.n > 1 {
			out[i].Sigma = math.Sqrt(m.m2 / (m.n - 1))
		}
	}
	return out
}

// jansen computes first-order and total indices from the rows listed (rows may repeat, for a
// bootstrap resample). It returns NaNs when the output does not vary.
func jansen(p plan, y []float64, rows []int, first, total []float64) {
	var v moments
	for _, j := range rows {
		base := j * (p.k + 2)
		v.add(y[base])
		v.add(y[base+1])
	}
	variance := math.NaN()
	if v.n > 1 {
		variance = v.m2 / (v.n - 1)
	}
	for i := 0; i < p.k; i++ {
		var sf, st float64
		for _, j := range rows {
			base := j * (p.k + 2)
			fa, fb, fab := y[base], y[base+1], y[base+2+i]
			sf += float64((fb - fab) * (fb - fab))
			st += float64((fa - fab) * (fa - fab))
		}
		n := float64(len(rows))
		if variance > 0 {
			first[i] = (variance - sf/(2*n)) / variance
			total[i] = st / (2 * n) / variance
		} else {
			first[i], total[i] = math.NaN(), math.NaN()
		}
	}
}

// sobolIndices estimates the indices from all N rows and, when resamples > 0, a percentile
// bootstrap interval over rows drawn with replacement.
func sobolIndices(p plan, y []float64, resamples int, seed uint64) []SobolIndex {
	rows := make([]int, p.n)
	for j := range rows {
		rows[j] = j
	}
	first, total := make([]float64, p.k), make([]float64, p.k)
	jansen(p, y, rows, first, total)
	out := make([]SobolIndex, p.k)
	for i := range out {
		out[i] = SobolIndex{First: Interval{first[i], first[i], first[i]}, Total: Interval{total[i], total[i], total[i]}}
	}
	if resamples <= 0 || p.n < 2 {
		return out
	}
	bf, bt := make([][]float64, p.k), make([][]float64, p.k)
	f, t := make([]float64, p.k), make([]float64, p.k)
	for b := 0; b < resamples; b++ {
		r := streamFor(seed, uint64(b), purposeBootstrap)
		for j := range rows {
			rows[j] = r.intn(p.n)
		}
		jansen(p, y, rows, f, t)
		for i := 0; i < p.k; i++ {
			bf[i] = append(bf[i], f[i])
			bt[i] = append(bt[i], t[i])
		}
	}
	for i := range out {
		out[i].First.Lo, out[i].First.Hi = percentiles95(bf[i])
		out[i].Total.Lo, out[i].Total.Hi = percentiles95(bt[i])
	}
	return out
}

// percentiles95 returns the 2.5% and 97.5% points of xs (NaNs ignored), by the nearest rank.
func percentiles95(xs []float64) (lo, hi float64) {
	s := make([]float64, 0, len(xs))
	for _, x := range xs {
		if !math.IsNaN(x) {
			s = append(s, x)
		}
	}
	if len(s) == 0 {
		return math.NaN(), math.NaN()
	}
	sort.Float64s(s)
	at := func(q float64) float64 {
		i := int(math.Ceil(q*float64(len(s)))) - 1
		return s[min(max(i, 0), len(s)-1)]
	}
	return at(0.025), at(0.975)
}
