package sqlstore

import (
	"encoding/binary"
	"math"
)

// A value in a packed series (format 3) is one uvarint x, in one to three bytes for most
// statistics: a whole number n is n<<2, a number of tenths n<<2|1, of hundredths n<<2|2 — each
// used only where it gives back the value's float32 exactly — a gap is 3, and any other value is
// 7 followed by its four float32 bytes. Most values of the indicators are counts or carry one or
// two decimals, so a row is about half the bytes of plain float32s and two fit in a page of
// SQLite's.
const (
	valueGap = 3
	valueRaw = 1<<2 | 3
)

// valueScales are the divisors of the whole, tenths and hundredths forms.
var valueScales = [3]float64{1, 10, 100}

// appendSeriesValue appends the packed form of v.
func appendSeriesValue(b []byte, v float32) []byte {
	if v != v {
		return binary.AppendUvarint(b, valueGap)
	}
	for d, scale := range valueScales {
		n := math.Round(float64(v) * scale)
		if n < 0 || n >= 1<<50 {
			break
		}
		if u := uint64(n); math.Float32bits(float32(float64(u)/scale)) == math.Float32bits(v) {
			return binary.AppendUvarint(b, u<<2|uint64(d))
		}
	}
	b = binary.AppendUvarint(b, valueRaw)
	return binary.LittleEndian.AppendUint32(b, math.Float32bits(v))
}

// seriesValue decodes the packed value at b[p:] and returns it and the position after it; ok is
// false for bytes that are not a packed value.
func seriesValue(b []byte, p int) (v float32, next int, ok bool) {
	if p < len(b) && b[p] < 0x80 { // one byte: a small whole number, tenths or hundredths, a gap
		x := b[p]
		switch x & 3 {
		case 0:
			return float32(x >> 2), p + 1, true
		case 3:
			if x == valueGap {
				return float32(math.NaN()), p + 1, true
			}
		default:
			return float32(float64(x>>2) / valueScales[x&3]), p + 1, true
		}
	}
	x, m := binary.Uvarint(b[p:])
	if m <= 0 {
		return 0, 0, false
	}
	p += m
	switch {
	case x&3 != 3:
		return float32(float64(x>>2) / valueScales[x&3]), p, true
	case x == valueGap:
		return float32(math.NaN()), p, true
	case x == valueRaw && p+4 <= len(b):
		return math.Float32frombits(binary.LittleEndian.Uint32(b[p:])), p + 4, true
	}
	return 0, 0, false
}
