package epistemic

import (
	"context"
	"errors"
	"runtime"
	"testing"
)

func TestStudyMeansAndDeterminism(t *testing.T) {
	l := NewLandscape()
	s := Study{Followers: 20, Mavericks: 5, Ticks: 100, Seeds: 4, Seed: 7, TieBreak: "uniform"}
	a, err := s.Run(context.Background(), l)
	if err != nil {
		t.Fatal(err)
	}
	old := runtime.GOMAXPROCS(1)
	b, err := s.Run(context.Background(), l)
	runtime.GOMAXPROCS(old)
	if err != nil {
		t.Fatal(err)
	}
	if a.Progress != b.Progress || a.FollowerProgress != b.FollowerProgress {
		t.Fatalf("same seed, different means: %v vs %v", a.Progress, b.Progress)
	}
	var sum float64
	for _, o := range a.Runs {
		sum += o.Progress
	}
	if got := sum / 4; got != a.Progress || a.Progress <= 0 {
		t.Fatalf("progress %v, mean of runs %v", a.Progress, got)
	}
	// The coverage of significant patches, summed, is the progress times their number.
	var cov float64
	for p, c := range a.Coverage {
		if l.Sig[p] > 0 {
			cov += c
		}
	}
	if d := cov/float64(l.Significant) - a.Progress; d > 1e-9 || d < -1e-9 {
		t.Fatalf("coverage %v disagrees with progress %v", cov/float64(l.Significant), a.Progress)
	}
}

// TestTieBreakIsAParameter: the followers' tie-break rule changes their runs, and each rule is
// reproducible. Followers alone mostly break ties among patches already visited, which changes
// no outcome; with mavericks opening new ground it changes where the followers go.
func TestTieBreakIsAParameter(t *testing.T) {
	l := NewLandscape()
	s := Study{Followers: 40, Mavericks: 10, Ticks: 150, Seeds: 3, Seed: 11, TieBreak: "first"}
	first, err := s.Run(context.Background(), l)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := s.Run(context.Background(), l)
	s.TieBreak = "uniform"
	uniform, _ := s.Run(context.Background(), l)
	if first.Progress != again.Progress {
		t.Fatal("the first-best rule is not reproducible")
	}
	same := true
	for i := range first.Runs {
		same = same && first.Runs[i] == uniform.Runs[i]
	}
	if same {
		t.Fatal("the tie-break rule made no difference to any run")
	}
	t.Logf("progress: first-best %.4f, uniform %.4f", first.Progress, uniform.Progress)
}

func TestStudyRefusesOutOfRange(t *testing.T) {
	for _, tt := range []struct {
		s   Study
		key string
	}{
		{Study{Followers: -1, Ticks: 10, Seeds: 1}, "followers"},
		{Study{Ticks: 10, Seeds: 1}, "followers"},
		{Study{Mavericks: 5, Ticks: 0, Seeds: 1}, "ticks"},
		{Study{Mavericks: 5, Ticks: 10, Seeds: MaxSeeds + 1}, "seeds"},
		{Study{Mavericks: 5, Ticks: 10, Seeds: 1, TieBreak: "random"}, "tie_break"},
	} {
		_, err := tt.s.Run(context.Background(), NewLandscape())
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Key != tt.key {
			t.Errorf("%+v: error %v, want one naming %s", tt.s, err, tt.key)
		}
	}
}

// Coverage over time never falls, and ends at the study's progress.
func TestProgressByTick(t *testing.T) {
	s := DefaultStudy()
	s.Followers, s.Mavericks, s.Ticks, s.Seeds = 20, 10, 120, 4
	r, err := s.Run(context.Background(), NewLandscape())
	if err != nil {
		t.Fatal(err)
	}
	if len(r.ProgressByTick) != s.Ticks {
		t.Fatalf("%d ticks of progress, want %d", len(r.ProgressByTick), s.Ticks)
	}
	for i := 1; i < len(r.ProgressByTick); i++ {
		if r.ProgressByTick[i] < r.ProgressByTick[i-1] {
			t.Fatalf("progress fell at tick %d: %v", i+1, r.ProgressByTick[i-1:i+1])
		}
	}
	if last := r.ProgressByTick[s.Ticks-1]; last != r.Progress || last <= r.ProgressByTick[0] {
		t.Errorf("first %v, last %v, progress %v", r.ProgressByTick[0], last, r.Progress)
	}
}
