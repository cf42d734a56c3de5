package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"seedbed"
	"seedbed/sim"
)

// BenchmarkLabDefaultRun measures the lab page's default run as a user starts it: POST /lab/runs
// with the page's form left at its defaults (the reference configuration calibrated from the
// registry: 2,000 innovators × 40 quarters × 100 replications × the six strategies), through the
// real handler over a SQLite store, until its job has finished and the run is saved (the POST
// answers at once; the run goes on as a job). Target: under 0.5 s on 2 cores. It reports the
// CPU seconds per run beside the wall time, which other jobs on a shared machine inflate.
//
//	go test ./web -run '^$' -bench LabDefaultRun -benchtime 5x
func BenchmarkLabDefaultRun(b *testing.B) {
	e := newTestEnv(b, "")
	form := url.Values{"name": {"默认运行"}}
	for _, id := range sim.ReferenceStrategyIDs() {
		form.Set("strategy_"+id, "1")
	}
	body := form.Encode()
	cpu0 := processCPU()
	for b.Loop() {
		w := e.do("officer", "POST", "/lab/runs", "application/x-www-form-urlencoded", body)
		if w.Code != http.StatusSeeOther {
			b.Fatalf("run: %d %s", w.Code, w.Body.String())
		}
		id, err := strconv.ParseInt(strings.TrimPrefix(w.Header().Get("Location"), "/jobs/"), 10, 64)
		if err != nil {
			b.Fatalf("run: answered with %q", w.Header().Get("Location"))
		}
		for {
			j, err := e.srv.Lab.Job(context.Background(), id)
			if err != nil {
				b.Fatal(err)
			}
			if j.State == seedbed.JobDone {
				break
			}
			if j.State != seedbed.JobRunning {
				b.Fatalf("run: job %d ended %+v", id, j)
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
	b.ReportMetric((processCPU()-cpu0).Seconds()/float64(b.N), "cpu-s/op")
}
