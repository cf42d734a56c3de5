package sqlstore

import (
	"context"
	"sync"
	"testing"

	"seedbed/ledger"
)

// TestLedgerSequencerPostgres runs concurrent decisions on PostgreSQL, which commit without
// the ledger's lock: each is acknowledged only once the sequencer has appended its event. A
// decision committed but never appended (a crash between the two) is not reported missing, is
// counted by verification, and is appended by SequenceLedger, as at the next start.
func TestLedgerSequencerPostgres(t *testing.T) {
	s := openTestPostgres(t)
	ctx := context.Background()
	signer := testSigner(t, ledger.SigEd25519)
	openLedger(t, s, signer, ledger.SHA256)
	const writers = 16
	var wg sync.WaitGroup
	errs := make([]error, writers)
	for i := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 5 {
				var id int64
				err := s.inTx(ctx, func(tx *Tx) error {
					ev, err := recordEvent(ctx, tx, testActor, "funding_decision", "application:17", map[string]int{"writer": i, "n": j})
					if ev != nil {
						id = ev.ID
					}
					return err
				})
				if err == nil {
					_, err = s.LedgerEntryOfEvent(ctx, id)
				}
				if err != nil {
					errs[i] = err
					return
				}
			}
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("writer %d: %v (acknowledged before its event was in the ledger?)", i, err)
		}
	}
	st, err := s.LedgerStatus(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Head == nil || st.Head.Size != st.Size {
		t.Fatalf("the latest head is not signed for the whole log: %+v", st)
	}
	// A decision committed just before a crash, its event still queued with the MAC its server
	// gave it: the state row is held locked meanwhile, so that the sequencer's poll cannot
	// append it yet.
	hold, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer hold.Rollback()
	if _, err := hold.ExecContext(ctx, `SELECT 1 FROM ledger_state WHERE id = 1 FOR UPDATE`); err != nil {
		t.Fatal(err)
	}
	if err := s.ExecForTest(ctx, `INSERT INTO decision_events (at, kind, actor, actor_role, subject, payload)
		VALUES ($1, 'funding_decision', 'officer1', 'officer', 'application:99', '{"late":true}')`, fmtTime(s.Now())); err != nil {
		t.Fatal(err)
	}
	queueAsServer(t, s, signer)
	rep := verifyLedger(t, s, signer.Verifier())
	if !rep.OK() || rep.Entries != st.Size {
		t.Fatalf("a queued decision made verification fail: %+v", rep)
	}
	var queued []ledger.EventRecord
	if err := s.ReadLedger(ctx, func(snap *LedgerSnapshot) (err error) { queued, err = snap.QueuedRecords(); return err }); err != nil {
		t.Fatal(err)
	}
	if len(queued) != 1 || queued[0].Index != st.Size {
		t.Fatalf("queued records %+v, want the late decision at index %d", queued, st.Size)
	}
	hold.Rollback()
	if err := s.SequenceLedger(ctx); err != nil {
		t.Fatal(err)
	}
	rep = verifyLedger(t, s, signer.Verifier())
	if !rep.OK() || rep.Entries != st.Size+1 {
		t.Fatalf("after sequencing: %+v", rep)
	}
	// An event row inserted behind the platform, not queued, is still reported.
	if err := s.ExecForTest(ctx, `INSERT INTO decision_events (at, kind, actor, actor_role, subject, payload)
		VALUES ($1, 'funding_decision', 'officer1', 'officer', 'application:98', '{}')`, fmtTime(s.Now())); err != nil {
		t.Fatal(err)
	}
	if rep := verifyLedger(t, s, signer.Verifier()); rep.OK() {
		t.Fatal("an event without an entry and not queued was not reported")
	}
}
