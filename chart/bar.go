package chart

import (
	"html/template"
	"math"
)

// BarChart draws one value per category as vertical bars from zero, e.g. landmark results per
// year. Negative values go below the zero line; NaN or ±Inf leaves the slot empty.
type BarChart struct {
	Title   string // visible heading and accessible name
	Desc    string // plain-language summary for screen readers; empty generates one
	Labels  []string
	Values  []float64
	Markers []Marker
	YLabel  string
	Whole   bool                 // the values are counts (persons, results): ticks in whole steps
	Format  func(float64) string // tick and value label format; nil means FormatCompactZh (or En)
	Lang    string               // "en" for English built-in text, anything else Chinese
	ID      string               // element id prefix; empty derives one from the content
}

// Render returns the chart as inline SVG for html/template.
func (c BarChart) Render() template.HTML { return trusted(c.SVG()) }

const (
	barWidth = 640.0
	barPlotH = 220.0
)

// SVG returns the chart as a standalone SVG document.
func (c BarChart) SVG() string {
	n := max(len(c.Labels), len(c.Values))
	lo, hi, ok := extent(c.Values)
	if n == 0 || !ok {
		return emptyChart("bar", c.Title, c.Desc, c.ID, c.Lang)
	}
	format := formatter(c.Format, c.Lang)
	ticks := valueAxis(lo, hi, true, 5)
	if c.Whole {
		ticks = wholeTicks(ticks)
	}
	labels, widest := tickLabels(ticks, format)

	var w buf
	w.b = make([]byte, 0, 2048+n*160)
	top := titleAndTop(&w, c.Title, 16)
	if c.YLabel != "" {
		axisTitleAbove(&w, 16, top+8, c.YLabel, "start")
		top += 18
	} else {
		top += 4
	}
	left := math.Max(16+widest+8, 40)
	a := area{x: left, y: top, w: barWidth - left - 20, h: barPlotH}
	b := newBands(a, n)
	ys := linear{d0: ticks[0], d1: ticks[len(ticks)-1], r0: a.bottom(), r1: a.y}
	yGrid(&w, a, ys, ticks, labels)
	xCategories(&w, a, b, c.Labels)

	bw := math.Max(b.slot*0.7, 0.5)
	zero := ys.at(0)
	st := seriesStyle(0)
	valueLabels := n <= 24
	w.s(`<g class="bars" fill="` + st.color + `">`)
	for i, v := range c.Values {
		if !finite(v) {
			continue
		}
		label := ""
		if i < len(c.Labels) {
			label = c.Labels[i]
		}
		tip := format(v)
		if label != "" {
			tip = label + ": " + tip
		}
		w.rect(b.center(i)-bw/2, zero, bw, ys.at(v)-zero, "", tip)
	}
	w.s(`</g>`)
	if valueLabels {
		w.s(`<g class="values" font-size="11" fill="` + inkText + `" text-anchor="middle">`)
		for i, v := range c.Values {
			if !finite(v) {
				continue
			}
			s := format(v)
			if textWidth(s, 10) > b.slot+4 {
				continue
			}
			y := ys.at(v) - 4
			if v < 0 {
				y = ys.at(v) + 12
			}
			w.text(b.center(i), y, "", s)
		}
		w.s(`</g>`)
	}
	// A bar fills its period, so a marker stands at the start of the period, between bars.
	markerLines(&w, a, b, c.Markers, -b.slot/2)

	desc := c.Desc
	if desc == "" {
		desc = c.describe(n, format)
	}
	title := c.Title
	if title == "" {
		title = say(c.Lang, msgBarChart)
	}
	return doc{kind: "bar", width: barWidth, height: a.bottom() + 30, title: title, desc: desc, id: c.ID, lang: c.Lang}.wrap(w.b)
}

// describe writes the default summary: number of bars, total, and the largest bar.
func (c BarChart) describe(n int, format func(float64) string) string {
	s := sentence{lang: c.Lang}
	total, best, bestAt := 0.0, math.Inf(-1), -1
	for i, v := range c.Values {
		if !finite(v) {
			continue
		}
		total += v
		if v > best {
			best, bestAt = v, i
		}
	}
	s.add(pick(c.Lang, "柱状图，"+itoa(n)+" 项，合计 "+format(total), "Bar chart of "+count(n, "item", "items")+", total "+format(total)))
	if bestAt >= 0 {
		at := ""
		if bestAt < len(c.Labels) {
			at = c.Labels[bestAt]
		}
		s.add(pick(c.Lang, "最高为 "+at+"："+format(best), "Highest is "+at+": "+format(best)))
	}
	for _, m := range c.Markers {
		if m.AtIndex >= 0 && m.AtIndex < len(c.Labels) {
			s.add(pick(c.Lang, "标记“"+m.Label+"”位于 "+c.Labels[m.AtIndex], "Marker “"+m.Label+"” at "+c.Labels[m.AtIndex]))
		}
	}
	return s.String()
}
