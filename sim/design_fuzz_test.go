package sim

import (
	"os"
	"testing"
)

// FuzzParseDesign feeds arbitrary documents to the factorial design reader (`seedbed sim
// factorial --config FILE`): it never panics, and what it accepts validates.
func FuzzParseDesign(f *testing.F) {
	fuzzSeeds(f, "../examples/sim/factorial.yaml", "../examples/sim/factorial_timing.yaml",
		"factorial: {}", "factorial: {max_cells: -1}", "factorial: {selection: []}", "x: 1", "")
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := ParseDesign(data)
		if err != nil {
			return
		}
		if err := d.Validate(); err != nil {
			t.Fatalf("accepted an invalid design: %v", err)
		}
	})
}

// FuzzParseSensitivity feeds arbitrary documents to the sensitivity design reader: it never
// panics, and what it accepts validates and has a positive number of runs.
func FuzzParseSensitivity(f *testing.F) {
	fuzzSeeds(f, "../examples/sim/sensitivity.yaml", "../examples/sim/sensitivity_wide.yaml", "../examples/sim/screening.yaml",
		"sensitivity: {}", "sensitivity: {method: sobol, samples: 0}", "sensitivity: {parameters: {x: [1, 0]}}", "")
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := ParseSensitivity(data)
		if err != nil {
			return
		}
		if err := d.Validate(); err != nil {
			t.Fatalf("accepted an invalid design: %v", err)
		}
		if d.Runs() <= 0 {
			t.Fatalf("accepted a design of %d runs", d.Runs())
		}
	})
}

// FuzzParseSensitivityRecords feeds arbitrary shard files to the record reader (`seedbed sim
// sensitivity merge`): the good prefix it reports re-reads to the same records.
func FuzzParseSensitivityRecords(f *testing.F) {
	f.Add([]byte(`{"design_hash":"a","index":0}` + "\n"))
	f.Add([]byte("\n\n{\"index\":"))
	f.Add([]byte(`{"a":1}{"b":2}` + "\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		recs, good, err := ParseSensitivityRecords(data)
		if err != nil {
			return
		}
		if good < 0 || good > len(data) {
			t.Fatalf("good prefix %d outside [0, %d]", good, len(data))
		}
		again, good2, err := ParseSensitivityRecords(data[:good])
		if err != nil || good2 != good || len(again) != len(recs) {
			t.Fatalf("the good prefix does not re-read to the same records: %v", err)
		}
	})
}

// fuzzSeeds adds example files (when present) and literal documents to a fuzz corpus.
func fuzzSeeds(f *testing.F, seeds ...string) {
	for _, s := range seeds {
		if b, err := os.ReadFile(s); err == nil {
			f.Add(b)
		} else {
			f.Add([]byte(s))
		}
	}
}
