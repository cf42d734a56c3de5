package evaluation

import "testing"

func TestPercentileMidRank(t *testing.T) {
	sorted := []float64{1, 2, 2, 3, 5}
	tests := []struct {
		v, want float64
	}{
		{1, 10},   // 0 below, 1 equal: (0 + ½)/5
		{2, 40},   // tie of two: (1 + ½·2)/5
		{3, 70},   // (3 + ½)/5
		{4, 80},   // not in the list: 4 below
		{5, 90},   // the best of five: (4 + ½)/5, never 100
		{0, 0},    // below everything
		{9, 100},  // above everything (a value outside the reference)
		{2.5, 60}, // between
	}
	for _, tt := range tests {
		if got := Percentile(sorted, tt.v); !near(got, tt.want, 1e-12) {
			t.Errorf("Percentile(%v) = %v, want %v", tt.v, got, tt.want)
		}
	}
	if Percentile(nil, 3) != 0 {
		t.Error("empty reference")
	}
}

func TestWithZeros(t *testing.T) {
	// Four awards: two with values 2 and 5, two with none (zeros).
	pos := []float64{2, 5}
	for _, tt := range []struct{ v, want float64 }{
		{5, 87.5}, // (3 + ½)/4
		{2, 62.5}, // (2 + ½)/4
		{1, 50},   // 2 zeros below
		{0, 0},    // nothing earns nothing
	} {
		if got := withZeros(pos, 4, tt.v); !near(got, tt.want, 1e-12) {
			t.Errorf("withZeros(%v) = %v, want %v", tt.v, got, tt.want)
		}
	}
	// With mid-ranks, the best of n reaches the 99th percentile only when n ≥ 50.
	for n, want := range map[int]bool{49: false, 50: true, 200: true} {
		pos := make([]float64, n)
		for i := range pos {
			pos[i] = float64(i + 1)
		}
		if got := withZeros(pos, n, float64(n)) >= 99; got != want {
			t.Errorf("n=%d: top is landmark %v, want %v", n, got, want)
		}
	}
}
