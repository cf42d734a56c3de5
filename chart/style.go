package chart

// palette is the Okabe–Ito colour-blind-safe palette, ordered so that the first colours keep
// good contrast on white (its yellow comes last).
var palette = [...]string{"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"}

// dashes are stroke-dasharray patterns that tell series apart without colour.
var dashes = [...]string{"", "7 3", "2 3", "9 3 2 3", "1 2", "12 3 3 3 3 3", "5 5", "14 4"}

// style is how series i is drawn: colour, dash pattern and point shape.
type style struct {
	color string
	dash  string
	shape int
}

// seriesStyle returns the style of the i-th series. Past eight series the dash patterns shift
// against the colours, so that no two of the first 64 series look the same.
func seriesStyle(i int) style {
	if i < 0 {
		i = 0
	}
	return style{
		color: palette[i%len(palette)],
		dash:  dashes[(i+i/len(palette))%len(dashes)],
		shape: i % numShapes,
	}
}

// strokeAttrs appends the stroke attributes of st to w.
func (st style) strokeAttrs(w *buf, width string) {
	w.s(` fill="none" stroke="`)
	w.s(st.color)
	w.s(`" stroke-width="`)
	w.s(width)
	w.s(`" stroke-linejoin="round" stroke-linecap="round"`)
	if st.dash != "" {
		w.s(` stroke-dasharray="`)
		w.s(st.dash)
		w.s(`"`)
	}
}

const numShapes = 7

// shape draws point shape k of about radius r centred at (x, y).
func shape(w *buf, k int, x, y, r float64, color string) {
	switch k % numShapes {
	case 0: // circle
		w.s(`<circle`)
		w.attrN("cx", x)
		w.attrN("cy", y)
		w.attrN("r", r)
		w.s(` fill="`)
		w.s(color)
		w.s(`"/>`)
		return
	case 1: // square
		w.rect(x-r*0.85, y-r*0.85, r*1.7, r*1.7, `fill="`+color+`"`, "")
		return
	case 2: // triangle up
		polygon(w, color, x, y-r*1.1, x+r, y+r*0.75, x-r, y+r*0.75)
	case 3: // diamond
		polygon(w, color, x, y-r*1.2, x+r, y, x, y+r*1.2, x-r, y)
	case 4: // triangle down
		polygon(w, color, x, y+r*1.1, x+r, y-r*0.75, x-r, y-r*0.75)
	case 5: // hollow circle
		w.s(`<circle`)
		w.attrN("cx", x)
		w.attrN("cy", y)
		w.attrN("r", r*0.85)
		w.s(` fill="#fff" stroke="`)
		w.s(color)
		w.s(`" stroke-width="1.6"/>`)
	case 6: // cross
		w.s(`<path d="M`)
		w.n(x - r)
		w.s(" ")
		w.n(y - r)
		w.s("L")
		w.n(x + r)
		w.s(" ")
		w.n(y + r)
		w.s("M")
		w.n(x - r)
		w.s(" ")
		w.n(y + r)
		w.s("L")
		w.n(x + r)
		w.s(" ")
		w.n(y - r)
		w.s(`" stroke="`)
		w.s(color)
		w.s(`" stroke-width="2"/>`)
	}
}

// polygon draws a filled polygon through the points given as x, y pairs.
func polygon(w *buf, color string, xy ...float64) {
	w.s(`<path d="`)
	for i := 0; i+1 < len(xy); i += 2 {
		if i == 0 {
			w.s("M")
		} else {
			w.s("L")
		}
		w.n(xy[i])
		w.s(" ")
		w.n(xy[i+1])
	}
	w.s(`Z" fill="`)
	w.s(color)
	w.s(`"/>`)
}

// legendKind says how a legend swatch is drawn.
type legendKind int

const (
	swatchLine legendKind = iota // a line with the dash pattern and the point shape
	swatchBox                    // a filled square
	swatchDash                   // a thin dashed reference line
)

// legendItem is one entry of a legend.
type legendItem struct {
	name  string
	kind  legendKind
	style style
}

const (
	legendFont   = 12.0
	legendRow    = 18.0
	legendSwatch = 26.0
	legendGap    = 16.0
	legendMaxTxt = 200.0
)

// legendLayout places items in rows no wider than maxW and returns each item's offset from
// the legend's top-left corner and the total height.
func legendLayout(items []legendItem, maxW float64) (xs, ys []float64, height float64) {
	xs = make([]float64, len(items))
	ys = make([]float64, len(items))
	x, y := 0.0, 0.0
	for i, it := range items {
		w := legendSwatch + 4 + textWidth(fit(it.name, legendMaxTxt, legendFont), legendFont)
		if x > 0 && x+w > maxW {
			x = 0
			y += legendRow
		}
		xs[i], ys[i] = x, y
		x += w + legendGap
	}
	if len(items) > 0 {
		height = y + legendRow
	}
	return xs, ys, height
}

// drawLegend draws items at (x0, y0) using the offsets from legendLayout.
func drawLegend(w *buf, items []legendItem, x0, y0 float64, xs, ys []float64) {
	if len(items) == 0 {
		return
	}
	w.s(`<g class="legend">`)
	for i, it := range items {
		x, y := x0+xs[i], y0+ys[i]+legendRow/2
		switch it.kind {
		case swatchLine:
			w.s(`<path d="M`)
			w.n(x)
			w.s(" ")
			w.n(y)
			w.s("h")
			w.n(legendSwatch)
			w.s(`"`)
			it.style.strokeAttrs(w, "2.5")
			w.s("/>")
			shape(w, it.style.shape, x+legendSwatch/2, y, 3.5, it.style.color)
		case swatchBox:
			w.rect(x+legendSwatch/2-6, y-6, 12, 12, `fill="`+it.style.color+`"`, "")
		case swatchDash:
			w.line(x, y, x+legendSwatch, y, `stroke="`+it.style.color+`" stroke-width="1.5" stroke-dasharray="5 3"`)
		}
		w.text(x+legendSwatch+4, y, `dy="0.35em"`, fit(it.name, legendMaxTxt, legendFont))
	}
	w.s(`</g>`)
}
