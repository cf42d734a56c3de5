package chart

import (
	"math"
	"strings"
	"testing"
)

func quarters(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = itoa(2015+i/4) + "Q" + itoa(i%4+1)
	}
	return out
}

// seriesPaths returns the d attribute of each series line.
func seriesPaths(root *node) []string {
	var out []string
	for _, g := range root.all(named("g", "class", "series")) {
		for _, p := range g.children {
			if p.name == "path" && p.attr["fill"] == "none" {
				out = append(out, p.attr["d"])
			}
		}
	}
	return out
}

func TestLineChart(t *testing.T) {
	nan := math.NaN()
	cases := []struct {
		name  string
		chart LineChart
		check func(t *testing.T, root *node)
	}{
		{"gap splits the line", LineChart{XLabels: quarters(5), Series: []Series{{Name: "a", Values: []float64{1, 2, nan, 4, 5}}}},
			func(t *testing.T, root *node) {
				d := seriesPaths(root)
				if len(d) != 1 || strings.Count(d[0], "M") != 2 || strings.Count(d[0], "L") != 2 {
					t.Errorf("paths %q, want two segments of two points", d)
				}
			}},
		{"isolated point gets a shape", LineChart{XLabels: quarters(40), Series: []Series{{Name: "a", Values: append([]float64{nan, 3, nan}, make([]float64, 37)...)}}},
			func(t *testing.T, root *node) {
				// One shape for the lone point; none for the 37 joined points (40 > pointsUpTo).
				if got := len(root.all(named("circle", "fill", palette[0]))); got != 1+1 {
					t.Errorf("%d circles, want the lone point plus the legend swatch", got)
				}
			}},
		{"few points all get shapes", LineChart{XLabels: quarters(4), Series: []Series{{Values: []float64{1, 2, 3, 4}}}},
			func(t *testing.T, root *node) {
				if got := len(root.all(named("circle", "fill", palette[0]))); got != 4 {
					t.Errorf("%d circles, want 4 and no legend for one unnamed series", got)
				}
			}},
		{"markers in range only", LineChart{XLabels: quarters(8), Series: []Series{{Name: "a", Values: []float64{1, 2, 3, 4, 5, 6, 7, 8}}},
			Markers: []Marker{{AtIndex: 5, Label: "资助 2016Q2"}, {AtIndex: 8, Label: "outside"}, {AtIndex: -1, Label: "before"}}},
			func(t *testing.T, root *node) {
				txt := root.texts()
				if !contains(txt, "资助 2016Q2") || contains(txt, "outside") || contains(txt, "before") {
					t.Errorf("marker labels %q", txt)
				}
				if !strings.Contains(root.desc(), "资助 2016Q2") {
					t.Errorf("desc %q does not mention the marker", root.desc())
				}
			}},
		{"zero-based by default", LineChart{XLabels: quarters(3), Series: []Series{{Values: []float64{100, 110, 120}}}},
			func(t *testing.T, root *node) {
				if !contains(root.texts(), "0") {
					t.Errorf("no 0 tick in %q", root.texts())
				}
			}},
		{"FitY fits the data", LineChart{FitY: true, XLabels: quarters(3), Series: []Series{{Values: []float64{100, 110, 120}}}},
			func(t *testing.T, root *node) {
				if contains(root.texts(), "0") || !contains(root.texts(), "100") {
					t.Errorf("ticks %q, want 100..120 without 0", root.texts())
				}
			}},
		{"band is shaded and labelled", LineChart{XLabels: quarters(6), Series: []Series{{Values: []float64{1, 2, 3, 4, 5, 6}}}, Bands: []Band{{From: 5, To: 2, Label: "资助期"}}},
			func(t *testing.T, root *node) {
				if !contains(root.texts(), "资助期") || len(root.all(named("rect", "fill-opacity", "0.12"))) != 1 {
					t.Error("band missing")
				}
			}},
		{"english summary", LineChart{Lang: "en", XLabels: quarters(4), Series: []Series{{Name: "Patents", Values: []float64{1, 5, 2, 3}}}},
			func(t *testing.T, root *node) {
				want := "Line chart of 1 series over 4 periods (2015Q1 to 2015Q4). Patents: latest 3 (2015Q4), maximum 5."
				if root.desc() != want {
					t.Errorf("desc %q, want %q", root.desc(), want)
				}
			}},
		{"caller desc wins", LineChart{Desc: "自定义说明", XLabels: quarters(2), Series: []Series{{Values: []float64{1, 2}}}},
			func(t *testing.T, root *node) {
				if root.desc() != "自定义说明" {
					t.Errorf("desc %q", root.desc())
				}
			}},
		{"series longer than labels", LineChart{XLabels: quarters(2), Series: []Series{{Name: "a", Values: []float64{1, 2, 3, 4}}}},
			func(t *testing.T, root *node) {
				if d := seriesPaths(root); len(d) != 1 || strings.Count(d[0], "L") != 3 {
					t.Errorf("paths %q, want all four points", d)
				}
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.check(t, parse(t, tc.chart.SVG()))
		})
	}
}

func TestSeriesStylesDistinct(t *testing.T) {
	seen := map[style]int{}
	for i := 0; i < 64; i++ {
		st := seriesStyle(i)
		st.shape = 0 // colour and dash alone must tell series apart
		if j, dup := seen[st]; dup {
			t.Fatalf("series %d and %d look the same: %+v", j, i, st)
		}
		seen[st] = i
	}
}

// benchLine is the size of the busiest chart on an innovator page: 40 quarters × 6 series.
func benchLine() LineChart {
	names := []string{"专利申请", "软件发布", "提交报告", "论文", "标准", "合同"}
	series := make([]Series, 6)
	for s := range series {
		vs := make([]float64, 40)
		for i := range vs {
			vs[i] = float64((i*(s+3)+s*7)%11) + float64(i*s)/4
		}
		series[s] = Series{Name: names[s], Values: vs}
	}
	return LineChart{Title: "创新者指标（季度）", XLabels: quarters(40), Series: series, YLabel: "件数",
		Markers: []Marker{{AtIndex: 37, Label: "资助 2024Q2"}}, Bands: []Band{{From: 37, To: 39, Label: "资助期"}}}
}

func BenchmarkLineChart(b *testing.B) {
	c := benchLine()
	b.ReportAllocs()
	size := 0
	for b.Loop() {
		size = len(c.SVG())
	}
	b.ReportMetric(float64(size), "bytes/svg")
}
