package evaluation

import "math"

// Fit is an ordinary least-squares line through the log values y = ln(1+x) of one series over
// a window of quarters. Slopes are in log points per quarter: a slope of 0.1 is growth of
// about 10.5% a quarter (e^0.1 − 1).
type Fit struct {
	N         int     `json:"n"`         // quarters with a value in the window
	Slope     float64 `json:"slope"`     // log points per quarter; 0 when N < 2
	SE        float64 `json:"se"`        // standard error of the slope; 0 when N < 3
	Mean      float64 `json:"mean"`      // mean of y over the reported quarters; 0 when N = 0
	Intercept float64 `json:"intercept"` // fitted y at t = 0 (the window's first quarter)
}

// OLS fits y = a + b·t by least squares and returns b, its standard error
// sqrt(RSS/(n−2) / Σ(t−t̄)²), the mean of y and a. Points where y is NaN are left out.
func OLS(t, y []float64) Fit {
	var s sums
	for j := range t {
		if !math.IsNaN(y[j]) {
			s.add(t[j], y[j])
		}
	}
	return s.fit(0)
}

// sums are the running sums from which a least-squares line is computed.
type sums struct{ n, t, tt, y, ty, yy float64 }

func (s *sums) add(t, y float64) {
	s.n++
	s.t += t
	s.tt += t * t
	s.y += y
	s.ty += t * y
	s.yy += y * y
}

func (s sums) minus(o sums) sums {
	return sums{s.n - o.n, s.t - o.t, s.tt - o.tt, s.y - o.y, s.ty - o.ty, s.yy - o.yy}
}

// fit returns the least-squares line of the summed points with t measured from t0.
func (s sums) fit(t0 float64) Fit {
	f := Fit{N: int(s.n)}
	if s.n == 0 {
		return f
	}
	slope, mean, sxy, sxx := s.line()
	f.Mean, f.Intercept, f.Slope = mean, mean, slope
	if sxx == 0 {
		return f
	}
	f.Intercept = mean - slope*(s.t/s.n-t0)
	if s.n >= 3 {
		rss := max(s.yy-s.y*mean-slope*sxy, 0) // rounding can leave a tiny negative
		f.SE = math.Sqrt(rss / (s.n - 2) / sxx)
	}
	return f
}

// line returns the slope (0 without two distinct quarters), the mean of y, and the centred
// sums Sxy and Sxx (Sxx is 0 when there is no slope). fit and the controls' fast path both use
// it, so they agree to the last bit.
func (s sums) line() (slope, mean, sxy, sxx float64) {
	if s.n == 0 {
		return 0, 0, 0, 0
	}
	mean = s.y / s.n
	sxx = s.tt - s.t*(s.t/s.n)
	if s.n < 2 || sxx <= 0 {
		return 0, mean, 0, 0
	}
	sxy = s.ty - s.t*mean
	return sxy / sxx, mean, sxy, sxx
}

// workspace holds one innovator's prefix sums of ln(1+x) per indicator, so that the line
// through any window is found in constant time. Each worker goroutine owns one.
type workspace struct {
	T   int
	pre []sums // indicator k, prefix length τ (0..T) at k*(T+1)+τ
}

func newWorkspace(T int) *workspace {
	return &workspace{T: T, pre: make([]sums, NumIndicators*(T+1))}
}

// load computes the prefix sums of innovator row i, with t counted from the panel's first
// quarter. Small whole numbers, which most count indicators hold, take ln(1+x) from a table.
func (w *workspace) load(p *Panel, i int) {
	T := w.T
	for k := range NumIndicators {
		s := p.series(i, k)
		pre := w.pre[k*(T+1) : (k+1)*(T+1)]
		var acc sums
		pre[0] = acc
		for t, v := range s {
			if v == v {
				acc.add(float64(t), log1p32(v))
			}
			pre[t+1] = acc
		}
	}
}

// log1p32 returns ln(1+v), math.Log1p's value, from a table for a small whole number or a small
// number of tenths (most values of the indicators are one or the other).
func log1p32(v float32) float64 {
	if n := int(v); v >= 0 && v < float32(len(log1pTable)) {
		if float32(n) == v {
			return log1pTable[n]
		}
		if m := int(v*10 + 0.5); m < len(log1pTenths) && float32(float64(m)/10) == v {
			return log1pTenths[m]
		}
	}
	return math.Log1p(float64(v))
}

// log1pTable holds ln(1+n) for small whole n.
var log1pTable = func() []float64 {
	t := make([]float64, 4096)
	for n := range t {
		t[n] = math.Log1p(float64(n))
	}
	return t
}()

// log1pTenths holds ln(1+v) for v the float32 nearest m/10, for small whole m: the value a
// panel holds for a number with one decimal.
var log1pTenths = func() []float64 {
	t := make([]float64, 10*len(log1pTable))
	for m := range t {
		t[m] = math.Log1p(float64(float32(float64(m) / 10)))
	}
	return t
}()

// window returns the sums of indicator k over grid positions a..b inclusive, clipped to the grid.
func (w *workspace) window(k, a, b int) sums {
	a, b = max(a, 0), min(b, w.T-1)
	if b < a {
		return sums{}
	}
	base := k * (w.T + 1)
	return w.pre[base+b+1].minus(w.pre[base+a])
}

// fit returns the line of indicator k over grid positions a..b inclusive (clipped to the grid),
// with the intercept at position a even when a lies before the grid.
func (w *workspace) fit(k, a, b int) Fit {
	return w.window(k, a, b).fit(float64(a))
}

// categoryFit combines the lines of a category's indicators into one trend.
type categoryFit struct {
	Indicators int     // indicators included
	Slope, SE  float64 // weighted mean slope and its standard error
	Level      float64 // weighted mean of the indicators' mean log values
	MaxN       int     // most quarters any of the category's indicators has in the window
}

// combine returns the weighted trend of the fits whose include flag is set:
// slope Σw·b/Σw, standard error sqrt(Σw²·se²)/Σw (indicators treated as independent), level
// Σw·mean/Σw.
func combine(cat Category, fits *[NumIndicators]Fit, include func(k int) bool) categoryFit {
	var c categoryFit
	var sw, swb, sw2se2, swm float64
	for _, k := range members[cat] {
		c.MaxN = max(c.MaxN, fits[k].N)
		if !include(k) {
			continue
		}
		w := Catalogue[k].Weight
		c.Indicators++
		sw += w
		swb += w * fits[k].Slope
		sw2se2 += w * w * fits[k].SE * fits[k].SE
		swm += w * fits[k].Mean
	}
	if c.Indicators == 0 || sw == 0 {
		c.Indicators = 0
		return c
	}
	c.Slope = swb / sw
	c.SE = math.Sqrt(sw2se2) / sw
	c.Level = swm / sw
	return c
}
