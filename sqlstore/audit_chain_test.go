package sqlstore

import (
	"context"
	"testing"

	"seedbed"
)

// TestAuditChainBackfill: rows written before the log was a chain are chained, in id order,
// the next time the store opens, and new rows extend that chain.
func TestAuditChainBackfill(t *testing.T) {
	forEachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		for _, q := range []string{
			`INSERT INTO audit_log (at, actor, role, action, entity, entity_id, detail, outcome, ip) VALUES ('2025-01-01T00:00:00.000000Z', 'a', 'admin', 'x', 'user', '1', 'old', 'ok', '')`,
			`INSERT INTO audit_log (at, actor, role, action, entity, entity_id, detail, outcome, ip) VALUES ('2025-01-02T00:00:00.000000Z', 'b', 'officer', 'y', 'user', '2', 'old', 'ok', '')`,
		} {
			if err := s.ExecForTest(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.chainOldAuditRows(ctx); err != nil {
			t.Fatal(err)
		}
		if err := s.Audit(ctx, seedbed.AuditEntry{Actor: "c", Role: "auditor", Action: "z"}); err != nil {
			t.Fatal(err)
		}
		if err := s.ChainAudit(ctx); err != nil { // PostgreSQL: the sequencer chains the new row
			t.Fatal(err)
		}
		rows, err := auditRows(ctx, s.read)
		if err != nil {
			t.Fatal(err)
		}
		prev, n := "", int64(0)
		for r, err := range rows {
			if err != nil {
				t.Fatal(err)
			}
			if r.Prev != prev || seedbed.AuditHash(r.Prev, r.At, r.Entry) != r.Hash {
				t.Fatalf("row %d does not chain: %+v", r.Entry.ID, r)
			}
			prev, n = r.Hash, n+1
		}
		h, err := auditHead(ctx, s.read)
		if err != nil || h.Size != n || n != 3 || h.Head != prev {
			t.Fatalf("head %+v after %d rows: %v", h, n, err)
		}
	})
}
