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
	visited, bitsN := w.visited, w.land.bits
	nbits := uint64(bitsN)
	landmark, viable, slack := m.landmark, m.viable, m.slack
	jumpThr, jumpBits := m.jumpThr, m.jumpBits
	// The flip table (K ≤ 5, incremental): a one-bit trial's fitness change is two reads; other
	// landscapes are evaluated out of line (w.flipFitness, w.land.fitness).
	flipTab, rot := w.land.flip, &w.land.rot
	tabled := m.incremental && flipTab != nil
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
			fb := fi * int(bitsN)               // the field's first row of the flip table
			ex := int(k&kindNonMainstream) >> 2 // 1 for an explorer (kindNonMainstream is bit 2)
			rej := rejected[i]
			// A one-bit trial is refused when its fitness is below lo: no better, for mainstream
			// teams; more than slack worse, for explorers (who then also need it unvisited).
			lo := f + 1 - (slack+1)&-int32(ex)
			gg := uint64(g) | uint64(g)<<(bitsN&63)
			hi := x >> 32 // the first trial reuses the upper half of x
			for {
				var c, flip uint32
				var fc int32
				candidate := true // not yet refused
				// Conditions combined by arithmetic test as one branch: whether an innovator is an
				// explorer is a coin flip to the branch predictor.
				if ex&b2i(hi&0xffff < jumpThr>>16) != 0 {
					// A long jump: flip up to jump_bits random bits.
					c = g
					if tabled {
						// One bit at a time from the flip table: integer sums, so the same
						// fitness as a full evaluation.
						fc = f
						for j := 0; j < jumpBits; j++ {
							b := uint((r.next()>>32*nbits)>>32) & 31
							cc := uint64(c) | uint64(c)<<(bitsN&63)
							fc += flipTab[fb+int(b)].change(cc >> (rot[b] & 63))
							c ^= 1 << b
						}
					} else {
						for j := 0; j < jumpBits; j++ {
							c ^= 1 << ((r.next() >> 32 * nbits) >> 32)
						}
						fc = w.land.fitness(fi, c)
					}
				} else {
					b := uint((hi*nbits)>>32) & 31
					flip = 1 << b
					c = g ^ flip
					if tabled {
						fc = f + flipTab[fb+int(b)].change(gg>>(rot[b]&63))
					} else {
						fc = w.flipFitness(fi, g, f, b)
					}
					// Refused whatever has been visited, or refused before from the same approach: a
					// flip refused once stays refused while the approach is unchanged (its fitness
					// is fixed and visits only accumulate).
					if int(rej>>b&1)|b2i(fc < lo) != 0 {
						rej |= flip
						candidate = false
					}
				}
				if candidate {
					// Read the visited bit only when the decision needs it.
					v := uint64(fi)<<(bitsN&63) | uint64(c)
					word, bit := &visited[v>>6], uint64(1)<<(v&63)
					seen := *word&bit != 0
					// Explorers prefer the unexplored, even a little downhill.
					if b2i(fc > f)|ex&b2i(!seen)&b2i(fc >= f-slack) == 0 {
						rej |= flip // seen stays seen: refused again while the approach is unchanged
					} else {
						g, f, rej = c, fc, 0
						lo = f + 1 - (slack+1)&-int32(ex)
						gg = uint64(g) | uint64(g)<<(bitsN&63)
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
				}
				if trials--; trials <= 0 { // at least one trial: validation bounds trials_small, trials_large ≥ 1
					break
				}
				hi = r.next() >> 32
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

// flipFitness is the fitness of g with bit b flipped, in field fi, for the landscapes without a
// flip table: from the K+1 loci the flip touches when 2(K+1) < bits, in full otherwise.
func (w *world) flipFitness(fi int, g uint32, f int32, b uint) int32 {
	l := &w.land
	if w.m.incremental {
		return f + flipDelta(l.ext[fi*l.extStride:(fi+1)*l.extStride], g, b, l.bits, l.k1, l.mask)
	}
	return l.fitness(fi, g^1<<b)
}
