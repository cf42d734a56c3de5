package chart

import (
	"strings"
	"testing"
)

func TestBinning(t *testing.T) {
	cases := []struct {
		name    string
		values  []float64
		target  int
		integer bool
		edges   []float64
	}{
		{"integers get unit bins", []float64{0, 3, 1, 3}, 10, true, []float64{-0.5, 0.5, 1.5, 2.5, 3.5}},
		{"one integer", []float64{2, 2}, 10, true, []float64{1.5, 2.5}},
		{"fractions get nice edges", []float64{0, 0.95}, 5, false, []float64{0, 0.2, 0.4, 0.6, 0.8, 1}},
		{"wide integers get nice edges", []float64{0, 1000}, 4, false, []float64{0, 500, 1000}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			lo, hi, _ := extent(tc.values)
			b := newBinning(lo, hi, [][]float64{tc.values}, tc.target)
			if b.integer != tc.integer || len(b.edges) != len(tc.edges) {
				t.Fatalf("got %+v, want integer=%v edges %v", b, tc.integer, tc.edges)
			}
			for i := range tc.edges {
				if b.edges[i] != tc.edges[i] {
					t.Fatalf("edges %v, want %v", b.edges, tc.edges)
				}
			}
			for _, v := range tc.values {
				i := b.index(v)
				if v < b.edges[i] || v > b.edges[i+1] {
					t.Errorf("%v put in bin %d [%v, %v]", v, i, b.edges[i], b.edges[i+1])
				}
			}
		})
	}
}

func TestHistogramChart(t *testing.T) {
	c := HistogramChart{Groups: []Group{
		{Name: "择优", Values: []float64{0, 1, 1, 1, 4}},
		{Name: "抽签", Values: []float64{2, 2}},
		{Name: "空"},
	}}
	root := parse(t, c.SVG())
	var tips []string
	for _, r := range root.all(named("rect")) {
		if len(r.children) > 0 {
			tips = append(tips, r.children[0].text)
		}
	}
	want := []string{"0: 1", "1: 3", "4: 1", "2: 2"}
	if strings.Join(tips, ",") != strings.Join(want, ",") {
		t.Errorf("bars %q, want %q", tips, want)
	}
	for _, d := range []string{"3 组", "择优：n=5，均值 1.4，最常见 1", "抽签：n=2", "空：无数据"} {
		if !strings.Contains(root.desc(), d) {
			t.Errorf("desc %q lacks %q", root.desc(), d)
		}
	}
	for _, s := range []string{"择优", "抽签", "空", "0", "4"} {
		if !contains(root.texts(), s) {
			t.Errorf("text %q not drawn in %q", s, root.texts())
		}
	}
}
