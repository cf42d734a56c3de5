package chart

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// legibleCharts renders one of each chart, with data and without.
func legibleCharts() map[string]string {
	vals := []float64{3, 1, 4, 1, 5, 9, 2, 6, 5, 3}
	labels := []string{"一月", "二月", "三月", "四月", "五月", "六月", "七月", "八月", "九月", "十月"}
	return map[string]string{
		"line":         LineChart{Title: "折线", XLabels: labels, Series: []Series{{Name: "甲", Values: vals}}, Markers: []Marker{{AtIndex: 3, Label: "资助"}}, Bands: []Band{{From: 1, To: 2, Label: "期间"}}, YLabel: "人"}.SVG(),
		"line-empty":   LineChart{Title: "空"}.SVG(),
		"bar":          BarChart{Title: "柱", Labels: labels, Values: vals, YLabel: "项"}.SVG(),
		"bar-empty":    BarChart{Title: "空"}.SVG(),
		"histogram":    HistogramChart{Title: "直方", Groups: []Group{{Name: "甲", Values: vals}, {Name: "乙", Values: []float64{1, 2, 2, 3}}}}.SVG(),
		"distribution": DistributionChart{Title: "分布", Groups: []Group{{Name: "甲", Values: vals}}}.SVG(),
		"interval":     IntervalChart{Title: "区间", Rows: []Interval{{Name: "甲", Mean: 2, Lo: 1, Hi: 3}, {Name: "乙", Mean: 0.5, Lo: math.NaN(), Hi: math.NaN()}}, Refs: []RefLine{{Value: 1, Label: "基准"}}}.SVG(),
		"lorenz":       LorenzChart{Title: "洛伦兹", Values: vals}.SVG(),
		"pareto":       ParetoChart{Title: "帕累托", Values: vals}.SVG(),
		"grid":         GridChart{Title: "网格", Cols: 3, Rows: 2, Values: []float64{1, 2, 3, 4, 5, 6}}.SVG(),
		"sparkline":    Sparkline{Values: vals}.SVG(),
		"sparkline-no": Sparkline{}.SVG(),
	}
}

var (
	fontSizeRe = regexp.MustCompile(`font-size="([0-9.]+)"`)
	viewBoxRe  = regexp.MustCompile(`viewBox="0 0 ([0-9.]+) [0-9.]+"`)
	minWidthRe = regexp.MustCompile(`min-width: ([0-9.]+)px`)
)

// TestTextLegibleAtDisplaySize fails when any chart writes text under 11 px, or when a chart that
// stretches to its frame may be drawn narrower than its own width (which would shrink its text
// below the size written): each keeps a minimum width equal to its viewBox, so one pixel of the
// drawing is at least one pixel on screen.
func TestTextLegibleAtDisplaySize(t *testing.T) {
	for name, svg := range legibleCharts() {
		sizes := fontSizeRe.FindAllStringSubmatch(svg, -1)
		if len(sizes) == 0 {
			t.Errorf("%s: no font size written", name)
		}
		for _, m := range sizes {
			if v, _ := strconv.ParseFloat(m[1], 64); v < 11 {
				t.Errorf("%s: text of %s px", name, m[1])
			}
		}
		vb := viewBoxRe.FindStringSubmatch(svg)
		if vb == nil {
			t.Errorf("%s: no viewBox", name)
			continue
		}
		if strings.Contains(svg, `width="100%"`) {
			mw := minWidthRe.FindStringSubmatch(svg)
			if mw == nil || mw[1] != vb[1] {
				t.Errorf("%s: stretches to its frame without a minimum width of %s px (%v)", name, vb[1], mw)
			}
		} else if !strings.Contains(svg, `width="`+vb[1]+`"`) {
			t.Errorf("%s: neither stretched nor drawn at its own width", name)
		}
	}
}

// TestTicksNaturalSteps checks the tick generator: steps of 1, 2 or 5 times a power of ten that
// enclose the data, and for counts whole numbers only (no 1.5 persons), also on bar charts.
func TestTicksNaturalSteps(t *testing.T) {
	for _, r := range [][2]float64{{0, 1}, {0, 3}, {0, 7.3}, {-2, 13}, {0.001, 0.0042}, {100, 4500}, {0, 1e9}, {-0.3, 0.2}} {
		ticks := niceTicks(r[0], r[1], 5)
		if ticks[0] > r[0] || ticks[len(ticks)-1] < r[1] {
			t.Errorf("%v: ticks %v do not enclose the data", r, ticks)
		}
		step := ticks[1] - ticks[0]
		p := math.Pow(10, math.Floor(math.Log10(step)+1e-9))
		f := math.Round(step/p*1000) / 1000
		if f != 1 && f != 2 && f != 5 {
			t.Errorf("%v: step %v is not 1, 2 or 5 times a power of ten", r, step)
		}
		for i := 2; i < len(ticks)-1; i++ {
			if d := ticks[i] - ticks[i-1]; math.Abs(d-step) > step*1e-9 {
				t.Errorf("%v: uneven ticks %v", r, ticks)
			}
		}
	}
	for _, hi := range []float64{1, 2, 3, 4, 7} {
		for _, tk := range wholeTicks(valueAxis(0, hi, true, 5)) {
			if tk != math.Trunc(tk) {
				t.Errorf("counts up to %v: tick %v", hi, tk)
			}
		}
	}
	// Two persons at most: the axis reads 0, 1, 2 — never 0.5 or 1.5.
	svg := BarChart{Title: "人数", Labels: []string{"甲", "乙", "丙"}, Values: []float64{1, 2, 0}, Whole: true, YLabel: "人"}.SVG()
	yAxis := regexp.MustCompile(`(?s)<g class="y-axis".*?</g>`).FindString(svg)
	for _, m := range regexp.MustCompile(`>([^<]+)</text>`).FindAllStringSubmatch(yAxis, -1) {
		if strings.ContainsAny(m[1], ".") {
			t.Errorf("count axis tick %q", m[1])
		}
	}
	if !strings.Contains(yAxis, ">1</text>") || !strings.Contains(yAxis, ">2</text>") {
		t.Errorf("count axis: %s", yAxis)
	}
	line := LineChart{Title: "人数", XLabels: []string{"1", "2", "3"}, Series: []Series{{Name: "甲", Values: []float64{0, 1, 1}}}, Whole: true}.SVG()
	for _, m := range regexp.MustCompile(`>([^<]+)</text>`).FindAllStringSubmatch(regexp.MustCompile(`(?s)<g class="y-axis".*?</g>`).FindString(line), -1) {
		if strings.Contains(m[1], ".") {
			t.Errorf("line count axis tick %q", m[1])
		}
	}
}
