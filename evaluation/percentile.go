package evaluation

import "sort"

// Percentile returns the mid-rank percentile of v among the ascending values sorted:
// 100 · (number below v + ½ · number equal to v) / n. Ties share one percentile, the middle of
// the ranks they occupy; the best of n distinct values gets 100·(n−½)/n, never 100. It returns
// 0 for an empty list.
func Percentile(sorted []float64, v float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	below, equal := rankCounts(sorted, v)
	return 100 * (float64(below) + 0.5*float64(equal)) / float64(len(sorted))
}

// rankCounts returns how many of the ascending values are below v and how many equal it.
func rankCounts(sorted []float64, v float64) (below, equal int) {
	below = sort.SearchFloat64s(sorted, v)
	equal = sort.Search(len(sorted)-below, func(j int) bool { return sorted[below+j] > v })
	return below, equal
}
