package sim

import "seedbed/sim/internal/detmath"

// quarter advances every active venture by one quarter: with probability equal to its drive it
// does technical work (a number of search trials set by its size and resources), then it pays its
// burn, earns revenue if its approach is viable, and fails if its cash runs out. A failed team
// tries again with probability failure_tolerance (with a fresh runway, keeping its approach and
// drive) and otherwise leaves for good. Agents act in index order; their attributes are drawn
// independently, so the order favours no kind. Only the ventures in w.live are visited, and
// those that leave are dropped from it.
//
// On amd64, for the landscapes with a flip table and 6 to 21 bits, the loop is the assembly of
// quarter_amd64.s (quarterKernel), which gives the same results; the Go below serves the rest.
func (w *world) quarter(q int, rp *rng, out *stratOut) {
	if haveKernel && w.land.flip != nil && w.land.bits <= tabledBits && w.land.bits >= tabledMinBits && !w.m.noKernel {
		if len(w.live) > 0 {
			w.quarterKernel(q, rp, out)
		}
		return
	}
	// The generator's state in a plain local, so that it stays in a register (a method call
	// on a local rng would keep it in memory); each draw is rng.next written out.
	s := rp.s
	m := w.m
	vs := w.a[:m.n]
	visited, bitsN := w.visited, w.land.bits
	nbits := uint64(bitsN)
	// The flip table (K ≤ 5, incremental): a one-bit trial's fitness change is two reads; other
	// landscapes are evaluated out of line (w.flipFitness, w.land.fitness).
	flipTab, rot := w.land.flip, &w.land.rot
	tabled := m.incremental && flipTab != nil
	live := w.live
	kept := 0

	for _, li := range live {
		v := &vs[li]
		kc := &m.kinds[v.kind&7]
		s += golden
		x := mix64(s)
		g, f := v.geno, v.fit
		if uint64(uint32(x)) < v.work {
			trials := kc.trials + kc.resTrials&-b2i(v.cash >= kc.resThr)
			fi := int(v.field)
			fb := fi * 32 // the field's first row of the flip table
			rej := v.rej
			// A one-bit trial is refused when its fitness is below f − slack: no better, for
			// mainstream teams (slack −1); more than slack worse, for explorers (who then also
			// need it unvisited).
			slack := kc.slack
			hi := x >> 32 // the first trial reuses the upper half of x
			for {
				var c, flip uint32
				var fc int32
				candidate := true                // not yet refused
				if uint32(hi&0xffff) < kc.jump { // explorers only: kc.jump is 0 for the others
					// A long jump: flip up to jump_bits random bits.
					c = g
					if tabled {
						// One bit at a time from the flip table: integer sums, so the same
						// fitness as a full evaluation.
						fc = f
						for j := 0; j < m.jumpBits; j++ {
							s += golden
							b := uint((mix64(s)>>32*nbits)>>32) & 31
							cc := uint64(c) | uint64(c)<<(bitsN&63)
							fc += flipTab[fb+int(b)].change(cc >> (rot[b] & 63))
							c ^= 1 << b
						}
					} else {
						for j := 0; j < m.jumpBits; j++ {
							s += golden
							c ^= 1 << ((mix64(s) >> 32 * nbits) >> 32)
						}
						fc = w.land.fitness(fi, c)
					}
				} else {
					b := uint((hi*nbits)>>32) & 31
					flip = 1 << b
					c = g ^ flip
					if tabled {
						fc = f + flipTab[fb+int(b)].change((uint64(g)|uint64(g)<<(bitsN&63))>>(rot[b]&63))
					} else {
						fc = w.flipFitness(fi, g, f, b)
					}
					// Refused whatever has been visited, or refused before from the same approach: a
					// flip refused once stays refused while the approach is unchanged (its fitness
					// is fixed and visits only accumulate).
					if int(rej>>b&1)|b2i(fc < f-slack) != 0 {
						rej |= flip
						candidate = false
					}
				}
				if candidate {
					// Read the visited bit only when the decision needs it.
					key := uint64(fi)<<(bitsN&63) | uint64(c)
					word, bit := &visited[key>>6], uint64(1)<<(key&63)
					seen := *word&bit != 0
					// Explorers prefer the unexplored, even a little downhill; for the others
					// (slack −1) the second test is the first.
					if b2i(fc > f)|b2i(!seen)&b2i(fc >= f-slack) == 0 {
						rej |= flip // seen stays seen: refused again while the approach is unchanged
					} else {
						g, f, rej = c, fc, 0
						if !seen {
							*word |= bit
							w.distinct++
							if t := w.nTouched; t < len(w.touched) {
								w.touched[t] = uint32(key >> 6)
								w.nTouched = t + 1
							} else {
								w.touchedAll = true
							}
							if fc >= m.landmark {
								// The team's own gains now, as its cash is settled below; the
								// landmark's value after the loop, in the same order.
								v.found = true
								v.cash += kc.bonusCash
								if len(w.discovered) == cap(w.discovered) { // rare: a quarter of many landmarks
									w.flushDiscovered(q, out)
								}
								d := len(w.discovered)
								w.discovered = w.discovered[:d+1]
								w.discovered[d] = discovery{i: li, g: c, f: fc}
							}
						}
					}
				}
				if trials--; trials <= 0 { // at least one trial: validation bounds trials_small, trials_large ≥ 1
					break
				}
				s += golden
				hi = mix64(s) >> 32
			}
			v.geno, v.fit, v.rej = g, f, rej
		}
		// Revenue is added by arithmetic, not a branch (viability is a coin flip to the
		// processor's predictor); adding 0 leaves a cash value as it was.
		c := v.cash - kc.burn + kc.revenue[b2i(f >= m.viable)]
		if c < 0 {
			s += golden
			if uint64(uint32(mix64(s))) < m.tolThr {
				c = kc.startCash
				out.restarts++
				v.failed = true
			} else {
				v.cash = 0
				continue
			}
		}
		v.cash = c
		live[kept] = li
		kept++
	}
	rp.s = s
	w.live = live[:kept]
	out.activeSteps += len(live)
	w.flushDiscovered(q, out)
}

