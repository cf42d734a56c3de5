package evaluation

import (
	"math"
	"math/rand/v2"
	"testing"
)

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

func TestOLSHandComputed(t *testing.T) {
	// t = 0..3, y = 1, 3, 2, 5: t̄ = 1.5, ȳ = 2.75, Sxx = 5, Sxy = 5.5, b = 1.1, a = 1.1,
	// residuals −0.1, 0.8, −1.3, 0.6, RSS = 2.7, SE = sqrt(2.7/2/5) = sqrt(0.27).
	tests := []struct {
		name string
		t, y []float64
		want Fit
	}{
		{"four points", []float64{0, 1, 2, 3}, []float64{1, 3, 2, 5}, Fit{N: 4, Slope: 1.1, SE: math.Sqrt(0.27), Mean: 2.75, Intercept: 1.1}},
		{"missing value left out", []float64{0, 1, 2, 3, 4}, []float64{1, 3, 2, 5, math.NaN()}, Fit{N: 4, Slope: 1.1, SE: math.Sqrt(0.27), Mean: 2.75, Intercept: 1.1}},
		{"two points: slope, no SE", []float64{0, 2}, []float64{1, 2}, Fit{N: 2, Slope: 0.5, Mean: 1.5, Intercept: 1}},
		{"one point: no slope", []float64{3}, []float64{4}, Fit{N: 1, Mean: 4, Intercept: 4}},
		{"perfect line", []float64{0, 1, 2}, []float64{2, 4, 6}, Fit{N: 3, Slope: 2, Mean: 4, Intercept: 2}},
		{"none", nil, nil, Fit{}},
	}
	for _, tt := range tests {
		got := OLS(tt.t, tt.y)
		if got.N != tt.want.N || !near(got.Slope, tt.want.Slope, 1e-12) || !near(got.SE, tt.want.SE, 1e-12) ||
			!near(got.Mean, tt.want.Mean, 1e-12) || !near(got.Intercept, tt.want.Intercept, 1e-12) {
			t.Errorf("%s: got %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

// TestWorkspaceFitMatchesOLS checks the constant-time window fits from prefix sums against a
// direct fit of ln(1+x) on random series with gaps.
func TestWorkspaceFitMatchesOLS(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	p, err := NewPanel([]int64{1, 2}, q(2015, 1), q(2024, 4))
	if err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		for k := range NumIndicators {
			for tt := range p.T {
				if rng.Float64() < 0.8 {
					p.Set(i, k, p.First.Add(tt), math.Floor(rng.Float64()*50))
				}
			}
		}
	}
	w := newWorkspace(p.T)
	for i := range 2 {
		w.load(p, i)
		for range 200 {
			k := rng.IntN(NumIndicators)
			a := rng.IntN(p.T+4) - 2
			b := a + rng.IntN(12)
			var ts, ys []float64
			for tt := max(a, 0); tt <= min(b, p.T-1); tt++ {
				if v, ok := p.Get(i, k, p.First.Add(tt)); ok {
					ts = append(ts, float64(tt-a))
					ys = append(ys, math.Log1p(v))
				}
			}
			want, got := OLS(ts, ys), w.fit(k, a, b)
			if got.N != want.N || !near(got.Slope, want.Slope, 1e-9) || !near(got.SE, want.SE, 1e-7) ||
				!near(got.Mean, want.Mean, 1e-9) || !near(got.Intercept, want.Intercept, 1e-8) {
				t.Fatalf("window %d..%d of indicator %d: got %+v, want %+v", a, b, k, got, want)
			}
		}
	}
}

func TestCombine(t *testing.T) {
	// Two technical indicators with slopes 0.2 (SE 0.1) and 0.4 (SE 0.2), equal weights:
	// slope 0.3, SE sqrt(0.1² + 0.2²)/2, level (1 + 3)/2; a third with too little data is left out.
	var fits [NumIndicators]Fit
	a, b, c := members[Technical][0], members[Technical][1], members[Technical][2]
	fits[a] = Fit{N: 5, Slope: 0.2, SE: 0.1, Mean: 1}
	fits[b] = Fit{N: 5, Slope: 0.4, SE: 0.2, Mean: 3}
	fits[c] = Fit{N: 2, Slope: 9, SE: 9, Mean: 9}
	got := combine(Technical, &fits, func(k int) bool { return fits[k].N >= 4 })
	if got.Indicators != 2 || got.MaxN != 5 || !near(got.Slope, 0.3, 1e-12) || !near(got.SE, math.Sqrt(0.05)/2, 1e-12) || !near(got.Level, 2, 1e-12) {
		t.Fatalf("got %+v", got)
	}
	if none := combine(Market, &fits, func(int) bool { return true }); none.Slope != 0 || none.MaxN != 0 {
		t.Fatalf("empty market: %+v", none)
	}
}

// TestLog1p32IsMathLog1p checks that the tables give math.Log1p's value, bit for bit: for every
// whole number and number of tenths they hold, the float32s beside them, and random values.
func TestLog1p32IsMathLog1p(t *testing.T) {
	var vs []float32
	for m := range 10*len(log1pTable) + 20 {
		v := float32(float64(m) / 10)
		vs = append(vs, v, math.Nextafter32(v, 0), math.Nextafter32(v, math.MaxFloat32), float32(m))
	}
	r := rand.New(rand.NewPCG(5, 6))
	for range 100000 {
		vs = append(vs, r.Float32()*5000, float32(math.Round(r.Float64()*50000)/100))
	}
	for _, v := range vs {
		if got, want := log1p32(v), math.Log1p(float64(v)); math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("log1p32(%v) = %v, math.Log1p gives %v", v, got, want)
		}
	}
}
