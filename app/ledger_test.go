package app

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
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
		other := New(s2, fixtureOptions)
		if held, err := other.Ledger.KeyHeld(ctx); err != nil || held {
			t.Fatalf("a second store holds the first one's key: %v %v", held, err)
		}
	})
}

func TestLedgerExportBundle(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		ctx := context.Background()
		signer := testKey(t, ledger.SigEd25519)
		must(t, a.Ledger.Open(ctx, signer, ledger.SHA256))
		recordTestEvents(t, a, 20)
		var buf bytes.Buffer
		must(t, a.Ledger.Export(ctx, &buf))
		rep, err := ledger.VerifyBundle(bytes.NewReader(buf.Bytes()), signer.Verifier())
		if err != nil || !rep.OK || rep.Entries != 21 {
			t.Fatalf("bundle: %v %+v", err, rep)
		}
		// one changed byte anywhere is refused or reported
		b := buf.Bytes()
		for _, pos := range []int{10, len(b) / 3, len(b) / 2, len(b) - 30} {
			bad := bytes.Clone(b)
			bad[pos] ^= 0x01
			rep, err := ledger.VerifyBundle(bytes.NewReader(bad), signer.Verifier())
			if err == nil && rep.OK {
				t.Errorf("byte %d changed: bundle still verifies", pos)
			}
		}
	})
}

// TestLedgerVerifyFindsChangedEvent: a decision event row changed after it was recorded is
// reported by the verification with events, and not without.
func TestLedgerVerifyFindsChangedEvent(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		ctx := context.Background()
		signer := testKey(t, ledger.SigEd25519)
		must(t, a.Ledger.Open(ctx, signer, ledger.SHA256))
		recordTestEvents(t, a, 5)
		must(t, a.Store().ExecForTest(ctx, `UPDATE decision_events SET payload = '{"n":99}' WHERE subject = 'test:3'`))
		rep, err := a.Ledger.Verify(ctx, ledger.StoreVerifyOptions{Keys: []ledger.Verifier{signer.Verifier()}})
		must(t, err)
		if !rep.OK() {
			t.Fatalf("without events: %+v %v", rep.Problem, rep.Store)
		}
		if rep := verify(t, a, signer.Verifier()); rep.OK() || len(rep.Store) == 0 || !strings.Contains(rep.Store[0].En, "changed after it was recorded") {
			t.Fatalf("with events: %+v", rep.Store)
		}
		// with no key given, the stored keys are trusted and the report says so
		rep, err = a.Ledger.Verify(ctx, ledger.StoreVerifyOptions{})
		must(t, err)
		if !rep.KeysFromDatabase || !rep.Report.OK {
			t.Fatalf("stored keys: %+v", rep)
		}
	})
}