// flushDiscovered values the landmarks waiting in w.discovered, in the order they were found.
func (w *world) flushDiscovered(q int, out *stratOut) {
	for _, d := range w.discovered {
		w.discover(int(d.i), d.g, d.f, q, out)
	}
	w.discovered = w.discovered[:0]
}

// discovery is a landmark found in the current quarter, waiting for discover: the team, the
// approach and its fitness.
type discovery struct {
	i int32
	g uint32
	f int32
}

// discover records a landmark: the first visit by anyone to an approach whose fitness reaches
// landmark_z. Its value is V = P·(1 + z − landmark_z) with P Pareto-distributed with tail index
// value_tail, drawn from a hash of the approach so that the same approach is worth the same under
// every strategy. (The team's landmark_runway quarters of cash and its staged-funding mark are
// given by quarter, at the discovery.)
func (w *world) discover(i int, g uint32, f int32, q int, out *stratOut) {
	m := w.m
	v := &w.a[i]
	h := mix64(w.land.valueKey ^ (uint64(v.field)<<32 | uint64(g)))
	u := float64(float64(h>>11) * 0x1p-53)
	p := detmath.Exp(float64(-detmath.Log(1-u) * m.alphaInv))
	z := m.z(f)
	out.value += float64(p * (1 + (z - m.cfg.Landscape.LandmarkZ)))
	out.landmarks++
	if out.first == 0 {
		out.first = q + 1
	}
	k := v.kind
	if k&kindLarge == 0 {
		out.byKind[0]++
	}
	if k&kindNational == 0 {
		out.byKind[1]++
	}
	if k&kindNonMainstream != 0 {
		out.byKind[2]++
	}
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
