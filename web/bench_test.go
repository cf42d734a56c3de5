package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"seedbed"
	"seedbed/demo"
	"seedbed/sqlstore"
)

// BenchmarkSearchAPI100k measures GET /api/v1/innovators at 100,000 innovators on SQLite through
// the real handler (authentication, access, query, JSON), with a mix of Chinese substring
// searches, filters and pages, and reports the p50 and p99 latency (target: p99 under 50 ms) and
// the search index's memory.
func BenchmarkSearchAPI100k(b *testing.B) { benchSearchAPI(b, 100_000) }

// BenchmarkSearchAPI10k is the same at 10,000 innovators, for the growth of the cost.
func BenchmarkSearchAPI10k(b *testing.B) { benchSearchAPI(b, 10_000) }

// BenchmarkSearchAPI1M is the same at 1,000,000 innovators; importing them takes minutes, so it
// runs only when SEEDBED_BENCH_1M=1. With SEEDBED_BENCH_DIR set the database is kept there and
// reused by the next run.
func BenchmarkSearchAPI1M(b *testing.B) {
	if os.Getenv("SEEDBED_BENCH_1M") != "1" {
		b.Skip("set SEEDBED_BENCH_1M=1 to import and search 1,000,000 innovators")
	}
	benchSearchAPI(b, 1_000_000)
}

func benchSearchAPI(b *testing.B, n int) {
	ctx := context.Background()
	dir := b.TempDir()
	if d := os.Getenv("SEEDBED_BENCH_DIR"); d != "" {
		dir = filepath.Join(d, fmt.Sprintf("search-%d", n))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			b.Fatal(err)
		}
	}
	store, err := sqlstore.Open(ctx, sqlstore.Options{DataDir: dir})
	if err != nil {
		b.Fatal(err)
	}
	defer store.Close()
	if have, err := store.CountInnovators(ctx); err != nil {
		b.Fatal(err)
	} else if have == 0 {
		if _, err := testApp(store).Registry.ImportInnovators(ctx, seedbed.System, demo.Innovators(1, n), nil); err != nil {
			b.Fatal(err)
		}
	}
	if _, _, err := store.UserByName(ctx, "bench"); err != nil {
		u := &seedbed.User{Username: "bench", Role: seedbed.RoleOfficer}
		if err := testApp(store).Accounts.CreateUser(ctx, seedbed.System, u, "bench password"); err != nil {
			b.Fatal(err)
		}
	}
	tok, _, err := testApp(store).Accounts.CreateToken(ctx, seedbed.System, "bench", "bench", time.Hour)
	if err != nil {
		b.Fatal(err)
	}
	srv := newTestServer(b, store)
	h := srv.Handler()
	built := time.Now()
	if err := store.WarmSearch(ctx); err != nil { // as the server does when it starts
		b.Fatal(err)
	}
	b.ReportMetric(time.Since(built).Seconds(), "index-build-s")
	queries := []string{"q=" + url.QueryEscape("深度"), "q=" + url.QueryEscape("人才"), "q=" + url.QueryEscape("补贴"),
		"q=" + url.QueryEscape("智能科技"), "q=" + url.QueryEscape("杭州") + "&page=3", "kind=team", "field=ai&size=micro",
		"q=" + url.QueryEscape("不存在的名称"), "page=200", "q=91330"}
	var lat []time.Duration
	per := map[string][]time.Duration{}
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
		per[q] = append(per[q], time.Since(start))
		if w.Code != http.StatusOK {
			b.Fatalf("%s: %d %s", q, w.Code, w.Body.String())
		}
	}
	slices.Sort(lat)
	pct := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) / 1000 }
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(float64(store.SearchIndexBytes())/(1<<20), "index-MB")
	if testing.Verbose() {
		fmt.Printf("search API at %d: n=%d p50=%.1fms p99=%.1fms max=%.1fms\n", n, len(lat), pct(0.5), pct(0.99), pct(1))
		for _, q := range queries {
			l := per[q]
			slices.Sort(l)
			fmt.Printf("  %-40s p50=%.1fms max=%.1fms\n", q, float64(l[len(l)/2].Microseconds())/1000, float64(l[len(l)-1].Microseconds())/1000)
		}
	}
}
