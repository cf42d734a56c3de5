package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"testing"
	"time"

	"seedbed"
	"seedbed/demo"
	"seedbed/sqlstore"
)

// BenchmarkSearchAPI100k measures GET /api/v1/innovators at 100,000 innovators on SQLite through
// the real handler (authentication, access, query, JSON), with a mix of Chinese substring
// searches, filters and pages, and reports the p50 and p99 latency (target: p99 under 50 ms).
func BenchmarkSearchAPI100k(b *testing.B) {
	ctx := context.Background()
	store, err := sqlstore.Open(ctx, sqlstore.Options{DataDir: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	defer store.Close()
	if _, err := testApp(store).Registry.ImportInnovators(ctx, seedbed.System, demo.Innovators(1, 100_000), nil); err != nil {
		b.Fatal(err)
	}
	u := &seedbed.User{Username: "bench", Role: seedbed.RoleOfficer}
	if err := testApp(store).Accounts.CreateUser(ctx, seedbed.System, u, "bench password"); err != nil {
		b.Fatal(err)
	}
	tok, _, err := testApp(store).Accounts.CreateToken(ctx, seedbed.System, "bench", "bench", time.Hour)
	if err != nil {
		b.Fatal(err)
	}
	srv := newTestServer(b, store)
	h := srv.Handler()
	queries := []string{"q=" + url.QueryEscape("深度"), "q=" + url.QueryEscape("人才"), "q=" + url.QueryEscape("补贴"),
		"q=" + url.QueryEscape("智能科技"), "q=" + url.QueryEscape("杭州") + "&page=3", "kind=team", "field=ai&size=micro",
		"q=" + url.QueryEscape("不存在的名称"), "page=200", "q=91330"}
	var lat []time.Duration
	i := 0
	for b.Loop() {
		q := queries[i%len(queries)]
		i++
		r := httptest.NewRequest("GET", "/api/v1/innovators?"+q, nil)
		r.Header.Set("Authorization", "Bearer "+tok)
		w := httptest.NewRecorder()
		start := time.Now()
		h.ServeHTTP(w, r)
		lat = append(lat, time.Since(start))
		if w.Code != http.StatusOK {
			b.Fatalf("%s: %d %s", q, w.Code, w.Body.String())
		}
	}
	slices.Sort(lat)
	pct := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) / 1000 }
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	if testing.Verbose() {
		fmt.Printf("search API at 100k: n=%d p50=%.1fms p99=%.1fms max=%.1fms\n", len(lat), pct(0.5), pct(0.99), pct(1))
	}
}
