package web

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"seedbed"
	"seedbed/app"
	"seedbed/demo"
	"seedbed/evaluation"
	"seedbed/sqlstore"
)

// benchPopulation fills a SQLite store with n innovators of the demo registry, each with 40
// quarters of ten indicators, and one past program's awards for the first 30 of them.
func benchPopulation(b *testing.B, n int) (*sqlstore.Store, []seedbed.Award) {
	ctx := context.Background()
	store, err := sqlstore.Open(ctx, sqlstore.Options{DataDir: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	ins := demo.Innovators(7, n)
	if _, err := testApp(store).Registry.ImportInnovators(ctx, seedbed.System, ins, nil); err != nil {
		b.Fatal(err)
	}
	u := &seedbed.User{Username: "bench-reviewer", Role: seedbed.RoleReviewer}
	if err := testApp(store).Accounts.CreateUser(ctx, seedbed.System, u, "bench password"); err != nil {
		b.Fatal(err)
	}
	ids := make([]int64, 30)
	for i := range ids {
		ids[i] = ins[i].ID
	}
	awards := fundForTest(b, store, time.Date(2021, 4, 15, 9, 0, 0, 0, time.UTC), 500_000, ids...)
	last := evaluation.CurrentQuarter(store.Now()).Add(-1)
	first := last.Add(-39)
	codes := []string{evaluation.RDSpend, evaluation.TechStaff, evaluation.PatentsFiled, evaluation.SoftwareReleases,
		evaluation.Revenue, evaluation.PayingCustomers, evaluation.ReportsSubmitted, evaluation.AwardApplications,
		evaluation.OfficialEvents, evaluation.PrivateInvestment}
	r := rand.New(rand.NewPCG(1, 2))
	var obs []evaluation.Observation
	for _, in := range ins {
		level, g := r.Float64()*2, 0.02+0.03*r.NormFloat64()
		for t := range 40 {
			level += g + 0.05*r.NormFloat64()
			for k, code := range codes {
				v := math.Round(math.Exp(level + float64(k%3) - 1))
				obs = append(obs, evaluation.Observation{InnovatorID: in.ID, Indicator: code, Period: first.Add(t), Value: v, Source: evaluation.SourceCSV})
			}
		}
	}
	if _, err := app.New(store, fixtureOptions).Monitoring.AddObservations(ctx, seedbed.System, obs); err != nil {
		b.Fatal(err)
	}
	return store, awards
}

// BenchmarkInnovatorMonitoringPage measures GET /innovators/{id}/monitoring — momentum with the
// series behind it, the complacency assessment, awards, and a chart of every indicator with the
// award marked — through the real handler over a SQLite store of 1,000 innovators × 40 quarters
// × 10 indicators, as an officer, once the population's computation is cached (target: under
// 100 ms). It reports p50 and p99 latency and CPU time per page.
func BenchmarkInnovatorMonitoringPage(b *testing.B) {
	store, awards := benchPopulation(b, 1000)
	defer store.Close()
	ctx := context.Background()
	if err := testApp(store).Accounts.CreateUser(ctx, seedbed.System, &seedbed.User{Username: "bench-officer", Role: seedbed.RoleOfficer}, "bench password"); err != nil {
		b.Fatal(err)
	}
	u, _, err := store.UserByName(ctx, "bench-officer")
	if err != nil {
		b.Fatal(err)
	}
	sess, err := testSession(ctx, store, u)
	if err != nil {
		b.Fatal(err)
	}
	srv := newTestServer(b, store)
	h := srv.Handler()
	get := func(path string) *httptest.ResponseRecorder {
		r := httptest.NewRequest("GET", path, nil)
		r.AddCookie(&http.Cookie{Name: sessionCookie, Value: sess})
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != http.StatusOK {
			b.Fatalf("%s: %d %s", path, w.Code, w.Body.String())
		}
		return w
	}
	cold := time.Now()
	get(fmt.Sprintf("/innovators/%d/monitoring", awards[0].InnovatorID)) // computes the population once
	coldTook := time.Since(cold)
	var lat []time.Duration
	i := 0
	b.ResetTimer()
	cpu0 := processCPU()
	for b.Loop() {
		path := fmt.Sprintf("/innovators/%d/monitoring", awards[i%len(awards)].InnovatorID)
		i++
		start := time.Now()
		w := get(path)
		lat = append(lat, time.Since(start))
		if i == 1 && w.Body.Len() < 20000 {
			b.Fatalf("page of %d bytes: charts missing?", w.Body.Len())
		}
	}
	if cpu := processCPU() - cpu0; cpu > 0 {
		b.ReportMetric(cpu.Seconds()*1000/float64(len(lat)), "cpu-ms/op")
	}
	slices.Sort(lat)
	pct := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) / 1000 }
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(float64(coldTook.Milliseconds()), "first-ms")
}
