package sim

import (
	"math"
	"slices"
	"sort"
	"testing"
)

// fundChampions is the reference implementation of the champions strategy (TestNaiveAgrees runs
// it against the fast one): sort by the reviewers' forecast, let the experts fund the best of the
// rest by their unbiased reading, draw the remaining grants by lot in the shortlist.
func (s *naiveSim) fundChampions(app []*naiveAgent, money float64) float64 {
	f := s.cfg.Funding
	k := min(int(math.Floor(money/f.GrantSize+1e-9)), len(app))
	pool := min(int(math.Ceil(float64(k)*f.LotteryPool)), len(app))
	forecast := map[*naiveAgent]float64{}
	for _, a := range app {
		forecast[a] = s.forecast(a)
	}
	sort.SliceStable(app, func(i, j int) bool { return forecast[app[i]] > forecast[app[j]] })
	shortlist, left := app[:pool], slices.Clone(app[pool:])
	expert := map[*naiveAgent]float64{}
	for _, a := range left {
		noise := (s.rnd.Float64() + s.rnd.Float64() + s.rnd.Float64() + s.rnd.Float64() - 2) * math.Sqrt(3)
		expert[a] = s.z(a.fitness) + f.ReviewNoise*noise
	}
	sort.SliceStable(left, func(i, j int) bool { return expert[left[i]] > expert[left[j]] })
	c := min(f.Champions, k, len(left))
	s.rnd.Shuffle(len(shortlist), func(i, j int) { shortlist[i], shortlist[j] = shortlist[j], shortlist[i] })
	for _, a := range append(slices.Clone(left[:c]), shortlist[:k-c]...) {
		s.grant(a, f.GrantSize)
		money -= f.GrantSize
	}
	return money
}

// championWorld builds a world of n applicants in one field with the given fitness sums and
// kinds, with every applicant alive, for tests of one funding round.
func championWorld(t *testing.T, cfg Config, fit []int32, kind []uint8) *world {
	t.Helper()
	cfg.Population.Innovators = len(fit)
	cfg.Population.Fields = 1
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	w := newWorld(newModel(cfg))
	for i := range fit {
		w.a[i].fit, w.a[i].kind, w.a[i].drive = fit[i], kind[i], 1
		w.live = append(w.live, int32(i))
	}
	return w
}

// TestChampionsFundTheLeftOut checks one round without review noise: reviewers who favour the
// mainstream shortlist the mainstream teams, the experts fund the best non-mainstream teams the
// shortlist left out, and the rest of the grants go by lot within the shortlist.
func TestChampionsFundTheLeftOut(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Funding.ReviewNoise = 0
	cfg.Funding.MainstreamBias = 3
	cfg.Funding.StatusBias = 0
	cfg.Funding.GrantSize = 10
	cfg.Funding.LotteryPool = 2
	cfg.Funding.Champions = 2
	// Ten mainstream teams of middling fitness, ten non-mainstream teams, better and worse.
	var fit []int32
	var kind []uint8
	for i := 0; i < 10; i++ {
		fit = append(fit, sumForZ(cfg.Landscape.Bits, 0.5))
		kind = append(kind, 0)
	}
	for i := 0; i < 10; i++ {
		fit = append(fit, sumForZ(cfg.Landscape.Bits, float64(i)/4)) // z from 0 to 2.25
		kind = append(kind, kindNonMainstream)
	}
	w := championWorld(t, cfg, fit, kind)
	var out stratOut
	r := streamFor(1, 0, 0)
	left := w.fundChampions(w.applicants(), 40, &r, &out) // k = 4, shortlist 8, 2 champions
	if left != 0 || out.grants != 4 || out.spend != 40 {
		t.Fatalf("money left %g, grants %d, spend %g; want 0, 4, 40", left, out.grants, out.spend)
	}
	for _, i := range []int{18, 19} { // the two best non-mainstream teams
		if w.a[i].cash != 10 {
			t.Errorf("team %d (z %.2f, non-mainstream) got %g, want a champion's grant of 10", i, zForSum(cfg.Landscape.Bits, fit[i]), w.a[i].cash)
		}
	}
	drawn := 0
	for i := 0; i < 10; i++ {
		if w.a[i].cash == 10 {
			drawn++
		}
	}
	if drawn != 2 {
		t.Errorf("%d mainstream teams funded from the shortlist, want the 2 grants left after the champions", drawn)
	}
}

// TestChampionsBounds checks that the round pays k grants whether there are no champions, a few,
// or more champions than grants, and carries the rest of the money over.
func TestChampionsBounds(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Funding.GrantSize = 10
	fit := make([]int32, 30)
	kind := make([]uint8, 30)
	for i := range fit {
		fit[i] = sumForZ(cfg.Landscape.Bits, float64(i%7)/3)
		kind[i] = uint8(i % 5)
	}
	for _, tt := range []struct{ champions, wantGrants int }{{0, 3}, {2, 3}, {50, 3}} {
		cfg.Funding.Champions = tt.champions
		w := championWorld(t, cfg, fit, kind)
		var out stratOut
		r := streamFor(2, 0, 0)
		left := w.fundChampions(w.applicants(), 35, &r, &out)
		if out.grants != tt.wantGrants || left != 5 {
			t.Errorf("champions %d: %d grants, %g left; want %d grants, 5 left", tt.champions, out.grants, left, tt.wantGrants)
		}
	}
}
