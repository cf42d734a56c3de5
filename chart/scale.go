package chart

import "math"

// finite reports whether v is neither NaN nor ±Inf.
func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// extent returns the smallest and largest finite values over all slices; ok is false when
// there are none.
func extent(slices ...[]float64) (lo, hi float64, ok bool) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, vs := range slices {
		for _, v := range vs {
			if !finite(v) {
				continue
			}
			lo = math.Min(lo, v)
			hi = math.Max(hi, v)
			ok = true
		}
	}
	return lo, hi, ok
}

// linear maps the domain [d0, d1] onto the range [r0, r1].
type linear struct{ d0, d1, r0, r1 float64 }

// at maps v. It halves before subtracting so that domains spanning nearly the whole float64
// range do not overflow.
func (s linear) at(v float64) float64 {
	den := s.d1/2 - s.d0/2
	if den == 0 {
		return (s.r0 + s.r1) / 2
	}
	return s.r0 + (v/2-s.d0/2)/den*(s.r1-s.r0)
}

// niceTicks returns about target evenly spaced, human-friendly tick values (steps of 1, 2 or
// 5 times a power of ten) whose first and last ticks enclose [lo, hi]. It always returns at
// least two ticks in increasing order, also for a single value or extreme magnitudes.
func niceTicks(lo, hi float64, target int) []float64 {
	if !finite(lo) || !finite(hi) {
		return []float64{0, 1}
	}
	if lo > hi {
		lo, hi = hi, lo
	}
	if target < 1 {
		target = 1
	}
	mag := math.Max(math.Abs(lo), math.Abs(hi))
	if hi-lo <= 1e-12*mag || hi == lo {
		// All values equal: widen to a unit around the value (or 0..1 for zero).
		if mag == 0 {
			lo, hi = 0, 1
		} else {
			m := mag * 0.1
			lo, hi = lo-m, hi+m
		}
	}
	span := hi - lo
	if !finite(span) || !finite(lo) || !finite(hi) {
		return plainTicks(lo, hi)
	}
	raw := span / float64(target)
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	if p == 0 || !finite(p) {
		return plainTicks(lo, hi)
	}
	var step float64
	switch f := raw / p; {
	case f <= 1:
		step = p
	case f <= 2:
		step = 2 * p
	case f <= 5:
		step = 5 * p
	default:
		step = 10 * p
	}
	k0, k1 := math.Floor(lo/step), math.Ceil(hi/step)
	n := int(k1 - k0)
	if n < 1 {
		n = 1
	}
	if n > 60 || !finite(k0) || !finite(k1) {
		return plainTicks(lo, hi)
	}
	// Dividing by the integer reciprocal of a fractional step gives 0.3 rather than
	// 0.30000000000000004.
	inv := 0.0
	if step < 1 {
		inv = math.Round(1 / step)
	}
	ticks := make([]float64, n+1)
	for i := range ticks {
		k := k0 + float64(i)
		if inv > 0 {
			ticks[i] = k / inv
		} else {
			ticks[i] = k * step
		}
		if !finite(ticks[i]) {
			return plainTicks(lo, hi)
		}
	}
	// Guard against rounding leaving data just outside the ticks.
	ticks[0] = math.Min(ticks[0], lo)
	ticks[n] = math.Max(ticks[n], hi)
	return ticks
}

// plainTicks is the fallback when nice steps cannot be computed: the ends and the middle.
func plainTicks(lo, hi float64) []float64 {
	lo = math.Max(-math.MaxFloat64, lo)
	hi = math.Min(math.MaxFloat64, hi)
	if lo == hi {
		return []float64{lo - 1, hi + 1}
	}
	return []float64{lo, lo/2 + hi/2, hi}
}

// valueAxis computes the ticks of a value axis over [lo, hi]; withZero extends it to zero,
// which bars and counts need for an honest baseline.
func valueAxis(lo, hi float64, withZero bool, target int) []float64 {
	if withZero {
		lo = math.Min(lo, 0)
		hi = math.Max(hi, 0)
	}
	return niceTicks(lo, hi, target)
}

// wholeTicks keeps an axis of counts on whole numbers: when nice steps fell below 1 (a count
// axis from 0 to 3 ticks at 0.5), the axis steps by 1 from the floor of the first tick to the
// ceiling of the last.
func wholeTicks(ticks []float64) []float64 {
	if len(ticks) < 2 || ticks[1]-ticks[0] >= 1 {
		return ticks
	}
	lo, hi := math.Floor(ticks[0]), math.Ceil(ticks[len(ticks)-1])
	if hi == lo {
		hi = lo + 1
	}
	var out []float64
	for v := lo; v <= hi; v++ {
		out = append(out, v)
	}
	return out
}
