package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"seedbed/csvfile"
	"seedbed/demo"
)

// BenchmarkImportCSV100k runs `seedbed import innovators` on a 100,000-row CSV file into an
// empty SQLite data folder: reading, decoding, validating and storing, all or nothing (the
// target: under 10 s).
func BenchmarkImportCSV100k(b *testing.B) { benchImportCSV(b, 100_000) }

// BenchmarkImportCSV1M is the same for 1,000,000 rows (the target: under 60 s); it runs only
// with SEEDBED_BENCH_1M=1:
//
//	SEEDBED_BENCH_1M=1 go test ./cmd/seedbed -run '^$' -bench ImportCSV1M -benchtime 1x -timeout 30m
func BenchmarkImportCSV1M(b *testing.B) {
	if os.Getenv("SEEDBED_BENCH_1M") == "" {
		b.Skip("set SEEDBED_BENCH_1M=1 to import a million rows")
	}
	benchImportCSV(b, 1_000_000)
}

func benchImportCSV(b *testing.B, n int) {
	file := filepath.Join(b.TempDir(), "innovators.csv")
	f, err := os.Create(file)
	if err != nil {
		b.Fatal(err)
	}
	if err := csvfile.WriteInnovators(f, demo.Innovators(7, n), csvfile.WriteOptions{Encoding: "gb18030"}); err != nil {
		b.Fatal(err)
	}
	f.Close()
	var cpu time.Duration
	for b.Loop() {
		b.StopTimer()
		data := b.TempDir()
		cpu0 := cpuTime()
		b.StartTimer()
		var out, errb nopWriter
		if code := run(context.Background(), []string{"import", "innovators", "--data", data, file}, &out, &errb); code != 0 {
			b.Fatalf("import exited %d", code)
		}
		cpu += cpuTime() - cpu0
	}
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

type nopWriter struct{}

func (nopWriter) Write(p []byte) (int, error) { return len(p), nil }
