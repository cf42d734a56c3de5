package epistemic

import "math/bits"

// An agent can stop for good. A follower stays when every neighbour is visited and the best is
// worse than here; a maverick when here is at least as good as the last patch, every neighbour is
// visited and none is as good as here. Visited patches stay visited and an agent that stays keeps
// its last patch, so the same holds at each later step: the agent stays to the end of the run,
// and its steps change nothing but the generator's state, one word each. Such agents keep their
// place in every tick's shuffle, so that the runs do not change, but are not visited: run only
// advances the generator past their words.

// inc is wyrand's increment: the generator's state after k more words is its state plus k·inc.
const inc = 0xa0761d6478bd642f

// shuffle puts w.order in a fresh uniformly random order, drawing as rng.shuffle does, and returns
// the agents that can still move in that order, each as its position in w.order << 16 | its index.
// A Fisher–Yates shuffle fixes the positions from the last down, so the list is written from its
// end, an entry for each position, and kept (by moving the write position) only for a mover.
func (w *world) shuffle() []int32 {
	order, moving, stuck := w.order, w.moving, w.stuck
	g := w.rnd
	k := len(order) // moving has one more entry than order
	for i := len(order) - 1; i > 0; i-- {
		j := g.below(g.uint64(), uint64(i+1))
		v := order[j]
		order[i], order[j] = v, order[i]
		moving[k] = int32(i)<<16 | v
		k -= int(stuck[v] ^ 1)
	}
	if len(order) > 0 {
		moving[k] = order[0]
		k -= int(stuck[order[0]] ^ 1)
	}
	w.rnd = g
	return moving[k+1:]
}

// run moves the agents that can still move once, in the order of the tick (as shuffle returns
// them): each marks its patch visited (as mark does) and moves by its rule. Followers and
// mavericks are moved here, with the generator's state in a local; controls and strict followers
// by slowStep. TestFastMatchesPlain holds it to the plain rules.
//
// Every step draws one random word, whether the rule needs it or not, so that followers and
// mavericks share one path without branches on the data (which case of a rule applies would be
// mispredicted about as often as not): each rule's choice is an 8-bit mask of the headings it may
// take, both rules' masks are computed and the agent's is selected by arithmetic, and the word
// picks one of the mask's headings uniformly (Lemire's reduction). An agent whose mask is empty
// stays, and will stay to the end: it is marked stuck.
func (w *world) run(movers []int32) {
	c, canon, patches, agents := w.cells, w.canon, w.patches, w.agents
	// A follower's best neighbours are those at least as good as the best; with the "first" tie
	// break only the lowest of them in heading order, ge & −ge.
	uniform := uint(0)
	if w.tie == TieUniform {
		uniform = ^uint(0)
	}
	s := w.rnd.s
	next := 0 // the position in the tick's order of the next word's agent
	for _, e := range movers {
		pos, i := int(e>>16), e&0xffff
		s += uint64(pos+1-next) * inc // this agent's word, after those of the stuck agents before it
		next = pos + 1
		a := &agents[i]
		// Mark.
		q := int(a.at) & (grid - 1)
		here := c.get(q)
		if here < visitedBase {
			here = w.firstVisit(q, here, a.at&edgeBit != 0)
		}
		x := patches[q]
		patches[q] = x | uint32(a.kind&1)<<16
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
		n, m, so := c.word(q+pad-1), c.word(q-1), c.word(q-pad-1)
		free := gather(n&(visitedBase*lanes), m&(visitedBase*lanes), so&(visitedBase*lanes), 14) ^ 255
		best := uint16(x)
		isM := uint(b2i(rule == Maverick))
		// Followers compare with the best neighbour, mavericks with here.
		v := best ^ (best^here)&-uint16(isM)
		ge := gather(atLeast(n, v), atLeast(m, v), atLeast(so, v), 15)
		// Follower: the best visited neighbour if it is at least as good as here (ties: w.tie);
		// otherwise an unvisited neighbour, or stay. With no visited neighbour best is 0, below
		// here, and every neighbour is unvisited.
		toBest := uint(b2i(best >= here))
		mf := free ^ (free^ge&(-ge|uniform))&-toBest
		// Maverick: here worse than last: back, turning at random. Otherwise ahead if unvisited,
		// else an unvisited neighbour, else (all visited) a neighbour at least as good as here, or
		// stay.
		back := uint(b2i(here < a.last))
		mm := free | ge&-uint(b2i(free == 0))
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
			continue
		}
		a.prev, a.at = a.at, canon[to&(grid-1)]
		a.last = here
		a.heading = h
	}
	s += uint64(len(w.order)-next) * inc
	w.rnd.s = s
}
