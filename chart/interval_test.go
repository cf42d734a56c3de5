package chart

import (
	"math"
	"strings"
	"testing"
)

func TestIntervalChart(t *testing.T) {
	nan := math.NaN()
	cases := []struct {
		name  string
		chart IntervalChart
		texts []string
		desc  []string
	}{
		{"rows and reference", IntervalChart{Rows: []Interval{{"择优", 96, 90, 102}, {"抽签", 121, 115, 127}},
			Refs: []RefLine{{Value: 100, Label: "基准"}}},
			[]string{"择优", "96 [90, 102]", "121 [115, 127]", "基准"},
			[]string{"择优：96 [90, 102]", "参考线“基准”：100"}},
		{"swapped bounds", IntervalChart{Rows: []Interval{{"a", 5, 9, 1}}},
			[]string{"5 [1, 9]"}, []string{"a：5 [1, 9]"}},
		{"missing bounds show estimate only", IntervalChart{Rows: []Interval{{"a", 5, nan, 9}}},
			[]string{"5"}, []string{"a：5。"}},
		{"missing estimate", IntervalChart{Rows: []Interval{{"a", nan, 1, 2}, {"b", 3, 2, 4}}},
			[]string{"暂无数据", "3 [2, 4]"}, []string{"a：无数据"}},
		{"english", IntervalChart{Lang: "en", Rows: []Interval{{"A", 1.5, 1, 2}}},
			[]string{"1.5 [1, 2]", "Dot: estimate; line: confidence interval"}, []string{"Interval chart of 1 item", "A: 1.5 [1, 2]"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			root := parse(t, tc.chart.SVG())
			for _, s := range tc.texts {
				if !contains(root.texts(), s) {
					t.Errorf("text %q not in %q", s, root.texts())
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
