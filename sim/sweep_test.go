package sim

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

const testSweep = `
base:
  replications: 4
  quarters: 8
  strategies: [no_support, broad_small_grants]
  population: {innovators: 60}
  funding: {budget: 400}
grid:
  behaviour.complacency: [0, 0.5]
  funding.budget: [100, 400, 800]
`

func TestParseSweepAndPoints(t *testing.T) {
	s, err := ParseSweep([]byte(testSweep))
	if err != nil {
		t.Fatal(err)
	}
	if s.Size() != 6 || len(s.Axes) != 2 || s.Axes[0].Key != "behaviour.complacency" {
		t.Fatalf("sweep %+v", s)
	}
	pts, err := s.Points()
	if err != nil {
		t.Fatal(err)
	}
	// Axes sorted by key; the last axis varies fastest.
	want := [][2]float64{{0, 100}, {0, 400}, {0, 800}, {0.5, 100}, {0.5, 400}, {0.5, 800}}
	for i, p := range pts {
		if p.Index != i || p.Config.Behaviour.Complacency != want[i][0] || p.Config.Funding.Budget != want[i][1] {
			t.Errorf("point %d: %+v, want %v", i, p.Params, want[i])
		}
		if p.Config.Population.Innovators != 60 {
			t.Errorf("point %d lost the base config", i)
		}
	}
	// The hash ignores the order keys were written in and changes with any value.
	reordered := strings.Replace(testSweep, "  behaviour.complacency: [0, 0.5]\n  funding.budget: [100, 400, 800]\n",
		"  funding.budget: [100, 400, 800]\n  behaviour.complacency: [0, 0.5]\n", 1)
	s2, err := ParseSweep([]byte(reordered))
	if err != nil {
		t.Fatal(err)
	}
	if s2.Hash() != s.Hash() {
		t.Error("key order changed the sweep hash")
	}
	s3, _ := ParseSweep([]byte(strings.Replace(testSweep, "800]", "801]", 1)))
	if s3.Hash() == s.Hash() {
		t.Error("a different grid has the same hash")
	}
}

func TestParseSweepRefuses(t *testing.T) {
	tests := []struct{ name, in, key string }{
		{"unknown top key", "base: {}\ngrid: {seed: [1]}\nextra: 1\n", "extra"},
		{"no grid", "base: {}\n", "grid"},
		{"unknown grid key", "grid: {funding.budgie: [1]}\n", "grid.funding.budgie"},
		{"grid key of a struct", "grid: {funding: [1]}\n", "grid.funding"},
		{"grid key of a list", "grid: {strategies: [a]}\n", "grid.strategies"},
		{"empty values", "grid: {seed: []}\n", "grid.seed"},
		{"wrong type value", "grid: {quarters: [10, ten]}\n", "grid.quarters"},
		{"bad base", "base: {funding: {budget: -5}}\ngrid: {seed: [1]}\n", "base.funding.budget"},
		{"unknown base key", "base: {fundng: {}}\ngrid: {seed: [1]}\n", "base.fundng"},
		{"out-of-range point", "grid: {behaviour.complacency: [0.5, 1.5]}\n", "behaviour.complacency"},
		{"repeated grid key", "grid: {seed: [1], seed: [2]}\n", "grid.seed"},
		{"not a mapping", "- 1\n", "(root)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseSweep([]byte(tt.in))
			if err == nil || !strings.Contains(err.Error(), tt.key) {
				t.Fatalf("err = %v, want it to name %s", err, tt.key)
			}
		})
	}
}

func TestParseShard(t *testing.T) {
	tests := []struct {
		in   string
		want Shard
		ok   bool
	}{
		{"", Shard{0, 1}, true}, {"0/1", Shard{0, 1}, true}, {"2/3", Shard{2, 3}, true},
		{"3/3", Shard{}, false}, {"-1/3", Shard{}, false}, {"1/0", Shard{}, false},
		{"1", Shard{}, false}, {"a/b", Shard{}, false}, {"1/2/3", Shard{}, false},
	}
	for _, tt := range tests {
		got, err := ParseShard(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseShard(%q) = %v, %v", tt.in, got, err)
		}
		var fe *FieldError
		if err != nil && (!errors.As(err, &fe) || fe.Key != "shard") {
			t.Errorf("ParseShard(%q) error %v does not name the shard", tt.in, err)
		}
	}
}

// runSweepLines runs the points of a shard and returns their JSON lines.
func runSweepLines(t *testing.T, s Sweep, sh Shard) []byte {
	t.Helper()
	pts, err := s.Points()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	for _, p := range pts {
		if !sh.Has(p.Index) {
			continue
		}
		rec, err := RunPoint(context.Background(), s, p)
		if err != nil {
			t.Fatal(err)
		}
		line, err := rec.MarshalLine()
		if err != nil {
			t.Fatal(err)
		}
		buf.Write(line)
	}
	return buf.Bytes()
}

func mergeLines(t *testing.T, files ...[]byte) []byte {
	t.Helper()
	var all []PointRecord
	for _, f := range files {
		recs, good, err := ParseRecords(f)
		if err != nil || good != len(f) {
			t.Fatalf("ParseRecords: %v (good %d of %d)", err, good, len(f))
		}
		all = append(all, recs...)
	}
	m, err := Merge(all)
	if err != nil {
		t.Fatal(err)
	}
	return mustJSON(t, m)
}

