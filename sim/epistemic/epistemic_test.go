package epistemic

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"testing"
)

func TestLandscape(t *testing.T) {
	l := NewLandscape()
	tests := []struct {
		name string
		x, y int
		want float64
	}{
		{"summit of hill 1", 25, 25, 0.75},
		{"summit of hill 2", -5, -5, 0.70},
		{"on hill 1", 27, 24, 0.75 * math.Exp(-(0.02*4 + 0.01*2*-1 + 0.02*1))},
		{"on hill 2", 0, -10, 0.70 * math.Exp(-(0.01*25 + 0.01*5*-5 + 0.01*25))},
		{"both hills add", 15, 15, 0.75*math.Exp(-(0.02*100+0.01*100+0.02*100)) + 0.70*math.Exp(-(0.01*400+0.01*400+0.01*400))},
		{"below the threshold between the hills", 10, 10, 0}, // the sum is 0.00083 < 0.001
		{"far corner", -50, 50, 0},
	}
	for _, tt := range tests {
		got := l.Sig[Patch(tt.x, tt.y)]
		// The other hill adds up to 1e-11 near a summit.
		if math.Abs(got-tt.want) > 1e-10 {
			t.Errorf("%s: significance at (%d, %d) = %v, want %v", tt.name, tt.x, tt.y, got, tt.want)
		}
	}
	n := 0
	for _, s := range l.Sig {
		if s > 0 {
			n++
			if s < 0.001 {
				t.Fatalf("significance %v below the 0.001 threshold", s)
			}
		}
	}
	if n != l.Significant || n == 0 || n == len(l.Sig) {
		t.Errorf("Significant = %d, counted %d of %d", l.Significant, n, len(l.Sig))
	}
	if l.Sig[l.Peaks[0]] <= l.Sig[l.Peaks[1]] {
		t.Error("hill 1 should be the higher peak")
	}
}

func TestPatchWraps(t *testing.T) {
	tests := []struct{ x, y, wx, wy int }{
		{51, 0, -50, 0}, {-51, 0, 50, 0}, {0, 51, 0, -50}, {50, 50, 50, 50}, {152, -152, -50, 50},
	}
	for _, tt := range tests {
		x, y := XY(Patch(tt.x, tt.y))
		if x != tt.wx || y != tt.wy {
			t.Errorf("(%d, %d) wraps to (%d, %d), want (%d, %d)", tt.x, tt.y, x, y, tt.wx, tt.wy)
		}
	}
}

func TestDeterministic(t *testing.T) {
	l := NewLandscape()
	pop := Population{Followers: 30, Mavericks: 10, Controls: 5}
	if a, b := Simulate(l, pop, 200, 9), Simulate(l, pop, 200, 9); a != b {
		t.Fatalf("same seed, different outcomes: %+v vs %+v", a, b)
	}
	want, err := Replicate(context.Background(), l, pop, 100, 6, 3)
	if err != nil {
		t.Fatal(err)
	}
	old := runtime.GOMAXPROCS(1)
	got, err := Replicate(context.Background(), l, pop, 100, 6, 3)
	runtime.GOMAXPROCS(old)
	if err != nil {
		t.Fatal(err)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("run %d differs with GOMAXPROCS=1", i)
		}
	}
	if want[0] == want[1] {
		t.Error("different seeds gave identical outcomes")
	}
}

// sample summarises a measure over runs.
type sample struct{ mean, variance, n float64 }

func measure(t *testing.T, pop Population, runs int, f func(Outcome) float64) sample {
	t.Helper()
	outs, err := Replicate(context.Background(), NewLandscape(), pop, 500, runs, 2009)
	if err != nil {
		t.Fatal(err)
	}
	var s sample
	for _, o := range outs {
		s.mean += f(o)
	}
	s.n = float64(len(outs))
	s.mean /= s.n
	for _, o := range outs {
		d := f(o) - s.mean
		s.variance += d * d
	}
	s.variance /= s.n - 1
	return s
}

// margin is three standard errors of the difference of two means: a difference larger than the
// margin arises by chance less than 0.3% of the time.
func margin(a, b sample) float64 { return 3 * math.Sqrt(a.variance/a.n+b.variance/b.n) }

