//go:build unix

package sqlstore

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"seedbed"
	"seedbed/evaluation"
)

// BenchmarkMonitoringFromDB measures monitoring end to end from a SQLite database: every read a
// data change makes app.Monitoring.Snapshot do (the awards, the observed periods and innovators,
// their names, fields and size classes, the packed series into the panel, every outcome) and the
// computation of momentum with percentiles, complacency with matched controls and impact, for
// N innovators × 40 quarters × 16 indicators (N = 100,000, or SEEDBED_BENCH_MONITORING_N), 15% of
// them funded, two outcomes per award. The fixture is built once per folder: with
// SEEDBED_BENCH_DIR set it is kept there and reused (a million innovators take a while to write).
// A fixture written before migration 00027 has its packed series converted when the benchmark
// first opens it (about 90 s at a million), before the timed snapshots.
//
//	go test ./sqlstore -run '^$' -bench MonitoringFromDB -benchtime 3x -timeout 60m
//	SEEDBED_BENCH_MONITORING_N=1000000 SEEDBED_BENCH_DIR=/tmp/bench go test ./sqlstore -run '^$' -bench MonitoringFromDB -benchtime 1x -timeout 120m
func BenchmarkMonitoringFromDB(b *testing.B) {
	n := 100_000
	if v, err := strconv.Atoi(os.Getenv("SEEDBED_BENCH_MONITORING_N")); err == nil && v > 0 {
		n = v
	}
	dir := b.TempDir()
	if d := os.Getenv("SEEDBED_BENCH_DIR"); d != "" {
		dir = filepath.Join(d, fmt.Sprintf("monitoring-%d", n))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			b.Fatal(err)
		}
	}
	ctx := context.Background()
	s, err := Open(ctx, Options{DataDir: dir})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	fixedClock(s)
	if have, err := s.CountInnovators(ctx); err != nil {
		b.Fatal(err)
	} else if have == 0 {
		start := time.Now()
		monitoringFixture(b, s, n)
		b.Logf("fixture of %d innovators written in %.1fs", n, time.Since(start).Seconds())
	}
	b.ResetTimer()
	var sn *evaluation.MonitoringSnapshot
	cpu0 := cpuSeconds()
	for b.Loop() {
		if sn, err = snapshotFromDB(ctx, s); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric((cpuSeconds()-cpu0)/float64(b.N), "cpu-s/op")
	b.ReportMetric(float64(sn.Population.Panel.Len()), "innovators")
	b.ReportMetric(float64(len(sn.Results.Flags())), "flags")
	b.ReportMetric(float64(len(sn.Awards)), "awards")
}

// snapshotFromDB does what app.Monitoring.Snapshot does after a data change, read for read.
func snapshotFromDB(ctx context.Context, s *Store) (*evaluation.MonitoringSnapshot, error) {
	d, err := s.MonitoringData(ctx, evaluation.CurrentQuarter(s.Now()))
	if err != nil {
		return nil, err
	}
	d.Key = "bench"
	return evaluation.NewMonitoringSnapshot(d, evaluation.DefaultMonitoringParams())
}

