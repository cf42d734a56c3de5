package sqlstore

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"seedbed"
	"seedbed/ledger"
)

// testSigner returns a fresh key of the algorithm.
func testSigner(t testing.TB, alg string) ledger.Signer {
	t.Helper()
	s, err := ledger.GenerateKey(alg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// recordTestEvents records n decision events, one per transaction.
func recordTestEvents(t testing.TB, s *Store, n int) {
	t.Helper()
	ctx := context.Background()
	for i := 0; i < n; i++ {
		err := s.inTx(ctx, func(tx *Tx) error {
			_, err := recordEvent(ctx, tx, testActor, "test_decision", fmt.Sprintf("test:%d", i),
				map[string]any{"n": i, "note": "决定 " + strings.Repeat("x", i%7)})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// openLedger starts the log with alg and makes signer the key that signs it, as the use-case
// layer does at start-up, recording the key in the log.
func openLedger(t testing.TB, s *Store, signer ledger.Signer, alg ledger.HashAlg) {
	t.Helper()
	ctx := context.Background()
	s.HoldLedgerKey(signer)
	v := signer.Verifier()
	err := s.inTx(ctx, func(tx *Tx) error {
		previous, _, err := tx.StartLedger(ctx, alg)
		if err != nil || previous == v.KeyID() {
			return err
		}
		if err := tx.SetLedgerKey(ctx, v); err != nil {
			return err
		}
		_, err = tx.RecordEvent(ctx, seedbed.System, ledger.EventKey, "ledger", map[string]any{"key_id": v.KeyID(),
			"sig_alg": v.Algorithm(), "public_key": string(v.PublicKeyPEM()), "previous_key_id": previous})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func verifyLedger(t testing.TB, s *Store, keys ...ledger.Verifier) *ledger.StoreReport {
	t.Helper()
	return verifyStore(t, s, true, 2, keys...)
}

// verifyStore checks the stored log from one snapshot as the use-case layer does: the engine
// over the rows, the state row against them, and (events) the event rows against the entries.
// With no keys, the stored keys are trusted.
func verifyStore(t testing.TB, s *Store, events bool, workers int, keys ...ledger.Verifier) *ledger.StoreReport {
	t.Helper()
	var rep ledger.StoreReport
	err := s.ReadLedger(context.Background(), func(snap *LedgerSnapshot) error {
		st, err := snap.Status()
		if err != nil {
			return err
		}
		heads, err := snap.Heads()
		if err != nil {
			return err
		}
		if len(keys) == 0 {
			if keys, err = snap.Keys(); err != nil {
				return err
			}
		}
		if rep.Report, err = ledger.Verify(snap.Records(), ledger.VerifyOptions{HashAlg: st.HashAlg, Heads: heads, Keys: keys, Workers: workers}); err != nil {
			return err
		}
		if rep.Report.OK && (rep.Entries != st.Size || rep.Root != st.Root) {
			rep.Store = append(rep.Store, label("状态行不符", "the state row disagrees with the entries"))
		}
		if events && rep.Report.OK {
			probs, err := snap.EventProblems()
			rep.Store = append(rep.Store, probs...)
			return err
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return &rep
}

// TestLedgerSameTransaction checks that an entry exists exactly when its decision does.
func TestLedgerSameTransaction(t *testing.T) {
	forEachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		signer := testSigner(t, ledger.SigEd25519)
		openLedger(t, s, signer, ledger.SHA256)
		recordTestEvents(t, s, 3)
		// the decision fails after its event: neither survives
		err := s.inTx(ctx, func(tx *Tx) error {
			if _, err := recordEvent(ctx, tx, testActor, "test_decision", "test:x", nil); err != nil {
				return err
			}
			return seedbed.Errorf(seedbed.ECONFLICT, "decision refused")
		})
		if seedbed.ErrorCode(err) != seedbed.ECONFLICT {
			t.Fatal(err)
		}
		// an event the ledger refuses (a kind outside the entry rules) fails its decision
		err = s.inTx(ctx, func(tx *Tx) error {
			_, err := recordEvent(ctx, tx, testActor, "Bad Kind", "test:y", nil)
			return err
		})
		if err == nil {
			t.Fatal("an event the ledger cannot hold was recorded")
		}
		evs, err := s.FindEvents(ctx, seedbed.EventFilter{})
		if err != nil {
			t.Fatal(err)
		}
		st, _ := s.LedgerStatus(ctx)
		if len(evs) != 4 || st.Size != 4 {
			t.Fatalf("%d events, %d entries; want 4 and 4", len(evs), st.Size)
		}
		if rep := verifyLedger(t, s, signer.Verifier()); !rep.OK() {
			t.Fatalf("verify: %+v", rep)
		}
	})
}

// TestLedgerConcurrentAppends appends from many goroutines; the log must stay one chain.
func TestLedgerConcurrentAppends(t *testing.T) {
	forEachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		signer := testSigner(t, ledger.SigEd25519)
		openLedger(t, s, signer, ledger.SHA256)
		var wg sync.WaitGroup
		errs := make(chan error, 8*15)
		for g := 0; g < 8; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; i < 15; i++ {
					errs <- s.inTx(ctx, func(tx *Tx) error {
						_, err := recordEvent(ctx, tx, testActor, "test_decision", fmt.Sprintf("test:%d/%d", g, i), nil)
						return err
					})
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		rep := verifyLedger(t, s, signer.Verifier())
		if !rep.OK() || rep.Entries != 121 {
			t.Fatalf("verify: %+v %v", rep.Report, rep.Store)
		}
	})
}
