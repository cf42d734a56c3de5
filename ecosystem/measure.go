package ecosystem

import (
	"math"
	"sort"

	"seedbed/evaluation"
)

// Share returns part/whole, and false when whole is zero.
func Share(part, whole float64) (float64, bool) {
	if !(whole > 0) {
		return 0, false
	}
	return part / whole, true
}

// Gini returns the Gini coefficient of non-negative values (evaluation.Gini): 0 when all are
// equal, (n−1)/n when one holds everything; false when they sum to zero.
func Gini(values []float64) (float64, bool) { return evaluation.Gini(values) }

// HHI returns the Herfindahl–Hirschman index of non-negative values, Σ sᵢ² with sᵢ each value's
// share of the total: 1/n when n values are equal, 1 when one holds everything. It reports false
// when the values sum to zero.
func HHI(values []float64) (float64, bool) {
	total := 0.0
	for _, v := range values {
		total += v
	}
	if !(total > 0) {
		return 0, false
	}
	h := 0.0
	for _, v := range values {
		s := v / total
		h += s * s
	}
	return h, true
}

// TopNShare returns the share of the total held by the n largest values. It reports false when
// there are not more than n values (the share would be 1 by construction) or they sum to zero.
func TopNShare(values []float64, n int) (float64, bool) {
	if len(values) <= n {
		return 0, false
	}
	s := append([]float64(nil), values...)
	sort.Sort(sort.Reverse(sort.Float64Slice(s)))
	total, top := 0.0, 0.0
	for i, v := range s {
		total += v
		if i < n {
			top += v
		}
	}
	if !(total > 0) {
		return 0, false
	}
	return top / total, true
}

// Entropy returns the Shannon entropy in bits of a distribution given as counts,
// H = −Σ pᵢ·log₂ pᵢ with pᵢ = cᵢ/Σc: 0 when everything is in one category, log₂ k when k
// categories are equally filled. Zero counts are skipped. It reports false when the counts sum
// to zero.
func Entropy(counts map[string]int) (float64, bool) {
	total := 0
	for _, c := range counts {
		total += c
	}
	if total == 0 {
		return 0, false
	}
	h := 0.0
	for _, c := range counts {
		if c > 0 {
			p := float64(c) / float64(total)
			h -= p * math.Log2(p)
		}
	}
	return h, true
}

// Median returns the middle of the values (the mean of the two middle ones for an even count),
// and false when there are none.
func Median(values []float64) (float64, bool) {
	if len(values) == 0 {
		return 0, false
	}
	s := append([]float64(nil), values...)
	sort.Float64s(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2], true
	}
	return (s[n/2-1] + s[n/2]) / 2, true
}
