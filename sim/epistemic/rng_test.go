package epistemic

import (
	"math"
	"testing"
)

// TestRNGUniform: draws from [0, n), and the position each element takes in a shuffle, are
// uniform by a χ² test (a failure is a fault, not chance: the threshold is the 0.9999 quantile).
func TestRNGUniform(t *testing.T) {
	r := rng{2009}
	for _, n := range []int{1, 2, 3, 5, 7, 8, 200} {
		const per = 2000
		counts := make([]float64, n)
		for range n * per {
			k := r.intn(n)
			if k < 0 || k >= n {
				t.Fatalf("intn(%d) = %d", n, k)
			}
			counts[k]++
		}
		if chi := chiSquare(counts, per); chi > chiLimit(n-1) {
			t.Errorf("intn(%d): χ² = %.1f over %d degrees of freedom", n, chi, n-1)
		}
	}
	const n, rounds = 7, 20000
	var at [n][n]float64 // at[e][i]: element e ended at position i
	s := make([]int32, n)
	for range rounds {
		for i := range s {
			s[i] = int32(i)
		}
		r.shuffle(s)
		for i, e := range s {
			at[e][i]++
		}
	}
	for e := range at {
		if chi := chiSquare(at[e][:], rounds/n); chi > chiLimit(n-1) {
			t.Errorf("shuffle: element %d's positions χ² = %.1f", e, chi)
		}
	}
	var sum float64
	for range 100000 {
		f := r.float64()
		if f < 0 || f >= 1 {
			t.Fatalf("float64 = %v", f)
		}
		sum += f
	}
	if m := sum / 100000; m < 0.497 || m > 0.503 { // 0.5 ± 3.3 standard errors
		t.Errorf("float64 mean %v", m)
	}
}

func chiSquare(counts []float64, expected float64) (chi float64) {
	for _, c := range counts {
		chi += (c - expected) * (c - expected) / expected
	}
	return chi
}

// chiLimit is a bound above the 0.9999 quantile of χ² with k degrees of freedom (k + 4.5·√(2k) + 10).
func chiLimit(k int) float64 {
	if k == 0 {
		return 0
	}
	return float64(k) + 4.5*math.Sqrt(2*float64(k)) + 10
}
