package selection

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/stat"
)

// TestBayesByHand checks the posterior on a complete balanced design worked out by hand. Two
// reviewers score both applications: A 60 and 80, B 40 and 60. With τ²_a = τ²_b = σ² = 100
// fixed, the design separates: â = J·τ²_a/(J·τ²_a + σ²)·(ȳ_app − ȳ) = 2/3·(±10) and likewise
// b̂ = 2/3·(±10) for R1 (mean 50) and R2 (mean 70). The global SD of 60, 80, 40, 60 is √200,
// the scale of the score.
func TestBayesByHand(t *testing.T) {
	scores := []Score{{"A", "R1", 60}, {"A", "R2", 80}, {"B", "R1", 40}, {"B", "R2", 60}}
	n, err := Normalise(scores, NormaliseOptions{Variances: &Variances{100, 100, 100}, RankDraws: 400})
	if err != nil {
		t.Fatal(err)
	}
	if n.Method != MethodBayes {
		t.Fatalf("method %q", n.Method)
	}
	const tol = 1e-6
	want := 20.0 / 3
	a, b := n.Apps[0], n.Apps[1]
	if math.Abs(a.Display-60-want) > tol || math.Abs(b.Display-60+want) > tol {
		t.Errorf("display %v %v, want %v %v", a.Display, b.Display, 60+want, 60-want)
	}
	if math.Abs(a.Score-want/math.Sqrt(200)) > tol || math.Abs(a.Score+b.Score) > tol {
		t.Errorf("scores %v %v, want ±%v", a.Score, b.Score, want/math.Sqrt(200))
	}
	if r1, r2 := n.Reviewers[0], n.Reviewers[1]; math.Abs(r1.Effect+want) > tol || math.Abs(r2.Effect-want) > tol {
		t.Errorf("reviewer effects %v %v, want ∓%v", r1.Effect, r2.Effect, want)
	}
	if !(a.SE > 0) || math.Abs(a.SE-b.SE) > tol || math.Abs(a.Upper-a.Lower-2*1.96*a.SE) > tol {
		t.Errorf("intervals %+v %+v", a, b)
	}
	if a.RankLow != 1 || b.RankHigh != 2 {
		t.Errorf("rank intervals A [%d,%d] B [%d,%d]", a.RankLow, a.RankHigh, b.RankLow, b.RankHigh)
	}
}

// TestBayesSmallPanels is the case that defeats z-scores with two reviews per reviewer: each
// reviewer's two scores become −1 and +1 whatever they are, so [95, 20] ties with [95, 95]. The
// model keeps them apart, gives intervals of non-zero width and flags the 75-point spread.
func TestBayesSmallPanels(t *testing.T) {
	scores := []Score{
		{"A", "R1", 95}, {"B", "R1", 20},
		{"A", "R2", 95}, {"B", "R2", 95},
		{"C", "R3", 45}, {"D", "R3", 20},
		{"C", "R4", 45}, {"D", "R4", 0},
	}
	z, err := Normalise(scores, NormaliseOptions{Method: MethodZScore})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range z.Apps {
		for _, r := range a.Reviews {
			if !r.Fallback && math.Abs(math.Abs(r.Z)-1) > 1e-9 {
				t.Fatalf("a z-score of a reviewer with two scores is ±1, not %v", r.Z)
			}
		}
	}
	n, err := Normalise(scores, NormaliseOptions{RankDraws: 400})
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]AppScore{}
	for _, a := range n.Apps {
		byID[a.AppID] = a
		if !(a.Upper > a.Lower) {
			t.Errorf("%s: interval of zero width", a.AppID)
		}
	}
	if !(byID["A"].Score > byID["B"].Score && byID["B"].Score > byID["C"].Score && byID["C"].Score > byID["D"].Score) {
		t.Errorf("order A>B>C>D expected: %+v", n.Apps)
	}
	if got := flagCodes(byID["B"].Flags); len(got) != 1 || got[0] != FlagDisagreement || byID["B"].RawSpread != 75 {
		t.Errorf("B: flags %v spread %v, want the disagreement flag on 75 points", got, byID["B"].RawSpread)
	}
	if got := flagCodes(byID["A"].Flags); len(got) != 0 {
		t.Errorf("A: flags %v", got)
	}
}

