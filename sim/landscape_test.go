package sim

import (
	"math"
	"testing"
)

// directFitness computes a fitness sum straight from the NK definition, locus by locus.
func directFitness(l *landscape, field int, g uint32) int64 {
	n, k1 := int(l.bits), int(l.k1)
	var s int64
	for i := 0; i < n; i++ {
		arg := 0
		for d := 0; d < k1; d++ {
			arg |= int(g>>((i+d)%n)&1) << d
		}
		s += int64(l.tab[field*l.stride+i<<k1+arg])
	}
	return s
}

func TestFitnessMatchesDefinition(t *testing.T) {
	tests := []struct{ fields, bits, k int }{
		{1, 4, 0}, {2, 5, 4}, {3, 16, 4}, {1, 20, 5}, {2, 13, 12}, {1, 24, 15}, {2, 11, 5}, {1, 24, 10},
		{2, 13, 5}, {1, 9, 3}, {3, 24, 5},
	}
	for _, tt := range tests {
		l := newLandscape(tt.fields, tt.bits, tt.k)
		r := streamFor(uint64(tt.bits), uint64(tt.k), 0)
		l.draw(&r)
		for i := 0; i < 2000; i++ {
			f := r.intn(tt.fields)
			g := uint32(r.next()) & l.approachMask()
			got, want := int64(l.fitness(f, g)), directFitness(&l, f, g)
			if got != want {
				t.Fatalf("N=%d K=%d: fitness(%d, %b) = %v, want %v", tt.bits, tt.k, f, g, got, want)
			}
			if 2*tt.k+1 > tt.bits {
				continue // flipDelta is used only when 2(K+1) < bits
			}
			b := uint(r.intn(tt.bits))
			t0 := l.ext[f*l.extStride : (f+1)*l.extStride]
			if d := flipDelta(t0, g, b, l.bits, l.k1, l.mask); int64(d) != directFitness(&l, f, g^1<<b)-want {
				t.Fatalf("N=%d K=%d: flipDelta(%b, bit %d) = %d, want %d", tt.bits, tt.k, g, b, d, directFitness(&l, f, g^1<<b)-want)
			}
			if l.flip == nil {
				continue // the flip table is built for K ≤ 5
			}
			if d := l.flipChange(f, g, b); int64(d) != directFitness(&l, f, g^1<<b)-want {
				t.Fatalf("N=%d K=%d: flipChange(%b, bit %d) = %d, want %d", tt.bits, tt.k, g, b, d, directFitness(&l, f, g^1<<b)-want)
			}
		}
	}
}

// localOptima returns the fitness (as a mean contribution) of every approach none of whose
// one-bit neighbours is fitter.
func localOptima(l *landscape) []float64 {
	n := uint32(1) << l.bits
	fit := make([]int32, n)
	for g := range n {
		fit[g] = l.fitness(0, g)
	}
	var opt []float64
	for g := range n {
		best := true
		for b := uint(0); b < l.bits && best; b++ {
			best = fit[g^1<<b] <= fit[g]
		}
		if best {
			opt = append(opt, float64(fit[g])/unit/float64(l.bits))
		}
	}
	return opt
}

// TestKauffmanNK checks the landscapes against published properties of NK landscapes (Kauffman &
// Levin 1987; Kauffman 1993): with K = 0 there is a single optimum whose expected fitness is 2/3
// (each locus takes the larger of two uniform draws); with K = N−1 fitnesses are independent and
// the expected number of local optima is 2^N/(N+1); and the fitness of local optima falls as K
// grows large (the complexity catastrophe).
func TestKauffmanNK(t *testing.T) {
	const landscapes = 60
	r := streamFor(1987, 0, 0)

	var optK0 moments
	l := newLandscape(1, 12, 0)
	for range landscapes {
		l.draw(&r)
		opt := localOptima(&l)
		if len(opt) != 1 {
			t.Fatalf("K=0: %d local optima, want 1", len(opt))
		}
		optK0.add(opt[0])
	}
	// Var of the max of two uniforms is 1/18; the optimum averages 12 loci.
	se := math.Sqrt(1.0 / 18 / 12 / landscapes)
	if d := math.Abs(optK0.mean - 2.0/3); d > 4*se {
		t.Errorf("K=0: mean optimum %.4f, want 2/3 within %.4f", optK0.mean, 4*se)
	}

	var count moments
	meanOpt := map[int]float64{}
	for _, k := range []int{2, 11} {
		l := newLandscape(1, 12, k)
		var fit moments
		for range landscapes {
			l.draw(&r)
			opt := localOptima(&l)
			if k == 11 {
				count.add(float64(len(opt)))
			}
			for _, f := range opt {
				fit.add(f)
			}
		}
		meanOpt[k] = fit.mean
	}
	want := 4096.0 / 13
	e := count.estimate()
	if half := (e.Hi - e.Lo) / 2; math.Abs(e.Mean-want) > 2*half {
		t.Errorf("K=N−1: %.1f ± %.1f local optima, want 2^N/(N+1) = %.1f", e.Mean, half, want)
	}
	t.Logf("K=0 optimum %.4f; K=N−1 %.1f local optima (theory %.1f); mean local optimum K=2 %.4f, K=11 %.4f",
		optK0.mean, e.Mean, want, meanOpt[2], meanOpt[11])
	if meanOpt[11] >= meanOpt[2] {
		t.Errorf("complexity catastrophe missing: mean local optimum %.4f at K=11, %.4f at K=2", meanOpt[11], meanOpt[2])
	}
}

func TestZConversionRoundTrips(t *testing.T) {
	for _, bits := range []int{4, 16, 20, 24} {
		for _, z := range []float64{-3, 0, 1.5, 3.8} {
			if got := zForSum(bits, sumForZ(bits, z)); math.Abs(got-z) > 1e-6 {
				t.Errorf("bits=%d: z %v → %v", bits, z, got)
			}
		}
	}
}
