package chart

import "math"

// area is the plot rectangle inside a chart's margins.
type area struct{ x, y, w, h float64 }

func (a area) right() float64  { return a.x + a.w }
func (a area) bottom() float64 { return a.y + a.h }

const tickFont = 11.0

// tickLabels formats ticks and returns the labels with the widest label's width.
func tickLabels(ticks []float64, format func(float64) string) ([]string, float64) {
	labels := make([]string, len(ticks))
	widest := 0.0
	for i, t := range ticks {
		labels[i] = format(t)
		widest = math.Max(widest, textWidth(labels[i], tickFont))
	}
	return labels, widest
}

// yGrid draws horizontal grid lines at the ticks with labels to the left of the plot, and a
// darker line at zero when zero lies inside the axis.
func yGrid(w *buf, a area, sc linear, ticks []float64, labels []string) {
	w.s(`<g class="y-axis" font-size="11" fill="` + inkMuted + `" text-anchor="end">`)
	for i, t := range ticks {
		y := sc.at(t)
		stroke := `stroke="` + inkGrid + `"`
		if t == 0 && len(ticks) > 1 && ticks[0] < 0 {
			stroke = `stroke="` + inkAxis + `"`
		}
		w.line(a.x, y, a.right(), y, stroke)
		w.text(a.x-6, y, `dy="0.35em"`, labels[i])
	}
	w.s(`</g>`)
}

// xGrid draws vertical grid lines at the ticks with labels below the plot.
func xGrid(w *buf, a area, sc linear, ticks []float64, labels []string) {
	w.s(`<g class="x-axis" font-size="11" fill="` + inkMuted + `" text-anchor="middle">`)
	for i, t := range ticks {
		x := sc.at(t)
		w.line(x, a.y, x, a.bottom(), `stroke="`+inkGrid+`"`)
		w.text(x, a.bottom()+15, "", labels[i])
	}
	w.s(`</g>`)
}

// bands divides the plot width into n equal category slots.
type bands struct {
	x0, slot float64
	n        int
}

func newBands(a area, n int) bands {
	if n < 1 {
		n = 1
	}
	return bands{x0: a.x, slot: a.w / float64(n), n: n}
}

// center is the x of category i's centre.
func (b bands) center(i int) float64 { return b.x0 + (float64(i)+0.5)*b.slot }

// labelStride returns how many categories to step between shown labels so that labels of the
// given widths do not overlap.
func labelStride(labels []string, slot float64) int {
	widest := 0.0
	for _, l := range labels {
		widest = math.Max(widest, textWidth(l, tickFont))
	}
	if slot <= 0 {
		return len(labels) + 1
	}
	stride := int(math.Ceil((widest + 8) / slot))
	if stride < 1 {
		stride = 1
	}
	return stride
}

// xCategories draws category labels below the plot, thinned so that they do not overlap, with
// small tick marks.
func xCategories(w *buf, a area, b bands, labels []string) {
	if len(labels) == 0 {
		return
	}
	fitted := make([]string, len(labels))
	for i, l := range labels {
		fitted[i] = fit(l, math.Max(60, a.w/3), tickFont)
	}
	stride := labelStride(fitted, b.slot)
	w.s(`<g class="x-axis" font-size="11" fill="` + inkMuted + `" text-anchor="middle">`)
	w.line(a.x, a.bottom(), a.right(), a.bottom(), `stroke="`+inkAxis+`"`)
	for i := 0; i < len(fitted) && i < b.n; i += stride {
		x := b.center(i)
		w.line(x, a.bottom(), x, a.bottom()+4, `stroke="`+inkAxis+`"`)
		w.text(x, a.bottom()+16, "", fitted[i])
	}
	w.s(`</g>`)
}

// axisTitleAbove draws a value axis title above the plot's top-left corner, horizontally,
// which reads better than rotated text, especially in Chinese.
func axisTitleAbove(w *buf, x, y float64, s string, anchor string) {
	if s == "" {
		return
	}
	w.text(x, y, `font-size="11" fill="`+inkMuted+`" text-anchor="`+anchor+`"`, fit(s, 300, tickFont))
}

// markerLines draws labelled vertical marker lines at category positions, shifted by dx from
// the category centre; labels stagger downwards so that nearby markers stay readable.
func markerLines(w *buf, a area, b bands, markers []Marker, shift float64) {
	shown := 0
	for _, m := range markers {
		if m.AtIndex < 0 || m.AtIndex >= b.n {
			continue
		}
		x := b.center(m.AtIndex) + shift
		w.line(x, a.y, x, a.bottom(), `stroke="`+inkText+`" stroke-width="1.5" stroke-dasharray="4 3"`)
		if m.Label == "" {
			continue
		}
		y := a.y + 12 + float64(shown%4)*14
		shown++
		anchor, dx := "start", 4.0
		if x > a.x+a.w*0.7 {
			anchor, dx = "end", -4
		}
		w.text(x+dx, y, `font-size="11" font-weight="bold" text-anchor="`+anchor+`" stroke="#fff" stroke-width="3" paint-order="stroke"`, fit(m.Label, a.w*0.45, tickFont))
	}
}

// shadedBands draws labelled shaded spans of categories.
func shadedBands(w *buf, a area, b bands, spans []Band) {
	for _, s := range spans {
		from, to := s.From, s.To
		if from > to {
			from, to = to, from
		}
		from = max(from, 0)
		to = min(to, b.n-1)
		if from > to {
			continue
		}
		x0 := b.center(from) - b.slot/2
		x1 := b.center(to) + b.slot/2
		w.rect(x0, a.y, x1-x0, a.h, `fill="`+inkBand+`" fill-opacity="0.12"`, s.Label)
		if s.Label != "" {
			w.text((x0+x1)/2, a.bottom()-6, `font-size="11" fill="`+inkMuted+`" text-anchor="middle"`, fit(s.Label, math.Max(x1-x0, 40), tickFont))
		}
	}
}
