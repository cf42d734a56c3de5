package sqlstore

import (
	"context"
	"testing"
	"time"

	"seedbed"
	"seedbed/demo"
)

// BenchmarkImport100k stores 100,000 validated innovators in one all-or-nothing import on
// SQLite (the target: under 10 s, CSV parsing included; see cmd/seedbed's BenchmarkImportCSV100k).
func BenchmarkImport100k(b *testing.B) {
	ins := demo.Innovators(1, 100_000)
	ctx := context.Background()
	var cpu time.Duration
	for b.Loop() {
		b.StopTimer()
		s, err := Open(ctx, Options{DataDir: b.TempDir()})
		if err != nil {
			b.Fatal(err)
		}
		rows := append([]seedbed.Innovator(nil), ins...)
		cpu0 := cpuTime()
		b.StartTimer()
		n, err := importForTest(ctx, s, rows)
		cpu += cpuTime() - cpu0
		if err != nil || n != len(ins) {
			b.Fatalf("imported %d: %v", n, err)
		}
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(len(ins))*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
}
