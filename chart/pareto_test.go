package chart

import (
	"math"
	"strings"
	"testing"
)

func TestParetoChart(t *testing.T) {
	cases := []struct {
		name  string
		chart ParetoChart
		bars  int
		first string // tooltip of the first (largest) bar
		desc  []string
	}{
		{"sorted largest first", ParetoChart{Labels: []string{"甲", "乙", "丙"}, Values: []float64{1, 8, 1}},
			3, "乙: 8", []string{"3 项，总计 10", "最大的 1 项（占项目数 33.3%）合计占总值的 80% 以上", "乙 占 80%"}},
		{"ties keep input order", ParetoChart{Labels: []string{"a", "b", "c", "d"}, Values: []float64{5, 5, 5, 5}},
			4, "a: 5", []string{"最大的 4 项"}},
		{"bad values dropped", ParetoChart{Values: []float64{-1, math.NaN(), 4, math.Inf(1), 1}},
			2, "4", []string{"2 项，总计 5", "已略去负值或无效值 3"}},
		{"many items become an area", ParetoChart{Values: portfolio(500)},
			0, "", []string{"500 项"}},
		{"english", ParetoChart{Lang: "en", Values: []float64{9, 1}},
			2, "9", []string{"Pareto chart of 2 items, total 10", "The largest 1 item (50% of items) hold at least 80%", "The largest item holds 90%"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			root := parse(t, tc.chart.SVG())
			r := bars(root)
			if len(r) != tc.bars {
				t.Fatalf("%d bars, want %d", len(r), tc.bars)
			}
			if tc.bars > 0 && r[0].children[0].text != tc.first {
				t.Errorf("first bar %q, want %q", r[0].children[0].text, tc.first)
			}
			for i := 1; i < len(r); i++ {
				if height(t, r[i]) > height(t, r[i-1]) {
					t.Errorf("bar %d taller than bar %d", i, i-1)
				}
			}
			for _, d := range tc.desc {
				if !strings.Contains(root.desc(), d) {
					t.Errorf("desc %q lacks %q", root.desc(), d)
				}
			}
		})
	}
}

func BenchmarkParetoChart(b *testing.B) {
	c := ParetoChart{Title: "组合价值", Values: portfolio(2000)}
	for b.Loop() {
		_ = c.SVG()
	}
}