// monitoringFixture writes n innovators, 40 quarters of all 16 indicators each as packed series,
// awards for 15% of them (from five past years' archives) and two outcomes per award. An awardee
// advances faster after its award, carries on, or (one in ten) settles into comfort: technical
// output falls while reports, applications and visits rise.
func monitoringFixture(b *testing.B, s *Store, n int) {
	ctx := context.Background()
	r := rand.New(rand.NewPCG(42, 18))
	fields := []string{"ai", "semiconductor", "biomedicine", "robotics", "digital", "new_materials"}
	const chunk = 50_000
	var ids []int64
	for start := 0; start < n; start += chunk {
		ins := make([]seedbed.Innovator, min(chunk, n-start))
		for i := range ins {
			emp := int64(3 + r.IntN(400))
			ins[i] = seedbed.Innovator{Name: fmt.Sprintf("基准主体%07d", start+i), Kind: seedbed.KindEnterprise, Field: fields[r.IntN(len(fields))],
				Employees: &emp, Region: "杭州市"}
			ins[i].Normalize()
		}
		if err := s.InTx(ctx, func(tx *Tx) error { return tx.InsertInnovators(ctx, testActor, ins, nil) }); err != nil {
			b.Fatal(err)
		}
		for _, in := range ins {
			ids = append(ids, in.ID)
		}
	}
	last := evaluation.CurrentQuarter(s.Now()).Add(-1)
	first := last.Add(-39)
	awardQ := map[int64]evaluation.Quarter{}
	behaviour := map[int64]int{}
	for y := range 5 {
		year := last.Year() - 7 + y
		var aws []seedbed.ArchivedAward
		for _, id := range ids {
			if r.IntN(100) < 3 { // 3% a year, 15% over five years (a few twice)
				at := time.Date(year, 4, 15, 9, 0, 0, 0, time.UTC)
				aws = append(aws, seedbed.ArchivedAward{InnovatorID: id, Title: "基准项目", Amount: 300_000, AwardedAt: at})
				if _, ok := awardQ[id]; !ok {
					awardQ[id] = evaluation.QuarterOf(at)
					behaviour[id] = r.IntN(10)
				}
			}
		}
		p := &seedbed.Program{Title: fmt.Sprintf("%d 基准档案", year), Deadline: time.Date(year, 3, 31, 9, 0, 0, 0, time.UTC),
			SelectionMode: seedbed.SelectionRanked, Version: 1, CreatedBy: "bench", CreatedAt: s.Now(), UpdatedAt: s.Now()}
		for start := 0; start < len(aws); start += 10_000 {
			part := aws[start:min(start+10_000, len(aws))]
			p.ID = 0
			if err := s.InTx(ctx, func(tx *Tx) error { return tx.InsertArchive(ctx, testActor, p, part) }); err != nil {
				b.Fatal(err)
			}
		}
	}
	// the packed series, 5,000 innovators per transaction
	for start := 0; start < len(ids); start += 5000 {
		part := ids[start:min(start+5000, len(ids))]
		if err := s.InTx(ctx, func(tx *Tx) error {
			up, err := tx.PrepareContext(ctx, `INSERT INTO observation_series (innovator_id, first_period, last_period, data) VALUES ($1, $2, $3, $4)`)
			if err != nil {
				return err
			}
			defer up.Close()
			for _, id := range part {
				aq, funded := awardQ[id]
				beh := behaviour[id]
				tech, g := 1+r.NormFloat64()*0.5, 0.02+0.02*r.NormFloat64()
				market := tech + 2
				ser := make(innovatorSeries, len(evaluation.Catalogue))
				for k, ind := range evaluation.Catalogue {
					ser[k] = seriesEntry{code: ind.Code, first: first, values: make([]float64, 40)}
				}
				for t := range 40 {
					q := first.Add(t)
					after := funded && q >= aq
					gt, busy := g, 1.0
					if after && beh == 0 {
						gt, busy = -0.06, 3.5
					} else if after && beh > 3 {
						gt = g + 0.03
					}
					tech += gt + 0.05*r.NormFloat64()
					market += g + 0.08*r.NormFloat64()
					for k, ind := range evaluation.Catalogue {
						var v float64
						switch ind.Category {
						case evaluation.Technical:
							v = math.Exp(tech + float64(k%3) - 1)
						case evaluation.Market:
							v = math.Exp(market - float64(k%2))
						case evaluation.NonTechnical:
							v = busy * (0.5 + r.Float64())
						default:
							if after && q < aq.Add(6) {
								v = 5
							}
						}
						if ind.Count {
							v = math.Round(v)
						} else {
							v = math.Round(v*10) / 10
						}
						ser[k].values[t] = v
					}
				}
				data, lo, hi, ok := ser.encode()
				if !ok {
					continue
				}
				if _, err := up.ExecContext(ctx, id, int64(lo), int64(hi), data); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			b.Fatal(err)
		}
	}
	// two outcomes per award
	var awards []struct{ id, innovator int64 }
	if err := eachRow(ctx, s.read, `SELECT id, innovator_id FROM awards`, nil, func(sc scanner) error {
		var a struct{ id, innovator int64 }
		err := sc.Scan(&a.id, &a.innovator)
		awards = append(awards, a)
		return err
	}); err != nil {
		b.Fatal(err)
	}
	kinds := []string{evaluation.OutcomeProduct, evaluation.OutcomePatent, evaluation.OutcomeRevenue, evaluation.OutcomeFollowOn}
	if err := s.InTx(ctx, func(tx *Tx) error {
		for _, a := range awards {
			for range 2 {
				o := evaluation.OutcomeRecord{AwardID: a.id, InnovatorID: a.innovator, Kind: kinds[r.IntN(len(kinds))],
					Value: math.Round(100 * math.Exp(1.5*r.NormFloat64())), Period: awardQ[a.innovator].Add(1 + r.IntN(8)), Evidence: "基准"}
				if err := tx.InsertOutcome(ctx, testActor, &o); err != nil {
					return err
				}
			}
		}
		return nil
	}); err != nil {
		b.Fatal(err)
	}
}

// cpuSeconds is the CPU time this process has used, user and system.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}
