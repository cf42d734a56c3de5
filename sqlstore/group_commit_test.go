package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"seedbed/ledger"
)

// TestGroupCommitMembersAlone runs 64 concurrent write transactions on SQLite, which share
// commits: every third fails after writing its decision event, and must leave nothing, while
// every other one is acknowledged only with its event and ledger entry committed.
func TestGroupCommitMembersAlone(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, Options{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if !s.grouped {
		t.Fatal("SQLite write transactions do not use group commit")
	}
	signer := testSigner(t, ledger.SigEd25519)
	openLedger(t, s, signer, ledger.SHA256)
	var before int
	if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM decision_events`).Scan(&before); err != nil {
		t.Fatal(err)
	}
	refused := errors.New("refused")
	const writers = 64
	var wg sync.WaitGroup
	ids := make([]int64, writers)
	errs := make([]error, writers)
	for i := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = s.inTx(ctx, func(tx *Tx) error {
				ev, err := recordEvent(ctx, tx, testActor, "funding_decision", "application:17", map[string]int{"writer": i})
				if err != nil {
					return err
				}
				if i%2 == 0 {
					// Reading the log enters the batch's pending entries now, in the
					// member's savepoint, which may still be rolled back.
					size, err := tx.LedgerSize(ctx)
					if err != nil {
						return err
					}
					if e, err := s.ledgerEntryIn(ctx, tx, ev.ID); err != nil || e >= size {
						return fmt.Errorf("the member's own entry is not readable in its transaction: %d of %d, %v", e, size, err)
					}
				}
				if i%3 == 0 {
					return refused
				}
				ids[i] = ev.ID
				return nil
			})
			if errs[i] == nil {
				// Acknowledged: the event and its entry are committed and readable.
				var n int
				if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM ledger_entries WHERE event_id = $1`, ids[i]).Scan(&n); err != nil || n != 1 {
					errs[i] = errors.New("acknowledged before its ledger entry was committed")
				}
			}
		}()
	}
	wg.Wait()
	ok := 0
	for i, err := range errs {
		switch {
		case i%3 == 0 && !errors.Is(err, refused):
			t.Errorf("writer %d: %v, want its own error", i, err)
		case i%3 != 0 && err != nil:
			t.Errorf("writer %d: %v", i, err)
		case err == nil:
			ok++
		}
	}
	var events, entries int
	if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM decision_events`).Scan(&events); err != nil {
		t.Fatal(err)
	}
	if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM ledger_entries`).Scan(&entries); err != nil {
		t.Fatal(err)
	}
	if events != before+ok || entries != before+ok {
		t.Fatalf("%d events and %d ledger entries, want %d (the failed members' writes must be rolled back)", events, entries, before+ok)
	}
	if rep := verifyStore(t, s, true, 0, signer.Verifier()); !rep.OK() || int(rep.Entries) != before+ok {
		t.Fatalf("verification: %+v", rep)
	}
}

// ledgerEntryIn returns inside tx the index of the entry recording an event.
func (s *Store) ledgerEntryIn(ctx context.Context, tx *Tx, eventID int64) (uint64, error) {
	var idx int64
	err := tx.QueryRowContext(ctx, `SELECT idx FROM ledger_entries WHERE event_id = $1`, eventID).Scan(&idx)
	return uint64(idx), err
}

// TestDurableAcknowledgesAfterSync checks that a Durable store answers a write transaction
// only after the log holding its commit was synced: with the sync held back, the first batch
// is committed (a reader sees it) but none of its decisions returns; once the sync goes
// through, every one returns.
func TestDurableAcknowledgesAfterSync(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, Options{DataDir: t.TempDir(), Durable: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	openLedger(t, s, testSigner(t, ledger.SigEd25519), ledger.SHA256)
	release := make(chan struct{})
	var syncs sync.WaitGroup
	syncs.Add(1)
	s.syncHook = func() error {
		syncs.Done()
		<-release
		return nil
	}
	const writers = 16
	returned := make(chan error, writers)
	for i := range writers {
		go func() {
			returned <- s.inTx(ctx, func(tx *Tx) error {
				_, err := recordEvent(ctx, tx, testActor, "funding_decision", fmt.Sprintf("application:%d", i), nil)
				return err
			})
		}()
	}
	syncs.Wait() // the first batch is committed and waits for its sync
	var n int
	if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM decision_events WHERE kind = 'funding_decision'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatal("the batch waiting for its sync is not committed")
	}
	time.Sleep(20 * time.Millisecond)
	select {
	case err := <-returned:
		t.Fatalf("a decision returned (%v) before the log was synced", err)
	default:
	}
	syncs.Add(1 << 20) // the syncs that follow do not wait
	close(release)
	for range writers {
		if err := <-returned; err != nil {
			t.Fatal(err)
		}
	}
	if n := s.group.syncs.Load(); n < 1 || n > s.group.batches.Load() {
		t.Fatalf("%d syncs for %d batches", n, s.group.batches.Load())
	}
	if rep := verifyLedger(t, s); !rep.OK() {
		t.Fatalf("verify: %+v", rep)
	}
}
