package app

import (
	"context"
	"testing"

	"seedbed/evaluation"
	"seedbed/sqlstore/storetest"
)

// BenchmarkAddObservations measures storing one batch of 40,000 values (100 innovators × 40
// quarters × 10 indicators) on SQLite, validation and database checks included: the cost of a
// large CSV import. The flags computed after the import are included too.
func BenchmarkAddObservations(b *testing.B) {
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		s := storetest.SQLite(b)
		m := New(s, fixtureOptions).Monitoring
		ids := newInnovators(b, s, 100, "基准")
		var obs []evaluation.Observation
		for _, id := range ids {
			for k := range 10 {
				for t := range 40 {
					obs = append(obs, evaluation.Observation{InnovatorID: id, Indicator: evaluation.Catalogue[k].Code,
						Period: qtr(2015, 1).Add(t), Value: float64(t % 7), Source: evaluation.SourceCSV})
				}
			}
		}
		b.StartTimer()
		if n, err := m.AddObservations(ctx, officer, obs); err != nil || n != len(obs) {
			b.Fatal(n, err)
		}
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
}
