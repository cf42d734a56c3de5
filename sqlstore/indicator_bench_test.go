package sqlstore

import (
	"context"
	"testing"

	"seedbed/evaluation"
)

// BenchmarkAddObservations measures storing one batch of 40,000 values (100 innovators × 40
// quarters × 10 indicators) on SQLite, validation and database checks included: the cost of a
// large CSV import.
func BenchmarkAddObservations(b *testing.B) {
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		s, err := Open(ctx, Options{DataDir: b.TempDir()})
		if err != nil {
			b.Fatal(err)
		}
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
		if n, err := s.AddObservations(ctx, testActor, obs); err != nil || n != len(obs) {
			b.Fatal(n, err)
		}
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
}
