package chart

import (
	"fmt"
	"math"
	"testing"
)

// isNiceStep reports whether step is 1, 2 or 5 times a power of ten.
func isNiceStep(step float64) bool {
	p := math.Pow(10, math.Floor(math.Log10(step)))
	f := step / p
	for _, want := range []float64{1, 2, 5, 10} {
		if math.Abs(f-want) < 1e-9 {
			return true
		}
	}
	return false
}

func TestNiceTicks(t *testing.T) {
	cases := []struct {
		lo, hi float64
		target int
		want   []float64 // nil: check only the properties
	}{
		{0, 10, 5, []float64{0, 2, 4, 6, 8, 10}},
		{0, 25, 5, []float64{0, 5, 10, 15, 20, 25}},
		{0, 1, 5, []float64{0, 0.2, 0.4, 0.6, 0.8, 1}},
		{0.1, 0.3, 2, []float64{0.1, 0.2, 0.3}},
		{-7, 2, 5, []float64{-8, -6, -4, -2, 0, 2}},
		{0, 0, 5, []float64{0, 0.2, 0.4, 0.6, 0.8, 1}},
		{5, 5, 5, nil},
		{3, 1234567, 5, nil},
		{-1e-9, 3e-9, 5, nil},
		{1e15, 1e15 + 100, 4, nil},
		{0.001, 0.0013, 5, nil},
		{-50, -49, 6, nil},
	}
	for _, tc := range cases {
		got := niceTicks(tc.lo, tc.hi, tc.target)
		if tc.want != nil {
			if len(got) != len(tc.want) {
				t.Errorf("niceTicks(%v, %v) = %v, want %v", tc.lo, tc.hi, got, tc.want)
				continue
			}
			for i := range got {
				if math.Abs(got[i]-tc.want[i]) > 1e-12 {
					t.Errorf("niceTicks(%v, %v) = %v, want %v", tc.lo, tc.hi, got, tc.want)
					break
				}
			}
		}
		if len(got) < 2 || len(got) > 3*tc.target+2 {
			t.Errorf("niceTicks(%v, %v): %d ticks", tc.lo, tc.hi, len(got))
		}
		if got[0] > tc.lo || got[len(got)-1] < tc.hi {
			t.Errorf("niceTicks(%v, %v) = %v does not enclose the data", tc.lo, tc.hi, got)
		}
		step := got[1] - got[0]
		if !isNiceStep(step) {
			t.Errorf("niceTicks(%v, %v) step %v is not 1-2-5", tc.lo, tc.hi, step)
		}
		for i := 1; i < len(got); i++ {
			if !(got[i] > got[i-1]) {
				t.Errorf("niceTicks(%v, %v) = %v not increasing", tc.lo, tc.hi, got)
			}
		}
	}
}

func TestNiceTicksExtremes(t *testing.T) {
	cases := [][2]float64{
		{-math.MaxFloat64, math.MaxFloat64},
		{math.MaxFloat64, math.MaxFloat64},
		{0, math.MaxFloat64},
		{math.SmallestNonzeroFloat64, 2 * math.SmallestNonzeroFloat64},
		{math.NaN(), 1},
		{math.Inf(-1), math.Inf(1)},
	}
	for _, c := range cases {
		got := niceTicks(c[0], c[1], 5)
		if len(got) < 2 {
			t.Errorf("niceTicks(%v, %v) = %v", c[0], c[1], got)
		}
		for _, v := range got {
			if !finite(v) {
				t.Errorf("niceTicks(%v, %v) = %v has a non-finite tick", c[0], c[1], got)
			}
		}
		sc := linear{d0: got[0], d1: got[len(got)-1], r0: 0, r1: 100}
		for _, v := range got {
			if y := sc.at(v); !finite(y) || y < -1e-6 || y > 100+1e-6 {
				t.Errorf("scale over %v maps %v to %v", got, v, y)
			}
		}
	}
}

