package sim

import "math"

// fund runs one funding round of strategy st with the money available (this round's share of the
// budget plus what earlier rounds left) and returns the money left for the next round. Every
// active venture applies in every round.
func (w *world) fund(st strategy, money float64, r *rng, out *stratOut) float64 {
	f := w.m.cfg.Funding
	app := w.applicants()
	if len(app) == 0 {
		return money
	}
	if st.cell != nil {
		return w.fundCell(st.cell, app, money, r, out)
	}
	switch st.id {
	case PickBySize:
		k := min(grantsFor(money, f.GrantSize), len(app))
		w.scoreBySize(app, r)
		topK(app, w.score, k, w.keys)
		return w.grantAll(app[:k], f.GrantSize, money, out)
	case PickByForecast:
		k := min(grantsFor(money, f.GrantSize), len(app))
		w.scoreByForecast(app, r)
		topK(app, w.score, k, w.keys)
		return w.grantAll(app[:k], f.GrantSize, money, out)
	case BroadSmallGrants:
		k := min(grantsFor(money, f.SmallGrantSize), len(app))
		sample(app, k, r)
		return w.grantAll(app[:k], f.SmallGrantSize, money, out)
	case PartialLottery:
		k := min(grantsFor(money, f.GrantSize), len(app))
		pool := min(int(math.Ceil(float64(k)*f.LotteryPool)), len(app))
		w.scoreByForecast(app, r)
		topK(app, w.score, pool, w.keys)
		sample(app[:pool], k, r)
		return w.grantAll(app[:k], f.GrantSize, money, out)
	case StagedMilestones:
		return w.fundStaged(app, money, r, out)
	case Champions:
		return w.fundChampions(app, money, r, out)
	}
	return money
}

// applicants lists the active ventures in index order, in the world's scratch slice.
func (w *world) applicants() []int32 {
	w.idx = append(w.idx[:0], w.live...)
	return w.idx
}

// grantsFor is how many grants of the given size the money pays for.
func grantsFor(money, size float64) int {
	return int(math.Floor(money/size + 1e-9))
}

// scoreBySize ranks large teams first, then by cash, with a tiny random tie-break.
func (w *world) scoreBySize(app []int32, r *rng) {
	for _, i := range app {
		s := float64(w.a[i].cash) + float64(r.float64()*1e-6)
		if w.a[i].kind&kindLarge != 0 {
			s += 1e15
		}
		w.score[i] = s
	}
}

// scoreByForecast is the reviewers' forecast: the standardised fitness of the current approach,
// plus normal noise of sd review_noise, plus mainstream_bias for mainstream teams and status_bias
// for national teams and large firms. Reviewers cannot see drive.
func (w *world) scoreByForecast(app []int32, r *rng) {
	f, m := w.m.cfg.Funding, w.m
	for _, i := range app {
		s := m.z(w.a[i].fit) + float64(f.ReviewNoise*r.normal())
		// The biases by table, not by branch (kind is a coin flip to the branch predictor);
		// adding 0 leaves s as it was, but for the sign of a zero, which no comparison sees.
		b := &m.forecastBias[w.a[i].kind&7]
		s += b[0]
		s += b[1]
		w.score[i] = s
	}
}

// grantAll pays each listed team the same amount and returns the money left.
func (w *world) grantAll(list []int32, amount, money float64, out *stratOut) float64 {
	for _, i := range list {
		w.grant(int(i), amount, out)
		money -= amount
	}
	return money
}

// grant adds money to a team's cash and erodes its drive: with q the grant in quarters of the
// team's burn, drive is multiplied by 1 − complacency·q/(q + complacency_half).
func (w *world) grant(i int, amount float64, out *stratOut) {
	b := w.m.cfg.Behaviour
	size := w.a[i].kind & kindLarge
	w.a[i].cash += float32(amount)
	q := amount / float64(w.m.burn[size])
	d := float64(w.a[i].drive) * (1 - float64(b.Complacency*q)/(q+b.ComplacencyHalf))
	w.a[i].drive = float32(d)
	w.a[i].work = threshold32(float64(w.a[i].drive))
	out.spend += amount
	out.grants++
}

// fundStaged pays next tranches to grantees who met their milestone (a fitness gain of
// milestone_gain since their last tranche, or a landmark), cuts off those who did not, and spends
// what is left on first tranches for new teams drawn by lot among those never funded.
func (w *world) fundStaged(app []int32, money float64, r *rng, out *stratOut) float64 {
	f := w.m.cfg.Funding
	tranche := f.GrantSize / float64(f.Stages)
	stages := uint8(f.Stages)
	n := 0
	for _, i := range app {
		s := w.stage[i]
		switch {
		case s == 0:
			app[n] = i // never funded: eligible to enter
			n++
		case s < stages:
			if w.a[i].found || w.a[i].fit-w.ref[i] >= w.m.milestone {
				if money+1e-9 >= tranche {
					w.payTranche(int(i), tranche, out)
					money -= tranche
				}
			} else {
				w.stage[i] = stageDropped
			}
		}
	}
	fresh := app[:n]
	k := min(grantsFor(money, tranche), len(fresh))
	sample(fresh, k, r)
	for _, i := range fresh[:k] {
		w.payTranche(int(i), tranche, out)
		money -= tranche
	}
	return money
}

func (w *world) payTranche(i int, amount float64, out *stratOut) {
	w.grant(i, amount, out)
	w.stage[i]++
	w.ref[i] = w.a[i].fit
	w.a[i].found = false
}

// sample moves a uniformly random k-subset of list to its front (partial Fisher–Yates).
func sample(list []int32, k int, r *rng) {
	for j := 0; j < k; j++ {
		o := j + r.intn(len(list)-j)
		list[j], list[o] = list[o], list[j]
	}
}

// topK moves the k entries of list with the highest score to its front, in no particular order,
// by quickselect with a median-of-three pivot. Deterministic for a given input order. The scores
// are read once into keys (len(list) of room), which are moved with the list, so that the
// partitions read them in order.
func topK(list []int32, score []float64, k int, keys []float64) {
	lo, hi := 0, len(list)-1
	if k <= 0 || k >= len(list) {
		return
	}
	keys = keys[:len(list)]
	for j, i := range list {
		keys[j] = score[i]
	}
	for lo < hi {
		mid := lo + (hi-lo)/2
		a, b, c := keys[lo], keys[mid], keys[hi]
		pivot := max(min(a, b), min(max(a, b), c))
		i, j := lo, hi
		for i <= j {
			for keys[i] > pivot {
				i++
			}
			for keys[j] < pivot {
				j--
			}
			if i <= j {
				list[i], list[j] = list[j], list[i]
				keys[i], keys[j] = keys[j], keys[i]
				i++
				j--
			}
		}
		// Now list[lo..j] >= pivot >= list[i..hi], and list[j+1..i-1] == pivot.
		switch {
		case k-1 <= j:
			hi = j
		case k-1 >= i:
			lo = i
		default:
			return
		}
	}
}
