package chart

import (
	"encoding/binary"
	"math"
	"strings"
	"testing"
)

// floatsFrom turns fuzz bytes into float64s, eight bytes each, so the fuzzer reaches NaN
// payloads, infinities, subnormals and extremes as easily as ordinary numbers.
func floatsFrom(data []byte) []float64 {
	out := make([]float64, 0, len(data)/8)
	for len(data) >= 8 && len(out) < 512 {
		out = append(out, math.Float64frombits(binary.LittleEndian.Uint64(data)))
		data = data[8:]
	}
	return out
}

func FuzzCharts(f *testing.F) {
	seed := func(vs ...float64) []byte {
		b := make([]byte, 0, 8*len(vs))
		for _, v := range vs {
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
		}
		return b
	}
	f.Add("专利申请", "en", 1, seed(1, 2, 3))
	f.Add(hostile, "zh", -3, seed(math.NaN(), math.Inf(1), -1e308, 0))
	f.Add("", "", 1000, []byte{})
	f.Add("a\x00b\xffc", "en", 0, seed(5, 5, 5, 5, 5))
	f.Add(strings.Repeat("长", 300), "zh", 2, seed(1e-320, -0.0, 3e300))
	f.Fuzz(func(t *testing.T, label, lang string, index int, data []byte) {
		values := floatsFrom(data)
		half := values[:len(values)/2]
		labels := []string{label, label + "2", "", label}
		charts := []renderer{
			LineChart{Title: label, XLabels: labels, YLabel: label, Lang: lang, ID: label, FitY: index%2 == 0,
				Series:  []Series{{Name: label, Values: values}, {Name: label, Values: half}},
				Markers: []Marker{{AtIndex: index, Label: label}}, Bands: []Band{{From: index, To: index + 2, Label: label}}},
			BarChart{Title: label, Labels: labels, Values: values, Lang: lang, Markers: []Marker{{AtIndex: index, Label: label}}},
			LorenzChart{Title: label, Values: values, Lang: lang},
			ParetoChart{Title: label, Labels: labels, Values: values, Lang: lang},
			DistributionChart{Title: label, XLabel: label, Lang: lang, Groups: []Group{{Name: label, Values: values}, {Name: label, Values: half}}},
			HistogramChart{Title: label, XLabel: label, Lang: lang, Bins: index, Groups: []Group{{Name: label, Values: values}, {Name: label, Values: half}}},
			IntervalChart{Title: label, XLabel: label, Lang: lang, Refs: []RefLine{{Value: at(values, 3), Label: label}},
				Rows: []Interval{{Name: label, Mean: at(values, 0), Lo: at(values, 1), Hi: at(values, 2)}}},
			Sparkline{Title: label, Values: values, Lang: lang, Width: index, Height: index,
				Refs: []RefLine{{Value: at(values, 0), Label: label}}},
		}
		for _, c := range charts {
			svg := c.SVG()
			if err := checkSVG(svg); err != nil {
				t.Fatalf("%T: %v\n%s", c, err, svg)
			}
			if strings.Contains(svg, "NaN") || strings.Contains(svg, "Inf") {
				t.Fatalf("%T: non-finite number in output", c)
			}
		}
	})
}
