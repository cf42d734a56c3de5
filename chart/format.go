package chart

import (
	"math"
	"strconv"
	"strings"
)

// unit is a large-number suffix.
type unit struct {
	size float64
	name string
}

var (
	unitsZh = []unit{{1e12, "万亿"}, {1e8, "亿"}, {1e4, "万"}}
	unitsEn = []unit{{1e12, "T"}, {1e9, "B"}, {1e6, "M"}, {1e3, "k"}}
)

// FormatCompactZh formats v for axis and value labels with the Chinese large-number units
// 万, 亿 and 万亿 (12000 → "1.2万", 350000000 → "3.5亿"). It is the default Format.
func FormatCompactZh(v float64) string { return compact(v, unitsZh) }

// FormatCompactEn formats v with the English suffixes k, M, B and T (12000 → "12k").
func FormatCompactEn(v float64) string { return compact(v, unitsEn) }

// FormatPercent formats a share as a percentage (0.253 → "25.3%").
func FormatPercent(v float64) string {
	if !finite(v) {
		return compact(v, nil)
	}
	return trimFixed(v*100, 1) + "%"
}

// formatter returns f, or the default for lang when f is nil.
func formatter(f func(float64) string, lang string) func(float64) string {
	if f != nil {
		return f
	}
	if lang == "en" {
		return FormatCompactEn
	}
	return FormatCompactZh
}

func compact(v float64, units []unit) string {
	switch {
	case math.IsNaN(v):
		return "—"
	case math.IsInf(v, 1):
		return "∞"
	case math.IsInf(v, -1):
		return "−∞"
	}
	a := math.Abs(v)
	if a >= 1e16 || (a > 0 && a < 1e-6) {
		return strconv.FormatFloat(v, 'g', 3, 64)
	}
	d := plainDecimals(a)
	for _, u := range units {
		// Compare after rounding, so that 9999.9 shows as "1万" rather than "10000".
		if roundTo(a, d) >= u.size {
			return trimFixed(v/u.size, 2) + u.name
		}
	}
	return trimFixed(v, d)
}

// plainDecimals is how many decimals a number of magnitude a shows without a unit: none from
// 1000 up, two from 1, and three significant digits below 1.
func plainDecimals(a float64) int {
	switch {
	case a >= 1000:
		return 0
	case a >= 1 || a == 0:
		return 2
	}
	return int(math.Ceil(-math.Log10(a))) + 2
}

// roundTo rounds v to d decimals.
func roundTo(v float64, d int) float64 {
	p := math.Pow(10, float64(d))
	return math.Round(v*p) / p
}

// trimFixed formats v with at most d decimals, dropping trailing zeros and a negative zero.
func trimFixed(v float64, d int) string {
	s := strconv.FormatFloat(v, 'f', d, 64)
	if strings.IndexByte(s, '.') >= 0 {
		s = strings.TrimRight(s, "0")
		s = strings.TrimSuffix(s, ".")
	}
	if s == "-0" {
		return "0"
	}
	return s
}
