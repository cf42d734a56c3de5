package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"testing"
	"time"

	"seedbed"
	"seedbed/ledger"
)

// benchStore opens a SQLite store with a ledger key; synchronous is the SQLite setting for
// the write connection (the store's default is NORMAL in WAL mode).
func benchStore(b *testing.B, synchronous string) (*Store, ledger.Signer) {
	b.Helper()
	ctx := context.Background()
	s, err := Open(ctx, Options{DataDir: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	// "durable" is synchronous=NORMAL with the store's own sync of the log before each
	// acknowledgement (Options.Durable).
	if synchronous == "durable" {
		s.durable = true
	} else if err := s.ExecForTest(ctx, "PRAGMA synchronous = "+synchronous); err != nil {
		b.Fatal(err)
	}
	signer := testSigner(b, ledger.SigEd25519)
	openLedger(b, s, signer, ledger.SHA256)
	return s, signer
}

// BenchmarkLedgerAppendSQLite measures committed appends through the store: each transaction
// records decision events (the event row, the entry, its nodes, the frontier, a signed head)
// and commits. per_tx=1 is one decision per transaction; per_tx=10 a decision that records
// ten events (a selection, say). synchronous=FULL syncs the WAL on every commit.
//
// ledger=off runs the same transactions with the ledger's hook removed: the difference is
// what the ledger costs a decision.
func BenchmarkLedgerAppendSQLite(b *testing.B) {
	for _, ledgerOn := range []bool{true, false} {
		for _, sync := range []string{"NORMAL", "FULL"} {
			for _, perTx := range []int{1, 10} {
				name := fmt.Sprintf("synchronous=%s/per_tx=%d", sync, perTx)
				if !ledgerOn {
					if sync == "FULL" {
						continue
					}
					name = "ledger=off/" + name
				}
				b.Run(name, func(b *testing.B) { benchAppend(b, sync, perTx, ledgerOn) })
			}
		}
	}
}

func benchAppend(b *testing.B, sync string, perTx int, ledgerOn bool) {
	s, _ := benchStore(b, sync)
	s.unledgered = !ledgerOn
	ctx := context.Background()
	payload := map[string]any{"application_id": 17, "program_id": 3, "outcome": "funded", "amount": 300000,
		"reason": map[string]string{"zh": "评分位于资助线以上", "en": "scored above the funding line"}}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		err := s.inTx(ctx, func(tx *Tx) error {
			for j := 0; j < perTx; j++ {
				if _, err := recordEvent(ctx, tx, testActor, "funding_decision", "application:17", payload); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	el := b.Elapsed().Seconds()
	b.ReportMetric(float64(b.N*perTx)/el, "appends/s")
	b.ReportMetric(float64(b.N)/el, "tx/s")
}

// buildLedger fills a store's log with n entries quickly (one transaction per 10,000, no
// per-entry head), as if appended, with a checkpoint head every CheckpointInterval entries
// and the latest head signed at the end.
func buildLedger(tb testing.TB, s *Store, signer ledger.Signer, n int) {
	tb.Helper()
	ctx := context.Background()
	f := ledger.NewFrontier(ledger.SHA256)
	payload, _ := json.Marshal(map[string]any{"application_id": 17, "outcome": "funded", "amount": 300000})
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	for start := 0; start < n; start += 10000 {
		tx, err := s.write.BeginTx(ctx, nil)
		if err != nil {
			tb.Fatal(err)
		}
		for i := start; i < min(start+10000, n); i++ {
			ev := &seedbed.Event{At: at.Add(time.Duration(i) * time.Millisecond), Kind: "funding_decision", Actor: "officer1",
				ActorRole: seedbed.RoleOfficer, Subject: fmt.Sprintf("application:%d", i), Payload: payload}
			if err := tx.QueryRowContext(ctx, `INSERT INTO decision_events (at, kind, actor, actor_role, subject, payload)
				VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, fmtTime(ev.At), ev.Kind, ev.Actor, ev.ActorRole, ev.Subject, string(payload)).Scan(&ev.ID); err != nil {
				tb.Fatal(err)
			}
			e, _ := ledger.EventEntry(ev)
			rec, nodes, err := ledger.AppendEntry(f, e)
			if err != nil {
				tb.Fatal(err)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO ledger_entries (idx, entry, leaf_hash, root, event_id) VALUES ($1, $2, $3, $4, $5)`,
				int64(rec.Index), []byte(rec.Entry), rec.LeafHash[:], rec.Root[:], ev.ID); err != nil {
				tb.Fatal(err)
			}
			for _, nd := range nodes {
				if nd.Level < storedNodeLevel {
					continue
				}
				if _, err := tx.ExecContext(ctx, `INSERT INTO ledger_nodes (id, hash) VALUES ($1, $2)`, nodeKey(nd.Level, nd.Index), nd.Hash[:]); err != nil {
					tb.Fatal(err)
				}
			}
			if f.Size()%CheckpointInterval == 0 {
				sh, _ := ledger.SignHead(signer, ledger.NewTreeHead(f, ev.At))
				hb, _ := json.Marshal(sh)
				if _, err := tx.ExecContext(ctx, `INSERT INTO ledger_checkpoints (size, head) VALUES ($1, $2)`, int64(f.Size()), string(hb)); err != nil {
					tb.Fatal(err)
				}
			}
		}
		if err := tx.Commit(); err != nil {
			tb.Fatal(err)
		}
	}
	sh, _ := ledger.SignHead(signer, ledger.NewTreeHead(f, at))
	hb, _ := json.Marshal(sh)
	fb, _ := f.MarshalBinary()
	if err := s.ExecForTest(ctx, `UPDATE ledger_state SET frontier = $1, latest_head = $2, key_id = $3 WHERE id = 1`,
		fb, string(hb), signer.Verifier().KeyID()); err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkLedgerVerifyDB1M verifies a log of 1,000,000 entries streamed from SQLite (with
// and without the second pass over the decision events). Building the log takes about a
// minute, so it runs only when SEEDBED_BENCH_1M=1.
func BenchmarkLedgerVerifyDB1M(b *testing.B) {
	if os.Getenv("SEEDBED_BENCH_1M") != "1" {
		b.Skip("set SEEDBED_BENCH_1M=1 to build and verify a log of 1,000,000 entries")
	}
	ctx := context.Background()
	s, err := Open(ctx, Options{DataDir: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	signer := testSigner(b, ledger.SigEd25519)
	buildLedger(b, s, signer, 1_000_000)
	for _, events := range []bool{false, true} {
		b.Run(fmt.Sprintf("events=%v", events), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				rep := verifyStore(b, s, events, 0, signer.Verifier())
				if !rep.OK() || rep.Entries != 1_000_000 {
					b.Fatalf("verify: %+v", rep)
				}
			}
			b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/verify")
		})
	}
}

// BenchmarkLedgerProof measures inclusion and consistency proofs from nodes read from the
// database as the log grows (what app.Ledger does, less the status read): both read O(log n)
// nodes in two queries.
func BenchmarkLedgerProof(b *testing.B) {
	ctx := context.Background()
	for _, n := range []int{1 << 10, 1 << 14, 1 << 17} {
		s, err := Open(ctx, Options{DataDir: b.TempDir()})
		if err != nil {
			b.Fatal(err)
		}
		signer := testSigner(b, ledger.SigEd25519)
		buildLedger(b, s, signer, n)
		b.Run(fmt.Sprintf("inclusion/n=%d", n), func(b *testing.B) {
			size := 0
			for i := 0; i < b.N; i++ {
				index := uint64(i * 7919 % n)
				ids, err := ledger.InclusionNodes(index, uint64(n))
				if err != nil {
					b.Fatal(err)
				}
				nodes, err := s.LedgerNodes(ctx, ids)
				if err != nil {
					b.Fatal(err)
				}
				p, err := ledger.InclusionProof(ledger.SHA256, nodes, index, uint64(n))
				if err != nil {
					b.Fatal(err)
				}
				size = len(p)
			}
			b.ReportMetric(float64(size), "hashes")
		})
		b.Run(fmt.Sprintf("consistency/n=%d", n), func(b *testing.B) {
			size := 0
			for i := 0; i < b.N; i++ {
				old := uint64(1 + i*7919%(n-1))
				ids, err := ledger.ConsistencyNodes(old, uint64(n))
				if err != nil {
					b.Fatal(err)
				}
				nodes, err := s.LedgerNodes(ctx, ids)
				if err != nil {
					b.Fatal(err)
				}
				p, err := ledger.ConsistencyProof(ledger.SHA256, nodes, old, uint64(n))
				if err != nil {
					b.Fatal(err)
				}
				size = len(p)
			}
			b.ReportMetric(float64(size), "hashes")
		})
		s.Close()
	}
}
