package sim

import (
	"context"
	"encoding/json"
	"math"
	"strings"
	"testing"
)

// ishigami is f(x) = sin x₁ + a·sin² x₂ + b·x₃⁴·sin x₁ on [−π, π]³ with a = 7, b = 0.1. Its
// indices are known in closed form (Ishigami & Homma 1990; Sobol' & Levitan 1999):
//
//	V   = a²/8 + bπ⁴/5 + b²π⁸/18 + 1/2                    = 13.8446
//	V₁  = (1 + bπ⁴/5)²/2                                  =  4.3459   S₁  = 0.3139
//	V₂  = a²/8                                            =  6.1250   S₂  = 0.4424
//	V₃  = 0                                                           S₃  = 0
//	V₁₃ = b²π⁸·(1/18 − 1/50) = 8b²π⁸/225                  =  3.3737
//	ST₁ = (V₁ + V₁₃)/V = 0.5576, ST₂ = S₂ = 0.4424, ST₃ = V₁₃/V = 0.2437
func ishigami(u []float64) float64 {
	x1, x2, x3 := -math.Pi+2*math.Pi*u[0], -math.Pi+2*math.Pi*u[1], -math.Pi+2*math.Pi*u[2]
	s := math.Sin(x2)
	return math.Sin(x1) + 7*s*s + 0.1*math.Pow(x3, 4)*math.Sin(x1)
}

func TestSobolIshigami(t *testing.T) {
	p := sobolPlan(3, 20000, 7)
	y := make([]float64, len(p.units))
	for i, u := range p.units {
		y[i] = ishigami(u)
	}
	got := sobolIndices(p, y, 50, 7)
	for i, g := range got {
		t.Logf("x%d: S = %.4f [%.4f, %.4f], ST = %.4f [%.4f, %.4f]", i+1, g.First.Value, g.First.Lo, g.First.Hi, g.Total.Value, g.Total.Lo, g.Total.Hi)
	}
	want := []struct{ first, total float64 }{{0.3139, 0.5576}, {0.4424, 0.4424}, {0, 0.2437}}
	for i, w := range want {
		g := got[i]
		if math.Abs(g.First.Value-w.first) > 0.03 || math.Abs(g.Total.Value-w.total) > 0.03 {
			t.Errorf("x%d: S = %.4f, ST = %.4f; want %.4f, %.4f", i+1, g.First.Value, g.Total.Value, w.first, w.total)
		}
		if !(g.First.Lo <= g.First.Value && g.First.Value <= g.First.Hi) || !(g.Total.Lo <= g.Total.Value && g.Total.Value <= g.Total.Hi) {
			t.Errorf("x%d: interval does not hold the estimate: %+v", i+1, g)
		}
		if g.Total.Hi-g.Total.Lo > 0.1 {
			t.Errorf("x%d: total-index interval too wide: %+v", i+1, g.Total)
		}
	}
}

// Morris on f = 3x₁ − 2x₂ + x₃·x₄ (x in [0, 1]): the linear parameters' elementary effects are
// exactly their coefficients (μ* = |c|, σ = 0); x₃ and x₄ interact, so their effects vary
// (σ > 0); a parameter f ignores has μ* = 0.
func TestMorrisKnownEffects(t *testing.T) {
	f := func(u []float64) float64 { return 3*u[0] - 2*u[1] + u[2]*u[3] }
	p := morrisPlan(5, 40, 4, 3)
	if len(p.units) != 40*6 {
		t.Fatalf("%d runs", len(p.units))
	}
	y := make([]float64, len(p.units))
	for i, u := range p.units {
		y[i] = f(u)
		for _, x := range u {
			if x < 0 || x > 1 {
				t.Fatalf("point outside the unit cube: %v", u)
			}
		}
	}
	m := morrisIndices(p, y)
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
	if !near(m[0].MuStar, 3) || !near(m[0].Mu, 3) || !near(m[0].Sigma, 0) {
		t.Errorf("x1: %+v, want μ* = μ = 3, σ = 0", m[0])
	}
	if !near(m[1].MuStar, 2) || !near(m[1].Mu, -2) || !near(m[1].Sigma, 0) {
		t.Errorf("x2: %+v, want μ* = 2, μ = −2, σ = 0", m[1])
	}
	for _, i := range []int{2, 3} {
		if m[i].Sigma <= 0.1 || m[i].MuStar <= 0 || m[i].MuStar > 1 {
			t.Errorf("x%d: %+v, want 0 < μ* ≤ 1 and σ > 0", i+1, m[i])
		}
	}
	if m[4].MuStar != 0 || m[4].Sigma != 0 {
		t.Errorf("x5: %+v, want nothing", m[4])
	}
}

// tinySensitivity is a quick design on a small population.
func tinySensitivity(method string) SensitivityDesign {
	d := DefaultSensitivity()
	d.Base.Replications, d.Base.Quarters, d.Base.Population.Innovators = 3, 12, 100
	d.Base.Funding.Budget = 600
	d.Method = method
	d.Parameters = []Range{{"behaviour.complacency", 0, 0.6}, {"landscape.ruggedness", 0, 6}}
	d.Outputs = []string{"pick_by_forecast.landmarks - broad_small_grants.landmarks", "no_support.survivors"}
	d.Samples = 4
	d.Bootstrap = 20
	return d
}

