package sim

import "math"

// Estimate is a mean over replications with its 95% confidence interval [Lo, Hi]; N is the number
// of replications it rests on. Defined is false when there was nothing to estimate (for example
// cost per landmark when no replication found a landmark); the numbers are then zero.
type Estimate struct {
	Mean    float64 `json:"mean"`
	Lo      float64 `json:"lo"`
	Hi      float64 `json:"hi"`
	N       int     `json:"n"`
	Defined bool    `json:"defined"`
}

// moments accumulates a mean and a sum of squared deviations by Welford's method. Values must be
// added in replication order: floating-point addition is not associative, and the order is what
// makes results independent of the number of workers.
type moments struct {
	n, mean, m2 float64
}

func (m *moments) add(x float64) {
	m.n++
	d := x - m.mean
	m.mean += d / m.n
	m.m2 += float64(d * (x - m.mean))
}

// estimate gives the mean and a Student-t 95% interval; with one observation the interval is
// the point itself.
func (m *moments) estimate() Estimate {
	if m.n == 0 {
		return Estimate{}
	}
	e := Estimate{Mean: m.mean, Lo: m.mean, Hi: m.mean, N: int(m.n), Defined: true}
	if m.n > 1 {
		se := math.Sqrt(m.m2 / (m.n - 1) / m.n)
		h := float64(tQuantile975(int(m.n)-1) * se)
		e.Lo, e.Hi = m.mean-h, m.mean+h
	}
	return e
}

// ratio accumulates the co-moments of (x, y) pairs to estimate the ratio of means ȳ/x̄ with a
// delta-method interval: Var(ȳ/x̄) ≈ (s_yy − 2R·s_xy + R²·s_xx) / (n·x̄²).
type ratio struct {
	n, mx, my, cxx, cyy, cxy float64
}

func (r *ratio) add(x, y float64) {
	r.n++
	dx := x - r.mx
	r.mx += dx / r.n
	dy := y - r.my
	r.my += dy / r.n
	r.cxx += float64(dx * (x - r.mx))
	r.cyy += float64(dy * (y - r.my))
	r.cxy += float64(dx * (y - r.my))
}

func (r *ratio) estimate() Estimate {
	if r.n == 0 || r.mx <= 0 {
		return Estimate{N: int(r.n)}
	}
	R := r.my / r.mx
	e := Estimate{Mean: R, Lo: R, Hi: R, N: int(r.n), Defined: true}
	if r.n > 1 {
		d := r.n - 1
		v := r.cyy/d - float64(2*R*r.cxy)/d + float64(R*R*r.cxx)/d
		v = max(v, 0) / float64(r.n*r.mx*r.mx)
		h := float64(tQuantile975(int(r.n)-1) * math.Sqrt(v))
		e.Lo, e.Hi = R-h, R+h
	}
	return e
}

// t975 holds the 97.5% quantiles of Student's t for 1 to 30 degrees of freedom.
var t975 = [...]float64{
	12.706204736, 4.302652730, 3.182446305, 2.776445105, 2.570581836,
	2.446911851, 2.364624252, 2.306004135, 2.262157163, 2.228138852,
	2.200985160, 2.178812830, 2.160368656, 2.144786688, 2.131449546,
	2.119905299, 2.109815578, 2.100922040, 2.093024054, 2.085963447,
	2.079613845, 2.073873068, 2.068657610, 2.063898562, 2.059538553,
	2.055529439, 2.051830516, 2.048407142, 2.045229642, 2.042272456,
}

// tQuantile975 returns the 97.5% quantile of Student's t with df degrees of freedom: from the
// table up to 30, beyond by the Cornish–Fisher expansion around the normal quantile (error < 1e-6).
func tQuantile975(df int) float64 {
	if df < 1 {
		return math.NaN()
	}
	if df <= len(t975) {
		return t975[df-1]
	}
	const (
		z  = 1.959963984540054
		z3 = z * z * z
		z5 = z3 * z * z
		z7 = z5 * z * z
		c1 = (z3 + z) / 4
		c2 = (5*z5 + 16*z3 + 3*z) / 96
		c3 = (3*z7 + 19*z5 + 17*z3 - 15*z) / 384
	)
	v := float64(df)
	return z + c1/v + c2/float64(v*v) + c3/float64(v*v*v)
}
