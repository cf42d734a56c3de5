package chart

import (
	"html/template"
	"math"
)

// Interval is one row of an interval chart: a point estimate and its confidence bounds.
// NaN or ±Inf bounds draw the estimate alone; a NaN or ±Inf estimate leaves the row empty.
type Interval struct {
	Name   string
	Mean   float64
	Lo, Hi float64
}

// RefLine is a labelled reference value drawn across a chart, such as the baseline strategy's
// mean or zero.
type RefLine struct {
	Value float64
	Label string
}

// IntervalChart compares point estimates with their confidence intervals (e.g. 95% CI of the
// mean over simulation runs), one row per item.
type IntervalChart struct {
	Title  string // visible heading and accessible name
	Desc   string // plain-language summary for screen readers; empty generates one
	Rows   []Interval
	Refs   []RefLine
	XLabel string               // value axis title, e.g. "平均价值（95% 置信区间）"
	Format func(float64) string // tick and value format; nil means FormatCompactZh (or En)
	Lang   string               // "en" for English built-in text, anything else Chinese
	ID     string               // element id prefix; empty derives one from the content
}

// Render returns the chart as inline SVG for html/template.
func (c IntervalChart) Render() template.HTML { return trusted(c.SVG()) }

const (
	ivWidth    = 640.0
	ivRow      = 30.0
	ivNameMax  = 160.0
	ivValueCol = 150.0
)

// SVG returns the chart as a standalone SVG document.
func (c IntervalChart) SVG() string {
	var vals []float64
	for _, r := range c.Rows {
		if finite(r.Mean) {
			vals = append(vals, r.Mean, r.Lo, r.Hi)
		}
	}
	lo, hi, ok := extent(vals)
	if !ok {
		return emptyChart("interval", c.Title, c.Desc, c.ID, c.Lang)
	}
	for _, r := range c.Refs {
		if finite(r.Value) {
			lo, hi = math.Min(lo, r.Value), math.Max(hi, r.Value)
		}
	}
	format := formatter(c.Format, c.Lang)
	ticks := niceTicks(lo, hi, 5)
	labels, _ := tickLabels(ticks, format)

	nameW := 0.0
	for _, r := range c.Rows {
		nameW = math.Max(nameW, textWidth(r.Name, 12))
	}
	nameW = math.Min(nameW, ivNameMax)

	var w buf
	w.b = make([]byte, 0, 2048+len(c.Rows)*400)
	top := titleAndTop(&w, c.Title, 16) + 4
	a := area{x: 16 + nameW + 12, y: top, h: ivRow * float64(len(c.Rows))}
	a.w = ivWidth - a.x - ivValueCol
	xs := linear{d0: ticks[0], d1: ticks[len(ticks)-1], r0: a.x, r1: a.right()}
	xGrid(&w, a, xs, ticks, labels)
	for _, r := range c.Refs {
		if !finite(r.Value) {
			continue
		}
		x := xs.at(r.Value)
		w.line(x, a.y-4, x, a.bottom(), `stroke="`+inkText+`" stroke-width="1.2" stroke-dasharray="5 3"`)
		if r.Label != "" {
			w.text(x, a.y-8, `font-size="11" text-anchor="middle" fill="`+inkMuted+`"`, fit(r.Label, 160, tickFont))
		}
	}

	for i, r := range c.Rows {
		st := seriesStyle(i)
		cy := a.y + (float64(i)+0.5)*ivRow
		w.s(`<g class="row">`)
		w.text(16+nameW, cy, `dy="0.35em" text-anchor="end"`, fit(r.Name, ivNameMax, 12))
		if !finite(r.Mean) {
			w.text(a.right()+10, cy, `dy="0.35em" font-size="11" fill="`+inkMuted+`"`, say(c.Lang, msgNoData))
			w.s(`</g>`)
			continue
		}
		l, h, hasCI := bounds(r)
		if hasCI {
			stroke := `stroke="` + st.color + `" stroke-width="2"`
			w.line(xs.at(l), cy, xs.at(h), cy, stroke)
			w.line(xs.at(l), cy-5, xs.at(l), cy+5, stroke)
			w.line(xs.at(h), cy-5, xs.at(h), cy+5, stroke)
		}
		shape(&w, st.shape, xs.at(r.Mean), cy, 5, st.color)
		w.text(a.right()+10, cy, `dy="0.35em" font-size="11"`, intervalText(r, format))
		w.s(`</g>`)
	}
	key := say(c.Lang, msgIntervalKey)
	keyY := a.bottom() + 32
	if c.XLabel != "" {
		w.text(a.x+a.w/2, keyY, `font-size="11" fill="`+inkMuted+`" text-anchor="middle"`, fit(c.XLabel, a.w, tickFont))
		keyY += 16
	}
	w.text(a.x, keyY, `font-size="11" fill="`+inkMuted+`"`, key)
	height := keyY + 10

	desc := c.Desc
	if desc == "" {
		s := sentence{lang: c.Lang}
		s.add(pick(c.Lang, "区间估计图，"+itoa(len(c.Rows))+" 项；"+key, "Interval chart of "+count(len(c.Rows), "item", "items")+"; "+key))
		for i, r := range c.Rows {
			if i == 16 {
				break
			}
			if !finite(r.Mean) {
				s.add(r.Name + pick(c.Lang, "：无数据", ": no data"))
				continue
			}
			s.add(r.Name + pick(c.Lang, "：", ": ") + intervalText(r, format))
		}
		for _, r := range c.Refs {
			if finite(r.Value) {
				s.add(pick(c.Lang, "参考线“"+r.Label+"”："+format(r.Value), "Reference “"+r.Label+"”: "+format(r.Value)))
			}
		}
		desc = s.String()
	}
	title := c.Title
	if title == "" {
		title = say(c.Lang, msgInterval)
	}
	return doc{kind: "interval", width: ivWidth, height: height, title: title, desc: desc, id: c.ID, lang: c.Lang}.wrap(w.b)
}

// bounds returns the row's interval in increasing order, and whether it has one.
func bounds(r Interval) (lo, hi float64, ok bool) {
	if !finite(r.Lo) || !finite(r.Hi) {
		return 0, 0, false
	}
	return math.Min(r.Lo, r.Hi), math.Max(r.Lo, r.Hi), true
}

// intervalText is "12.3 [10.1, 14.5]", or the estimate alone without bounds.
func intervalText(r Interval, format func(float64) string) string {
	l, h, ok := bounds(r)
	if !ok {
		return format(r.Mean)
	}
	return format(r.Mean) + " [" + format(l) + ", " + format(h) + "]"
}
