package chart

import (
	"html/template"
	"math"
)

// LorenzChart draws the Lorenz curve of a portfolio's values against the line of equality,
// with the Gini coefficient and the share held by the top 10% of items. Negative, NaN and
// ±Inf values are left out.
type LorenzChart struct {
	Title  string // visible heading and accessible name
	Desc   string // plain-language summary for screen readers; empty generates one
	Values []float64
	Lang   string // "en" for English built-in text, anything else Chinese
	ID     string // element id prefix; empty derives one from the content
}

// Render returns the chart as inline SVG for html/template.
func (c LorenzChart) Render() template.HTML { return trusted(c.SVG()) }

const (
	lorenzWidth  = 640.0
	lorenzSide   = 280.0
	lorenzPoints = 400
)

// SVG returns the chart as a standalone SVG document.
func (c LorenzChart) SVG() string {
	sh, dropped, ok := newShares(c.Values)
	if !ok {
		return emptyChart("lorenz", c.Title, c.Desc, c.ID, c.Lang)
	}
	var w buf
	w.b = make([]byte, 0, 8192)
	top := titleAndTop(&w, c.Title, 16) + 22
	a := area{x: 64, y: top, w: lorenzSide, h: lorenzSide}
	xs := linear{d0: 0, d1: 1, r0: a.x, r1: a.right()}
	ys := linear{d0: 0, d1: 1, r0: a.bottom(), r1: a.y}
	pct := []float64{0, 0.2, 0.4, 0.6, 0.8, 1}
	pctLabels, _ := tickLabels(pct, FormatPercent)
	yGrid(&w, a, ys, pct, pctLabels)
	xGrid(&w, a, xs, pct, pctLabels)
	axisTitleAbove(&w, a.x-40, a.y-10, say(c.Lang, msgShareValue), "start")
	w.text(a.x+a.w/2, a.bottom()+32, `font-size="11" fill="`+inkMuted+`" text-anchor="middle"`, say(c.Lang, msgShareItems))

	// Curve points: (i/n, cumulative share of the i smallest items).
	n := len(sh.asc)
	cum := make([]float64, n+1)
	for i, v := range sh.asc {
		cum[i+1] = math.Min(cum[i]+v, 1)
	}
	cum[n] = 1
	idx := sampleIndices(n, lorenzPoints)
	st := seriesStyle(0)

	// The area between the curve and the diagonal is the Gini coefficient's picture.
	w.s(`<path d="`)
	for j, i := range idx {
		if j == 0 {
			w.s("M")
		} else {
			w.s("L")
		}
		w.n(xs.at(float64(i) / float64(n)))
		w.s(" ")
		w.n(ys.at(cum[i]))
	}
	w.s(`Z" fill="` + st.color + `" fill-opacity="0.12" stroke="none"/>`)
	w.line(xs.at(0), ys.at(0), xs.at(1), ys.at(1), `stroke="`+inkText+`" stroke-width="1.5" stroke-dasharray="5 3"`)
	w.s(`<path class="curve" d="`)
	for j, i := range idx {
		if j == 0 {
			w.s("M")
		} else {
			w.s("L")
		}
		w.n(xs.at(float64(i) / float64(n)))
		w.s(" ")
		w.n(ys.at(cum[i]))
	}
	w.s(`"`)
	st.strokeAttrs(&w, "2.5")
	w.s("/>")

	// Side panel: legend and key figures.
	px := a.right() + 36
	items := []legendItem{
		{name: say(c.Lang, msgLorenz), kind: swatchLine, style: style{color: st.color}},
		{name: say(c.Lang, msgEquality), kind: swatchDash, style: style{color: inkText}},
	}
	lx, ly, lh := legendLayout(items, 10)
	drawLegend(&w, items, px, a.y, lx, ly)
	g := sh.gini()
	top10, k := sh.topShare(0.1)
	facts := c.facts(g, top10, k, n)
	y := a.y + lh + 24
	for i, f := range facts {
		style := `font-size="13"`
		if i == 0 {
			style = `font-size="15" font-weight="bold"`
		}
		w.text(px, y, style, fit(f, lorenzWidth-px-12, 13))
		y += 22
	}

	desc := c.Desc
	if desc == "" {
		s := sentence{lang: c.Lang}
		s.add(pick(c.Lang, "洛伦兹曲线，"+itoa(n)+" 项", "Lorenz curve of "+count(n, "item", "items")))
		for _, f := range facts {
			s.add(f)
		}
		if dropped > 0 {
			s.add(say(c.Lang, msgDropped) + itoa(dropped))
		}
		s.add(pick(c.Lang, "曲线越偏离对角线，价值越集中于少数项目", "The further the curve bows below the diagonal, the more the value is concentrated in a few items"))
		desc = s.String()
	}
	title := c.Title
	if title == "" {
		title = say(c.Lang, msgLorenz)
	}
	return doc{kind: "lorenz", width: lorenzWidth, height: a.bottom() + 44, title: title, desc: desc, id: c.ID, lang: c.Lang}.wrap(w.b)
}

// facts are the key figures shown beside the curve and repeated in the description.
func (c LorenzChart) facts(g, top10 float64, k, n int) []string {
	gs := trimFixed(g, 2)
	return []string{
		say(c.Lang, msgGini) + " " + gs,
		pick(c.Lang, "前 10%（"+itoa(k)+" 项）占 "+FormatPercent(top10), "Top 10% ("+count(k, "item", "items")+") hold "+FormatPercent(top10)),
		pick(c.Lang, "共 "+itoa(n)+" 项", count(n, "item", "items")+" in all"),
	}
}
