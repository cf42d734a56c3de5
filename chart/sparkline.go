package chart

import (
	"html/template"
	"math"
)

// Sparkline is a small word-sized trend line without axes, shown beside a number such as a
// momentum or complacency score. The last value is marked with a dot; Refs draw faint
// horizontal reference lines (e.g. zero or an alert threshold).
type Sparkline struct {
	Title  string // accessible name, e.g. "动量趋势"; not drawn
	Desc   string // plain-language summary; empty generates one
	Values []float64
	Refs   []RefLine
	Width  int                  // pixels; 0 means 120
	Height int                  // pixels; 0 means 28
	Format func(float64) string // number format in the summary; nil means FormatCompactZh (or En)
	Lang   string               // "en" for English built-in text, anything else Chinese
	ID     string               // element id prefix; empty derives one from the content
}

// Render returns the sparkline as inline SVG for html/template.
func (c Sparkline) Render() template.HTML { return trusted(c.SVG()) }

// SVG returns the sparkline as a standalone SVG document.
func (c Sparkline) SVG() string {
	width, height := float64(c.Width), float64(c.Height)
	if c.Width <= 0 || c.Width > 2000 {
		width = 120
	}
	if c.Height <= 0 || c.Height > 2000 {
		height = 28
	}
	title := c.Title
	if title == "" {
		title = say(c.Lang, msgSparkline)
	}
	format := formatter(c.Format, c.Lang)
	d := doc{kind: "sparkline", width: width, height: height, pixels: true, title: title, id: c.ID, lang: c.Lang}

	var w buf
	lo, hi, ok := extent(c.Values)
	if !ok {
		w.text(width/2, height/2, `dy="0.35em" font-size="11" fill="`+inkMuted+`" text-anchor="middle"`, say(c.Lang, msgNoData))
		d.desc = c.Desc
		if d.desc == "" {
			d.desc = say(c.Lang, msgNoData)
		}
		return d.wrap(w.b)
	}
	for _, r := range c.Refs {
		if finite(r.Value) {
			lo, hi = math.Min(lo, r.Value), math.Max(hi, r.Value)
		}
	}
	if hi == lo {
		lo, hi = lo-1, hi+1 // a flat line sits in the middle
	}
	const pad = 3.5
	n := len(c.Values)
	xs := linear{d0: 0, d1: float64(max(n-1, 1)), r0: pad, r1: width - pad}
	if n == 1 {
		xs = linear{d0: -1, d1: 1, r0: pad, r1: width - pad}
	}
	ys := linear{d0: lo, d1: hi, r0: height - pad, r1: pad}
	w.b = make([]byte, 0, 256+n*14)
	for _, r := range c.Refs {
		if finite(r.Value) {
			w.line(0, ys.at(r.Value), width, ys.at(r.Value), `stroke="`+inkAxis+`" stroke-width="1" stroke-dasharray="2 2"`)
		}
	}
	st := seriesStyle(0)
	w.s(`<path d="`)
	pen, drawn := false, false
	last, lastAt := 0.0, -1
	for i, v := range c.Values {
		if !finite(v) {
			pen = false
			continue
		}
		if pen {
			w.s("L")
		} else {
			w.s("M")
		}
		w.n(xs.at(float64(i)))
		w.s(" ")
		w.n(ys.at(v))
		pen, drawn = true, true
		last, lastAt = v, i
	}
	if !drawn {
		w.s("M0 0")
	}
	w.s(`" fill="none" stroke="` + st.color + `" stroke-width="1.5" stroke-linejoin="round" stroke-linecap="round"/>`)
	w.s(`<circle`)
	w.attrN("cx", xs.at(float64(lastAt)))
	w.attrN("cy", ys.at(last))
	w.s(` r="2.5" fill="` + st.color + `"/>`)

	d.desc = c.Desc
	if d.desc == "" {
		d.desc = c.describe(format, last)
	}
	return d.wrap(w.b)
}

// describe is the default summary: first and last value, lowest and highest.
func (c Sparkline) describe(format func(float64) string, last float64) string {
	first := math.NaN()
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range c.Values {
		if !finite(v) {
			continue
		}
		if math.IsNaN(first) {
			first = v
		}
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	s := sentence{lang: c.Lang}
	s.add(pick(c.Lang,
		"趋势：从 "+format(first)+" 到 "+format(last)+"，最低 "+format(lo)+"，最高 "+format(hi),
		"Trend from "+format(first)+" to "+format(last)+", lowest "+format(lo)+", highest "+format(hi)))
	for _, r := range c.Refs {
		if finite(r.Value) && r.Label != "" {
			s.add(pick(c.Lang, "参考线“"+r.Label+"”："+format(r.Value), "Reference “"+r.Label+"”: "+format(r.Value)))
		}
	}
	return s.String()
}