// simulate builds nApps applications with known qualities, each reviewed by k reviewers, each
// reviewer scoring perRev of them, with reviewer harshness and noise of the same size as the
// spread of quality.
func simulate(rng *rand.Rand, nApps, k, perRev int) ([]Score, map[string]float64) {
	nRev := nApps * k / perRev
	quality := map[string]float64{}
	apps := make([]string, nApps)
	for i := range apps {
		apps[i] = simApp(i)
		quality[apps[i]] = rng.NormFloat64() * 10
	}
	bias := make([]float64, nRev)
	for j := range bias {
		bias[j] = rng.NormFloat64() * 10
	}
	for {
		slots := make([]int, 0, nApps*k)
		for j := 0; j < nRev; j++ {
			for c := 0; c < perRev; c++ {
				slots = append(slots, j)
			}
		}
		rng.Shuffle(len(slots), func(i, j int) { slots[i], slots[j] = slots[j], slots[i] })
		ok := true
		var scores []Score
		for i, app := range apps {
			seen := map[int]bool{}
			for c := 0; c < k; c++ {
				j := slots[i*k+c]
				if seen[j] {
					ok = false
				}
				seen[j] = true
				scores = append(scores, Score{app, simRev(j), 50 + quality[app] + bias[j] + rng.NormFloat64()*10})
			}
		}
		if ok {
			return scores, quality
		}
	}
}

func simApp(i int) string {
	return "A" + string(rune('0'+i/100)) + string(rune('0'+i/10%10)) + string(rune('0'+i%10))
}
func simRev(j int) string {
	return "R" + string(rune('0'+j/100)) + string(rune('0'+j/10%10)) + string(rune('0'+j%10))
}

// TestBayesRecoversQuality is the simulated test: with n = 2, 3 and 5 reviews per reviewer,
// the model's scores correlate with the known qualities better than raw means and than
// per-reviewer z-scores, on average over replications.
func TestBayesRecoversQuality(t *testing.T) {
	if testing.Short() {
		t.Skip("simulation")
	}
	const reps, nApps, k = 12, 30, 3
	for _, perRev := range []int{2, 3, 5} {
		var cBayes, cRaw, cZ float64
		rng := rand.New(rand.NewPCG(7, uint64(perRev)))
		for r := 0; r < reps; r++ {
			scores, quality := simulate(rng, nApps, k, perRev)
			b, err := Normalise(scores, NormaliseOptions{RankDraws: 50})
			if err != nil {
				t.Fatal(err)
			}
			z, err := Normalise(scores, NormaliseOptions{Method: MethodZScore})
			if err != nil {
				t.Fatal(err)
			}
			var q, sb, sr, sz []float64
			for i, a := range b.Apps {
				q = append(q, quality[a.AppID])
				sb, sr, sz = append(sb, a.Score), append(sr, a.RawMean), append(sz, z.Apps[i].Score)
			}
			cBayes += stat.Correlation(q, sb, nil) / reps
			cRaw += stat.Correlation(q, sr, nil) / reps
			cZ += stat.Correlation(q, sz, nil) / reps
		}
		t.Logf("%d reviews per reviewer: correlation with true quality: model %.3f, raw mean %.3f, z-score %.3f", perRev, cBayes, cRaw, cZ)
		if !(cBayes > cRaw && cBayes > cZ) {
			t.Errorf("%d reviews per reviewer: model %.3f does not beat raw mean %.3f and z-score %.3f", perRev, cBayes, cRaw, cZ)
		}
	}
}
