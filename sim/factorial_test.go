package sim

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// smallDesign is a quick design for tests: 2 × 2 × 1 × 2 cells on a small population.
func smallDesign() Design {
	d := DefaultDesign()
	d.Base.Replications, d.Base.Quarters, d.Base.Population.Innovators = 6, 12, 150
	d.Base.Funding.Budget = 600
	d.Selection = []string{SelectByForecast, SelectLottery}
	d.GrantSize = []float64{4, 40}
	d.Pacing = []string{PaceOnce}
	d.Retry = []bool{true, false}
	return d
}

func TestFactorialReproducibleAndBalanced(t *testing.T) {
	d := smallDesign()
	a, err := runFactorial(context.Background(), d, 2)
	if err != nil {
		t.Fatal(err)
	}
	b, err := runFactorial(context.Background(), d, 1)
	if err != nil {
		t.Fatal(err)
	}
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	if string(ja) != string(jb) {
		t.Fatal("the result depends on the number of workers")
	}
	if len(a.Cells) != 8 || len(a.MainEffects) != 2+2+1+2 {
		t.Fatalf("%d cells, %d main effects", len(a.Cells), len(a.MainEffects))
	}
	// Effects in effect coding sum to zero over a factor's levels (replication by replication,
	// so their means too), and the pacing factor held at one level has effect zero.
	sums := map[string]float64{}
	for _, e := range a.MainEffects {
		sums[e.Factor] += e.Estimate.Mean
		if e.Factor == "pacing" && e.Estimate.Mean != 0 {
			t.Errorf("a factor at one level has effect %v", e.Estimate.Mean)
		}
	}
	for f, s := range sums {
		if s > 1e-9 || s < -1e-9 {
			t.Errorf("effects of %s sum to %v", f, s)
		}
	}
	for _, in := range a.Interactions {
		if in.Factors[0] == "pacing" || in.Factors[1] == "pacing" {
			t.Errorf("interaction with a one-level factor: %+v", in)
		}
	}
	if len(a.Interactions) != 3*4 { // selection×grant, selection×retry, grant×retry; 2×2 each
		t.Errorf("%d interaction terms", len(a.Interactions))
	}
	for _, c := range a.Cells {
		if c.Estimate.N != 6 || !c.Estimate.Defined {
			t.Errorf("cell %s: %+v", c.ID, c.Estimate)
		}
	}
}

func TestFactorialRefusesOutOfRange(t *testing.T) {
	tests := []struct {
		name, yaml, key string
	}{
		{"unknown selection", "factorial:\n  selection: [size, merit]\n", "factorial.selection[1]"},
		{"grant over a round's budget", "factorial:\n  grant_size: [4, 100000]\n", "factorial.grant_size[1]"},
		{"pacing", "factorial:\n  pacing: [monthly]\n", "factorial.pacing[0]"},
		{"too many cells", "factorial:\n  max_cells: 8\n", "factorial.max_cells"},
		{"no levels", "factorial:\n  retry: []\n", "factorial.retry"},
		{"base out of range", "factorial:\n  base:\n    replications: 0\n", "factorial.base.replications"},
		{"metric", "factorial:\n  metric: happiness\n", "factorial.metric"},
		{"retry not a bool", "factorial:\n  retry: [maybe]\n", "factorial.retry[0]"},
	}
	for _, tt := range tests {
		_, err := ParseDesign([]byte(tt.yaml))
		found := false
		for _, fe := range FieldErrors(err) {
			found = found || fe.Key == tt.key
		}
		if !found {
			t.Errorf("%s: error %v does not name %s", tt.name, err, tt.key)
		}
	}
}

func TestFactorialExampleParses(t *testing.T) {
	data, err := os.ReadFile("../examples/sim/factorial.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if !IsDesign(data) {
		t.Fatal("the example is not recognised as a design")
	}
	d, err := ParseDesign(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Cells()) != 32 || d.Base.Population.Innovators != 1000 {
		t.Fatalf("%d cells, %d innovators", len(d.Cells()), d.Base.Population.Innovators)
	}
	if IsDesign([]byte("seed: 1\n")) {
		t.Fatal("a plain configuration taken for a design")
	}
	if !strings.Contains(d.Cells()[0].ID(), "size/4/once/retry") {
		t.Fatalf("first cell %s", d.Cells()[0].ID())
	}
}

func BenchmarkFactorialSmall(b *testing.B) {
	d := smallDesign()
	for b.Loop() {
		if _, err := RunFactorial(context.Background(), d); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFactorialTiming runs the timing case of docs/performance.md,
// examples/sim/factorial_timing.yaml: a full 3 × 3 × 2 × 2 design (36 cells) × 100 replications
// × 2,000 innovators × 40 quarters, 288 M agent-steps. Target: under 10 s on 2 cores.
//
//	go test ./sim -run '^$' -bench FactorialTiming -benchtime 1x
func BenchmarkFactorialTiming(b *testing.B) {
	data, err := os.ReadFile("../examples/sim/factorial_timing.yaml")
	if err != nil {
		b.Fatal(err)
	}
	d, err := ParseDesign(data)
	if err != nil {
		b.Fatal(err)
	}
	cpu0 := cpuTime()
	for b.Loop() {
		if _, err := RunFactorial(context.Background(), d); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric((cpuTime()-cpu0).Seconds()/float64(b.N), "cpu-s/op")
}
