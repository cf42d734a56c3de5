package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"seedbed"
	"seedbed/ledger"
)

// TestAuditWritersDoNotWait: on PostgreSQL, in a server holding the ledger key, an audited
// transaction commits while another audited transaction is open: neither takes the audit chain's
// head, which they queued on before.
func TestAuditWritersDoNotWait(t *testing.T) {
	s := openTestPostgres(t)
	ctx := context.Background()
	openLedger(t, s, testSigner(t, ledger.SigEd25519), ledger.SHA256)
	first, err := s.begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer first.Rollback()
	if err := first.Audit(ctx, testActor, "award.create", "award", 1, "first"); err != nil {
		t.Fatal(err)
	}
	// Left open. A second audited write within a few seconds, or the test fails.
	wctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	start := time.Now()
	err = s.inTx(wctx, func(tx *Tx) error { return tx.Audit(wctx, testActor, "award.create", "award", 2, "second") })
	if err != nil {
		t.Fatalf("a second audited write while the first is open: %v after %v", err, time.Since(start).Round(time.Millisecond))
	}
	if err := s.Audit(wctx, seedbed.AuditEntry{Actor: "officer2", Role: seedbed.RoleOfficer, Action: "login"}); err != nil {
		t.Fatalf("a login audited while the first is open: %v after %v", err, time.Since(start).Round(time.Millisecond))
	}
	if err := first.Commit(); err != nil {
		t.Fatal(err)
	}
}

// TestAuditChainPositionMigration: the migration that adds the chain position gives the rows
// chained before it their positions in id order, the order they were chained in; the chain
// walked in that order verifies, and rows audited afterwards extend it.
func TestAuditChainPositionMigration(t *testing.T) {
	forEachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		for i := range 4 {
			if err := s.Audit(ctx, seedbed.AuditEntry{Actor: fmt.Sprint("user", i), Role: seedbed.RoleOfficer, Action: "login"}); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.ChainAudit(ctx); err != nil {
			t.Fatal(err)
		}
		p := downTo(t, s, 30)
		if _, err := p.UpTo(ctx, 31); err != nil {
			t.Fatal(err)
		}
		positions := func() []int64 {
			t.Helper()
			var out []int64
			for id := range int64(6) {
				var pos sql.NullInt64
				err := s.QueryRowForTest(ctx, `SELECT chain_position FROM audit_log WHERE id = $1`, id+1).Scan(&pos)
				if err == sql.ErrNoRows {
					break
				}
				if err != nil || !pos.Valid {
					t.Fatalf("row %d: position %v (%v)", id+1, pos, err)
				}
				out = append(out, pos.Int64)
			}
			return out
		}
		if got := positions(); fmt.Sprint(got) != "[1 2 3 4]" {
			t.Fatalf("positions after the migration, by id: %v", got)
		}
		if n := walkAuditChain(t, s); n != 4 {
			t.Fatalf("%d rows chained after the migration, want 4", n)
		}
		if err := s.Audit(ctx, seedbed.AuditEntry{Actor: "late", Role: seedbed.RoleOfficer, Action: "login"}); err != nil {
			t.Fatal(err)
		}
		if err := s.ChainAudit(ctx); err != nil {
			t.Fatal(err)
		}
		if got := positions(); fmt.Sprint(got) != "[1 2 3 4 5]" {
			t.Fatalf("positions after one more row, by id: %v", got)
		}
		if n := walkAuditChain(t, s); n != 5 {
			t.Fatalf("%d rows chained, want 5", n)
		}
	})
}

// walkAuditChain checks every chained row's link and hash in chain order, and the head, and
// returns how many rows the chain holds.
func walkAuditChain(t *testing.T, s *Store) int64 {
	t.Helper()
	ctx := context.Background()
	rows, err := auditRows(ctx, s.read)
	if err != nil {
		t.Fatal(err)
	}
	prev, n, last := "", int64(0), int64(0)
	for r, err := range rows {
		if err != nil {
			t.Fatal(err)
		}
		if r.Prev != prev || seedbed.AuditHash(r.Prev, r.At, r.Entry) != r.Hash {
			t.Fatalf("row %d does not chain: %+v", r.Entry.ID, r)
		}
		prev, n, last = r.Hash, n+1, r.Entry.ID
	}
	h, err := auditHead(ctx, s.read)
	if err != nil || h.Size != n || h.LastID != last || h.Head != prev {
		t.Fatalf("head %+v after %d rows ending at %d: %v", h, n, last, err)
	}
	return n
}

// TestAuditForgedPostgres: a row waiting to be chained carries a MAC. A row inserted by hand and
// a waiting row edited before it was chained are reported by verification while they wait, and
// refused by the sequencer, which chains the others.
func TestAuditForgedPostgres(t *testing.T) {
	s := openTestPostgres(t)
	ctx := context.Background()
	openLedger(t, s, testSigner(t, ledger.SigEd25519), ledger.SHA256)
	if err := s.ChainAudit(ctx); err != nil {
		t.Fatal(err)
	}
	// The chain's head is held, so that the rows below wait.
	hold, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer hold.Rollback()
	if _, err := hold.ExecContext(ctx, `SELECT 1 FROM audit_chain WHERE id = 1 FOR UPDATE`); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{"kept", "edited"} {
		if err := s.Audit(ctx, seedbed.AuditEntry{Actor: "officer1", Role: seedbed.RoleOfficer, Action: "login", Detail: d}); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range []string{`UPDATE audit_log SET detail = 'changed' WHERE detail = 'edited'`,
		`INSERT INTO audit_log (at, actor, role, action, entity, entity_id, detail, outcome, ip)
			VALUES ('2026-01-01T00:00:00.000000Z', 'someone', 'admin', 'login', '', '', 'forged', 'ok', '')`} {
		if err := s.ExecForTest(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	idOf := func(detail string) int64 {
		t.Helper()
		var id int64
		if err := s.QueryRowForTest(ctx, `SELECT id FROM audit_log WHERE detail = $1`, detail).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	kept, edited, forged := idOf("kept"), idOf("changed"), idOf("forged")
	check := func(stage string, wantWaiting int64, want ...string) {
		t.Helper()
		var waiting int64
		var problems []seedbed.Label
		if err := s.ReadLedger(ctx, func(snap *LedgerSnapshot) (err error) {
			waiting, problems, err = snap.AuditUnchained(20)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		got := fmt.Sprint(problems)
		if waiting != wantWaiting || len(problems) != len(want) {
			t.Fatalf("%s: %d rows waiting (want %d), problems %s", stage, waiting, wantWaiting, got)
		}
		for _, w := range want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: %q not among %s", stage, w, got)
			}
		}
	}
	check("waiting", 1,
		fmt.Sprintf("audit log row %d waits to be chained but its MAC is not valid", edited),
		fmt.Sprintf("audit log row %d waits to be chained but its MAC is not valid", forged))
	if err := hold.Rollback(); err != nil {
		t.Fatal(err)
	}
	if err := s.ChainAudit(ctx); err != nil {
		t.Fatal(err)
	}
	check("sequenced", 0,
		fmt.Sprintf("audit log row %d was refused by the chain (its MAC is not valid)", edited),
		fmt.Sprintf("audit log row %d was refused by the chain (it names none of the ledger's keys)", forged))
	var last int64
	if err := s.QueryRowForTest(ctx, `SELECT last_id FROM audit_chain WHERE id = 1`).Scan(&last); err != nil || last != kept {
		t.Fatalf("the chain ends at row %d (%v), want the row kept, %d", last, err, kept)
	}
	walkAuditChain(t, s)
}
