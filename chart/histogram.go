package chart

import (
	"html/template"
	"math"
)

// HistogramChart draws one histogram per group, stacked with a shared x axis and a shared
// count scale so that groups compare at a glance. Integer data with a small range (such as
// landmark counts) gets one bin per integer; other data gets about Bins bins with nice edges.
type HistogramChart struct {
	Title  string // visible heading and accessible name
	Desc   string // plain-language summary for screen readers; empty generates one
	Groups []Group
	Bins   int                  // target number of bins for continuous data; 0 means 10
	XLabel string               // value axis title
	Format func(float64) string // tick format; nil means FormatCompactZh (or En)
	Lang   string               // "en" for English built-in text, anything else Chinese
	ID     string               // element id prefix; empty derives one from the content
}

// Render returns the chart as inline SVG for html/template.
func (c HistogramChart) Render() template.HTML { return trusted(c.SVG()) }

const (
	histWidth       = 640.0
	histPanelH      = 64.0
	histPanelGap    = 34.0
	histIntRangeMax = 40 // integer data spanning at most this many values gets unit bins
)

// binning describes the shared bins: edges[i]..edges[i+1] is bin i.
type binning struct {
	edges   []float64
	integer bool // bins are centred on the integers edges[i]+0.5
}

func newBinning(lo, hi float64, all [][]float64, target int) binning {
	integer := hi-lo <= histIntRangeMax && math.Abs(lo) < 1e9 && math.Abs(hi) < 1e9
	for _, vs := range all {
		for _, v := range vs {
			if v != math.Trunc(v) {
				integer = false
			}
		}
	}
	if integer {
		edges := make([]float64, int(hi-lo)+2)
		for i := range edges {
			edges[i] = lo - 0.5 + float64(i)
		}
		return binning{edges: edges, integer: true}
	}
	if target <= 0 {
		target = 10
	}
	target = min(target, 50)
	return binning{edges: niceTicks(lo, hi, target)}
}

// index returns the bin of v; the last bin includes its upper edge.
func (b binning) index(v float64) int {
	n := len(b.edges) - 1
	den := b.edges[n]/2 - b.edges[0]/2
	if den <= 0 {
		return 0
	}
	i := int(math.Floor((v/2 - b.edges[0]/2) / den * float64(n)))
	return max(0, min(i, n-1))
}

