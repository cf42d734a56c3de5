package sqlstore

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"seedbed/ledger"
)

// ledgerWriters is how many goroutines decide at once in BenchmarkLedgerConcurrent.
const ledgerWriters = 64

// BenchmarkLedgerConcurrent measures durable decisions per second with 64 concurrent writers,
// each running its own one-decision transactions (the event row and its ledger entry, nodes,
// frontier and signed head) to commit: on SQLite with an fsync of the WAL before every
// acknowledgement (synchronous=FULL, or the store's own sync after a group commit) and, when
// SEEDBED_TEST_POSTGRES is set, on PostgreSQL (whose default is a flush of its WAL on every
// commit). ledger=off runs the same transactions without the ledger,
// so the ratio of the two is what the ledger costs under concurrency: on PostgreSQL the
// ledger's state row, locked by every append until commit, is what makes writers wait.
func BenchmarkLedgerConcurrent(b *testing.B) {
	for _, engine := range []string{"sqlite", "postgres"} {
		for _, ledgerOn := range []bool{true, false} {
			for _, mode := range []string{"group=false", "group=true", "group=true/sync=in-commit"} {
				grouped := mode != "group=false"
				if grouped && engine != "sqlite" {
					continue
				}
				name := fmt.Sprintf("%s/writers=%d/ledger=%v/%s", engine, ledgerWriters, ledgerOn, mode)
				b.Run(name, func(b *testing.B) {
					var s *Store
					if engine == "sqlite" {
						// Group commit syncs the log after each batch's commit, while the next
						// batch runs (Options.Durable); sync=in-commit is SQLite's
						// synchronous=FULL, which syncs it inside every commit.
						sync := "durable"
						if mode != "group=true" {
							sync = "FULL"
						}
						s, _ = benchStore(b, sync)
					} else {
						s = openTestPostgres(b)
						openLedger(b, s, testSigner(b, ledger.SigEd25519), ledger.SHA256)
					}
					s.unledgered = !ledgerOn
					s.grouped = grouped
					benchConcurrent(b, s)
				})
			}
		}
	}
}

func benchConcurrent(b *testing.B, s *Store) {
	ctx := context.Background()
	payload := map[string]any{"application_id": 17, "program_id": 3, "outcome": "funded", "amount": 300000,
		"reason": map[string]string{"zh": "评分位于资助线以上", "en": "scored above the funding line"}}
	var next atomic.Int64
	var failed atomic.Value
	var wg sync.WaitGroup
	cpu0, batches0 := cpuTime(), s.group.batches.Load()
	b.ResetTimer()
	for w := 0; w < ledgerWriters; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for next.Add(1) <= int64(b.N) {
				err := s.inTx(ctx, func(tx *Tx) error {
					_, err := recordEvent(ctx, tx, testActor, "funding_decision", "application:17", payload)
					return err
				})
				if err != nil {
					failed.Store(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	b.StopTimer()
	cpu := cpuTime() - cpu0
	if err, ok := failed.Load().(error); ok {
		b.Fatal(err)
	}
	var events int
	if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM decision_events`).Scan(&events); err != nil {
		b.Fatal(err)
	}
	if events < b.N {
		b.Fatalf("%d decisions committed, want at least %d", events, b.N)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "decisions/s")
	// The CPU time the process spent per decision, which the machine's other load does not
	// change much: two idle cores can do at most 2 s / this many decisions a second.
	b.ReportMetric(float64(cpu.Microseconds())/float64(b.N), "cpu-µs/decision")
	if n := s.group.batches.Load() - batches0; n > 0 {
		b.ReportMetric(float64(b.N)/float64(n), "decisions/batch")
	}
}
