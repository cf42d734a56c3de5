package sqlstore

import (
	"context"
	"fmt"
	"strconv"

	"seedbed"
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

// appendAudit adds a row to the audit log's hash chain: it locks the chain's head, writes the
// row with the head's hash and its own, and moves the head to it.
func appendAudit(ctx context.Context, tx *Tx, at string, e seedbed.AuditEntry) error {
	q := `SELECT head FROM audit_chain WHERE id = 1`
	if tx.dialect == Postgres {
		q += ` FOR UPDATE`
	}
	var head string
	if err := tx.QueryRowContext(ctx, q).Scan(&head); err != nil {
		return fmt.Errorf("audit chain: %w", err)
	}
	hash := seedbed.AuditHash(head, at, e)
	id, err := insertID(ctx, tx, `INSERT INTO audit_log (at, actor, role, action, entity, entity_id, detail, outcome, ip, prev_hash, hash)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`, at, e.Actor, e.Role, e.Action, e.Entity, e.EntityID, e.Detail,
		e.Outcome, e.IP, head, hash)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE audit_chain SET size = size + 1, last_id = $1, head = $2 WHERE id = 1`, id, hash)
	return err
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
