package sqlstore

import (
	"context"
	"fmt"
	"strconv"

	"seedbed"
	"seedbed/ledger"
)

// audit writes an audit entry for a successful write inside tx.
func audit(ctx context.Context, tx *Tx, a seedbed.Actor, action, entity string, id int64, detail string) error {
	eid := ""
	if id != 0 {
		eid = strconv.FormatInt(id, 10)
	}
	return appendAudit(ctx, tx, fmtTime(tx.now), seedbed.AuditEntry{Actor: a.Username, Role: a.Role, Action: action, Entity: entity,
		EntityID: eid, Detail: detail, Outcome: "ok"})
}

// appendAudit adds a row to the audit log's hash chain. On SQLite, which writes one transaction
// at a time, and on PostgreSQL in a process that holds no ledger key (a command run once), it
// chains the row at once. Otherwise, on PostgreSQL, it writes the row unchained with its MAC, so
// that concurrent transactions wait on no common row; the sequencer chains it once it is
// committed (audit_sequencer.go), and the transaction asks for that round when it commits.
func appendAudit(ctx context.Context, tx *Tx, at string, e seedbed.AuditEntry) error {
	if tx.dialect == Postgres {
		if m := tx.keys.queueMAC(); m != nil {
			return appendUnchained(ctx, tx, m, at, e)
		}
	}
	return appendChained(ctx, tx, at, e)
}

// appendChained locks the chain's head, writes the row at the next position with the head's
// hash and its own, and moves the head to it.
func appendChained(ctx context.Context, tx *Tx, at string, e seedbed.AuditEntry) error {
	q := `SELECT size, head FROM audit_chain WHERE id = 1`
	if tx.dialect == Postgres {
		q += ` FOR UPDATE`
	}
	var size int64
	var head string
	if err := tx.QueryRowContext(ctx, q).Scan(&size, &head); err != nil {
		return fmt.Errorf("audit chain: %w", err)
	}
	hash := seedbed.AuditHash(head, at, e)
	id, err := insertID(ctx, tx, `INSERT INTO audit_log (at, actor, role, action, entity, entity_id, detail, outcome, ip, prev_hash, hash,
		chain_position) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`, at, e.Actor, e.Role, e.Action, e.Entity,
		e.EntityID, e.Detail, e.Outcome, e.IP, head, hash, size+1)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE audit_chain SET size = size + 1, last_id = $1, head = $2 WHERE id = 1`, id, hash)
	return err
}

// appendUnchained writes the row unchained (PostgreSQL), with the MAC of its id and fields under
// m: its id is drawn first, so that the MAC covers it and cannot be copied to another row.
func appendUnchained(ctx context.Context, tx *Tx, m *ledger.EventMAC, at string, e seedbed.AuditEntry) error {
	var id int64
	if err := tx.QueryRowContext(ctx, `SELECT nextval(pg_get_serial_sequence('audit_log', 'id'))`).Scan(&id); err != nil {
		return fmt.Errorf("audit log: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO audit_log (id, at, actor, role, action, entity, entity_id, detail, outcome, ip,
		mac_key_id, mac) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`, id, at, e.Actor, e.Role, e.Action, e.Entity,
		e.EntityID, e.Detail, e.Outcome, e.IP, m.KeyID(), m.Sum(seedbed.AuditMACInput(id, at, e))); err != nil {
		return classify(err)
	}
	tx.audited = true
	return nil
}

// Audit writes the audit entry of a successful write inside the transaction.
func (tx *Tx) Audit(ctx context.Context, a seedbed.Actor, action, entity string, id int64, detail string) error {
	return audit(ctx, tx, a, action, entity, id, detail)
}

// AuditEntry writes an audit entry inside the transaction, at the transaction's time; an entry
// without an outcome is "ok".
func (tx *Tx) AuditEntry(ctx context.Context, e seedbed.AuditEntry) error {
	if e.Outcome == "" {
		e.Outcome = "ok"
	}
	return appendAudit(ctx, tx, fmtTime(tx.now), e)
}

// Audit records an entry on its own: a read of personal data, a refused attempt, a login.
func (s *Store) Audit(ctx context.Context, e seedbed.AuditEntry) error {
	if e.At.IsZero() {
		e.At = s.Now()
	}
	if e.Outcome == "" {
		e.Outcome = "ok"
	}
	return s.inTx(ctx, func(tx *Tx) error { return appendAudit(ctx, tx, fmtTime(e.At), e) })
}

// FindAudit returns one page of the audit log, newest first, and the number of matching entries.
func (s *Store) FindAudit(ctx context.Context, f seedbed.AuditFilter) ([]seedbed.AuditEntry, int, error) {
	var w where
	for _, c := range []struct{ col, val string }{{"actor", f.Actor}, {"action", f.Action}, {"entity", f.Entity}, {"outcome", f.Outcome}} {
		if c.val != "" {
			w.add(c.col+" = ?", c.val)
		}
	}
	var total int
	if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM audit_log`+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	offset, limit := clampPage(f.Offset, f.Limit, 50, 500)
	rows, err := s.read.QueryContext(ctx, `SELECT id, at, actor, role, action, entity, entity_id, detail, outcome, ip
		FROM audit_log`+w.sql()+orderBy(f.Order, seedbed.AuditSorts, auditOrder, "id")+` LIMIT `+w.next(limit)+` OFFSET `+w.next(offset), w.args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []seedbed.AuditEntry
	for rows.Next() {
		var e seedbed.AuditEntry
		var at string
		if err := rows.Scan(&e.ID, &at, &e.Actor, &e.Role, &e.Action, &e.Entity, &e.EntityID, &e.Detail, &e.Outcome, &e.IP); err != nil {
			return nil, 0, err
		}
		e.At = parseTime(at)
		out = append(out, e)
	}
	return out, total, rows.Err()
}
