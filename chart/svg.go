package chart

import (
	"hash/crc32"
	"html/template"
	"math"
	"strconv"
	"unicode/utf8"
)

// fontFamily lists fonts found on air-gapped Linux and Windows desktops that cover Chinese,
// ending with the generic family so that something always renders.
const fontFamily = `'WenQuanYi Micro Hei','Noto Sans CJK SC','Microsoft YaHei','PingFang SC',sans-serif`

// Colours of the non-data ink. Charts assume a light page background, as seedbed's pages have.
const (
	inkText  = "#1b1b1b"
	inkMuted = "#595959"
	inkAxis  = "#767676"
	inkGrid  = "#dddddd"
	inkBand  = "#767676"
)

// buf accumulates SVG markup. Its methods append without fmt to keep rendering fast.
type buf struct{ b []byte }

// s appends trusted markup.
func (w *buf) s(str string) { w.b = append(w.b, str...) }

// n appends a coordinate or length, rounded to one decimal.
func (w *buf) n(v float64) { w.b = appendNum(w.b, v) }

// esc appends caller text, escaped for XML character data and attribute values.
func (w *buf) esc(str string) { w.b = appendEscaped(w.b, str) }

// attr appends ` name="value"` with value escaped.
func (w *buf) attr(name, value string) {
	w.b = append(w.b, ' ')
	w.b = append(w.b, name...)
	w.b = append(w.b, '=', '"')
	w.b = appendEscaped(w.b, value)
	w.b = append(w.b, '"')
}

// attrN appends ` name="number"`.
func (w *buf) attrN(name string, v float64) {
	w.b = append(w.b, ' ')
	w.b = append(w.b, name...)
	w.b = append(w.b, '=', '"')
	w.b = appendNum(w.b, v)
	w.b = append(w.b, '"')
}

// line appends a <line> with the given stroke attributes (already valid markup).
func (w *buf) line(x1, y1, x2, y2 float64, style string) {
	w.s(`<line`)
	w.attrN("x1", x1)
	w.attrN("y1", y1)
	w.attrN("x2", x2)
	w.attrN("y2", y2)
	if style != "" {
		w.s(" ")
		w.s(style)
	}
	w.s("/>")
}

// rect appends a <rect>, with extra attributes (already valid markup) and an optional
// tooltip title.
func (w *buf) rect(x, y, width, height float64, style, tip string) {
	if width < 0 {
		x, width = x+width, -width
	}
	if height < 0 {
		y, height = y+height, -height
	}
	w.s(`<rect`)
	w.attrN("x", x)
	w.attrN("y", y)
	w.attrN("width", width)
	w.attrN("height", height)
	if style != "" {
		w.s(" ")
		w.s(style)
	}
	if tip == "" {
		w.s("/>")
		return
	}
	w.s("><title>")
	w.esc(tip)
	w.s("</title></rect>")
}

// text appends a <text> element at (x, y) with extra attributes (already valid markup).
func (w *buf) text(x, y float64, style, content string) {
	w.s(`<text`)
	w.attrN("x", x)
	w.attrN("y", y)
	if style != "" {
		w.s(" ")
		w.s(style)
	}
	w.s(">")
	w.esc(content)
	w.s("</text>")
}

// maxCoord bounds every coordinate written, so that a bug or an extreme input can never
// produce an unparseable number or an absurd drawing.
const maxCoord = 1e6

func appendNum(b []byte, v float64) []byte {
	if v != v { // NaN
		return append(b, '0')
	}
	if v > maxCoord {
		v = maxCoord
	} else if v < -maxCoord {
		v = -maxCoord
	}
	// Tenths as an integer: cheaper than formatting a float, and the output is the same.
	t := int64(math.Round(v * 10))
	if t < 0 {
		b = append(b, '-')
		t = -t
	}
	b = strconv.AppendInt(b, t/10, 10)
	if f := t % 10; f != 0 {
		b = append(b, '.', byte('0'+f))
	}
	return b
}

