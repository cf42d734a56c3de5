package sim

import "math"

// landscape holds one NK landscape per technical field. An approach is a string of `bits` bits
// (a uint32); locus i contributes c_i(x_i, x_{i+1}, …, x_{i+K}) with neighbours taken cyclically,
// each c_i drawn uniformly for every one of its 2^(K+1) arguments. Contributions are 24-bit
// integers (c/2^24 is the usual uniform in [0, 1)) and fitness is their integer sum: sums are
// exact, so a one-bit change can be evaluated from the K+1 loci it touches and still give the same
// number as a full evaluation, and nothing depends on floating-point rounding.
type landscape struct {
	bits       uint
	k1         uint   // K+1: bits in a contribution's argument
	mask       uint64 // 2^(K+1) − 1
	stride     int    // contributions per field: bits · 2^(K+1)
	tab        []uint32
	ext        []uint32 // tab with each field's first K loci repeated after its last (flipDelta)
	extStride  int
	mainstream []uint32 // the mainstream approach of each field
	valueKey   uint64   // keys the heavy-tailed value of each approach
}

// unit is the integer value of a contribution of 1.
const unit = 1 << 24

func newLandscape(fields, bits, k int) landscape {
	k1 := uint(k + 1)
	stride := bits << k1
	return landscape{
		bits:       uint(bits),
		k1:         k1,
		mask:       1<<k1 - 1,
		stride:     stride,
		extStride:  (bits + k) << k1,
		tab:        make([]uint32, fields*stride),
		mainstream: make([]uint32, fields),
	}
}

// draw fills the contribution tables and picks each field's mainstream approach.
func (l *landscape) draw(r *rng) {
	for i := range l.tab {
		l.tab[i] = uint32(r.next() >> 40)
	}
	for f := range l.mainstream {
		l.mainstream[f] = uint32(r.next()) & l.approachMask()
	}
	l.valueKey = r.next()
	l.ext = l.extendedTable(l.ext)
}

func (l *landscape) approachMask() uint32 { return uint32(1)<<l.bits - 1 }

// fitness returns the contribution sum of approach g in field f.
func (l *landscape) fitness(f int, g uint32) int32 {
	return sumContrib(l.tab[f*l.stride:(f+1)*l.stride], g, l.bits, l.k1, l.mask)
}

// sumContrib adds the contributions of g's loci from one field's table. The approach is doubled
// (g | g<<bits) so that locus i's cyclic neighbourhood is one shift and mask.
func sumContrib(t []uint32, g uint32, bits, k1 uint, mask uint64) int32 {
	gg := uint64(g) | uint64(g)<<bits
	var s0, s1 uint32
	i := uint(0)
	for ; i+1 < bits; i += 2 {
		s0 += t[int(i<<k1)|int((gg>>i)&mask)]
		s1 += t[int((i+1)<<k1)|int((gg>>(i+1))&mask)]
	}
	if i < bits {
		s0 += t[int(i<<k1)|int((gg>>i)&mask)]
	}
	return int32(s0 + s1)
}

// flipDelta returns fitness(g ^ 1<<b) − fitness(g): only the K+1 loci whose neighbourhood holds
// bit b change, namely loci b−K … b (cyclically). ext is the field's table extended by K loci
// (extendedTable), so that those loci are consecutive without wrapping; it needs 2K+1 ≤ bits,
// which the incremental evaluation ensures.
func flipDelta(ext []uint32, g uint32, b, bits, k1 uint, mask uint64) int32 {
	k := k1 - 1
	s := b + bits - k // the first locus touched, before wrapping
	if s >= bits {
		s -= bits
	}
	// r holds g rotated right by s: bit b sits at position K, locus s+m's window at r>>m.
	gg := uint64(g) | uint64(g)<<bits
	r := gg >> s
	t := ext[s<<k1:]
	var d int32
	for m := uint(0); m < k1; m++ {
		w := uint((r >> m) & mask)
		row := t[m<<k1 : (m+1)<<k1]
		d += int32(row[w^1<<(k-m)]) - int32(row[w])
	}
	return d
}

// flipDelta6 is flipDelta for K = 5 (K+1 = 6, the reference ruggedness): the six loci unrolled
// with constant shifts, from one bounds-checked view of the table.
func flipDelta6(ext []uint32, g uint32, b, bits uint) int32 {
	s := b + bits - 5
	if s >= bits {
		s -= bits
	}
	gg := uint64(g) | uint64(g)<<bits
	r := gg >> s
	t := (*[6 << 6]uint32)(ext[s<<6 : s<<6+6<<6])
	w0, w1, w2 := r&63, r>>1&63, r>>2&63
	w3, w4, w5 := r>>3&63, r>>4&63, r>>5&63
	d0 := int32(t[0<<6|w0^32]) - int32(t[0<<6|w0])
	d1 := int32(t[1<<6|w1^16]) - int32(t[1<<6|w1])
	d2 := int32(t[2<<6|w2^8]) - int32(t[2<<6|w2])
	d3 := int32(t[3<<6|w3^4]) - int32(t[3<<6|w3])
	d4 := int32(t[4<<6|w4^2]) - int32(t[4<<6|w4])
	d5 := int32(t[5<<6|w5^1]) - int32(t[5<<6|w5])
	return d0 + d1 + d2 + d3 + d4 + d5
}

// extendedTable returns the landscape's contribution tables with each field's first K loci
// repeated after its last: fields × (bits+K) × 2^(K+1) entries, a field every extStride.
func (l *landscape) extendedTable(dst []uint32) []uint32 {
	extStride := int(l.bits+l.k1-1) << l.k1
	dst = dst[:0]
	for f := 0; f*l.stride < len(l.tab); f++ {
		t := l.tab[f*l.stride : (f+1)*l.stride]
		dst = append(dst, t...)
		dst = append(dst, t[:extStride-l.stride]...)
	}
	return dst
}

// sumForZ converts a standardised fitness z to the smallest contribution sum that reaches it: a
// random approach's mean contribution has mean 1/2 and standard deviation 1/sqrt(12·bits).
func sumForZ(bits int, z float64) int32 {
	sd := math.Sqrt(float64(bits) / 12) // of the sum of contributions in units of 1
	return int32(math.Ceil(float64(float64(float64(bits)/2)+float64(z*sd)) * unit))
}

// sumSpan converts a span of z (a slack or a gain) to contribution-sum units, rounded.
func sumSpan(bits int, dz float64) int32 {
	return int32(math.Round(float64(dz*math.Sqrt(float64(bits)/12)) * unit))
}

// zForSum returns the standardised fitness of a contribution sum.
func zForSum(bits int, s int32) float64 {
	return (float64(float64(s)/unit) - float64(float64(bits)/2)) / math.Sqrt(float64(bits)/12)
}