func TestSensitivityDeterministicAndSharded(t *testing.T) {
	for _, method := range []string{MethodSobol, MethodMorris} {
		d := tinySensitivity(method)
		collect := func(sh Shard, workers int) []SensitivityRecord {
			var recs []SensitivityRecord
			if err := evaluateSensitivity(context.Background(), d, sh, nil, func(r SensitivityRecord) error {
				recs = append(recs, r)
				return nil
			}, workers); err != nil {
				t.Fatal(err)
			}
			return recs
		}
		whole, err := AnalyseSensitivity(d, collect(Shard{0, 1}, 2))
		if err != nil {
			t.Fatal(err)
		}
		// Three shards, one worker each, analysed in reverse order.
		var parts []SensitivityRecord
		for i := 2; i >= 0; i-- {
			parts = append(parts, collect(Shard{i, 3}, 1)...)
		}
		merged, err := AnalyseSensitivity(d, parts)
		if err != nil {
			t.Fatal(err)
		}
		a, _ := json.Marshal(whole)
		b, _ := json.Marshal(merged)
		if string(a) != string(b) {
			t.Fatalf("%s: shards or workers change the result", method)
		}
		if whole.Runs != d.Runs() || len(whole.Outputs) != 2 || len(whole.Outputs[0].Parameters) != 2 {
			t.Fatalf("%s: %d runs, %+v", method, whole.Runs, whole.Outputs)
		}
		if _, err := AnalyseSensitivity(d, parts[1:]); err == nil || !strings.Contains(err.Error(), "missing") {
			t.Errorf("%s: a missing run was not refused: %v", method, err)
		}
		other := d
		other.Seed++
		if _, err := AnalyseSensitivity(other, parts); err == nil || FieldErrors(err)[0].Key != "design_hash" {
			t.Errorf("%s: records of another design were not refused: %v", method, err)
		}
	}
}

func TestParseSensitivityRefusals(t *testing.T) {
	cases := []struct{ yaml, key, reason string }{
		{"sensitivity:\n  parameters:\n    behaviour.complacency: [0.6, 0.1]\n", "sensitivity.parameters.behaviour.complacency", "lower bound 0.6 is above upper bound 0.1"},
		{"sensitivity:\n  parameters:\n    behaviour.nerve: [0, 1]\n", "sensitivity.parameters.behaviour.nerve", "unknown parameter"},
		{"sensitivity:\n  parameters:\n    behaviour.complacency: [0, 2]\n", "sensitivity.parameters.behaviour.complacency", "allowed values"},
		{"sensitivity:\n  samples: 1000\n  max_runs: 500\n", "sensitivity.samples", "needs 7000 model runs, over the limit max_runs = 500"},
		{"sensitivity:\n  max_runs: 10000000\n", "sensitivity.max_runs", "must be an integer"},
		{"sensitivity:\n  outputs: [pick_by_forecast.happiness]\n", "sensitivity.outputs[0]", "cannot read \"happiness\""},
		{"sensitivity:\n  method: oat\n", "sensitivity.method", "morris or sobol"},
		{"sensitivity:\n  method: morris\n  levels: 3\n", "sensitivity.levels", "even"},
		{"sensitivity:\n  colour: red\n", "sensitivity.colour", "unknown key"},
	}
	for _, c := range cases {
		_, err := ParseSensitivity([]byte(c.yaml))
		fes := FieldErrors(err)
		if len(fes) == 0 {
			t.Errorf("%q: accepted (%v)", c.yaml, err)
			continue
		}
		if fes[0].Key != c.key || !strings.Contains(fes[0].En, c.reason) {
			t.Errorf("%q: got %s: %s; want %s: …%s…", c.yaml, fes[0].Key, fes[0].En, c.key, c.reason)
		}
	}
	d, err := ParseSensitivity([]byte("sensitivity:\n  method: morris\n  samples: 5\n  parameters:\n    funding.grant_size: [4, 40]\n    landscape.ruggedness: [0, 8]\n"))
	if err != nil {
		t.Fatal(err)
	}
	if d.Method != MethodMorris || d.Runs() != 15 || len(d.Parameters) != 2 || d.Parameters[1] != (Range{"landscape.ruggedness", 0, 8}) {
		t.Fatalf("%+v", d)
	}
}

func TestSensitivityIntegerParameterLevels(t *testing.T) {
	d := DefaultSensitivity()
	d.Parameters = []Range{{"landscape.ruggedness", 0, 3}}
	seen := map[int]bool{}
	for _, u := range []float64{0, 0.2, 0.26, 0.5, 0.74, 0.76, 0.999, 1} {
		seen[d.pointConfig([]float64{u}).Landscape.Ruggedness] = true
	}
	for k := 0; k <= 3; k++ {
		if !seen[k] {
			t.Errorf("ruggedness %d never drawn: %v", k, seen)
		}
	}
}

// The fifths of a parameter's range give E[output | parameter]: for f = u₁ on [0, 1]², the
// fifths of u₁ average (b + ½)/5 and those of u₂, which f ignores, average ½ throughout.
func TestSensitivityFifths(t *testing.T) {
	p := sobolPlan(2, 5000, 11)
	y := make([]float64, len(p.units))
	for i, u := range p.units {
		y[i] = u[0]
	}
	f := conditionalFifths(p, y)
	for b := 0; b < 5; b++ {
		if want := (float64(b) + 0.5) / 5; math.Abs(f[0][b].Mean-want) > 0.01 {
			t.Errorf("u1 fifth %d: %.4f, want %.2f", b, f[0][b].Mean, want)
		}
		if math.Abs(f[1][b].Mean-0.5) > 0.03 || f[0][b].N < 1800 {
			t.Errorf("u2 fifth %d: %+v, want 0.5 over about 2000 points", b, f[1][b])
		}
	}
}
