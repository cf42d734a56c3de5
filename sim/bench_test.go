package sim

import (
	"context"
	"math/rand/v2"
	"runtime"
	"testing"
)

// benchRun runs cfg b.N times on the given number of workers (0: GOMAXPROCS, as Run does) and
// reports agent-steps per second: nominal (innovators × quarters × replications × strategies) and
// active (quarters of ventures still in business).
func benchRun(b *testing.B, cfg Config, workers int) {
	if workers == 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	b.ReportAllocs()
	var steps, active int64
	cpu0 := cpuTime()
	for b.Loop() {
		res, err := runWorkers(context.Background(), cfg, workers)
		if err != nil {
			b.Fatal(err)
		}
		steps += res.AgentSteps
		active += res.ActiveSteps
	}
	b.ReportMetric((cpuTime()-cpu0).Seconds()/float64(b.N), "cpu-s/op")
	sec := b.Elapsed().Seconds()
	b.ReportMetric(float64(steps)/sec, "agent-steps/s")
	b.ReportMetric(float64(active)/sec, "active-steps/s")
}

// BenchmarkRunReference runs the reference configuration (examples/sim/default.yaml): 2,000
// innovators × 40 quarters × 100 replications × 6 strategies.
func BenchmarkRunReference(b *testing.B) {
	benchRun(b, DefaultConfig(), 0)
}

// BenchmarkRun10kx40x100 runs 10,000 innovators × 40 quarters × 100 replications of one strategy
// (broad small grants), and of all six.
func BenchmarkRun10kx40x100(b *testing.B) {
	cfg := DefaultConfig()
	cfg.Population.Innovators = 10000
	cfg.Funding.Budget = 100000 // the reference budget per innovator
	b.Run("one-strategy", func(b *testing.B) {
		c := cfg
		c.Strategies = []string{BroadSmallGrants}
		benchRun(b, c, 0)
	})
	b.Run("six-strategies", func(b *testing.B) { benchRun(b, cfg, 0) })
}

// BenchmarkVsNaive measures the fast implementation side by side with the reference
// implementation in naive_test.go on the same configuration.
func BenchmarkVsNaive(b *testing.B) {
	cfg := naiveConfig()
	cfg.Replications = 20
	b.Run("naive", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for rep := 0; rep < cfg.Replications; rep++ {
				s := newNaiveReplication(cfg, rand.New(rand.NewPCG(1, uint64(rep))))
				for _, id := range cfg.Strategies {
					s.run(id)
				}
			}
		}
		n := int64(cfg.Population.Innovators) * int64(cfg.Quarters) * int64(cfg.Replications) * int64(len(cfg.Strategies))
		b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "agent-steps/s")
	})
	b.Run("fast-1-worker", func(b *testing.B) { benchRun(b, cfg, 1) })
	b.Run("fast", func(b *testing.B) { benchRun(b, cfg, 0) })
}

// BenchmarkReplications shows that memory per run does not grow with replications: compare B/op.
func BenchmarkReplications(b *testing.B) {
	for _, reps := range []int{10, 100, 1000} {
		cfg := DefaultConfig()
		cfg.Population.Innovators = 500
		cfg.Replications = reps
		b.Run(itoa(reps), func(b *testing.B) { benchRun(b, cfg, 0) })
	}
}

func itoa(n int) string {
	s := ""
	for ; n > 0; n /= 10 {
		s = string(rune('0'+n%10)) + s
	}
	return s
}

// BenchmarkLabGrowth runs the six strategies over 40 quarters and 10 replications at 1,000,
// 10,000 and 100,000 innovators (the budget in proportion), to show how the cost grows with the
// population: compare cpu-s/op across the sizes.
//
//	go test ./sim -run '^$' -bench LabGrowth -benchtime 2x
func BenchmarkLabGrowth(b *testing.B) {
	for _, n := range []int{1000, 10000, 100000} {
		cfg := DefaultConfig()
		cfg.Population.Innovators = n
		cfg.Funding.Budget = 10 * float64(n) // the reference budget per innovator
		cfg.Replications = 10
		b.Run(itoa(n), func(b *testing.B) { benchRun(b, cfg, 0) })
	}
}
