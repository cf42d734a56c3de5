package evaluation

import (
	"sync"
	"testing"
)

var (
	bigOnce sync.Once
	big     synthetic
)

// BenchmarkPopulation100kx40 measures the whole population pass the dashboard needs: momentum
// with field percentiles and complacency assessments with matched controls for 100,000
// innovators × 40 quarters × 16 indicators, then the percentiles of every award's outcomes and
// the portfolio summary. Generating the data is not timed.
func BenchmarkPopulation100kx40(b *testing.B) {
	bigOnce.Do(func() { big = newSynthetic(100000, 40, 42) })
	params, ip := DefaultParams(), DefaultImpactParams()
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuTime()
	for b.Loop() {
		res, err := Evaluate(big.pop, params)
		if err != nil {
			b.Fatal(err)
		}
		im, err := ScoreImpact(big.awards, big.outcomes, ip)
		if err != nil {
			b.Fatal(err)
		}
		pf := im.Summarize(nil)
		if len(res.Flags()) == 0 || pf.Awards == 0 {
			b.Fatal("nothing computed")
		}
	}
	if cpu := cpuTime() - cpu0; cpu > 0 {
		b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
	}
	b.ReportMetric(float64(big.pop.Panel.Len()), "innovators")
	b.ReportMetric(float64(len(big.awards)), "awards")
	b.ReportMetric(float64(len(big.outcomes)), "outcomes")
}

// BenchmarkMomentum measures one innovator's momentum as a reviewer's page computes it.
func BenchmarkMomentum(b *testing.B) {
	s := newSynthetic(100, 40, 3)
	mp := DefaultMomentumParams()
	for b.Loop() {
		if _, err := Momentum(s.pop.Panel, 7, s.pop.Panel.Last(), mp); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkComplacencyOf measures one awardee's assessment against a population of 10,000,
// as an officer's detail page computes it without the batch.
func BenchmarkComplacencyOf(b *testing.B) {
	s := newSynthetic(10000, 40, 4)
	i := 0
	for i < len(s.pop.Profiles) && s.pop.Profiles[i].Award == 0 {
		i++
	}
	cp := DefaultComplacencyParams()
	b.ResetTimer()
	for b.Loop() {
		if _, err := ComplacencyOf(s.pop, i, cp); err != nil {
			b.Fatal(err)
		}
	}
}
