package sim

import "math"

// landscape holds one NK landscape per technical field. An approach is a string of `bits` bits
// (a uint32); locus i contributes c_i(x_i, x_{i+1}, …, x_{i+K}) with neighbours taken cyclically,
// each c_i drawn uniformly for every one of its 2^(K+1) arguments. Contributions are 24-bit
// integers (c/2^24 is the usual uniform in [0, 1)) and fitness is their integer sum: sums are
// exact, so a one-bit change can be evaluated from the K+1 loci it touches and still give the same
// number as a full evaluation, and nothing depends on floating-point rounding.
type landscape struct {
	bits      uint
	k1        uint   // K+1: bits in a contribution's argument
	mask      uint64 // 2^(K+1) − 1
	stride    int    // contributions per field: bits · 2^(K+1)
	tab       []uint32
	ext       []uint32 // tab with each field's first K loci repeated after its last (flipDelta)
	extStride int
	// diff6, for K = 5 with incremental evaluation, holds for each field, first touched locus s,
	// m < 6 and window w the change of locus s+m's contribution when the flipped bit (bit 5−m
	// of its window) flips: a one-bit trial's fitness change is six reads of it (flipDelta6).
	diff6      []int32
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
	if l.k1 == 6 && 2*l.k1-1 <= l.bits { // flipDelta needs 2K+1 ≤ bits
		l.diff6 = l.flipDiffs6(l.diff6)
	}
}

// diff6Stride is the length of one field's part of diff6.
func (l *landscape) diff6Stride() int { return int(l.bits) * 6 << 6 }

// flipDiffs6 fills diff6 from the extended tables.
func (l *landscape) flipDiffs6(dst []int32) []int32 {
	dst = dst[:0]
	for f := 0; f*l.extStride < len(l.ext); f++ {
		ext := l.ext[f*l.extStride : (f+1)*l.extStride]
		for s := 0; s < int(l.bits); s++ {
			for m := 0; m < 6; m++ {
				row := ext[(s+m)<<6 : (s+m+1)<<6]
				for w := range 64 {
					dst = append(dst, int32(row[w^32>>m])-int32(row[w]))
				}
			}
		}
	}
	return dst
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

// flipDelta6 is flipDelta for K = 5 (K+1 = 6, the reference ruggedness), from one field's part
// of diff6: six reads with constant offsets, from one bounds-checked view of the table. The lab's
// loop (quarter) has it written out.
func flipDelta6(diff []int32, g uint32, b, bits uint) int32 {
	s := b + bits - 5
	s -= bits & -uint(b2i(s >= bits))
	r := (uint64(g) | uint64(g)<<(bits&63)) >> (s & 63)
	o := int(s) * (6 << 6)
	t := (*[6 << 6]int32)(diff[o : o+6<<6])
	return t[r&63] + t[64+r>>1&63] + t[128+r>>2&63] + t[192+r>>3&63] + t[256+r>>4&63] + t[320+r>>5&63]
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
