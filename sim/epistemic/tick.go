package epistemic

import "math/bits"

// An agent can stop for good. A follower stays when every neighbour is visited and the best is
// worse than here; a maverick when here is at least as good as the last patch, every neighbour is
// visited and none is as good as here. Visited patches stay visited and an agent that stays keeps
// its last patch, so the same holds at each later step: the agent stays to the end of the run,
// and its steps would change nothing. Such an agent leaves the list of movers after the tick in
// which it first stays: later ticks shuffle only the agents that can still move, and only these
// draw words. The relative order of the movers in a uniformly random order of all agents is a
// uniformly random order of the movers, so the rules are unchanged; which random words go where is
// not (docs/model.md, "Random numbers").

// dropStuck removes the agents that have stopped for good from the movers, keeping the others'
// order.
func (w *world) dropStuck() {
	k := 0
	for _, i := range w.movers {
		w.movers[k] = i
		k += int(w.stuck[i] ^ 1)
	}
	w.movers = w.movers[:k]
	w.stopped = 0
}

// run moves the agents that can still move once, in the order of the tick: each marks its patch visited (as mark does) and moves by its rule. Followers and
// mavericks are moved here, with the generator's state in a local; controls and strict followers
// by slowStep. TestFastMatchesPlain holds it to the plain rules.
//
// Every step draws one random word, whether the rule needs it or not, so that followers and
// mavericks share one path without branches on the data (which case of a rule applies would be
// mispredicted about as often as not): each rule's choice is an 8-bit mask of the headings it may
// take, both rules' masks are computed and the agent's is selected by arithmetic, and the word
// picks one of the mask's headings uniformly (Lemire's reduction). An agent whose mask is empty
// stays, and will stay to the end: it is marked stuck, for dropStuck.
func (w *world) run(movers []int32) {
	c, canon, patches, agents := w.cells, w.canon, w.patches, w.agents
	// A follower's best neighbours are those at least as good as the best; with the "first" tie
	// break only the lowest of them in heading order, ge & −ge.
	uniform := uint(0)
	if w.tie == TieUniform {
		uniform = ^uint(0)
	}
	s := w.rnd.s
	for _, i := range movers {
		s += 0xa0761d6478bd642f // wyrand's step: this agent's word
		a := &agents[i]
		// Mark.
		q := int(a.at) & (grid - 1)
		here := c.get(q)
		if here < visitedBase {
			here = w.firstVisit(q, here, a.at&edgeBit != 0)
		}
		x := patches[q]
		patches[q] = x | uint64(a.kind&1)<<peakShift
		a.kind |= uint8(x>>peakShift) & peakBits
		// Move.
		rule := Rule(a.kind & 3)
		if rule != Follower && rule != Maverick {
			xh, xl := bits.Mul64(s, s^0xe7037ed1a0b428db)
			w.rnd.s = s
			w.slowStep(a, q, here, xh^xl)
			s = w.rnd.s
			continue
		}
		xh, xl := bits.Mul64(s, s^0xe7037ed1a0b428db)
		r := xh ^ xl
		free := uint(x>>visShift)&255 ^ 255
		best, top, up := uint16(x), uint(x>>topShift)&255, uint(x>>upShift)&^free&255
		isM := uint(b2i(rule == Maverick))
		// Follower: the best visited neighbour if it is at least as good as here (ties: w.tie);
		// otherwise an unvisited neighbour, or stay. With no visited neighbour best is 0, below
		// here, and every neighbour is unvisited.
		toBest := uint(b2i(best >= here))
		mf := free ^ (free^top&(-top|uniform))&-toBest
		// Maverick: here worse than last: back, turning at random. Otherwise ahead if unvisited,
		// else an unvisited neighbour, else (all visited) a neighbour at least as good as here, or
		// stay.
		back := uint(b2i(here < a.last))
		mm := free | up&-uint(b2i(free == 0))
		h0 := a.heading & 7
		mm ^= (mm ^ 1<<h0) & -(free >> h0 & 1)
		mm |= back * 255
		mask := mf ^ (mf^mm)&-isM
		cnt := uint64(bits.OnesCount8(uint8(mask)))
		k, lo := bits.Mul64(r, cnt)
		if lo < cnt { // with cnt ≤ 8, about once in 2^61 draws
			w.rnd.s = s
			k = w.rnd.below(r, cnt)
			s = w.rnd.s
		}
		h := nth[mask&255][k&7]
		to := q + offsets[h&7]
		to ^= (to ^ int(a.prev)) & -int(back&isM) // a maverick stepping back
		if mask == 0 {                            // it stays, and will stay: once per agent at most
			w.stuck[i] = 1
			w.stopped++
			continue
		}
		a.prev, a.at = a.at, canon[to&(grid-1)]
		a.last = here
		a.heading = h
	}
	w.rnd.s = s
}
