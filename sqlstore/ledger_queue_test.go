package sqlstore

import (
	"context"
	"crypto/rand"
	"strings"
	"testing"

	"seedbed"
	"seedbed/ledger"
)

// queueAsServer queues the latest decision event as a server holding signer does: with the
// MAC of its entry.
func queueAsServer(t *testing.T, s *Store, signer ledger.Signer) {
	t.Helper()
	ev := latestEvent(t, s)
	entry, err := ledger.EventMACEntry(&ev)
	if err != nil {
		t.Fatal(err)
	}
	m, err := ledger.NewEventMAC(signer)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.ExecForTest(context.Background(), `INSERT INTO ledger_queue (event_id, key_id, mac) VALUES ($1, $2, $3)`,
		ev.ID, m.KeyID(), m.Sum(entry)); err != nil {
		t.Fatal(err)
	}
}

func latestEvent(t *testing.T, s *Store) seedbed.Event {
	t.Helper()
	evs, err := s.FindEvents(context.Background(), seedbed.EventFilter{Limit: 100000})
	if err != nil || len(evs) == 0 {
		t.Fatalf("events: %v", err)
	}
	return evs[len(evs)-1]
}

// forgeEvent inserts a decision event row straight into the database, as someone with write
// access to it could, and returns its id.
func forgeEvent(t *testing.T, s *Store, subject string) seedbed.Event {
	t.Helper()
	if err := s.ExecForTest(context.Background(), `INSERT INTO decision_events (at, kind, actor, actor_role, subject, payload)
		VALUES ($1, 'award', 'officer1', 'officer', $2, '{"amount":900000}')`, fmtTime(s.Now()), subject); err != nil {
		t.Fatal(err)
	}
	return latestEvent(t, s)
}

// TestLedgerQueueForgedPostgres writes decision events and their queue rows through SQL, behind
// the platform: without a MAC, with a made-up MAC, with the MAC of another event, with a MAC
// under a key that is not the ledger's, and a genuine queued event whose row was changed
// afterwards. The sequencer appends none of them, records each as refused, and verification
// names them; a genuinely queued event beside them is appended.
func TestLedgerQueueForgedPostgres(t *testing.T) {
	s := openTestPostgres(t)
	ctx := context.Background()
	signer := testSigner(t, ledger.SigEd25519)
	openLedger(t, s, signer, ledger.SHA256)
	recordTestEvents(t, s, 3)
	mac, err := ledger.NewEventMAC(signer)
	if err != nil {
		t.Fatal(err)
	}
	other, err := ledger.NewEventMAC(testSigner(t, ledger.SigEd25519))
	if err != nil {
		t.Fatal(err)
	}
	// Hold the state row so that the sequencer cannot run until every row is in place.
	hold, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer hold.Rollback()
	if _, err := hold.ExecContext(ctx, `SELECT 1 FROM ledger_state WHERE id = 1 FOR UPDATE`); err != nil {
		t.Fatal(err)
	}
	queue := func(id int64, keyID string, m []byte) {
		t.Helper()
		if err := s.ExecForTest(ctx, `INSERT INTO ledger_queue (event_id, key_id, mac) VALUES ($1, $2, $3)`, id, keyID, m); err != nil {
			t.Fatal(err)
		}
	}
	macOf := func(m *ledger.EventMAC, ev seedbed.Event) []byte {
		entry, err := ledger.EventMACEntry(&ev)
		if err != nil {
			t.Fatal(err)
		}
		return m.Sum(entry)
	}
	want := map[int64]string{} // forged event id → reason
	noMAC := forgeEvent(t, s, "award:1")
	if err := s.ExecForTest(ctx, `INSERT INTO ledger_queue (event_id) VALUES ($1)`, noMAC.ID); err != nil {
		t.Fatal(err)
	}
	want[noMAC.ID] = refusedNoKey
	madeUp := forgeEvent(t, s, "award:2")
	junk := make([]byte, 32)
	rand.Read(junk)
	queue(madeUp.ID, mac.KeyID(), junk)
	want[madeUp.ID] = refusedBadMAC
	genuine := forgeEvent(t, s, "award:3") // stands for a decision committed by a server
	queue(genuine.ID, mac.KeyID(), macOf(mac, genuine))
	replayed := forgeEvent(t, s, "award:4")
	queue(replayed.ID, mac.KeyID(), macOf(mac, genuine))
	want[replayed.ID] = refusedBadMAC
	foreign := forgeEvent(t, s, "award:5")
	queue(foreign.ID, other.KeyID(), macOf(other, foreign))
	want[foreign.ID] = refusedNoKey
	changed := forgeEvent(t, s, "award:6")
	queue(changed.ID, mac.KeyID(), macOf(mac, changed))
	if err := s.ExecForTest(ctx, `UPDATE decision_events SET payload = '{"amount":9000000}' WHERE id = $1`, changed.ID); err != nil {
		t.Fatal(err)
	}
	want[changed.ID] = refusedBadMAC

	// While queued, only the genuine event counts as a decision about to be appended.
	var queued []ledger.EventRecord
	if err := s.ReadLedger(ctx, func(snap *LedgerSnapshot) (err error) { queued, err = snap.QueuedRecords(); return err }); err != nil {
		t.Fatal(err)
	}
	if len(queued) != 1 || queued[0].EventID != genuine.ID {
		t.Fatalf("queued records %+v, want only event %d", queued, genuine.ID)
	}
	hold.Rollback()
	if err := s.SequenceLedger(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := s.LedgerEntryOfEvent(ctx, genuine.ID); err != nil {
		t.Fatalf("the genuinely queued event was not appended: %v", err)
	}
	for id, reason := range want {
		if _, err := s.LedgerEntryOfEvent(ctx, id); seedbed.ErrorCode(err) != seedbed.ENOTFOUND {
			t.Errorf("forged event %d was sequenced into the ledger (%v)", id, err)
		}
		var got string
		if err := s.read.QueryRowContext(ctx, `SELECT reason FROM ledger_refused WHERE event_id = $1`, id).Scan(&got); err != nil || got != reason {
			t.Errorf("forged event %d: refusal %q (%v), want %q", id, got, err, reason)
		}
	}
	var left int
	if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM ledger_queue`).Scan(&left); err != nil || left != 0 {
		t.Fatalf("%d rows left queued (%v)", left, err)
	}
	rep := verifyLedger(t, s, signer.Verifier())
	if !rep.Report.OK {
		t.Fatalf("the log itself should verify: %+v", rep.Report)
	}
	text := ""
	for _, l := range rep.Store {
		text += l.En + "\n"
	}
	for id := range want {
		if !strings.Contains(text, "decision event "+itoa(id)+" was refused by the ledger") {
			t.Errorf("verification does not name refused event %d:\n%s", id, text)
		}
	}
}

// TestLedgerKeylessPostgres: a process that holds no ledger key cannot make the MAC of a
// queued event, so its decision appends in its own transaction, as on SQLite: the entry exists
// when the decision returns and nothing is queued.
func TestLedgerKeylessPostgres(t *testing.T) {
	s := openTestPostgres(t)
	ctx := context.Background()
	var id int64
	err := s.inTx(ctx, func(tx *Tx) error {
		ev, err := recordEvent(ctx, tx, testActor, "funding_decision", "application:1", map[string]int{"amount": 1})
		if ev != nil {
			id = ev.ID
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.LedgerEntryOfEvent(ctx, id); err != nil {
		t.Fatalf("the decision of a keyless process is not in the ledger: %v", err)
	}
	var n int
	if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM ledger_queue`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("%d rows queued (%v)", n, err)
	}
}
