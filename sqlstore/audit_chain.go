package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"iter"

	"seedbed"
)

// chainOldAuditRows chains the audit rows written before the log became a chain, once: when the
// chain is empty, it chains the unchained rows in id order and sets the head. Afterwards an
// unchained row on SQLite was not written through the store, and is left for verification to
// report (on PostgreSQL the sequencer chains committed rows).
func (s *Store) chainOldAuditRows(ctx context.Context) error {
	var size int64
	var pending bool
	if err := s.write.QueryRowContext(ctx, `SELECT size FROM audit_chain WHERE id = 1`).Scan(&size); err != nil || size > 0 {
		return err
	}
	if err := s.write.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM audit_log WHERE chain_position IS NULL)`).Scan(&pending); err != nil || !pending {
		return err
	}
	for {
		n := 0
		err := s.inTx(ctx, func(tx *Tx) (err error) {
			n, err = chainPending(ctx, tx, false)
			return err
		})
		if err != nil || n < seqBatchMax {
			return err
		}
	}
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

// auditRows streams the chained audit rows in chain order.
func auditRows(ctx context.Context, q queryer) (iter.Seq2[AuditRow, error], error) {
	return streamAuditRows(ctx, q, `SELECT id, at, actor, role, action, entity, entity_id, detail, outcome, ip, prev_hash, hash
		FROM audit_log WHERE chain_position IS NOT NULL ORDER BY chain_position`)
}

// streamAuditRows streams the audit rows query reads (id, at, actor, role, action, entity,
// entity_id, detail, outcome, ip, prev_hash, hash).
func streamAuditRows(ctx context.Context, q queryer, query string, args ...any) (iter.Seq2[AuditRow, error], error) {
	rows, err := q.QueryContext(ctx, query, args...)
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

// AuditRows streams the audit log's chained rows in chain order, with their chain hashes.
func (r *LedgerSnapshot) AuditRows() (iter.Seq2[AuditRow, error], error) {
	return auditRows(r.ctx, r.tx)
}

// AuditUnchained reads the audit rows outside the chain and returns how many wait for the
// sequencer (PostgreSQL) and the problems the others show: a row the sequencer refused, or one
// it will refuse (its MAC does not verify under a key the store holds, or its key is none of the
// ledger's); a row under a ledger key not held here cannot be checked and is counted as waiting.
// On SQLite, which chains every row as it is written, a row outside the chain was written
// behind the store. At most max problems are listed.
func (r *LedgerSnapshot) AuditUnchained(max int) (waiting int64, problems []seedbed.Label, err error) {
	rows, err := pendingAuditRows(r.ctx, r.tx, `WHERE chain_position IS NULL ORDER BY id`)
	if err != nil {
		return 0, nil, err
	}
	add := func(l seedbed.Label) {
		if len(problems) < max {
			problems = append(problems, l)
		}
	}
	for _, p := range rows {
		id := p.Entry.ID
		switch {
		case r.dialect != Postgres:
			add(label("审计日志第 %d 行不在链中：它不是经由平台写入的", "audit log row %d is outside the chain: it was not written through the platform", id))
		case p.refused != "":
			why := auditRefusedWhy(p.refused)
			add(seedbed.Label{Zh: fmt.Sprintf("审计日志第 %d 行被拒绝接入链（%s）：它不是由持有账本密钥的进程写入的", id, why.Zh),
				En: fmt.Sprintf("audit log row %d was refused by the chain (%s): it was not written by a process holding the ledger key", id, why.En)})
		case r.keys.mac(p.keyID) == nil && p.known:
			waiting++ // under a key of the ledger not held here: it cannot be checked
		case p.check(r.keys) != "":
			add(label("审计日志第 %d 行待接入链，但其认证码无效或未注明账本的密钥：它在写入后被修改，或不是经由平台写入的",
				"audit log row %d waits to be chained but its MAC is not valid or names none of the ledger's keys: it was changed after it was written, or not written through the platform", id))
		default:
			waiting++
		}
	}
	return waiting, problems, nil
}

// auditRefusedWhy reads a reason of chain_refused.
func auditRefusedWhy(reason string) seedbed.Label {
	switch reason {
	case auditRefusedNoKey:
		return seedbed.Label{Zh: "未注明账本的任何密钥", En: "it names none of the ledger's keys"}
	case auditRefusedBadMAC:
		return seedbed.Label{Zh: "认证码无效", En: "its MAC is not valid"}
	}
	return seedbed.Label{Zh: reason, En: reason}
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
