package app

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"seedbed"
	"seedbed/ledger"
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
