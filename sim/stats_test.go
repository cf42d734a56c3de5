package sim

import (
	"math"
	"sort"
	"testing"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

func TestTQuantile975(t *testing.T) {
	for _, df := range []int{1, 2, 5, 10, 29, 30, 31, 40, 99, 500, 100000} {
		want := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(df)}.Quantile(0.975)
		if got := tQuantile975(df); math.Abs(got-want) > 2e-6 {
			t.Errorf("df=%d: %v, want %v", df, got, want)
		}
	}
	if !math.IsNaN(tQuantile975(0)) {
		t.Error("df=0 should be NaN")
	}
}

func TestMomentsMatchTwoPass(t *testing.T) {
	r := streamFor(5, 0, 0)
	xs := make([]float64, 500)
	var m moments
	for i := range xs {
		xs[i] = 1e6 + r.float64()*10 // a large offset tests numerical stability
		m.add(xs[i])
	}
	mean, sd := stat.MeanStdDev(xs, nil)
	e := m.estimate()
	half := tQuantile975(len(xs)-1) * sd / math.Sqrt(float64(len(xs)))
	if math.Abs(e.Mean-mean) > 1e-9 || math.Abs((e.Hi-e.Lo)/2-half) > 1e-9 || e.N != 500 || !e.Defined {
		t.Errorf("estimate %+v, want mean %v half-width %v", e, mean, half)
	}
	var one moments
	one.add(3)
	if e := one.estimate(); e.Mean != 3 || e.Lo != 3 || e.Hi != 3 {
		t.Errorf("one observation: %+v", e)
	}
	if e := (&moments{}).estimate(); e.Defined {
		t.Error("no observation should be undefined")
	}
}

func TestRatioEstimate(t *testing.T) {
	xs := []float64{2, 4, 3, 5, 0, 6}
	ys := []float64{10, 22, 14, 26, 3, 29}
	var r ratio
	for i := range xs {
		r.add(xs[i], ys[i])
	}
	e := r.estimate()
	mx, my := stat.Mean(xs, nil), stat.Mean(ys, nil)
	R := my / mx
	n := float64(len(xs))
	v := (stat.Variance(ys, nil) - 2*R*stat.Covariance(xs, ys, nil) + R*R*stat.Variance(xs, nil)) / (n * mx * mx)
	half := tQuantile975(len(xs)-1) * math.Sqrt(v)
	if math.Abs(e.Mean-R) > 1e-12 || math.Abs((e.Hi-e.Lo)/2-half) > 1e-9 {
		t.Errorf("ratio %+v, want %v ± %v", e, R, half)
	}
	var zero ratio
	zero.add(0, 5)
	if zero.estimate().Defined {
		t.Error("ratio with no landmarks should be undefined")
	}
}

func TestTopK(t *testing.T) {
	r := streamFor(9, 0, 0)
	for _, n := range []int{1, 2, 3, 10, 100, 1000} {
		for _, k := range []int{0, 1, n / 2, n - 1, n} {
			score := make([]float64, n)
			list := make([]int32, n)
			for i := range score {
				score[i] = float64(r.intn(n/3 + 1)) // many ties
				list[i] = int32(i)
			}
			topK(list, score, k, make([]float64, n))
			sorted := append([]float64(nil), score...)
			sort.Sort(sort.Reverse(sort.Float64Slice(sorted)))
			var got []float64
			for _, i := range list[:k] {
				got = append(got, score[i])
			}
			sort.Sort(sort.Reverse(sort.Float64Slice(got)))
			for i := range got {
				if got[i] != sorted[i] {
					t.Fatalf("n=%d k=%d: top %v, want %v", n, k, got, sorted[:k])
				}
			}
			seen := map[int32]bool{}
			for _, i := range list {
				if seen[i] {
					t.Fatalf("n=%d k=%d: %d twice", n, k, i)
				}
				seen[i] = true
			}
		}
	}
}

func TestSampleUniform(t *testing.T) {
	r := streamFor(11, 0, 0)
	counts := make([]int, 10)
	const trials = 20000
	for range trials {
		list := []int32{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}
		sample(list, 3, &r)
		for _, i := range list[:3] {
			counts[i]++
		}
	}
	for i, c := range counts {
		// Each item is drawn with probability 3/10; allow five standard deviations.
		if want, sd := trials*0.3, math.Sqrt(trials*0.3*0.7); math.Abs(float64(c)-want) > 5*sd {
			t.Errorf("item %d drawn %d times, want about %.0f", i, c, want)
		}
	}
}

func TestRNG(t *testing.T) {
	a, b := streamFor(1, 2, 3), streamFor(1, 2, 4)
	if a.next() == b.next() {
		t.Error("neighbouring streams start alike")
	}
	r := streamFor(42, 0, 0)
	var m, mn moments
	for range 100000 {
		m.add(r.float64())
		mn.add(r.normal())
	}
	if math.Abs(m.mean-0.5) > 0.005 || math.Abs(m.m2/m.n-1.0/12) > 0.002 {
		t.Errorf("uniform mean %v var %v", m.mean, m.m2/m.n)
	}
	if math.Abs(mn.mean) > 0.02 || math.Abs(mn.m2/mn.n-1) > 0.02 {
		t.Errorf("normal mean %v var %v", mn.mean, mn.m2/mn.n)
	}
	for _, p := range []float64{0, 0.25, 1} {
		hits := 0
		for range 40000 {
			if uint64(uint32(r.next())) < threshold32(p) {
				hits++
			}
		}
		if math.Abs(float64(hits)/40000-p) > 0.01 {
			t.Errorf("threshold32(%v): rate %v", p, float64(hits)/40000)
		}
	}
}
