package main

import (
	"testing"
	"time"
)

// TestQuantileByNearestRank: the p50 of a sample is never above its p99, for small samples too.
func TestQuantileByNearestRank(t *testing.T) {
	ms := func(v ...int) []time.Duration {
		d := make([]time.Duration, len(v))
		for i, x := range v {
			d[i] = time.Duration(x) * time.Millisecond
		}
		return d
	}
	hundred := make([]int, 100)
	for i := range hundred {
		hundred[i] = i + 1
	}
	for _, c := range []struct {
		d    []time.Duration
		q    float64
		want float64
	}{
		{ms(10, 20), 0.5, 10}, {ms(10, 20), 0.99, 20}, {ms(7), 0.99, 7},
		{ms(hundred...), 0.5, 50}, {ms(hundred...), 0.99, 99}, {ms(hundred...), 1, 100},
	} {
		if got := quantileMS(c.d, c.q); got != c.want {
			t.Errorf("quantile %.2f of %d samples: %.1f ms, want %.1f", c.q, len(c.d), got, c.want)
		}
	}
	if got := pathShape("/innovators/645?tab=awards"); got != "/innovators/N" {
		t.Errorf("pathShape: %q", got)
	}
}
