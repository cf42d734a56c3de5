package chart

import (
	"math"
	"strings"
	"testing"
)

func TestBoxStats(t *testing.T) {
	cases := []struct {
		name   string
		values []float64
		want   boxStats
	}{
		{"one", []float64{4}, boxStats{q1: 4, median: 4, q3: 4, lo: 4, hi: 4, mean: 4, n: 1}},
		{"quartiles interpolate", []float64{1, 2, 3, 4}, boxStats{q1: 1.75, median: 2.5, q3: 3.25, lo: 1, hi: 4, mean: 2.5, n: 4}},
		// IQR 2..4 = 2, so the whisker stops at 4 and 100 is an outlier.
		{"outlier outside whisker", []float64{1, 2, 3, 4, 100}, boxStats{q1: 2, median: 3, q3: 4, lo: 1, hi: 4, mean: 22, n: 5}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := newBoxStats(sortedFinite(tc.values))
			if got != tc.want {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestJitterRange(t *testing.T) {
	lo, hi := math.Inf(1), math.Inf(-1)
	for i := 0; i < 10000; i++ {
		j := jitter(i)
		if j < -1 || j > 1 {
			t.Fatalf("jitter(%d) = %v", i, j)
		}
		lo, hi = math.Min(lo, j), math.Max(hi, j)
	}
	if lo > -0.9 || hi < 0.9 {
		t.Errorf("jitter spans only %v..%v", lo, hi)
	}
}

func TestDistributionChart(t *testing.T) {
	many := make([]float64, 1000)
	for i := range many {
		many[i] = float64(i % 17)
	}
	cases := []struct {
		name   string
		chart  DistributionChart
		points int
		desc   []string
	}{
		{"two groups", DistributionChart{Groups: []Group{{Name: "择优", Values: []float64{1, 2, 3, 4}}, {Name: "抽签", Values: []float64{5, math.NaN(), 7}}}},
			6, []string{"择优：n=4，中位数 2.5，四分位 1.75–3.25，均值 2.5", "抽签：n=2"}},
		{"empty group keeps its row", DistributionChart{Groups: []Group{{Name: "空", Values: nil}, {Name: "有", Values: []float64{1}}}},
			1, []string{"空：无数据"}},
		{"large groups are thinned", DistributionChart{Groups: []Group{{Name: "g", Values: many}}},
			distStripMax, []string{"n=1000"}},
		{"english", DistributionChart{Lang: "en", Groups: []Group{{Name: "A", Values: []float64{2, 2}}}},
			2, []string{"Distribution chart of 1 group", "A: n=2, median 2"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			root := parse(t, tc.chart.SVG())
			if got := len(root.all(named("circle", "r", "2.2"))); got != tc.points {
				t.Errorf("%d strip points, want %d", got, tc.points)
			}
			for _, d := range tc.desc {
				if !strings.Contains(root.desc(), d) {
					t.Errorf("desc %q lacks %q", root.desc(), d)
				}
			}
			for _, g := range tc.chart.Groups {
				if !contains(root.texts(), g.Name) {
					t.Errorf("group name %q not drawn", g.Name)
				}
			}
		})
	}
}

func BenchmarkDistributionChart(b *testing.B) {
	groups := make([]Group, 6)
	for g := range groups {
		vs := make([]float64, 1000)
		for i := range vs {
			vs[i] = float64((i*(g+3))%(g+8)) + float64(g)
		}
		groups[g] = Group{Name: "策略 " + itoa(g), Values: vs}
	}
	c := DistributionChart{Title: "标志性成果数", Groups: groups}
	for b.Loop() {
		_ = c.SVG()
	}
}
