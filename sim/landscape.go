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
	// flip, when K ≤ 5 and one-bit changes are evaluated incrementally (2(K+1) < bits), holds
	// for each field and bit b the fitness change of flipping b, in two halves indexed by bits
	// of the window w = the approach rotated right by rot[b] = b−K mod bits (so that bits
	// 0 … 2K of w are the approach's bits b−K … b+K): the first three loci the flip touches
	// (or all, for K < 3) by w's bits 0 … 7, the others by w's bits 3 … 10. A one-bit trial's
	// change is two reads (flipRow.change), with no bounds check; bits of w that a locus does
	// not read leave the entry as it is.
	flip []flipRow // 32 rows a field, row b for bit b (rows b ≥ bits unused)
	rot  [32]uint8
	// tri and off give the window of a flip of bit b without rot, when 3·bits ≤ 64: the
	// approach g three times over is g·tri, and its bits b+off … are the window's.
	tri        uint64
	off        uint
	mainstream []uint32 // the mainstream approach of each field
	valueKey   uint64   // keys the heavy-tailed value of each approach
}

// flipRow is a flip table's entries for one field and bit: the first half's changes by window
// bits 0 … 7, then the second half's by bits 3 … 10.
type flipRow [512]int32

// change is the fitness change of flipping the row's bit, for the window w.
func (t *flipRow) change(w uint64) int32 { return t[w&255] + t[256+w>>3&255] }

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
	if l.k1 <= 6 && 2*l.k1 < l.bits { // as model.incremental
		l.flip = l.flipTable(l.flip)
	}
}

// flipTable fills the flip table from the extended tables. The change of flipping bit b is the
// sum over the K+1 loci s … s+K it touches (s = b−K) of the change of each one's contribution;
// locus s+m reads window bits m … m+K. Integer sums: exact in any grouping.
func (l *landscape) flipTable(dst []flipRow) []flipRow {
	k := l.k1 - 1
	h := min(3, l.k1) // loci m < h in the first half
	for b := uint(0); b < 32; b++ {
		l.rot[b] = uint8((b + l.bits - k) % l.bits)
	}
	var change [6][64]int32 // locus s+m's change, by its window
	l.tri = 1 | uint64(1)<<l.bits | uint64(1)<<(2*l.bits&63)
	l.off = l.bits - k
	size := len(l.ext) / l.extStride * 32
	if cap(dst) < size {
		dst = make([]flipRow, size)
	}
	dst = dst[:size]
	o := 0
	for f := 0; f*l.extStride < len(l.ext); f++ {
		ext := l.ext[f*l.extStride : (f+1)*l.extStride]
		for b := uint(0); b < l.bits; b++ {
			s := uint(l.rot[b])
			for m := uint(0); m < l.k1; m++ {
				row := ext[(s+m)<<l.k1 : (s+m+1)<<l.k1]
				for w := range row {
					change[m][w] = int32(row[w^1<<(k-m)]) - int32(row[w])
				}
			}
			t := &dst[o]
			for w := range uint(256) {
				var lo, hi int32
				for m := uint(0); m < h; m++ {
					lo += change[m][w>>m&uint(l.mask)]
				}
				for m := h; m < l.k1; m++ {
					hi += change[m][w<<3>>m&uint(l.mask)]
				}
				t[w], t[256+w] = lo, hi
			}
			o++
		}
		o += 32 - int(l.bits)
	}
	return dst
}

// flipChange returns fitness(g ^ 1<<b) − fitness(g) in field f from the flip table.
func (l *landscape) flipChange(f int, g uint32, b uint) int32 {
	gg := uint64(g) | uint64(g)<<l.bits
	return l.flip[f*32+int(b)].change(gg >> l.rot[b&31])
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

// zForSum returns the standardised fitness of a contribution sum (model.z keeps the two constants).
func zForSum(bits int, s int32) float64 {
	return zWith(s, float64(float64(bits)/2), math.Sqrt(float64(bits)/12))
}

// zWith standardises the contribution sum s with half the approach length and the sum's
// standard deviation, in units of a contribution.
func zWith(s int32, half, sd float64) float64 { return (float64(float64(s)/unit) - half) / sd }
