package app

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"seedbed"
	"seedbed/ledger"
	"seedbed/sqlstore"
)

// recordTestEvents records n decision events, one transaction each, as any use case does.
func recordTestEvents(t *testing.T, a *App, n int) {
	t.Helper()
	ctx := context.Background()
	for i := range n {
		must(t, a.Store().InTx(ctx, func(tx *sqlstore.Tx) error {
			_, err := tx.RecordEvent(ctx, officer, "test_decision", fmt.Sprintf("test:%d", i), map[string]any{"n": i})
			return err
		}))
	}
}

func verify(t *testing.T, a *App, keys ...ledger.Verifier) *ledger.StoreReport {
	t.Helper()
	rep, err := a.Ledger.Verify(context.Background(), ledger.StoreVerifyOptions{Keys: keys, Events: true, Workers: 2})
	must(t, err)
	return rep
}

func testKey(t *testing.T, alg string) ledger.Signer {
	t.Helper()
	k, err := ledger.GenerateKey(alg)
	must(t, err)
	return k
}

// TestLedgerOpen covers events recorded before a key was given (appended unsigned until the
// key's first entry signs them), opening again with the same key (nothing new) and a key
// rotation (recorded in the log; both keys verify).
func TestLedgerOpen(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		ctx := context.Background()
		wantCode(t, a.Ledger.Open(ctx, nil, ledger.SHA256), seedbed.EINVALID, "no ledger signing key")
		recordTestEvents(t, a, 3)
		rep := verify(t, a)
		if rep.OK() || rep.Problem == nil || rep.Problem.Kind != ledger.ProblemUnsignedTail {
			t.Fatalf("unsigned log: %+v", rep.Problem)
		}
		signer := testKey(t, ledger.SigEd25519)
		if held, _ := a.Ledger.KeyHeld(ctx); held {
			t.Fatal("a key is held before any was given")
		}
		must(t, a.Ledger.Open(ctx, signer, ledger.SM3))
		must(t, a.Ledger.Open(ctx, signer, ledger.SM3)) // again: nothing new
		st, err := a.Ledger.Status(ctx)
		must(t, err)
		if st.Size != 4 || st.HashAlg != ledger.SHA256 || st.KeyID != signer.Verifier().KeyID() {
			t.Fatalf("a started log keeps its hash; got %+v", st)
		}
		if held, _ := a.Ledger.KeyHeld(ctx); !held {
			t.Fatal("the key given is not held")
		}
		if rep := verify(t, a, signer.Verifier()); !rep.OK() {
			t.Fatalf("verify: %+v", rep)
		}
		// another key takes over: its entry records the change, and both keys verify
		other := testKey(t, ledger.SigSM2)
		must(t, a.Ledger.Open(ctx, other, ledger.SHA256))
		recordTestEvents(t, a, 2)
		if rep := verify(t, a, other.Verifier()); !rep.OK() {
			t.Fatalf("verify after rotation: %+v", rep)
		}
		recs, err := a.Ledger.RecordsOf(ctx, "", ledger.EventKey)
		must(t, err)
		if len(recs) != 2 {
			t.Fatalf("%d key entries", len(recs))
		}
		keys, _ := a.Ledger.Keys(ctx)
		if len(keys) != 2 {
			t.Fatalf("%d keys stored", len(keys))
		}
		// trusting only a stranger's key fails precisely
		rep = verify(t, a, testKey(t, ledger.SigEd25519).Verifier())
		if rep.OK() || rep.Problem.Kind != ledger.ProblemHeadUnknownKey {
			t.Fatalf("untrusted key: %+v", rep.Problem)
		}
	})
}

// TestLedgerKeysPerStore: a key given to one store does not sign another store's log.
func TestLedgerKeysPerStore(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		ctx := context.Background()
		signer := testKey(t, ledger.SigEd25519)
		must(t, a.Ledger.Open(ctx, signer, ledger.SHA256))
		if a.Store().Path == "" {
			return // a second PostgreSQL store on the test's schema is not at hand; SQLite shows it
		}
		s2, err := sqlstore.Open(ctx, sqlstore.Options{DataDir: filepath.Dir(a.Store().Path)})
		must(t, err)
		defer s2.Close()
		other := New(s2, Options{})
		if held, err := other.Ledger.KeyHeld(ctx); err != nil || held {
			t.Fatalf("a second store holds the first one's key: %v %v", held, err)
		}
	})
}
