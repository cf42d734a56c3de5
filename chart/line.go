package chart

import (
	"html/template"
	"math"
)

// Series is one named line of a chart: one value per x label; NaN or ±Inf marks a missing
// value, which breaks the line.
type Series struct {
	Name   string
	Values []float64
}

// Marker is a labelled vertical line at one x position, such as the award date
// (Label "资助 2024Q2").
type Marker struct {
	AtIndex int
	Label   string
}

// Band is a shaded span of x positions from From to To inclusive, such as a funding period.
type Band struct {
	From, To int
	Label    string
}

// LineChart draws one or more series over shared categorical x labels (e.g. quarters), with
// optional marker lines and shaded bands.
type LineChart struct {
	Title   string // visible heading and accessible name
	Desc    string // plain-language summary for screen readers; empty generates one
	XLabels []string
	Series  []Series
	Markers []Marker
	Bands   []Band
	YLabel  string               // value axis title, e.g. "件数"
	FitY    bool                 // let the y axis fit the data instead of starting at zero
	Whole   bool                 // the values are counts (persons, patents): ticks in whole steps
	Format  func(float64) string // tick label format; nil means FormatCompactZh (or En)
	Lang    string               // "en" for English built-in text, anything else Chinese
	ID      string               // element id prefix; empty derives one from the content
}

// Render returns the chart as inline SVG for html/template.
func (c LineChart) Render() template.HTML { return trusted(c.SVG()) }

const (
	lineWidth   = 640.0
	linePlotH   = 220.0
	pointsUpTo  = 24 // draw every point's shape when there are at most this many x positions
	pointRadius = 3.5
)

// SVG returns the chart as a standalone SVG document.
func (c LineChart) SVG() string {
	n := len(c.XLabels)
	vals := make([][]float64, len(c.Series))
	for i, s := range c.Series {
		n = max(n, len(s.Values))
		vals[i] = s.Values
	}
	lo, hi, ok := extent(vals...)
	if n == 0 || !ok {
		return emptyChart("line", c.Title, c.Desc, c.ID, c.Lang)
	}
	format := formatter(c.Format, c.Lang)
	ticks := valueAxis(lo, hi, !c.FitY, 5)
	if c.Whole {
		ticks = wholeTicks(ticks)
	}
	labels, widest := tickLabels(ticks, format)

	var w buf
	w.b = make([]byte, 0, 4096+len(c.Series)*n*24)
	top := titleAndTop(&w, c.Title, 16)
	if c.YLabel != "" {
		axisTitleAbove(&w, 16, top+8, c.YLabel, "start")
		top += 18
	} else {
		top += 4
	}
	left := math.Max(16+widest+8, 40)
	a := area{x: left, y: top, w: lineWidth - left - 20, h: linePlotH}

	var items []legendItem
	if len(c.Series) > 1 || (len(c.Series) == 1 && c.Series[0].Name != "") {
		for i, s := range c.Series {
			items = append(items, legendItem{name: s.Name, kind: swatchLine, style: seriesStyle(i)})
		}
	}
	lx, ly, legendH := legendLayout(items, lineWidth-32)
	height := a.bottom() + 28 + legendH + 8

	b := newBands(a, n)
	ys := linear{d0: ticks[0], d1: ticks[len(ticks)-1], r0: a.bottom(), r1: a.y}
	shadedBands(&w, a, b, c.Bands)
	yGrid(&w, a, ys, ticks, labels)
	xCategories(&w, a, b, c.XLabels)

	w.s(`<g class="series">`)
	for i, s := range c.Series {
		drawSeries(&w, s.Values, seriesStyle(i), b, ys, n)
	}
	w.s(`</g>`)
	markerLines(&w, a, b, c.Markers, 0)
	drawLegend(&w, items, 16, a.bottom()+28, lx, ly)

	desc := c.Desc
	if desc == "" {
		desc = c.describe(n, format)
	}
	title := c.Title
	if title == "" {
		title = say(c.Lang, msgLineChart)
	}
	return doc{kind: "line", width: lineWidth, height: height, title: title, desc: desc, id: c.ID, lang: c.Lang}.wrap(w.b)
}

// drawSeries draws one series as a path broken at missing values, with point shapes where
// there are few points and wherever a point stands alone between gaps.
func drawSeries(w *buf, values []float64, st style, b bands, ys linear, n int) {
	w.s(`<path d="`)
	pen := false
	segments := 0
	for i := 0; i < n && i < len(values); i++ {
		v := values[i]
		if !finite(v) {
			pen = false
			continue
		}
		if pen {
			w.s("L")
		} else {
			w.s("M")
			segments++
		}
		w.n(b.center(i))
		w.s(" ")
		w.n(ys.at(v))
		pen = true
	}
	if segments == 0 {
		w.s("M0 0")
	}
	w.s(`"`)
	st.strokeAttrs(w, "2.5")
	w.s("/>")
	for i := 0; i < n && i < len(values); i++ {
		v := values[i]
		if !finite(v) {
			continue
		}
		alone := (i == 0 || !finite(values[i-1])) && (i+1 >= len(values) || !finite(values[i+1]))
		if n <= pointsUpTo || alone {
			shape(w, st.shape, b.center(i), ys.at(v), pointRadius, st.color)
		}
	}
}

// describe writes the default plain-language summary: the series, the period covered, the
// latest and largest value of each series, and the markers.
func (c LineChart) describe(n int, format func(float64) string) string {
	s := sentence{lang: c.Lang}
	span := ""
	if len(c.XLabels) > 0 {
		span = c.XLabels[0] + pick(c.Lang, " 至 ", " to ") + c.XLabels[len(c.XLabels)-1]
	}
	s.add(pick(c.Lang,
		"折线图，"+itoa(len(c.Series))+" 个系列，"+itoa(n)+" 个时期"+paren(c.Lang, span),
		"Line chart of "+itoa(len(c.Series))+" series over "+count(n, "period", "periods")+paren(c.Lang, span)))
	for i, se := range c.Series {
		if i == 8 {
			s.add(pick(c.Lang, "其余 "+itoa(len(c.Series)-8)+" 个系列从略", "Further "+itoa(len(c.Series)-8)+" series omitted"))
			break
		}
		name := se.Name
		if name == "" {
			name = pick(c.Lang, "系列 ", "Series ") + itoa(i+1)
		}
		last, lastAt := math.NaN(), -1
		top := math.Inf(-1)
		for j, v := range se.Values {
			if finite(v) {
				last, lastAt = v, j
				top = math.Max(top, v)
			}
		}
		if lastAt < 0 {
			s.add(name + pick(c.Lang, "：无数据", ": no data"))
			continue
		}
		at := ""
		if lastAt < len(c.XLabels) {
			at = paren(c.Lang, c.XLabels[lastAt])
		}
		s.add(pick(c.Lang,
			name+"：最新值 "+format(last)+at+"，最大值 "+format(top),
			name+": latest "+format(last)+at+", maximum "+format(top)))
	}
	for _, m := range c.Markers {
		if m.AtIndex < 0 || m.AtIndex >= n {
			continue
		}
		at := ""
		if m.AtIndex < len(c.XLabels) {
			at = c.XLabels[m.AtIndex]
		}
		s.add(pick(c.Lang, "标记“"+m.Label+"”位于 "+at, "Marker “"+m.Label+"” at "+at))
	}
	return s.String()
}

// paren wraps s in the parentheses of lang, or returns "" for an empty s.
func paren(lang, s string) string {
	if s == "" {
		return ""
	}
	return pick(lang, "（"+s+"）", " ("+s+")")
}
