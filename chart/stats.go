package chart

import (
	"math"
	"slices"
)

// sortedFinite returns the finite values of vs in increasing order, in a new slice.
func sortedFinite(vs []float64) []float64 {
	out := make([]float64, 0, len(vs))
	for _, v := range vs {
		if finite(v) {
			out = append(out, v)
		}
	}
	slices.Sort(out)
	return out
}

// quantile returns the q-quantile of sorted values by linear interpolation between order
// statistics (the usual "type 7" definition); sorted must not be empty.
func quantile(sorted []float64, q float64) float64 {
	if len(sorted) == 1 {
		return sorted[0]
	}
	h := q * float64(len(sorted)-1)
	i := int(math.Floor(h))
	if i >= len(sorted)-1 {
		return sorted[len(sorted)-1]
	}
	f := h - float64(i)
	return sorted[i] + f*(sorted[i+1]-sorted[i])
}

// mean returns the arithmetic mean of values, computed so that it does not overflow.
func mean(values []float64) float64 {
	m := 0.0
	for i, v := range values {
		m += (v - m) / float64(i+1)
	}
	return m
}

// shares holds non-negative values as fractions of their total, for concentration charts.
type shares struct {
	asc   []float64 // value shares in increasing order, summing to 1
	total float64   // the values' total (may be +Inf when it overflows)
}

// newShares keeps the finite non-negative values of vs. ok is false when none remain or they
// sum to zero. Values are scaled by the maximum before summing, so huge values cannot
// overflow the shares.
func newShares(vs []float64) (sh shares, dropped int, ok bool) {
	asc := make([]float64, 0, len(vs))
	for _, v := range vs {
		if finite(v) && v >= 0 {
			asc = append(asc, v)
		} else {
			dropped++
		}
	}
	slices.Sort(asc)
	sh, ok = sharesOfSorted(asc)
	return sh, dropped, ok
}

// sharesOfSorted turns finite non-negative values in increasing order into shares, in place.
// ok is false when there are none or they sum to zero.
func sharesOfSorted(asc []float64) (sh shares, ok bool) {
	if len(asc) == 0 {
		return sh, false
	}
	top := asc[len(asc)-1]
	if top == 0 {
		return sh, false
	}
	sum := 0.0
	for i := range asc {
		asc[i] /= top
		sum += asc[i]
	}
	for i := range asc {
		asc[i] /= sum
	}
	return shares{asc: asc, total: sum * top}, true
}

// gini returns the Gini coefficient of the shares: 0 when all are equal, approaching 1 when
// one item holds everything.
func (s shares) gini() float64 {
	n := float64(len(s.asc))
	weighted := 0.0
	for i, v := range s.asc {
		weighted += float64(i+1) * v
	}
	g := 2*weighted/n - (n+1)/n
	return math.Max(0, math.Min(1, g))
}

// topShare returns the share held by the largest fraction q of items (at least one item) and
// that number of items.
func (s shares) topShare(q float64) (float64, int) {
	k := int(math.Ceil(q * float64(len(s.asc))))
	k = max(1, min(k, len(s.asc)))
	sum := 0.0
	for _, v := range s.asc[len(s.asc)-k:] {
		sum += v
	}
	return math.Min(sum, 1), k
}

// sampleIndices returns up to limit indices spread evenly over 0..n inclusive, always with
// both ends, so long curves can be drawn with a bounded number of points.
func sampleIndices(n, limit int) []int {
	if n+1 <= limit {
		idx := make([]int, n+1)
		for i := range idx {
			idx[i] = i
		}
		return idx
	}
	idx := make([]int, limit)
	for j := range idx {
		idx[j] = int(math.Round(float64(j) * float64(n) / float64(limit-1)))
	}
	return idx
}
