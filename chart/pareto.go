package chart

import (
	"cmp"
	"html/template"
	"math"
	"slices"
)

// ParetoChart draws values sorted from largest to smallest as bars, with a line of their
// cumulative share on a 0–100% axis, so that the few items holding most of the value stand
// out. Negative, NaN and ±Inf values are left out.
type ParetoChart struct {
	Title  string    // visible heading and accessible name
	Desc   string    // plain-language summary for screen readers; empty generates one
	Labels []string  // optional item names, parallel to Values
	Values []float64 // need not be sorted
	YLabel string    // value axis title; empty means "价值"/"Value"
	Format func(float64) string
	Lang   string // "en" for English built-in text, anything else Chinese
	ID     string // element id prefix; empty derives one from the content
}

// Render returns the chart as inline SVG for html/template.
func (c ParetoChart) Render() template.HTML { return trusted(c.SVG()) }

const (
	paretoWidth   = 640.0
	paretoPlotH   = 220.0
	paretoBarsMax = 120 // beyond this many items the bars become one stepped area
	paretoLineMax = 400
)

type paretoItem struct {
	label string
	value float64
	index int // position in the caller's slice, to order ties
}

// SVG returns the chart as a standalone SVG document.
func (c ParetoChart) SVG() string {
	items := make([]paretoItem, 0, len(c.Values))
	dropped := 0
	for i, v := range c.Values {
		if !finite(v) || v < 0 {
			dropped++
			continue
		}
		it := paretoItem{value: v, index: i}
		if i < len(c.Labels) {
			it.label = c.Labels[i]
		}
		items = append(items, it)
	}
	// Equal values keep the caller's order, so output stays deterministic.
	slices.SortFunc(items, func(x, y paretoItem) int {
		if c := cmp.Compare(y.value, x.value); c != 0 {
			return c
		}
		return x.index - y.index
	})
	n := len(items)
	asc := make([]float64, n)
	for i, it := range items {
		asc[n-1-i] = it.value
	}
	sh, ok := sharesOfSorted(asc)
	if !ok {
		return emptyChart("pareto", c.Title, c.Desc, c.ID, c.Lang)
	}
	format := formatter(c.Format, c.Lang)
	ticks := valueAxis(0, items[0].value, true, 5)
	labels, widest := tickLabels(ticks, format)
	yLabel := c.YLabel
	if yLabel == "" {
		yLabel = say(c.Lang, msgValue)
	}

	var w buf
	w.b = make([]byte, 0, 4096+min(n, paretoBarsMax)*120)
	top := titleAndTop(&w, c.Title, 16) + 22
	left := math.Max(16+widest+8, 40)
	a := area{x: left, y: top, w: paretoWidth - left - 52, h: paretoPlotH}
	axisTitleAbove(&w, 16, a.y-10, yLabel, "start")
	axisTitleAbove(&w, paretoWidth-12, a.y-10, say(c.Lang, msgCumShare), "end")
	ys := linear{d0: ticks[0], d1: ticks[len(ticks)-1], r0: a.bottom(), r1: a.y}
	ps := linear{d0: 0, d1: 1, r0: a.bottom(), r1: a.y}
	yGrid(&w, a, ys, ticks, labels)
	w.s(`<g font-size="11" fill="` + inkMuted + `">`)
	for _, p := range []float64{0, 0.2, 0.4, 0.6, 0.8, 1} {
		w.text(a.right()+6, ps.at(p), `dy="0.35em"`, FormatPercent(p))
	}
	w.s(`</g>`)

	b := newBands(a, n)
	st := seriesStyle(0)
	if n <= paretoBarsMax {
		bw := math.Max(b.slot*0.8, 0.5)
		w.s(`<g class="bars" fill="` + st.color + `" fill-opacity="0.85">`)
		for i, it := range items {
			tip := format(it.value)
			if it.label != "" {
				tip = it.label + ": " + tip
			}
			w.rect(b.center(i)-bw/2, ys.at(0), bw, ys.at(it.value)-ys.at(0), "", tip)
		}
		w.s(`</g>`)
		if n <= 30 {
			lbl := make([]string, n)
			for i, it := range items {
				lbl[i] = it.label
			}
			xCategories(&w, a, b, lbl)
		}
	} else {
		// A stepped area of the sorted values: the largest value in each slice of items.
		w.s(`<path d="M`)
		w.n(a.x)
		w.s(" ")
		w.n(ys.at(0))
		for _, i := range sampleIndices(n-1, paretoLineMax) {
			w.s("L")
			w.n(b.center(i))
			w.s(" ")
			w.n(ys.at(items[i].value))
		}
		w.s("L")
		w.n(a.right())
		w.s(" ")
		w.n(ys.at(0))
		w.s(`Z" fill="` + st.color + `" fill-opacity="0.85"/>`)
	}
	w.line(a.x, a.bottom(), a.right(), a.bottom(), `stroke="`+inkAxis+`"`)
	if n > 30 {
		w.text(a.x+a.w/2, a.bottom()+16, `font-size="11" fill="`+inkMuted+`" text-anchor="middle"`, say(c.Lang, msgItemsSorted))
	}

	// Cumulative share after each item, drawn at the item's right edge from the origin.
	// sh.asc is increasing; walk it from the end for the largest-first order.
	cum := make([]float64, n+1)
	for i := 0; i < n; i++ {
		cum[i+1] = math.Min(cum[i]+sh.asc[n-1-i], 1)
	}
	cum[n] = 1
	w.line(a.x, ps.at(0.8), a.right(), ps.at(0.8), `stroke="`+inkMuted+`" stroke-dasharray="2 3"`)
	line := seriesStyle(1)
	w.s(`<path d="`)
	for j, i := range sampleIndices(n, paretoLineMax) {
		if j == 0 {
			w.s("M")
		} else {
			w.s("L")
		}
		w.n(a.x + float64(i)*b.slot)
		w.s(" ")
		w.n(ps.at(cum[i]))
	}
	w.s(`"`)
	line.strokeAttrs(&w, "2.5")
	w.s("/>")
	if n <= paretoBarsMax/2 {
		for i := 1; i <= n; i++ {
			shape(&w, line.shape, a.x+float64(i)*b.slot, ps.at(cum[i]), 3, line.color)
		}
	}

	legend := []legendItem{
		{name: yLabel, kind: swatchBox, style: st},
		{name: say(c.Lang, msgCumShare), kind: swatchLine, style: line},
	}
	legendTop := a.bottom() + 26
	lx, ly, lh := legendLayout(legend, paretoWidth-32)
	drawLegend(&w, legend, 16, legendTop, lx, ly)

	text := c.Desc
	if text == "" {
		text = c.describe(items, cum, dropped, format)
	}
	title := c.Title
	if title == "" {
		title = say(c.Lang, msgPareto)
	}
	return doc{kind: "pareto", width: paretoWidth, height: legendTop + lh + 8, title: title, desc: text, id: c.ID, lang: c.Lang}.wrap(w.b)
}

