package sim

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
)

// naiveConfig is a small configuration that the reference implementation runs in a few seconds.
func naiveConfig() Config {
	cfg := DefaultConfig()
	cfg.Population.Innovators = 400
	cfg.Replications = 160
	cfg.Funding.Budget = 4000
	cfg.Strategies = StrategyIDs() // every strategy, those outside the reference set too
	return cfg
}

// runNaive runs the reference implementation and returns, per strategy, the moments of each metric.
func runNaive(cfg Config, seed uint64) []map[string]*moments {
	out := make([]map[string]*moments, len(cfg.Strategies))
	for i := range out {
		out[i] = map[string]*moments{}
	}
	for rep := 0; rep < cfg.Replications; rep++ {
		rnd := rand.New(rand.NewPCG(seed, uint64(rep)))
		s := newNaiveReplication(cfg, rnd)
		for i, id := range cfg.Strategies {
			o := s.run(id)
			for k, v := range map[string]float64{
				"landmarks": float64(o.landmarks), "diversity": float64(o.diversity), "alive": float64(o.alive),
				"restarts": float64(o.restarts), "spend": o.spend, "grants": float64(o.grants), "value": o.value,
			} {
				if out[i][k] == nil {
					out[i][k] = &moments{}
				}
				out[i][k].add(v)
			}
		}
	}
	return out
}

// TestNaiveAgrees checks that the fast implementation and the reference implementation, run with
// independent random numbers, agree in distribution: for every strategy and metric the Welch
// statistic of the difference in means stays below 4.5 (about 1 in 150,000 by chance per check).
func TestNaiveAgrees(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the slow reference implementation")
	}
	cfg := naiveConfig()
	res, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	naive := runNaive(cfg, 7)
	for i, s := range res.Strategies {
		fast := map[string]Estimate{
			"landmarks": s.Landmarks, "diversity": s.PathDiversity, "alive": s.Survivors,
			"restarts": s.Restarts, "spend": s.Spend, "grants": s.Grants, "value": s.TotalValue,
		}
		for k, e := range fast {
			n := naive[i][k]
			ne := n.estimate()
			seF := (e.Hi - e.Lo) / 2 / tQuantile975(e.N-1)
			seN := (ne.Hi - ne.Lo) / 2 / tQuantile975(ne.N-1)
			se := math.Hypot(seF, seN)
			diff := e.Mean - ne.Mean
			if se == 0 {
				if diff != 0 {
					t.Errorf("%s %s: fast %g, naive %g, both without variance", s.ID, k, e.Mean, ne.Mean)
				}
				continue
			}
			if z := diff / se; math.Abs(z) > 4.5 {
				t.Errorf("%s %s: fast %.4g ± %.2g, naive %.4g ± %.2g: Welch z = %.2f", s.ID, k, e.Mean, seF, ne.Mean, seN, z)
			} else {
				t.Logf("%s %s: fast %.4g, naive %.4g, z = %+.2f", s.ID, k, e.Mean, ne.Mean, z)
			}
		}
	}
}