// appendEscaped appends s escaped for XML text and attribute values. Control characters
// become spaces (chart labels are single lines) and invalid UTF-8 or characters that XML
// forbids become U+FFFD, so the output is always well-formed.
func appendEscaped(b []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '&':
				b = append(b, "&amp;"...)
			case c == '<':
				b = append(b, "&lt;"...)
			case c == '>':
				b = append(b, "&gt;"...)
			case c == '"':
				b = append(b, "&#34;"...)
			case c == '\'':
				b = append(b, "&#39;"...)
			case c < 0x20 || c == 0x7f:
				b = append(b, ' ')
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || r == 0xFFFE || r == 0xFFFF || (r >= 0x80 && r <= 0x9f) {
			b = append(b, "\uFFFD"...)
		} else {
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return b
}

// doc describes the outer <svg> element of one chart.
type doc struct {
	kind          string // CSS class suffix, e.g. "line"
	width, height float64
	pixels        bool // fixed pixel size (sparklines) instead of width 100%
	title, desc   string
	id            string // caller's id prefix; empty derives one from the content
	lang          string
}

// wrap returns the complete SVG: the root element with its accessible title and description,
// then body. Without a caller id, element ids derive from a checksum of the content, so they
// are deterministic and two different charts on one page do not share ids.
func (d doc) wrap(body []byte) string {
	id := sanitizeID(d.id)
	if id == "" {
		h := crc32.NewIEEE()
		h.Write([]byte(d.kind))
		h.Write([]byte(d.title))
		h.Write([]byte(d.desc))
		h.Write(body)
		id = "sbc" + strconv.FormatUint(uint64(h.Sum32()), 36)
	}
	w := buf{b: make([]byte, 0, len(body)+len(d.title)+len(d.desc)+600)}
	w.s(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 `)
	w.n(d.width)
	w.s(" ")
	w.n(d.height)
	w.s(`"`)
	if d.pixels {
		w.attrN("width", d.width)
		w.attrN("height", d.height)
	} else {
		// Never drawn narrower than its own width, so that no text falls under its 11 px: on a
		// narrow screen the chart's frame scrolls instead.
		w.s(` width="100%" preserveAspectRatio="xMidYMid meet" style="min-width: `)
		w.n(d.width)
		w.s(`px"`)
	}
	w.s(` role="img" aria-labelledby="`)
	w.s(id)
	w.s(`-t `)
	w.s(id)
	w.s(`-d" class="sb-chart sb-chart-`)
	w.s(d.kind)
	w.s(`" lang="`)
	if d.lang == "en" {
		w.s("en")
	} else {
		w.s("zh-CN")
	}
	w.s(`" font-family="`)
	w.s(fontFamily)
	w.s(`" font-size="12" fill="` + inkText + `"><title id="`)
	w.s(id)
	w.s(`-t">`)
	w.esc(d.title)
	w.s(`</title><desc id="`)
	w.s(id)
	w.s(`-d">`)
	w.esc(d.desc)
	w.s(`</desc>`)
	w.b = append(w.b, body...)
	w.s(`</svg>`)
	return string(w.b)
}

// sanitizeID keeps the characters of id that are safe in an XML id and an HTML attribute.
func sanitizeID(id string) string {
	out := make([]byte, 0, len(id)+1)
	for i := 0; i < len(id) && len(out) < 64; i++ {
		c := id[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' {
			if len(out) == 0 && !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
				out = append(out, 'c')
			}
			out = append(out, c)
		}
	}
	return string(out)
}

// Chart is implemented by every chart type of this package.
type Chart interface {
	// SVG returns the chart as a standalone SVG document.
	SVG() string
	// Render returns the same SVG typed for inline use in html/template.
	Render() template.HTML
}

var (
	_ Chart = LineChart{}
	_ Chart = BarChart{}
	_ Chart = LorenzChart{}
	_ Chart = ParetoChart{}
	_ Chart = DistributionChart{}
	_ Chart = HistogramChart{}
	_ Chart = IntervalChart{}
	_ Chart = Sparkline{}
)

// trusted marks an SVG string produced by this package as safe for html/template.
func trusted(svg string) template.HTML {
	return template.HTML(svg) // #nosec: every caller string in svg was escaped by appendEscaped.
}

// titleAndTop draws the visible title, if any, and returns the y where content may start.
func titleAndTop(w *buf, title string, x float64) float64 {
	if title == "" {
		return 12
	}
	w.text(x, 22, `font-size="15" font-weight="bold"`, title)
	return 36
}

// emptyChart renders a labelled placeholder for a chart with nothing to draw.
func emptyChart(kind, title, desc, id, lang string) string {
	const width, height = 640, 200
	var w buf
	top := titleAndTop(&w, title, 16)
	w.rect(16, top, width-32, height-top-12, `fill="none" stroke="`+inkGrid+`" stroke-dasharray="4 4"`, "")
	msg := say(lang, msgNoData)
	w.text(width/2, (top+height-12)/2, `text-anchor="middle" dy="0.35em" font-size="14" fill="`+inkMuted+`"`, msg)
	if desc == "" {
		desc = msg
	}
	if title == "" {
		title = msg
	}
	return doc{kind: kind, width: width, height: height, title: title, desc: desc, id: id, lang: lang}.wrap(w.b)
}
