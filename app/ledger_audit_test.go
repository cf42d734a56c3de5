package app

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"seedbed"
	"seedbed/ledger"
	"seedbed/sqlstore"
	"seedbed/sqlstore/storetest"
)

// TestAuditChain: the audit log verifies as a chain; an edited row, a deleted row and rows cut
// from the end (with the chain's head rewritten to match) are each reported, the last against
// the head anchored in the ledger.
func TestAuditChain(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		ctx := context.Background()
		for i := range 6 {
			u := &seedbed.User{Username: fmt.Sprintf("user%d", i), Role: seedbed.RoleOfficer}
			must(t, a.Accounts.CreateUser(ctx, seedbed.System, u, "long enough password"))
			must(t, a.store.Audit(ctx, seedbed.AuditEntry{Actor: u.Username, Role: u.Role, Action: "login", Entity: "user", EntityID: fmt.Sprint(u.ID)}))
		}
		problems := func() string {
			t.Helper()
			rep, err := a.Ledger.Verify(ctx, ledger.StoreVerifyOptions{State: true, Workers: 2})
			must(t, err)
			var b strings.Builder
			for _, l := range rep.Store {
				b.WriteString(l.En + "\n")
			}
			return b.String()
		}
		if got := problems(); got != "" {
			t.Fatalf("an intact audit log: %s", got)
		}
		if ok, err := a.Ledger.AnchorAudit(ctx); err != nil || !ok {
			t.Fatalf("anchor: %v %v", ok, err)
		}
		if ok, err := a.Ledger.AnchorAudit(ctx); err != nil || ok {
			t.Fatalf("anchored again with nothing new: %v %v", ok, err)
		}
		var first, last int64
		must(t, a.store.QueryRowForTest(ctx, `SELECT MIN(id), MAX(id) FROM audit_log`).Scan(&first, &last))

		must(t, a.store.ExecForTest(ctx, `UPDATE audit_log SET detail = 'nothing happened' WHERE id = $1`, first+2))
		if got := problems(); !strings.Contains(got, fmt.Sprintf("audit log row %d was changed after it was written", first+2)) {
			t.Errorf("edited row: %s", got)
		}
		must(t, a.store.ExecForTest(ctx, `DELETE FROM audit_log WHERE id = $1`, first+5))
		if got := problems(); !strings.Contains(got, fmt.Sprintf("audit log row %d does not follow row %d", first+6, first+4)) {
			t.Errorf("deleted row: %s", got)
		}
		// cut the last two rows and rewrite the head to match: only the anchor shows it
		var head string
		must(t, a.store.QueryRowForTest(ctx, `SELECT hash FROM audit_log WHERE id = $1`, last-2).Scan(&head))
		must(t, a.store.ExecForTest(ctx, `DELETE FROM audit_log WHERE id > $1`, last-2))
		must(t, a.store.ExecForTest(ctx, `UPDATE audit_chain SET size = size - 3, last_id = $1, head = $2`, last-2, head))
		got := problems()
		if !strings.Contains(got, fmt.Sprintf("audit log row %d, anchored with", last)) || strings.Contains(got, "the audit chain's head says") {
			t.Errorf("rows cut from the end: %s", got)
		}
	})
}

