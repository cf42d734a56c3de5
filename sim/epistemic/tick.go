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

// dropStuck moves the agents that have stopped for good out of the movers, w.agents[:w.moving],
// to the stopped agents after them, keeping the movers' order. The movers before the first
// stopped one stay where they are; the stopped ones (w.stopped of them) wait in w.held while the
// rest close up.
func (w *world) dropStuck() {
	movers := w.agents[:w.moving]
	i := 0
	for movers[i].kind()>>stuckShift&1 == 0 { // w.stopped > 0: one of them is stuck
		i++
	}
	held := w.held[:0]
	k := i
	for _, a := range movers[i:] {
		if a.kind()>>stuckShift&1 != 0 {
			held = append(held, a)
			continue
		}
		movers[k] = a
		k++
	}
	copy(movers[k:], held)
	w.held = held
	w.moving = k
	w.stopped = 0
}

// run is one tick: it puts the agents that can still move in a fresh random order and moves
// them in that order, each marking its patch visited (as mark does) and moving by its rule. The
// order is a Fisher–Yates shuffle of the movers in place, from the last position down (as
// rng.shuffle), one word per position: its high half settles the position, its low half is kept
// for the step of the agent that takes it. Followers and mavericks are moved here, with the
// generator's state in a local; controls and strict followers by slowStep, whose further words
// (a control's turn, and Lemire's rare rejections) follow the shuffle's in the stream.
// TestFastMatchesPlain holds it to the plain rules.
//
// Every step uses its word whether the rule needs it or not, so that followers and mavericks
// share one path without branches on the data (which case of a rule applies would be
// mispredicted about as often as not): each rule's choice is an 8-bit mask of the headings it may
// take, both rules' masks are computed and the agent's is selected by arithmetic, and the low
// half-word picks one of the mask's headings uniformly (Lemire's reduction, below32). An agent
// whose mask is empty stays, and will stay to the end: it is marked stuck, for dropStuck.
func (w *world) run() {
	canon, patches, agents := w.canon, w.patches, w.agents[:w.moving]
	words := w.words[:len(agents)]
	s := w.rnd.s
	for n := len(agents); n > 0; n-- {
		s += 0xa0761d6478bd642f // wyrand's step: this position's word
		xh, xl := bits.Mul64(s, s^0xe7037ed1a0b428db)
		r := xh ^ xl
		// Position n−1 swaps with j, uniform in [0, n).
		jm := (r >> 32) * uint64(n)
		if uint32(jm) < uint32(n) { // below32's rejection test: rare, and below32 then decides
			w.rnd.s = s
			jm = uint64(w.rnd.below32(uint32(r>>32), uint32(n))) << 32
			s = w.rnd.s
		}
		j := jm >> 32
		agents[n-1], agents[j] = agents[j], agents[n-1]
		words[n-1] = uint32(r)
	}
	w.rnd.s = s
	// A follower's best neighbours are those at least as good as the best; with the "first" tie
	// break only the lowest of them in heading order, ge & −ge.
	uniform := uint(0)
	if w.tie == TieUniform {
		uniform = ^uint(0)
	}
	// The calls (a first visit, a control's or strict follower's step) end their agent's turn with
	// continue, so that no value of the step has to be kept across them.
	for i := 0; i < len(agents); {
		a := agents[i]
		// Mark: a first visit, then the agent's turn again, its patch now visited.
		q := int(a) & (grid - 1)
		x := patches[q]
		here := uint16(x >> cellShift)
		if here < visitedBase {
			w.firstVisit(q, here, a&edgeBit != 0)
			continue
		}
		patches[q] = x | uint64(a.kind()&1)<<peakShift
		a |= agent(x>>peakShift&peakBits) << kindShift
		// Move.
		r := words[i]
		rule := a.rule()
		if rule != Follower && rule != Maverick {
			agents[i] = w.slowStep(a, q, here, r)
			i++
			continue
		}
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
		back := uint(b2i(here < a.last()))
		mm := free | up&-uint(b2i(free == 0))
		h0 := a.heading() & 7
		mm ^= (mm ^ 1<<h0) & -(free >> h0 & 1)
		mm |= back * 255
		mask := mf ^ (mf^mm)&-isM
		cnt := uint64(bits.OnesCount8(uint8(mask)))
		km := uint64(r) * cnt
		if uint32(km) < uint32(cnt) { // with cnt ≤ 8, about once in 2^29 draws
			km = uint64(w.rnd.below32(r, uint32(cnt))) << 32
		}
		h := nth[mask&255][km>>32&7]
		to := q + offsets[h&7]
		to ^= (to ^ int(a.prev())) & -int(back&isM) // a maverick stepping back
		if mask == 0 {                              // it stays, and will stay: once per agent at most
			agents[i] = a | 1<<stuckShift<<kindShift
			w.stopped++
			i++
			continue
		}
		agents[i] = agent(canon[to&(grid-1)]) | agent(a.at())<<prevShift | agent(here)<<lastShift | a&(255<<kindShift) | agent(h)<<headingShift
		i++
	}
}
