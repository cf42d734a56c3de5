package chart

import (
	"html/template"
	"math"
)

// Group is a named set of observations, such as the landmark counts of many simulation runs
// under one strategy. NaN and ±Inf observations are left out.
type Group struct {
	Name   string
	Values []float64
}

// DistributionChart draws each group as a row: a box plot (quartiles, median, whiskers to the
// furthest value within 1.5 interquartile ranges) over a strip of the individual values.
type DistributionChart struct {
	Title  string // visible heading and accessible name
	Desc   string // plain-language summary for screen readers; empty generates one
	Groups []Group
	XLabel string               // value axis title
	Format func(float64) string // tick format; nil means FormatCompactZh (or En)
	Lang   string               // "en" for English built-in text, anything else Chinese
	ID     string               // element id prefix; empty derives one from the content
}

// Render returns the chart as inline SVG for html/template.
func (c DistributionChart) Render() template.HTML { return trusted(c.SVG()) }

const (
	distWidth     = 640.0
	distRow       = 40.0
	distNameMax   = 170.0
	distStripMax  = 300 // points drawn per group; larger groups are thinned evenly, keeping both ends
	distCountCol  = 60.0
	distPointSize = 2.2
)

// boxStats are the five numbers of a box plot, plus the mean and count.
type boxStats struct {
	q1, median, q3, lo, hi, mean float64
	n                            int
}

func newBoxStats(sorted []float64) boxStats {
	st := boxStats{
		q1:     quantile(sorted, 0.25),
		median: quantile(sorted, 0.5),
		q3:     quantile(sorted, 0.75),
		mean:   mean(sorted),
		n:      len(sorted),
	}
	iqr := st.q3 - st.q1
	st.lo, st.hi = st.q1, st.q3
	for _, v := range sorted {
		if v >= st.q1-1.5*iqr {
			st.lo = math.Min(st.lo, v)
			break
		}
	}
	for i := len(sorted) - 1; i >= 0; i-- {
		if v := sorted[i]; v <= st.q3+1.5*iqr {
			st.hi = math.Max(st.hi, v)
			break
		}
	}
	return st
}

// jitter returns a deterministic pseudo-random offset in [-1, 1] for point i, so that strip
// points spread out the same way on every render.
func jitter(i int) float64 {
	x := uint32(i)*2654435761 + 0x9e3779b9
	x ^= x >> 15
	x *= 0x2c1b3c6d
	x ^= x >> 12
	return float64(x%2001)/1000 - 1
}

// SVG returns the chart as a standalone SVG document.
func (c DistributionChart) SVG() string {
	sorted := make([][]float64, len(c.Groups))
	for i, g := range c.Groups {
		sorted[i] = sortedFinite(g.Values)
	}
	lo, hi, ok := extent(sorted...)
	if !ok {
		return emptyChart("distribution", c.Title, c.Desc, c.ID, c.Lang)
	}
	format := formatter(c.Format, c.Lang)
	ticks := niceTicks(lo, hi, 6)
	labels, _ := tickLabels(ticks, format)

	nameW := 0.0
	for _, g := range c.Groups {
		nameW = math.Max(nameW, textWidth(g.Name, 12))
	}
	nameW = math.Min(nameW, distNameMax)

	var w buf
	w.b = make([]byte, 0, 4096+len(c.Groups)*4096)
	top := titleAndTop(&w, c.Title, 16) + 4
	a := area{x: 16 + nameW + 12, y: top, h: distRow * float64(len(c.Groups))}
	a.w = distWidth - a.x - distCountCol - 8
	xs := linear{d0: ticks[0], d1: ticks[len(ticks)-1], r0: a.x, r1: a.right()}
	xGrid(&w, a, xs, ticks, labels)
	if c.XLabel != "" {
		w.text(a.x+a.w/2, a.bottom()+32, `font-size="11" fill="`+inkMuted+`" text-anchor="middle"`, fit(c.XLabel, a.w, tickFont))
	}

	stats := make([]boxStats, len(c.Groups))
	for gi, g := range c.Groups {
		st := seriesStyle(gi)
		cy := a.y + (float64(gi)+0.5)*distRow
		w.s(`<g class="group">`)
		w.text(16+nameW, cy, `dy="0.35em" text-anchor="end"`, fit(g.Name, distNameMax, 12))
		vals := sorted[gi]
		if len(vals) == 0 {
			w.text(a.x+4, cy, `dy="0.35em" font-size="11" fill="`+inkMuted+`"`, say(c.Lang, msgNoData))
			w.s(`</g>`)
			continue
		}
		w.s(`<g fill="` + st.color + `" fill-opacity="0.35">`)
		for _, i := range sampleIndices(len(vals)-1, distStripMax) {
			w.s(`<circle`)
			w.attrN("cx", xs.at(vals[i]))
			w.attrN("cy", cy+jitter(i)*distRow*0.3)
			w.attrN("r", distPointSize)
			w.s("/>")
		}
		w.s(`</g>`)
		bs := newBoxStats(vals)
		stats[gi] = bs
		half := distRow * 0.22
		stroke := `stroke="` + st.color + `" stroke-width="1.5"`
		w.line(xs.at(bs.lo), cy, xs.at(bs.q1), cy, stroke)
		w.line(xs.at(bs.q3), cy, xs.at(bs.hi), cy, stroke)
		w.line(xs.at(bs.lo), cy-half/2, xs.at(bs.lo), cy+half/2, stroke)
		w.line(xs.at(bs.hi), cy-half/2, xs.at(bs.hi), cy+half/2, stroke)
		w.rect(xs.at(bs.q1), cy-half, xs.at(bs.q3)-xs.at(bs.q1), 2*half, `fill="#fff" fill-opacity="0.6" `+stroke, "")
		w.line(xs.at(bs.median), cy-half, xs.at(bs.median), cy+half, `stroke="`+st.color+`" stroke-width="3"`)
		w.text(a.right()+8, cy, `dy="0.35em" font-size="11" fill="`+inkMuted+`"`, "n="+itoa(bs.n))
		w.s(`</g>`)
	}

	desc := c.Desc
	if desc == "" {
		s := sentence{lang: c.Lang}
		s.add(pick(c.Lang, "分布图，"+itoa(len(c.Groups))+" 组；箱体为四分位距，粗线为中位数",
			"Distribution chart of "+count(len(c.Groups), "group", "groups")+"; boxes span the interquartile range, the thick line is the median"))
		for gi, g := range c.Groups {
			if gi == 12 {
				break
			}
			bs := stats[gi]
			if bs.n == 0 {
				s.add(g.Name + pick(c.Lang, "：无数据", ": no data"))
				continue
			}
			s.add(pick(c.Lang,
				g.Name+"：n="+itoa(bs.n)+"，中位数 "+format(bs.median)+"，四分位 "+format(bs.q1)+"–"+format(bs.q3)+"，均值 "+format(bs.mean),
				g.Name+": n="+itoa(bs.n)+", median "+format(bs.median)+", quartiles "+format(bs.q1)+"–"+format(bs.q3)+", mean "+format(bs.mean)))
		}
		desc = s.String()
	}
	title := c.Title
	if title == "" {
		title = say(c.Lang, msgDistrib)
	}
	height := a.bottom() + 22
	if c.XLabel != "" {
		height += 16
	}
	return doc{kind: "distribution", width: distWidth, height: height, title: title, desc: desc, id: c.ID, lang: c.Lang}.wrap(w.b)
}