// describe writes the default summary: how many of the largest items make up 80% of the total,
// and the largest item's share.
func (c ParetoChart) describe(items []paretoItem, cum []float64, dropped int, format func(float64) string) string {
	n := len(items)
	k := n
	for i := 1; i <= n; i++ {
		if cum[i] >= 0.8-1e-12 {
			k = i
			break
		}
	}
	total := 0.0
	for _, it := range items {
		total += it.value
	}
	s := sentence{lang: c.Lang}
	s.add(pick(c.Lang, "帕累托图，"+itoa(n)+" 项，总计 "+format(total), "Pareto chart of "+count(n, "item", "items")+", total "+format(total)))
	itemShare := FormatPercent(float64(k) / float64(n))
	s.add(pick(c.Lang,
		"最大的 "+itoa(k)+" 项（占项目数 "+itemShare+"）合计占总值的 80% 以上",
		"The largest "+count(k, "item", "items")+" ("+itemShare+" of items) hold at least 80% of the total"))
	first := items[0].label
	if first == "" {
		first = pick(c.Lang, "最大一项", "The largest item")
	}
	s.add(pick(c.Lang, first+" 占 "+FormatPercent(cum[1]), first+" holds "+FormatPercent(cum[1])))
	if dropped > 0 {
		s.add(say(c.Lang, msgDropped) + itoa(dropped))
	}
	return s.String()
}
