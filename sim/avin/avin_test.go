package avin

import (
	"context"
	"testing"
)

// advantage is lotto's mean accumulated significance over best_visible's, relative to
// best_visible's.
func advantage(t *testing.T, size, runs int) (float64, *Result) {
	t.Helper()
	p := DefaultParams()
	p.Size, p.Runs, p.Mechanisms = size, runs, []string{BestVisible, Lotto, Triage}
	r, err := Run(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	bv, lo := r.Mechanisms[0].Mean, r.Mechanisms[1].Mean
	return (lo - bv) / bv, r
}

// TestLotteryAdvantageGrowsWithLandscape reproduces Avin's qualitative result: random allocation's
// advantage over peer review depends on landscape size and grows on large landscapes.
func TestLotteryAdvantageGrowsWithLandscape(t *testing.T) {
	small, rs := advantage(t, 15, 12)
	large, rl := advantage(t, 80, 12)
	for _, r := range []*Result{rs, rl} {
		for _, m := range r.Mechanisms {
			t.Logf("N=%d %s: %.1f ± %.1f", r.Params.Size, m.Mechanism, m.Mean, m.SD)
		}
	}
	t.Logf("lotto over best_visible: N=15 %+.3f, N=80 %+.3f", small, large)
	if large <= 0 || large <= small {
		t.Errorf("lotto's advantage should be positive on a large landscape and larger than on a small one: small %+.3f, large %+.3f", small, large)
	}
}

func TestRunDeterministicAndInvariant(t *testing.T) {
	p := DefaultParams()
	p.Size, p.Runs, p.Steps = 20, 3, 20
	a, err := Run(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Run(context.Background(), p)
	for m := range a.Mechanisms {
		for r := range a.Mechanisms[m].Runs {
			if a.Mechanisms[m].Runs[r] != b.Mechanisms[m].Runs[r] {
				t.Fatalf("%s run %d differs", a.Mechanisms[m].Mechanism, r)
			}
		}
	}
	land := newLandscape(p.withDefaults(), 5)
	top := 0.0
	for _, v := range land {
		if v < 0 || v > p.MaxHeight {
			t.Fatalf("significance %v outside [0, %v]", v, p.MaxHeight)
		}
		top = max(top, v)
	}
	if top != p.MaxHeight {
		t.Fatalf("highest cell %v, want %v", top, p.MaxHeight)
	}
}

func TestRefusesOutOfRange(t *testing.T) {
	p := DefaultParams()
	p.Mechanisms = []string{Lotto, "oldboys"}
	if _, err := Run(context.Background(), p); err == nil || err.Error() != "mechanisms[1]: must be best, best_visible, lotto or triage" {
		t.Fatalf("error %v", err)
	}
	p = DefaultParams()
	p.Size = 2
	if _, err := Run(context.Background(), p); err == nil {
		t.Fatal("size 2 accepted")
	}
}
