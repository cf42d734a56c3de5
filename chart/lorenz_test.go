package chart

import (
	"math"
	"strings"
	"testing"
)

func TestShares(t *testing.T) {
	cases := []struct {
		name    string
		values  []float64
		ok      bool
		gini    float64
		top10   float64
		dropped int
	}{
		{"equal", []float64{4, 4, 4, 4}, true, 0, 0.25, 0},
		{"one holds all", []float64{0, 0, 0, 10}, true, 0.75, 1, 0},
		{"single", []float64{7}, true, 0, 1, 0},
		{"textbook", []float64{1, 2, 3, 4}, true, 0.25, 0.4, 0},
		{"skips bad", []float64{1, -5, math.NaN(), math.Inf(1), 1}, true, 0, 0.5, 3},
		{"huge does not overflow", []float64{math.MaxFloat64, math.MaxFloat64}, true, 0, 0.5, 0},
		{"all zero", []float64{0, 0}, false, 0, 0, 0},
		{"none", nil, false, 0, 0, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sh, dropped, ok := newShares(tc.values)
			if ok != tc.ok || dropped != tc.dropped {
				t.Fatalf("ok %v dropped %d, want %v %d", ok, dropped, tc.ok, tc.dropped)
			}
			if !ok {
				return
			}
			if g := sh.gini(); math.Abs(g-tc.gini) > 1e-12 {
				t.Errorf("gini %v, want %v", g, tc.gini)
			}
			if top, _ := sh.topShare(0.1); math.Abs(top-tc.top10) > 1e-12 {
				t.Errorf("top 10%% share %v, want %v", top, tc.top10)
			}
		})
	}
}

func TestLorenzChart(t *testing.T) {
	cases := []struct {
		name  string
		chart LorenzChart
		want  []string // substrings of the description
	}{
		{"zh", LorenzChart{Values: []float64{1, 2, 3, 4}}, []string{"基尼系数 0.25", "前 10%（1 项）占 40%", "共 4 项"}},
		{"en", LorenzChart{Lang: "en", Values: []float64{5, 5}}, []string{"Gini coefficient 0", "Top 10% (1 item) hold 50%", "2 items in all"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			root := parse(t, tc.chart.SVG())
			for _, w := range tc.want {
				if !strings.Contains(root.desc(), w) {
					t.Errorf("desc %q lacks %q", root.desc(), w)
				}
				if !contains(root.texts(), w) && !strings.HasPrefix(w, "共") {
					// The key figures are drawn beside the curve as well.
					found := false
					for _, s := range root.texts() {
						found = found || strings.Contains(s, w)
					}
					if !found {
						t.Errorf("figure %q not drawn", w)
					}
				}
			}
		})
	}
}

func TestLorenzCurveEndpoints(t *testing.T) {
	root := parse(t, LorenzChart{Values: []float64{3, 1, 2}}.SVG())
	var curve string
	for _, p := range root.all(named("path", "class", "curve")) {
		curve = p.attr["d"]
	}
	// Plot is 280 wide from x=64; with no title it starts at y=34: (0,0) maps to (64,314)
	// and (1,1) to (344,34); the four points are 0, 1/6, 1/2, 1 of the value.
	want := "M64 314L157.3 267.3L250.7 174L344 34"
	if curve != want {
		t.Errorf("curve %q, want %q", curve, want)
	}
}

func BenchmarkLorenzChart(b *testing.B) {
	c := LorenzChart{Title: "组合价值集中度", Values: portfolio(2000)}
	for b.Loop() {
		_ = c.SVG()
	}
}

// portfolio returns n skewed award values, like a real portfolio's.
func portfolio(n int) []float64 {
	vs := make([]float64, n)
	for i := range vs {
		vs[i] = 1e6 / float64((i*7919)%n+1)
	}
	return vs
}
