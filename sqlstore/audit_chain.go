package sqlstore

import (
	"context"
	"database/sql"
	"iter"

	"seedbed"
)

// chainOldAuditRows chains the audit rows written before the log became a chain, once: when the
// chain is empty and unchained rows exist, it hashes them in id order and sets the head.
func (s *Store) chainOldAuditRows(ctx context.Context) error {
	var size int64
	var pending int
	if err := s.write.QueryRowContext(ctx, `SELECT size FROM audit_chain WHERE id = 1`).Scan(&size); err != nil || size > 0 {
		return err
	}
	if err := s.write.QueryRowContext(ctx, `SELECT count(*) FROM audit_log WHERE hash = ''`).Scan(&pending); err != nil || pending == 0 {
		return err
	}
	return s.inTx(ctx, func(tx *Tx) error {
		q := `SELECT size FROM audit_chain WHERE id = 1`
		if tx.dialect == Postgres {
			q += ` FOR UPDATE`
		}
		if err := tx.QueryRowContext(ctx, q).Scan(&size); err != nil || size > 0 {
			return err // another server chained them meanwhile
		}
		rows, err := auditRows(ctx, tx.Tx)
		if err != nil {
			return err
		}
		var all []AuditRow
		for r, err := range rows {
			if err != nil {
				return err
			}
			all = append(all, r)
		}
		head, n, last := "", int64(0), int64(0)
		for _, r := range all {
			h := seedbed.AuditHash(head, r.At, r.Entry)
			if _, err := tx.ExecContext(ctx, `UPDATE audit_log SET prev_hash = $1, hash = $2 WHERE id = $3`, head, h, r.Entry.ID); err != nil {
				return err
			}
			head, n, last = h, n+1, r.Entry.ID
		}
		_, err = tx.ExecContext(ctx, `UPDATE audit_chain SET size = $1, last_id = $2, head = $3 WHERE id = 1`, n, last, head)
		return err
	})
}

// AuditRow is a stored audit row with its time as stored and its chain hashes.
type AuditRow struct {
	Entry      seedbed.AuditEntry
	At         string
	Prev, Hash string
}

// AuditHead is the head of the audit chain: how many rows it holds, the last and its hash.
type AuditHead struct {
	Size   int64
	LastID int64
	Head   string
}

// auditRows streams the audit rows in id order.
func auditRows(ctx context.Context, q queryer) (iter.Seq2[AuditRow, error], error) {
	rows, err := q.QueryContext(ctx, `SELECT id, at, actor, role, action, entity, entity_id, detail, outcome, ip, prev_hash, hash
		FROM audit_log ORDER BY id`)
	if err != nil {
		return nil, err
	}
	return func(yield func(AuditRow, error) bool) {
		defer rows.Close()
		for rows.Next() {
			var r AuditRow
			e := &r.Entry
			if err := rows.Scan(&e.ID, &r.At, &e.Actor, &e.Role, &e.Action, &e.Entity, &e.EntityID, &e.Detail, &e.Outcome, &e.IP,
				&r.Prev, &r.Hash); err != nil {
				yield(AuditRow{}, err)
				return
			}
			if !yield(r, nil) {
				return
			}
		}
		if err := rows.Err(); err != nil {
			yield(AuditRow{}, err)
		}
	}, nil
}

// AuditRows streams the audit log's rows in id order, with their chain hashes.
func (r *LedgerSnapshot) AuditRows() (iter.Seq2[AuditRow, error], error) {
	return auditRows(r.ctx, r.tx)
}

// AuditHead reads the head of the audit chain.
func (r *LedgerSnapshot) AuditHead() (AuditHead, error) { return auditHead(r.ctx, r.tx) }

func auditHead(ctx context.Context, q queryer) (AuditHead, error) {
	var h AuditHead
	err := q.QueryRowContext(ctx, `SELECT size, last_id, head FROM audit_chain WHERE id = 1`).Scan(&h.Size, &h.LastID, &h.Head)
	if err == sql.ErrNoRows {
		return AuditHead{}, nil
	}
	return h, err
}

// AuditHead reads the head of the audit chain inside the transaction (without locking it).
func (tx *Tx) AuditHead(ctx context.Context) (AuditHead, error) { return auditHead(ctx, tx.Tx) }

// LatestEventOfKind returns the payload of the latest decision event of a kind, or nil.
func (tx *Tx) LatestEventOfKind(ctx context.Context, kind string) ([]byte, error) {
	var p []byte
	err := tx.QueryRowContext(ctx, `SELECT payload FROM decision_events WHERE kind = $1 ORDER BY id DESC LIMIT 1`, kind).Scan(&p)
	if err == sql.ErrNoRows {
		return nil, nil
	}
	return p, err
}
