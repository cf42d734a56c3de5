package ecosystem

import (
	"math"
	"testing"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestGini(t *testing.T) {
	for _, c := range []struct {
		values []float64
		want   float64
		ok     bool
	}{
		{[]float64{1, 2, 3, 4}, 0.25, true}, // 2·(1+4+9+16)/(4·10) − 5/4
		{[]float64{5, 5, 5}, 0, true},
		{[]float64{0, 0, 0, 10}, 0.75, true}, // (n−1)/n
		{[]float64{0, 0}, 0, false},
		{nil, 0, false},
	} {
		got, ok := Gini(c.values)
		if ok != c.ok || !near(got, c.want) {
			t.Errorf("Gini(%v) = %v, %v; want %v, %v", c.values, got, ok, c.want, c.ok)
		}
	}
}

func TestHHI(t *testing.T) {
	for _, c := range []struct {
		values []float64
		want   float64
		ok     bool
	}{
		{[]float64{1, 1, 1, 1}, 0.25, true},    // 4 · (1/4)²
		{[]float64{3, 1}, 0.625, true},         // 0.75² + 0.25²
		{[]float64{7}, 1, true},                // a monopoly
		{[]float64{1, 4, 1, 1, 3}, 0.28, true}, // .01 + .16 + .01 + .01 + .09
		{[]float64{0}, 0, false},
	} {
		got, ok := HHI(c.values)
		if ok != c.ok || !near(got, c.want) {
			t.Errorf("HHI(%v) = %v, %v; want %v, %v", c.values, got, ok, c.want, c.ok)
		}
	}
}

func TestTopNShare(t *testing.T) {
	eleven := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11} // sum 66; the top 10 hold 65
	if got, ok := TopNShare(eleven, 10); !ok || !near(got, 65.0/66) {
		t.Errorf("TopNShare(1..11, 10) = %v, %v; want 65/66", got, ok)
	}
	if got, ok := TopNShare([]float64{10, 0, 0, 30}, 2); !ok || !near(got, 1) {
		t.Errorf("TopNShare = %v, %v; want 1", got, ok)
	}
	if _, ok := TopNShare(eleven[:10], 10); ok {
		t.Error("TopNShare of 10 values among the top 10 should have no figure")
	}
}

func TestEntropy(t *testing.T) {
	for _, c := range []struct {
		counts map[string]int
		want   float64
		ok     bool
	}{
		{map[string]int{"a": 4}, 0, true},
		{map[string]int{"a": 1, "b": 1}, 1, true},
		{map[string]int{"a": 2, "b": 1, "c": 1}, 1.5, true}, // ½·1 + ¼·2 + ¼·2
		{map[string]int{"a": 1, "b": 1, "c": 1, "d": 1, "e": 0}, 2, true},
		{map[string]int{"a": 3, "b": 2, "c": 1}, 0.5 + math.Log2(3)/3 + math.Log2(6)/6, true},
		{map[string]int{}, 0, false},
	} {
		got, ok := Entropy(c.counts)
		if ok != c.ok || !near(got, c.want) {
			t.Errorf("Entropy(%v) = %v, %v; want %v, %v", c.counts, got, ok, c.want, c.ok)
		}
	}
}

func TestShareAndMedian(t *testing.T) {
	if v, ok := Share(1, 4); !ok || v != 0.25 {
		t.Errorf("Share(1, 4) = %v, %v", v, ok)
	}
	if _, ok := Share(1, 0); ok {
		t.Error("Share over zero should have no figure")
	}
	if v, _ := Median([]float64{3, 1, 2}); v != 2 {
		t.Errorf("Median odd = %v", v)
	}
	if v, _ := Median([]float64{4, 1, 3, 2}); v != 2.5 {
		t.Errorf("Median even = %v", v)
	}
	if _, ok := Median(nil); ok {
		t.Error("Median of nothing should have no figure")
	}
}
