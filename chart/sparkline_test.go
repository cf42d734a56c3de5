package chart

import (
	"math"
	"strings"
	"testing"
)

func TestSparkline(t *testing.T) {
	nan := math.NaN()
	cases := []struct {
		name          string
		chart         Sparkline
		width, height string
		segments      int
		desc          string
	}{
		{"defaults", Sparkline{Values: []float64{1, 3, 2}}, "120", "28", 1, "趋势：从 1 到 2，最低 1，最高 3。"},
		{"gap", Sparkline{Values: []float64{1, nan, 2, 3}, Width: 80, Height: 20}, "80", "20", 2, "从 1 到 3"},
		{"single", Sparkline{Values: []float64{7}}, "120", "28", 1, "从 7 到 7"},
		{"reference", Sparkline{Values: []float64{1, 2}, Refs: []RefLine{{Value: 0, Label: "零"}}}, "120", "28", 1, "参考线“零”：0"},
		{"absurd size falls back", Sparkline{Values: []float64{1, 2}, Width: -5, Height: 1e6}, "120", "28", 1, ""},
		{"english", Sparkline{Lang: "en", Values: []float64{0.5, 0.25}}, "120", "28", 1, "Trend from 0.5 to 0.25, lowest 0.25, highest 0.5."},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			root := parse(t, tc.chart.SVG())
			if root.attr["width"] != tc.width || root.attr["height"] != tc.height {
				t.Errorf("size %sx%s, want %sx%s", root.attr["width"], root.attr["height"], tc.width, tc.height)
			}
			paths := root.all(named("path"))
			if len(paths) != 1 || strings.Count(paths[0].attr["d"], "M") != tc.segments {
				t.Errorf("paths %v, want one with %d segments", paths, tc.segments)
			}
			if !strings.Contains(root.desc(), tc.desc) {
				t.Errorf("desc %q lacks %q", root.desc(), tc.desc)
			}
		})
	}
}

func BenchmarkSparkline(b *testing.B) {
	c := Sparkline{Title: "动量", Values: []float64{0.2, 0.5, 0.4, 0.9, 1.3, 1.1, 0.8, 1.4, 1.2, 1.6, 1.5, 1.9}}
	for b.Loop() {
		_ = c.SVG()
	}
}