// SVG returns the chart as a standalone SVG document.
func (c HistogramChart) SVG() string {
	sorted := make([][]float64, len(c.Groups))
	for i, g := range c.Groups {
		sorted[i] = sortedFinite(g.Values)
	}
	lo, hi, ok := extent(sorted...)
	if !ok {
		return emptyChart("histogram", c.Title, c.Desc, c.ID, c.Lang)
	}
	format := formatter(c.Format, c.Lang)
	bins := newBinning(lo, hi, sorted, c.Bins)
	nb := len(bins.edges) - 1
	counts := make([][]int, len(c.Groups))
	most := 1
	for gi, vs := range sorted {
		counts[gi] = make([]int, nb)
		for _, v := range vs {
			i := bins.index(v)
			counts[gi][i]++
			most = max(most, counts[gi][i])
		}
	}
	countTicks := niceTicks(0, float64(most), 4)
	countTop := countTicks[len(countTicks)-1]
	countLabel := itoa(int(countTop))

	var w buf
	w.b = make([]byte, 0, 4096+len(c.Groups)*nb*60)
	top := titleAndTop(&w, c.Title, 16)
	left := math.Max(16+textWidth(countLabel, tickFont)+8, 40)
	plotW := histWidth - left - 20
	xs := linear{d0: bins.edges[0], d1: bins.edges[nb], r0: left, r1: left + plotW}
	binW := plotW / float64(nb)

	y := top - 12
	for gi, g := range c.Groups {
		st := seriesStyle(gi)
		a := area{x: left, y: y + histPanelGap - 4, w: plotW, h: histPanelH}
		w.s(`<g class="group">`)
		w.text(left, y+22, `font-weight="bold"`, fit(g.Name, plotW*0.7, 12))
		w.text(left+plotW, y+22, `font-size="11" fill="`+inkMuted+`" text-anchor="end"`, "n="+itoa(len(sorted[gi])))
		ys := linear{d0: 0, d1: countTop, r0: a.bottom(), r1: a.y}
		w.line(a.x, a.y, a.right(), a.y, `stroke="`+inkGrid+`"`)
		w.text(a.x-6, a.y, `dy="0.35em" font-size="11" fill="`+inkMuted+`" text-anchor="end"`, countLabel)
		w.text(a.x-6, a.bottom(), `dy="0.35em" font-size="11" fill="`+inkMuted+`" text-anchor="end"`, "0")
		w.s(`<g fill="` + st.color + `">`)
		for i, k := range counts[gi] {
			if k == 0 {
				continue
			}
			x0 := xs.at(bins.edges[i])
			tip := format(bins.edges[i]) + "–" + format(bins.edges[i+1])
			if bins.integer {
				tip = format(bins.edges[i] + 0.5)
			}
			// At least 1.5 px tall, so that a single rare observation stays visible.
			h := math.Max(ys.at(0)-ys.at(float64(k)), 1.5)
			w.rect(x0+0.5, ys.at(0)-h, math.Max(binW-1, 0.5), h, "", tip+": "+itoa(k))
		}
		w.s(`</g>`)
		w.line(a.x, a.bottom(), a.right(), a.bottom(), `stroke="`+inkAxis+`"`)
		w.s(`</g>`)
		y = a.bottom()
	}

	// Shared x axis under the last panel.
	axis := area{x: left, y: top, w: plotW, h: y - top}
	w.s(`<g class="x-axis" font-size="11" fill="` + inkMuted + `" text-anchor="middle">`)
	if bins.integer {
		b := bands{x0: left, slot: binW, n: nb}
		lbl := make([]string, nb)
		for i := range lbl {
			lbl[i] = format(bins.edges[i] + 0.5)
		}
		stride := labelStride(lbl, binW)
		for i := 0; i < nb; i += stride {
			w.text(b.center(i), axis.bottom()+15, "", lbl[i])
		}
	} else {
		lbl, _ := tickLabels(bins.edges, format)
		stride := labelStride(lbl, binW)
		for i := 0; i <= nb; i += stride {
			w.text(xs.at(bins.edges[i]), axis.bottom()+15, "", lbl[i])
		}
	}
	w.s(`</g>`)
	height := axis.bottom() + 24
	if c.XLabel != "" {
		w.text(left+plotW/2, axis.bottom()+32, `font-size="11" fill="`+inkMuted+`" text-anchor="middle"`, fit(c.XLabel, plotW, tickFont))
		height += 14
	}

	desc := c.Desc
	if desc == "" {
		desc = c.describe(sorted, counts, bins, format)
	}
	title := c.Title
	if title == "" {
		title = say(c.Lang, msgHistogram)
	}
	return doc{kind: "histogram", width: histWidth, height: height, title: title, desc: desc, id: c.ID, lang: c.Lang}.wrap(w.b)
}

// describe writes the default summary: the shared range, then for each group its size, mean
// and most common bin.
func (c HistogramChart) describe(sorted [][]float64, counts [][]int, bins binning, format func(float64) string) string {
	s := sentence{lang: c.Lang}
	nb := len(bins.edges) - 1
	s.add(pick(c.Lang,
		"直方图，"+itoa(len(c.Groups))+" 组，共用横轴 "+format(bins.edges[0])+"–"+format(bins.edges[nb]),
		"Histogram of "+count(len(c.Groups), "group", "groups")+" on a shared axis from "+format(bins.edges[0])+" to "+format(bins.edges[nb])))
	for gi, g := range c.Groups {
		if gi == 12 {
			break
		}
		if len(sorted[gi]) == 0 {
			s.add(g.Name + pick(c.Lang, "：无数据", ": no data"))
			continue
		}
		mode := 0
		for i, k := range counts[gi] {
			if k > counts[gi][mode] {
				mode = i
			}
		}
		bin := format(bins.edges[mode]) + "–" + format(bins.edges[mode+1])
		if bins.integer {
			bin = format(bins.edges[mode] + 0.5)
		}
		m := format(mean(sorted[gi]))
		s.add(pick(c.Lang,
			g.Name+"：n="+itoa(len(sorted[gi]))+"，均值 "+m+"，最常见 "+bin,
			g.Name+": n="+itoa(len(sorted[gi]))+", mean "+m+", most common "+bin))
	}
	return s.String()
}
