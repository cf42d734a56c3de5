package sim

import "seedbed/sim/internal/detmath"

// quarter advances every active venture by one quarter: with probability equal to its drive it
// does technical work (a number of search trials set by its size and resources), then it pays its
// burn, earns revenue if its approach is viable, and fails if its cash runs out. A failed team
// tries again with probability failure_tolerance (with a fresh runway, keeping its approach and
// drive) and otherwise leaves for good. Agents act in index order; their attributes are drawn
// independently, so the order favours no kind. Only the ventures in w.live are visited, and
// those that leave are dropped from it.
func (w *world) quarter(q int, rp *rng, out *stratOut) {
	r := *rp // in a register for the loop; nothing the loop calls draws
	m := w.m
	n := m.n
	a := &w.a
	geno, fit, field, kind, cash := a.geno[:n], a.fit[:n], a.field[:n], a.kind[:n], a.cash[:n]
	workThr, rejected := w.workThr[:n], w.rejected[:n]
	visited, tab, ext, extStride := w.visited, w.land.tab, w.land.ext, w.land.extStride
	stride, bitsN, k1, mask := w.land.stride, w.land.bits, w.land.k1, w.land.mask
	nbits := uint64(bitsN)
	landmark, viable, slack := m.landmark, m.viable, m.slack
	jumpThr, jumpBits, incremental := m.jumpThr, m.jumpBits, m.incremental
	six := incremental && k1 == 6
	diff6, diff6Stride := w.land.diff6, w.land.diff6Stride()
	// revenue[size][viable]: added to cash by arithmetic, not a branch (viability is a coin
	// flip to the processor's predictor); adding 0 leaves a cash value as it was.
	revenue := [2][2]float32{{0, m.revenue[0]}, {0, m.revenue[1]}}
	live := w.live
	kept := 0

	for _, li := range live {
		i := int(li)
		k := kind[i]
		size := k & kindLarge
		x := r.next()
		g, f := geno[i], fit[i]
		if uint64(uint32(x)) < workThr[i] {
			trials := m.trials[size] + m.resTrials&-b2i(cash[i] >= m.resThr[size])
			fi := int(field[i])
			db := fi * diff6Stride
			vb := uint64(fi) << (bitsN & 63)
			explorer := k&kindNonMainstream != 0
			rej := rejected[i]
			hi := x >> 32 // the first trial reuses the upper half of x
			for tr := 0; tr < trials; tr++ {
				if tr > 0 {
					hi = r.next() >> 32
				}
				var c, flip uint32
				var fc int32
				// Conditions combined by arithmetic test as one branch: whether an innovator is an
				// explorer is a coin flip to the branch predictor.
				if b2i(explorer)&b2i(hi&0xffff < jumpThr>>16) != 0 {
					// A long jump: flip up to jump_bits random bits.
					c = g
					if six {
						// One bit at a time from the change table: integer sums, so the
						// same fitness as a full evaluation, in a fifth of the reads.
						fc = f
						for j := 0; j < jumpBits; j++ {
							b := uint((r.next()>>32*nbits)>>32) & 31
							fc += flipDelta6(diff6[db:db+diff6Stride], c, b, bitsN)
							c ^= 1 << b
						}
					} else {
						for j := 0; j < jumpBits; j++ {
							c ^= 1 << ((r.next() >> 32 * nbits) >> 32)
						}
						fc = sumContrib(tab[fi*stride:(fi+1)*stride], c, bitsN, k1, mask)
					}
				} else {
					b := uint((hi*nbits)>>32) & 31
					flip = 1 << b
					c = g ^ flip
					switch {
					case six:
						// flipDelta6, written out: the call cost a tenth of the step.
						s := b + bitsN - 5
						s -= bitsN & -uint(b2i(s >= bitsN))
						r := (uint64(g) | uint64(g)<<(bitsN&63)) >> (s & 63)
						o := db + int(s)*(6<<6)
						t := (*[6 << 6]int32)(diff6[o : o+6<<6])
						fc = f + t[r&63] + t[64+r>>1&63] + t[128+r>>2&63] + t[192+r>>3&63] + t[256+r>>4&63] + t[320+r>>5&63]
					case incremental:
						fc = f + flipDelta(ext[fi*extStride:(fi+1)*extStride], g, b, bitsN, k1, mask)
					default:
						fc = sumContrib(tab[fi*stride:(fi+1)*stride], c, bitsN, k1, mask)
					}
					// Refused whatever has been visited, or refused before from the same approach: a
					// flip refused once stays refused while the approach is unchanged (its fitness
					// is fixed and visits only accumulate).
					if int(rej>>b&1)|b2i(fc <= f)&(b2i(!explorer)|b2i(fc < f-slack)) != 0 {
						rej |= flip
						continue
					}
				}
				// Read the visited bit only when the decision needs it.
				v := vb | uint64(c)
				word, bit := &visited[v>>6], uint64(1)<<(v&63)
				seen := *word&bit != 0
				// Explorers prefer the unexplored, even a little downhill.
				if b2i(fc > f)|b2i(explorer)&b2i(!seen)&b2i(fc >= f-slack) == 0 {
					rej |= flip // seen stays seen: refused again while the approach is unchanged
					continue
				}
				g, f, rej = c, fc, 0
				if !seen {
					*word |= bit
					w.distinct++
					if len(w.touched) < cap(w.touched) {
						w.touched = append(w.touched, uint32(v>>6))
					} else {
						w.touchedAll = true
					}
					if fc >= landmark {
						w.discover(i, c, fc, q, out)
					}
				}
			}
			geno[i], fit[i], rejected[i] = g, f, rej
		}
		c := cash[i] - m.burn[size] + revenue[size&1][b2i(f >= viable)]
		if c < 0 {
			if uint64(uint32(r.next())) < m.tolThr {
				c = m.startCash[size]
				out.restarts++
				w.failed[i] = true
			} else {
				cash[i] = 0
				continue
			}
		}
		cash[i] = c
		live[kept] = li
		kept++
	}
	*rp = r
	w.live = live[:kept]
	out.activeSteps += len(live)
}

// discover records a landmark: the first visit by anyone to an approach whose fitness reaches
// landmark_z. Its value is V = P·(1 + z − landmark_z) with P Pareto-distributed with tail index
// value_tail, drawn from a hash of the approach so that the same approach is worth the same under
// every strategy. The team gains landmark_runway quarters of cash.
func (w *world) discover(i int, g uint32, f int32, q int, out *stratOut) {
	m := w.m
	field := w.a.field[i]
	h := mix64(w.land.valueKey ^ (uint64(field)<<32 | uint64(g)))
	u := float64(float64(h>>11) * 0x1p-53)
	p := detmath.Exp(float64(-detmath.Log(1-u) * m.alphaInv))
	z := zForSum(m.bits, f)
	out.value += float64(p * (1 + (z - m.cfg.Landscape.LandmarkZ)))
	out.landmarks++
	if out.first == 0 {
		out.first = q + 1
	}
	k := w.a.kind[i]
	if k&kindLarge == 0 {
		out.byKind[0]++
	}
	if k&kindNational == 0 {
		out.byKind[1]++
	}
	if k&kindNonMainstream != 0 {
		out.byKind[2]++
	}
	w.found[i] = true
	w.a.cash[i] += m.bonusCash[k&kindLarge]
}

// b2i is 1 for true; the compiler makes it a flag move, not a branch.
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