func TestFormat(t *testing.T) {
	cases := []struct {
		f    func(float64) string
		in   float64
		want string
	}{
		{FormatCompactZh, 0, "0"},
		{FormatCompactZh, 7, "7"},
		{FormatCompactZh, 2.5, "2.5"},
		{FormatCompactZh, 0.30000000000000004, "0.3"},
		{FormatCompactZh, 0.005, "0.005"},
		{FormatCompactZh, 1234, "1234"},
		{FormatCompactZh, 12000, "1.2万"},
		{FormatCompactZh, -12000, "-1.2万"},
		{FormatCompactZh, 9999.9, "1万"},
		{FormatCompactZh, 350000000, "3.5亿"},
		{FormatCompactZh, 2e12, "2万亿"},
		{FormatCompactZh, 1e20, "1e+20"},
		{FormatCompactZh, -0.0000001, "-1e-07"},
		{FormatCompactZh, math.NaN(), "—"},
		{FormatCompactZh, math.Inf(1), "∞"},
		{FormatCompactEn, 1500, "1.5k"},
		{FormatCompactEn, 999, "999"},
		{FormatCompactEn, 2500000, "2.5M"},
		{FormatCompactEn, 7e9, "7B"},
		{FormatPercent, 0.253, "25.3%"},
		{FormatPercent, 1, "100%"},
		{FormatPercent, 0, "0%"},
	}
	for _, tc := range cases {
		if got := tc.f(tc.in); got != tc.want {
			t.Errorf("format(%v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestAppendEscaped(t *testing.T) {
	cases := []struct{ in, want string }{
		{"plain 中文", "plain 中文"},
		{`<a href="x">&'`, "&lt;a href=&#34;x&#34;&gt;&amp;&#39;"},
		{"line\nbreak\ttab\x00nul", "line break tab nul"},
		{"bad\xffutf8", "bad\uFFFDutf8"},
		{"non\uFFFEchar", "non\uFFFDchar"},
		{"c1\u0085ctl", "c1\uFFFDctl"},
	}
	for _, tc := range cases {
		if got := string(appendEscaped(nil, tc.in)); got != tc.want {
			t.Errorf("appendEscaped(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestAppendNum(t *testing.T) {
	cases := []struct {
		in   float64
		want string
	}{
		{0, "0"}, {math.Copysign(0, -1), "0"}, {1.25, "1.3"}, {-3.04, "-3"}, {12.5, "12.5"},
		{math.NaN(), "0"}, {math.Inf(1), "1000000"}, {-1e300, "-1000000"},
	}
	for _, tc := range cases {
		if got := string(appendNum(nil, tc.in)); got != tc.want {
			t.Errorf("appendNum(%v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestFit(t *testing.T) {
	cases := []struct {
		in       string
		maxWidth float64
		want     string
	}{
		{"short", 100, "short"},
		{"专利申请数量统计", 50, "专利申请…"},
		{"abcdefghijklmnopqrstuvwxyz", 60, "abcdefghij…"},
		{"", 10, ""},
	}
	for _, tc := range cases {
		got := fit(tc.in, tc.maxWidth, 10)
		if got != tc.want {
			t.Errorf("fit(%q, %v) = %q, want %q", tc.in, tc.maxWidth, got, tc.want)
		}
		if textWidth(got, 10) > tc.maxWidth+1e-9 && got != tc.in {
			t.Errorf("fit(%q, %v) = %q is %v wide", tc.in, tc.maxWidth, got, textWidth(got, 10))
		}
	}
}

func TestWholeTicks(t *testing.T) {
	cases := []struct{ in, want []float64 }{
		{[]float64{0, 0.5, 1, 1.5, 2}, []float64{0, 1, 2}},
		{[]float64{0, 0.2, 0.4}, []float64{0, 1}},
		{[]float64{0, 5, 10}, []float64{0, 5, 10}},
	}
	for _, c := range cases {
		got := wholeTicks(c.in)
		if fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("wholeTicks(%v) = %v, want %v", c.in, got, c.want)
		}
	}
}