func progress(o Outcome) float64         { return o.Progress }
func followerProgress(o Outcome) float64 { return o.FollowerProgress }
func bothPeaks(o Outcome) float64        { return float64(o.BothPeaksTick) }

// TestWeisbergMuldoon reproduces the qualitative results of Weisberg & Muldoon (2009) over 100
// seeds per population, each difference by more than three standard errors.
func TestWeisbergMuldoon(t *testing.T) {
	const runs = 100
	tests := []struct {
		name          string
		better, worse Population
		betterM       func(Outcome) float64
		worseM        func(Outcome) float64
		lowerIsBetter bool
	}{
		{"mavericks alone beat followers alone (50 agents)", Population{Mavericks: 50}, Population{Followers: 50}, progress, progress, false},
		{"mavericks alone beat followers alone (200 agents)", Population{Mavericks: 200}, Population{Followers: 200}, progress, progress, false},
		{"20 mavericks raise the progress of 180 followers", Population{Followers: 180, Mavericks: 20}, Population{Followers: 180}, followerProgress, progress, false},
		{"180 followers + 20 mavericks cover more than 200 followers", Population{Followers: 180, Mavericks: 20}, Population{Followers: 200}, progress, progress, false},
		{"180 followers + 20 mavericks reach both peaks sooner than 200 followers", Population{Followers: 180, Mavericks: 20}, Population{Followers: 200}, bothPeaks, bothPeaks, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := measure(t, tt.better, runs, tt.betterM)
			w := measure(t, tt.worse, runs, tt.worseM)
			diff := b.mean - w.mean
			if tt.lowerIsBetter {
				diff = -diff
			}
			t.Logf("%.4g vs %.4g (difference %.4g, margin %.4g)", b.mean, w.mean, diff, margin(b, w))
			if diff <= margin(b, w) {
				t.Errorf("%+v: %.4g vs %+v: %.4g — difference %.4g within margin %.4g", tt.better, b.mean, tt.worse, w.mean, diff, margin(b, w))
			}
		})
	}
}

// TestFollowerRuleMatters shows the point of Alexander, Himmelreich & Thompson (2015): the
// followers' poor showing comes from their rule. Followers that follow only strictly better
// visited patches, and otherwise climb, do far better alone than Weisberg & Muldoon's followers.
func TestFollowerRuleMatters(t *testing.T) {
	s := measure(t, Population{StrictFollowers: 200}, 100, progress)
	f := measure(t, Population{Followers: 200}, 100, progress)
	t.Logf("strict followers %.4g, W&M followers %.4g", s.mean, f.mean)
	if s.mean-f.mean <= margin(s, f) {
		t.Errorf("strict followers %.4g vs W&M followers %.4g: difference within margin %.4g", s.mean, f.mean, margin(s, f))
	}
}

func TestReplicateCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Replicate(ctx, NewLandscape(), Population{Mavericks: 5}, 10, 4, 1); err == nil {
		t.Error("cancelled Replicate returned no error")
	}
}

// BenchmarkSimulate runs Weisberg & Muldoon's mixed population and BenchmarkVsPython's, and
// reports agent-steps per CPU second and CPU nanoseconds per agent-step:
//
//	go test ./sim/epistemic -run '^$' -bench Simulate -cpu 1
func BenchmarkSimulate(b *testing.B) {
	l := NewLandscape()
	for _, pop := range []Population{{Followers: 180, Mavericks: 20}, {Followers: 100, Mavericks: 100}} {
		b.Run(fmt.Sprintf("%df%dm", pop.Followers, pop.Mavericks), func(b *testing.B) {
			cpu0 := cpuTime()
			for i := 0; b.Loop(); i++ {
				Simulate(l, pop, 500, uint64(i))
			}
			steps := float64(b.N) * float64(pop.size()) * 500
			cpu := (cpuTime() - cpu0).Seconds()
			b.ReportMetric(steps/b.Elapsed().Seconds(), "agent-steps/s")
			b.ReportMetric(steps/cpu, "agent-steps/cpu-s")
			b.ReportMetric(cpu*1e9/steps, "cpu-ns/agent-step")
		})
	}
}
