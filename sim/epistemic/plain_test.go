package epistemic

import (
	"slices"
	"testing"
)

// simulatePlain is the rules of docs/model.md written plainly — coordinates, neighbour lists and
// loops, no padded grid, masks or ranks — drawing the same random words as the fast code: one
// word per agent-step, whose high half settles a place in the tick's shuffle and whose low half
// is the step of the agent that takes it (a uniform choice among n options is Lemire's reduction of it), a second
// word for a control's turn on level ground. TestFastMatchesPlain holds the fast code to it.
func simulatePlain(t *testing.T, land *Landscape, pop Population, ticks int, seed uint64, tie TieBreak) (Outcome, []uint8, []int32) {
	rnd := rng{seed}
	// choose is Lemire's reduction of a 32-bit half-word, drawing the high halves of further
	// words while it falls in the rejected sliver.
	choose := func(x uint32, n int) int {
		m := uint64(x) * uint64(n)
		for uint32(m) < -uint32(n)%uint32(n) {
			m = (rnd.uint64() >> 32) * uint64(n)
		}
		return int(m >> 32)
	}
	type plainAgent struct {
		rule              Rule
		at, prev, heading int
		last              float64
	}
	var agents []plainAgent
	for _, g := range [...]struct {
		rule Rule
		n    int
	}{{Control, pop.Controls}, {Follower, pop.Followers}, {Maverick, pop.Mavericks}, {StrictFollower, pop.StrictFollowers}} {
		for range g.n {
			p := rnd.intn(len(land.Sig))
			for land.Sig[p] != 0 {
				p = rnd.intn(len(land.Sig))
			}
			agents = append(agents, plainAgent{rule: g.rule, at: p, prev: p, heading: rnd.intn(8)})
		}
	}
	nb := func(p, h int) int {
		x, y := XY(p)
		return Patch(x+headings[h][0], y+headings[h][1])
	}
	visited := make([]bool, len(land.Sig))
	byFollower := make([]bool, len(land.Sig))
	var o Outcome
	reached := [2]map[int]bool{{}, {}}
	curve := make([]int32, ticks)
	count := func() (n int32) {
		for p, v := range visited {
			if v && land.Sig[p] > 0 {
				n++
			}
		}
		return n
	}
	mark := func(i, tick int) {
		a := &agents[i]
		visited[a.at] = true
		if a.rule == Follower || a.rule == StrictFollower {
			byFollower[a.at] = true
		}
		for k, peak := range land.Peaks {
			if a.at == peak {
				reached[k][i] = true
				if o.PeakTick[k] == 0 {
					o.PeakTick[k] = tick
				}
			}
		}
	}
	move := func(a *plainAgent, to int) {
		a.last = land.Sig[a.at]
		a.prev, a.at = a.at, to
	}
	control := func(a *plainAgent, here float64, x uint32) {
		if here < a.last {
			a.heading = choose(x, 8)
			move(a, a.prev)
			return
		}
		if here == a.last && rnd.float64() < turnProb {
			a.heading = choose(x, 8)
		}
		move(a, nb(a.at, a.heading))
	}
	// step moves agent a by its rule with the random word x and says whether it moved.
	step := func(a *plainAgent, x uint32) bool {
		at, prev := a.at, a.prev
		here := land.Sig[a.at]
		switch a.rule {
		case Control:
			control(a, here, x)
		case StrictFollower:
			best, to := here, -1
			for h := range 8 {
				if p := nb(a.at, h); visited[p] && land.Sig[p] > best {
					best, to, a.heading = land.Sig[p], p, h
				}
			}
			if to >= 0 {
				move(a, to)
			} else {
				control(a, here, x)
			}
		case Follower:
			var best []int
			var unvisited []int
			for h := range 8 {
				p := nb(a.at, h)
				switch {
				case !visited[p]:
					unvisited = append(unvisited, p)
				case len(best) == 0 || land.Sig[p] > land.Sig[best[0]]:
					best = []int{p}
				case land.Sig[p] == land.Sig[best[0]]:
					best = append(best, p)
				}
			}
			switch {
			case len(best) == 0:
				move(a, nb(a.at, choose(x, 8)))
			case land.Sig[best[0]] >= here:
				k := 0 // TieFirst: the first in heading order
				if tie == TieUniform {
					k = choose(x, len(best))
				}
				move(a, best[k])
			case len(unvisited) > 0:
				move(a, unvisited[choose(x, len(unvisited))])
			}
		case Maverick:
			if here < a.last {
				a.heading = choose(x, 8)
				move(a, a.prev)
				return true
			}
			if !visited[nb(a.at, a.heading)] {
				move(a, nb(a.at, a.heading))
				return true
			}
			var cand []int
			for h := range 8 {
				if !visited[nb(a.at, h)] {
					cand = append(cand, h)
				}
			}
			if len(cand) == 0 {
				for h := range 8 {
					if land.Sig[nb(a.at, h)] >= here {
						cand = append(cand, h)
					}
				}
			}
			if len(cand) > 0 {
				a.heading = cand[choose(x, len(cand))]
				move(a, nb(a.at, a.heading))
			}
		}
		return a.at != at || a.prev != prev
	}
	// Every agent moves in a fresh random order each tick: a Fisher–Yates shuffle from the last
	// position down, one word per position, whose low half is the step of the agent that takes
	// the position. An agent that stays will stay to the end, so it leaves the order (the others
	// keep theirs), drawing no more words; that it stays is checked at every tick.
	active := make([]int32, len(agents))
	for i := range active {
		active[i] = int32(i)
	}
	gone := make([]bool, len(agents))
	for tick := 1; tick <= ticks; tick++ {
		low := make([]uint32, len(active))
		for n := len(active); n > 0; n-- {
			x := rnd.uint64()
			j := choose(uint32(x>>32), n)
			active[j], active[n-1] = active[n-1], active[j]
			low[n-1] = uint32(x)
		}
		for k, i := range active {
			mark(int(i), tick)
			if !step(&agents[i], low[k]) {
				gone[i] = true
			}
		}
		var still []int32
		for _, i := range active {
			if !gone[i] {
				still = append(still, i)
			}
		}
		for i, g := range gone {
			if !g {
				continue
			}
			mark(i, tick)
			if a := agents[i]; step(&a, ^uint32(0)) {
				t.Fatalf("tick %d: agent %d (rule %d) stayed, then would move", tick, i, a.rule)
			}
		}
		active = still
		curve[tick-1] = count()
	}
	for i := range agents {
		mark(i, ticks)
	}
	if ticks > 0 {
		curve[ticks-1] = count()
	}
	out := make([]uint8, len(land.Sig))
	var all, fol int
	for p, v := range visited {
		if v {
			out[p] = 1
		}
		if land.Sig[p] > 0 {
			all += b2i(v)
			fol += b2i(byFollower[p])
		}
	}
	o.Progress = float64(all) / float64(land.Significant)
	o.FollowerProgress = float64(fol) / float64(land.Significant)
	o.BothPeaksTick = ticks + 1
	if o.PeakTick[0] > 0 && o.PeakTick[1] > 0 {
		o.BothPeaksTick = max(o.PeakTick[0], o.PeakTick[1])
	}
	o.AgentsAtPeak = [2]int{len(reached[0]), len(reached[1])}
	return o, out, curve
}

// TestFastMatchesPlain: the fast simulation gives, run for run, the outcome, the visited patches
// and the coverage curve of the plain one, for every rule, both tie-breaks and mixed populations.
func TestFastMatchesPlain(t *testing.T) {
	land := NewLandscape()
	for _, pop := range pinnedPopulations {
		for _, tie := range []TieBreak{TieUniform, TieFirst} {
			for seed := range uint64(3) {
				o1, v1, c1 := simulate(land, pop, 300, seed*31+5, tie)
				o2, v2, c2 := simulatePlain(t, land, pop, 300, seed*31+5, tie)
				if o1 != o2 || !slices.Equal(v1, v2) || !slices.Equal(c1, c2) {
					t.Fatalf("%+v, tie %v, seed %d: fast %+v, plain %+v", pop, tie, seed, o1, o2)
				}
			}
		}
	}
}
