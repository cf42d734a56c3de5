package app

import (
	"context"
	"testing"
	"time"

	"seedbed"
	"seedbed/demo"
	"seedbed/policy"
	"seedbed/sqlstore/storetest"
)

// BenchmarkSegmentEvaluation100k decides one policy for every innovator of a 100,000-strong
// registry on SQLite through the store and the engine: the SQL scan, the fast status-only path and the
// explained samples. One op is the whole registry (target: well under 5 s).
func BenchmarkSegmentEvaluation100k(b *testing.B) {
	ctx := context.Background()
	st := storetest.SQLite(b)
	if _, err := New(st, Options{}).Registry.ImportInnovators(ctx, seedbed.System, demo.Innovators(1, 100_000), nil); err != nil {
		b.Fatal(err)
	}
	s := New(st, fixtureOptions).Policies
	publishStarter(b, s)
	lib, err := s.Library(ctx)
	if err != nil {
		b.Fatal(err)
	}
	day := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	c := lib.At("grassroots-seed", day)
	var res *policy.SegmentResult
	for b.Loop() {
		if res, err = s.EvaluateSegment(ctx, c, seedbed.InnovatorFilter{}, day, 10); err != nil {
			b.Fatal(err)
		}
	}
	if res.Total != 100_000 || res.Eligible == 0 {
		b.Fatalf("segment %+v", res)
	}
	b.ReportMetric(float64(res.Total)*float64(b.N)/b.Elapsed().Seconds(), "innovators/s")
}

// BenchmarkRegistryEvaluation100kx20 decides 20 policies (the starter library's versions in
// force, repeated) for every innovator of a 100,000-strong registry on SQLite in one pass through
// the store. One op is the whole registry × 20 policies (target: under 5 s on 2 cores).
func BenchmarkRegistryEvaluation100kx20(b *testing.B) {
	ctx := context.Background()
	st := storetest.SQLite(b)
	if _, err := New(st, Options{}).Registry.ImportInnovators(ctx, seedbed.System, demo.Innovators(1, 100_000), nil); err != nil {
		b.Fatal(err)
	}
	s := New(st, fixtureOptions).Policies
	publishStarter(b, s)
	lib, err := s.Library(ctx)
	if err != nil {
		b.Fatal(err)
	}
	day := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	base := lib.InForce(day)
	cs := make([]*policy.Compiled, 20)
	for i := range cs {
		cs[i] = base[i%len(base)]
	}
	for b.Loop() {
		res, err := s.EvaluateSegments(ctx, cs, seedbed.InnovatorFilter{}, day, 0)
		if err != nil || len(res) != 20 || res[19].Total != 100_000 {
			b.Fatalf("%v %v", res, err)
		}
	}
	b.ReportMetric(float64(100_000*20)*float64(b.N)/b.Elapsed().Seconds(), "evals/s")
}
