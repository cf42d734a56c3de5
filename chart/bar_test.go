package chart

import (
	"math"
	"strconv"
	"strings"
	"testing"
)

// bars returns the data rectangles of a bar chart with their heights.
func bars(root *node) []*node {
	var out []*node
	for _, g := range root.all(named("g", "class", "bars")) {
		out = append(out, g.all(named("rect"))...)
	}
	return out
}

func height(t *testing.T, n *node) float64 {
	t.Helper()
	h, err := strconv.ParseFloat(n.attr["height"], 64)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func TestBarChart(t *testing.T) {
	cases := []struct {
		name    string
		chart   BarChart
		bars    int
		texts   []string // visible texts that must appear
		absent  []string // visible texts that must not
		descHas string
	}{
		{"plain", BarChart{Labels: []string{"2022", "2023", "2024"}, Values: []float64{2, 5, 9}},
			3, []string{"2022", "2024", "9"}, nil, "合计 16"},
		{"missing value leaves slot empty", BarChart{Labels: []string{"a", "b", "c"}, Values: []float64{2, math.NaN(), 9}},
			2, []string{"b"}, nil, "最高为 c：9"},
		{"negative goes below zero", BarChart{Labels: []string{"a", "b"}, Values: []float64{-4, 6}},
			2, []string{"-4", "0"}, nil, "合计 2"},
		{"many bars drop value labels", BarChart{Values: make([]float64, 30)},
			30, nil, nil, "30 项"},
		{"english", BarChart{Lang: "en", Labels: []string{"x"}, Values: []float64{1500}},
			1, []string{"1.5k"}, nil, "Highest is x: 1.5k"},
		{"marker", BarChart{Labels: []string{"a", "b"}, Values: []float64{1, 2}, Markers: []Marker{{AtIndex: 1, Label: "新政策"}, {AtIndex: 7, Label: "越界"}}},
			2, []string{"新政策"}, []string{"越界"}, "标记“新政策”位于 b"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			root := parse(t, tc.chart.SVG())
			if got := len(bars(root)); got != tc.bars {
				t.Errorf("%d bars, want %d", got, tc.bars)
			}
			txt := root.texts()
			for _, s := range tc.texts {
				if !contains(txt, s) {
					t.Errorf("text %q missing from %q", s, txt)
				}
			}
			for _, s := range tc.absent {
				if contains(txt, s) {
					t.Errorf("text %q should not be drawn", s)
				}
			}
			if !strings.Contains(root.desc(), tc.descHas) {
				t.Errorf("desc %q lacks %q", root.desc(), tc.descHas)
			}
		})
	}
}

func TestBarHeightsProportional(t *testing.T) {
	root := parse(t, BarChart{Values: []float64{5, 10, 20}}.SVG())
	r := bars(root)
	h0, h1, h2 := height(t, r[0]), height(t, r[1]), height(t, r[2])
	if math.Abs(h1-2*h0) > 0.2 || math.Abs(h2-4*h0) > 0.2 {
		t.Errorf("heights %v %v %v not proportional to 5, 10, 20", h0, h1, h2)
	}
	if r[1].children[0].text != "10" {
		t.Errorf("tooltip %q, want 10", r[1].children[0].text)
	}
}
