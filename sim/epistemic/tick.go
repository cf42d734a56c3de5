package epistemic

import "math/bits"

// run moves every agent once, in the given order: each marks its patch visited (as mark does) and
// moves by its rule. Followers and mavericks are moved here, with the generator's state and the
// count of patches seen in locals; controls and strict followers by slowStep.
// TestFastMatchesPlain holds it to the plain rules.
//
// Every step draws one random word, whether the rule needs it or not, so that followers and
// mavericks share one path without branches on the data (which case of a rule applies would be
// mispredicted about as often as not): each rule's choice is an 8-bit mask of the headings it may
// take, both rules' masks are computed and the agent's is selected by arithmetic, and the word
// picks one of the mask's headings uniformly (Lemire's reduction).
func (w *world) run(order []int32) {
	c, canon, byFollower, agents := w.cells, w.canon, w.byFollower, w.agents
	peak0, peak1 := w.peaks[0], w.peaks[1]
	tieFirst := uint(w.tie)
	seen := w.seen
	s := w.rnd.s
	for _, i := range order {
		a := &agents[i]
		// Mark.
		q := int(a.at) & (grid - 1)
		cv := c.get(q)
		unseen := cv < visitedBase
		here := cv | visitedBase
		if unseen {
			here = (visitedBase - 1 - cv) | visitedBase
		}
		seen += b2i(unseen) & b2i(here > visitedBase)
		c.set(q, here)
		if a.at&edgeBit != 0 && unseen {
			w.markBorder(q, here)
		}
		byFollower[q] |= a.follows
		a.reached |= uint8(b2i(q == peak0) | b2i(q == peak1)<<1)
		// Move.
		rule := a.rule
		if rule != Follower && rule != Maverick {
			s += 0xa0761d6478bd642f
			xh, xl := bits.Mul64(s, s^0xe7037ed1a0b428db)
			w.rnd.s = s
			w.slowStep(a, q, here, xh^xl)
			s = w.rnd.s
			continue
		}
		s += 0xa0761d6478bd642f
		xh, xl := bits.Mul64(s, s^0xe7037ed1a0b428db)
		x := xh ^ xl
		n, m, so := c.word(q+pad-1), c.word(q-1), c.word(q-pad-1)
		vis := gather(n&(visitedBase*lanes), m&(visitedBase*lanes), so&(visitedBase*lanes), 14)
		free := vis ^ 255
		best := uint16(max(int(uint16(n)), int(uint16(n>>16)), int(uint16(n>>32)), int(uint16(m)),
			int(uint16(m>>32)), int(uint16(so)), int(uint16(so>>16)), int(uint16(so>>32))))
		isM := uint(b2i(rule == Maverick))
		// Followers compare with the best neighbour, mavericks with here.
		v := best ^ (best^here)&-uint16(isM)
		ge := gather(atLeast(n, v), atLeast(m, v), atLeast(so, v), 15)
		// Follower: the best visited neighbour if it is at least as good as here (ties: w.tie);
		// with no visited neighbour any neighbour; otherwise an unvisited one, or stay.
		toBest := uint(b2i(best >= here)) // never when no neighbour is visited: here is visited
		mf := free ^ (free^ge)&-toBest | uint(b2i(vis == 0))*255
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
		k, lo := bits.Mul64(x, cnt)
		if lo < cnt { // with cnt ≤ 8, about once in 2^61 draws
			w.rnd.s = s
			k = w.rnd.below(x, cnt)
			s = w.rnd.s
		}
		k &^= -uint64(toBest & tieFirst &^ isM) // a follower's first best
		h := nth[mask&255][k&7]
		to := q + offsets[h&7]
		to ^= (to ^ int(a.prev)) & -int(back&isM) // a maverick stepping back
		newAt := int(canon[to&(grid-1)])
		// Stay (mask 0): nothing changes.
		move := -int(b2i(mask != 0))
		at, prev, last := int(a.at), int(a.prev), int(a.last)
		a.at = uint16(at ^ (at^newAt)&move)
		a.prev = uint16(prev ^ (prev^at)&move)
		a.last = uint16(last ^ (last^int(here))&move)
		a.heading = uint8(int(a.heading) ^ (int(a.heading)^int(h))&move)
	}
	w.rnd.s, w.seen = s, seen
}