// TestAuditChainOutOfOrder: on PostgreSQL, in a server holding the ledger key, audit rows whose
// transactions commit out of id order are chained in the order they commit. While a committed row waits for the sequencer,
// verification counts it and finds nothing wrong; once chained, the chain verifies in its own
// order with nothing waiting, and the audit anchor covers both rows.
func TestAuditChainOutOfOrder(t *testing.T) {
	s := storetest.Postgres(t)
	a := New(s, fixtureOptions)
	ctx := context.Background()
	signer, err := ledger.GenerateKey(ledger.SigEd25519)
	must(t, err)
	must(t, a.Ledger.Open(ctx, signer, ledger.SHA256))
	// hold runs write in a transaction of its own, left open until the returned release is called,
	// which returns the transaction's outcome.
	hold := func(write func(tx *sqlstore.Tx) error) (release func() error) {
		t.Helper()
		written, done := make(chan error, 1), make(chan error, 1)
		proceed := make(chan struct{})
		go func() {
			done <- s.InTx(ctx, func(tx *sqlstore.Tx) error {
				err := write(tx)
				written <- err
				if err != nil {
					return err
				}
				<-proceed
				return nil
			})
		}()
		must(t, <-written)
		return func() error { close(proceed); return <-done }
	}
	commitFirst := hold(func(tx *sqlstore.Tx) error {
		return tx.Audit(ctx, seedbed.System, "user.create", "user", 1, "committed last")
	})
	must(t, s.Audit(ctx, seedbed.AuditEntry{Actor: "second", Role: seedbed.RoleOfficer, Action: "login", Detail: "committed first"}))
	must(t, s.ChainAudit(ctx))
	// The chain's head is held, so that the first row, once committed, waits to be chained.
	unlockChain := hold(func(tx *sqlstore.Tx) error {
		_, err := tx.ExecContext(ctx, `SELECT 1 FROM audit_chain WHERE id = 1 FOR UPDATE`)
		return err
	})
	must(t, commitFirst())
	var first, second int64
	must(t, s.QueryRowForTest(ctx, `SELECT id FROM audit_log WHERE detail = 'committed last'`).Scan(&first))
	must(t, s.QueryRowForTest(ctx, `SELECT id FROM audit_log WHERE detail = 'committed first'`).Scan(&second))
	if first > second {
		t.Fatalf("the row written first has id %d, after %d", first, second)
	}
	verify := func(waiting int64) {
		t.Helper()
		rep, err := a.Ledger.Verify(ctx, ledger.StoreVerifyOptions{State: true, Workers: 2})
		must(t, err)
		if len(rep.Store) > 0 || rep.AuditWaiting != waiting {
			t.Fatalf("verified with %d rows waiting (want %d): %v", rep.AuditWaiting, waiting, rep.Store)
		}
	}
	verify(1)
	must(t, unlockChain())

	if ok, err := a.Ledger.AnchorAudit(ctx); err != nil || !ok {
		t.Fatalf("anchor: %v %v", ok, err)
	}
	verify(0)
	var pos1, pos2, rows int64
	must(t, s.QueryRowForTest(ctx, `SELECT chain_position FROM audit_log WHERE id = $1`, first).Scan(&pos1))
	must(t, s.QueryRowForTest(ctx, `SELECT chain_position FROM audit_log WHERE id = $1`, second).Scan(&pos2))
	must(t, s.QueryRowForTest(ctx, `SELECT count(*) FROM audit_log`).Scan(&rows))
	if pos1 != rows || pos2 >= pos1 {
		t.Fatalf("row %d at position %d, row %d at %d, of %d rows: want them in the order they committed", first, pos1, second, pos2, rows)
	}
	var anchor struct {
		Size   int64  `json:"size"`
		LastID int64  `json:"last_id"`
		Head   string `json:"head"`
	}
	var payload, hash string
	must(t, s.QueryRowForTest(ctx, `SELECT payload FROM decision_events WHERE kind = $1 ORDER BY id DESC LIMIT 1`,
		seedbed.EventAuditAnchor).Scan(&payload))
	must(t, json.Unmarshal([]byte(payload), &anchor))
	must(t, s.QueryRowForTest(ctx, `SELECT hash FROM audit_log WHERE id = $1`, first).Scan(&hash))
	if anchor.Size != rows || anchor.LastID != first || anchor.Head != hash {
		t.Fatalf("anchor %+v, want %d rows ending at row %d with hash %s", anchor, rows, first, hash)
	}
}

// TestAuditChainStrayRow: on SQLite, which chains every row as it is written, a row inserted
// behind the platform stays outside the chain and is reported as such.
func TestAuditChainStrayRow(t *testing.T) {
	s := storetest.SQLite(t)
	a := New(s, fixtureOptions)
	ctx := context.Background()
	must(t, s.Audit(ctx, seedbed.AuditEntry{Actor: "officer1", Role: seedbed.RoleOfficer, Action: "login"}))
	must(t, s.ExecForTest(ctx, `INSERT INTO audit_log (at, actor, role, action, entity, entity_id, detail, outcome, ip)
		VALUES ('2026-01-01T00:00:00.000000Z', 'someone', 'admin', 'login', '', '', '', 'ok', '')`))
	var id int64
	must(t, s.QueryRowForTest(ctx, `SELECT MAX(id) FROM audit_log`).Scan(&id))
	rep, err := a.Ledger.Verify(ctx, ledger.StoreVerifyOptions{State: true, Workers: 2})
	must(t, err)
	var got strings.Builder
	for _, l := range rep.Store {
		got.WriteString(l.En + "\n")
	}
	if !strings.Contains(got.String(), fmt.Sprintf("audit log row %d is outside the chain", id)) || rep.AuditWaiting != 0 {
		t.Fatalf("a row inserted by hand (%d waiting): %s", rep.AuditWaiting, got.String())
	}
}
