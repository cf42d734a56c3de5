package sim

import "math"

// fundChampions is the champions strategy (力荐, the non-consensus route): reviewers shortlist
// the top ⌈lottery_pool·k⌉ applicants by their forecast, as in the partial lottery; then each of
// funding.champions field experts names one applicant the shortlist left out, the one they rate
// highest, and it is funded directly. The experts read an approach's fitness with the same noise
// as the reviewers but without their mainstream and status bias, so what they name is mostly the
// non-mainstream idea that the consensus marked down. The grants left after the champions are
// drawn by lot within the shortlist. Champions never take more than the round's k grants.
func (w *world) fundChampions(app []int32, money float64, r *rng, out *stratOut) float64 {
	f := w.m.cfg.Funding
	k := min(grantsFor(money, f.GrantSize), len(app))
	pool := min(int(math.Ceil(float64(k)*f.LotteryPool)), len(app))
	w.scoreByForecast(app, r)
	topK(app, w.score, pool, w.keys)
	left := app[pool:]
	c := min(f.Champions, k, len(left))
	w.scoreByExpert(left, r)
	topK(left, w.score, c, w.keys)
	money = w.grantAll(left[:c], f.GrantSize, money, out)
	sample(app[:pool], k-c, r)
	return w.grantAll(app[:k-c], f.GrantSize, money, out)
}

// scoreByExpert is a field expert's reading of an approach: its standardised fitness plus normal
// noise of sd review_noise, with no bias for mainstream approaches or for status.
func (w *world) scoreByExpert(app []int32, r *rng) {
	noise, m := w.m.cfg.Funding.ReviewNoise, w.m
	for _, i := range app {
		w.score[i] = m.z(w.a[i].fit) + float64(noise*r.normal())
	}
}