// Shards merged give exactly what one unsharded run gives, whatever the shard count and order.
func TestShardsMergeToUnsharded(t *testing.T) {
	s, err := ParseSweep([]byte(testSweep))
	if err != nil {
		t.Fatal(err)
	}
	whole := runSweepLines(t, s, Shard{0, 1})
	want := mergeLines(t, whole)
	for _, n := range []int{2, 4, 7} {
		var shards [][]byte
		for i := n - 1; i >= 0; i-- {
			shards = append(shards, runSweepLines(t, s, Shard{i, n}))
		}
		if got := mergeLines(t, shards...); !bytes.Equal(got, want) {
			t.Errorf("%d shards merge to a different result", n)
		}
	}
	// A point run twice (overlapping resumed jobs) is kept once.
	if got := mergeLines(t, whole, runSweepLines(t, s, Shard{1, 3})); !bytes.Equal(got, want) {
		t.Error("duplicate identical records changed the merge")
	}
	// And the merged per-point results are those of running the point's config directly.
	var m SweepResult
	if err := json.Unmarshal(want, &m); err != nil {
		t.Fatal(err)
	}
	p3, _ := s.Point(3)
	direct, err := Run(context.Background(), p3.Config)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(mustJSON(t, m.Results[3].Result), mustJSON(t, direct)) {
		t.Error("merged point 3 differs from a direct run of its config")
	}
}

func TestMergeRefuses(t *testing.T) {
	s, _ := ParseSweep([]byte(testSweep))
	recs, _, err := ParseRecords(runSweepLines(t, s, Shard{0, 1}))
	if err != nil {
		t.Fatal(err)
	}
	other, _ := ParseSweep([]byte(strings.Replace(testSweep, "800]", "801]", 1)))
	otherRecs, _, _ := ParseRecords(runSweepLines(t, other, Shard{0, 3}))
	tests := []struct {
		name string
		recs func() []PointRecord
		key  string
	}{
		{"nothing", func() []PointRecord { return nil }, "records"},
		{"missing point", func() []PointRecord { return recs[1:] }, "records"},
		{"other model version", func() []PointRecord {
			r := append([]PointRecord(nil), recs...)
			r[2].ModelVersion = "seedbed-sim/0"
			return r
		}, "model_version"},
		{"other sweep", func() []PointRecord { return append(append([]PointRecord(nil), recs...), otherRecs...) }, "sweep_hash"},
		{"conflicting duplicate", func() []PointRecord {
			d := recs[0]
			d.ConfigHash = "tampered"
			return append(append([]PointRecord(nil), recs...), d)
		}, "index"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Merge(tt.recs())
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Key != tt.key {
				t.Fatalf("err = %v, want a FieldError on %s", err, tt.key)
			}
		})
	}
}

func TestParseRecordsInterrupted(t *testing.T) {
	s, _ := ParseSweep([]byte(testSweep))
	lines := runSweepLines(t, s, Shard{0, 3})
	cut := len(lines) - 40 // the last record is cut mid-line
	recs, good, err := ParseRecords(lines[:cut])
	if err != nil {
		t.Fatal(err)
	}
	first := bytes.IndexByte(lines, '\n') + 1
	if len(recs) != 1 || good != first {
		t.Errorf("got %d records, good prefix %d; want 1 record, prefix %d", len(recs), good, first)
	}
	bad := append(append([]byte(nil), lines[:first]...), []byte("{not json}\n")...)
	bad = append(bad, lines[first:]...)
	if _, _, err := ParseRecords(bad); err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("err = %v, want an error on line 2", err)
	}
	if _, _, err := ParseRecords([]byte(`{"sweep_hash":"x","surprise":1}` + "\n")); err == nil {
		t.Error("unknown field accepted")
	}
}

func FuzzParseSweep(f *testing.F) {
	for _, s := range []string{testSweep, "grid: {seed: [1, 2]}", "base: {}\ngrid: {}", "grid: {funding.budget: [1e400]}"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ParseSweep(data)
		if err != nil {
			return
		}
		if s.Size() < 1 || s.Size() > maxPoints {
			t.Fatalf("accepted a sweep of %d points", s.Size())
		}
		if _, err := s.Point(s.Size() - 1); err != nil {
			t.Fatalf("accepted sweep has an invalid point: %v", err)
		}
	})
}

func FuzzParseRecords(f *testing.F) {
	f.Add([]byte(`{"sweep_hash":"a","model_version":"v","points":1,"index":0,"params":[],"config_hash":"c","result":{}}` + "\n"))
	f.Add([]byte("\n\n{\"index\":"))
	f.Add([]byte(`{"sweep_hash":"a"}{"x":1}` + "\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		recs, good, err := ParseRecords(data)
		if err != nil {
			return
		}
		if good < 0 || good > len(data) {
			t.Fatalf("good prefix %d outside [0, %d]", good, len(data))
		}
		again, good2, err := ParseRecords(data[:good])
		if err != nil || good2 != good || len(again) != len(recs) {
			t.Fatalf("the good prefix does not re-parse to the same records: %v", err)
		}
		for _, r := range recs {
			if r.Result == nil || r.Index < 0 || r.Index >= r.Points {
				t.Fatalf("accepted an incomplete record %+v", r)
			}
		}
	})
}
