package app

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"seedbed"
	"seedbed/evaluation"
	"seedbed/sqlstore/storetest"
)

// BenchmarkMonitoringSnapshot measures what the first page after a data change pays: loading
// every series, award and outcome of 1,000 innovators × 40 quarters × 10 indicators (30 of them
// funded) from SQLite and computing momentum, complacency with matched controls and impact.
func BenchmarkMonitoringSnapshot(b *testing.B) {
	ctx := context.Background()
	s := storetest.SQLite(b)
	a := New(s, fixtureOptions)
	m := a.Monitoring
	ins := make([]seedbed.Innovator, 1000)
	for i := range ins {
		ins[i] = seedbed.Innovator{Name: fmt.Sprintf("基准主体%04d", i), Kind: seedbed.KindTeam, Field: []string{"ai", "robotics", "biomedicine"}[i%3]}
	}
	if _, err := New(s, Options{}).Registry.ImportInnovators(ctx, seedbed.System, ins, nil); err != nil {
		b.Fatal(err)
	}
	ids := make([]int64, 30)
	for i := range ids {
		ids[i] = ins[i].ID
	}
	fundInnovators(b, a, time.Date(2021, 4, 15, 9, 0, 0, 0, time.UTC), 500_000, ids...)
	first := evaluation.CurrentQuarter(s.Now()).Add(-40)
	r := rand.New(rand.NewPCG(3, 4))
	var obs []evaluation.Observation
	for _, in := range ins {
		level, g := r.Float64()*2, 0.02+0.03*r.NormFloat64()
		for t := range 40 {
			level += g + 0.05*r.NormFloat64()
			for k := range 10 {
				obs = append(obs, evaluation.Observation{InnovatorID: in.ID, Indicator: evaluation.Catalogue[k].Code, Period: first.Add(t),
					Value: math.Round(math.Exp(level + float64(k%3) - 1)), Source: evaluation.SourceCSV})
			}
		}
	}
	if _, err := m.AddObservations(ctx, seedbed.System, obs); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if err := m.SetParams(evaluation.DefaultMonitoringParams()); err != nil { // drops the cached snapshot
			b.Fatal(err)
		}
		sn, err := m.Snapshot(ctx)
		if err != nil || sn.Population.Panel.Len() != 1000 {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(obs)), "values")
}
