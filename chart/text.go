package chart

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// phrase is built-in chart text in the two working languages.
type phrase struct{ zh, en string }

var (
	msgNoData      = phrase{"暂无数据", "No data"}
	msgLineChart   = phrase{"折线图", "Line chart"}
	msgBarChart    = phrase{"柱状图", "Bar chart"}
	msgLorenz      = phrase{"洛伦兹曲线", "Lorenz curve"}
	msgEquality    = phrase{"完全均等线", "Line of equality"}
	msgShareItems  = phrase{"项目累计占比", "Cumulative share of items"}
	msgShareValue  = phrase{"价值累计占比", "Cumulative share of value"}
	msgGini        = phrase{"基尼系数", "Gini coefficient"}
	msgPareto      = phrase{"帕累托图", "Pareto chart"}
	msgValue       = phrase{"价值", "Value"}
	msgCumShare    = phrase{"累计占比", "Cumulative share"}
	msgItemsSorted = phrase{"按价值从高到低排列的项目", "Items sorted by value, largest first"}
	msgDistrib     = phrase{"分布图", "Distribution chart"}
	msgHistogram   = phrase{"直方图", "Histogram"}
	msgCount       = phrase{"频数", "Count"}
	msgInterval    = phrase{"区间估计图", "Interval chart"}
	msgIntervalKey = phrase{"点为估计值，横线为置信区间", "Dot: estimate; line: confidence interval"}
	msgSparkline   = phrase{"趋势图", "Trend"}
	msgDropped     = phrase{"已略去负值或无效值 ", "Negative or invalid values left out: "}
)

// say returns the phrase in lang: "en" gives English, anything else Chinese.
func say(lang string, p phrase) string {
	if lang == "en" {
		return p.en
	}
	return p.zh
}

// sentence joins clauses into running text with the punctuation of lang.
type sentence struct {
	lang string
	sb   strings.Builder
}

// add appends one clause, ending it with a full stop.
func (s *sentence) add(clause string) {
	if clause == "" {
		return
	}
	if s.lang == "en" {
		if s.sb.Len() > 0 {
			s.sb.WriteByte(' ')
		}
		s.sb.WriteString(clause)
		s.sb.WriteByte('.')
		return
	}
	s.sb.WriteString(clause)
	s.sb.WriteString("。")
}

func (s *sentence) String() string { return s.sb.String() }

// pick returns zh or en by lang.
func pick(lang, zh, en string) string {
	if lang == "en" {
		return en
	}
	return zh
}

// itoa is strconv.Itoa, short for use in descriptions.
func itoa(n int) string { return strconv.Itoa(n) }

// count is "1 item" or "n items": n with the singular or plural English noun.
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return itoa(n) + " " + many
}

// isWide reports whether r is drawn about one em wide (CJK ideographs, kana, hangul,
// full-width forms); other characters are taken as about 0.6 em.
func isWide(r rune) bool {
	switch {
	case r >= 0x1100 && r <= 0x115F,
		r >= 0x2E80 && r <= 0xA4CF,
		r >= 0xAC00 && r <= 0xD7A3,
		r >= 0xF900 && r <= 0xFAFF,
		r >= 0xFE30 && r <= 0xFE4F,
		r >= 0xFF00 && r <= 0xFF60,
		r >= 0xFFE0 && r <= 0xFFE6,
		r >= 0x1F300 && r <= 0x1FAFF,
		r >= 0x20000 && r <= 0x3FFFD:
		return true
	}
	return false
}

// runeWidth estimates the width of r in em. Without font metrics on the server this is an
// approximation, used only for layout (margins, legend wrapping, label thinning).
func runeWidth(r rune) float64 {
	switch {
	case r == 'i' || r == 'l' || r == 'j' || r == '.' || r == ',' || r == ':' || r == ';' || r == '\'' || r == '|' || r == '!':
		return 0.3
	case r == ' ' || r == 'f' || r == 't' || r == 'r' || r == '(' || r == ')' || r == '[' || r == ']' || r == '-':
		return 0.4
	case r >= 'A' && r <= 'Z' || r == 'm' || r == 'w' || r == '%' || r == '@':
		return 0.72
	case r < utf8.RuneSelf:
		return 0.58
	case isWide(r):
		return 1
	}
	return 0.62
}

// textWidth estimates the drawn width of s at the given font size.
func textWidth(s string, size float64) float64 {
	w := 0.0
	for _, r := range s {
		w += runeWidth(r)
	}
	return w * size
}

// fit shortens s with an ellipsis so that it is at most maxWidth wide at the font size.
// The full text stays available through the chart's description or a tooltip.
func fit(s string, maxWidth, size float64) string {
	if textWidth(s, size) <= maxWidth {
		return s
	}
	limit := maxWidth/size - runeWidth('…')
	w := 0.0
	for i, r := range s {
		w += runeWidth(r)
		if w > limit {
			return s[:i] + "…"
		}
	}
	return s
}
