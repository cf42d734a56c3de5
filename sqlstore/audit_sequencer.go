package sqlstore

import (
	"context"
	"fmt"

	"seedbed"
)

// On PostgreSQL an audited transaction writes its audit rows unchained (chain_position NULL)
// and commits without touching the chain's head, so that concurrent writers wait on no common
// row. Each round of the ledger's sequencer then chains the committed rows in id order, in
// batches of at most seqBatchMax, in a transaction of its own that locks the chain's head row:
// servers sharing the database take that lock in turn, each reading the rows still unchained
// once it holds it, so the chain cannot fork. A row's position is its place in the chain, which
// is id order only among rows committed together: a row whose transaction commits late is
// chained after rows with greater ids. A round is asked for when an audited transaction
// commits, runs when the store opens, and on the sequencer's poll, which chains rows committed
// by another server or before a crash. Until it is chained a row is reported as waiting, not
// as tampered with; like a queued ledger event, it is only as safe as the database's
// permissions until then.

// ChainAudit chains every audit row committed and still unchained (PostgreSQL), and waits
// until it is done; on SQLite, where rows are chained as they are written, it returns at once.
func (s *Store) ChainAudit(ctx context.Context) error {
	if s.dialect != Postgres {
		return nil
	}
	_, err := s.awaitRound(ctx)
	return err
}

// startAuditChain chains, on PostgreSQL, the audit rows committed but left unchained before
// the last stop (by a crash, or by another server sharing the database), and starts the
// sequencer, whose poll chains those other servers commit from now on.
func (s *Store) startAuditChain(ctx context.Context) error {
	if s.dialect != Postgres {
		return nil
	}
	for {
		n, err := s.chainAuditBatch(ctx) // the sequencer is not running yet: its connection is free
		if err != nil {
			if s.seq.conn != nil {
				s.seq.conn.Close()
				s.seq.conn = nil
			}
			return err
		}
		if n < seqBatchMax {
			break
		}
	}
	s.startSequencer()
	return nil
}

// chainAuditBatch chains up to seqBatchMax committed audit rows in a transaction of its own on
// the sequencer's connection, and returns how many it chained or refused.
func (s *Store) chainAuditBatch(ctx context.Context) (int, error) {
	stx, err := s.seqBegin(ctx, `SELECT EXISTS (SELECT 1 FROM audit_log WHERE chain_position IS NULL AND chain_refused = '')`)
	if err != nil || stx == nil {
		return 0, err
	}
	tx := s.wrapTx(stx)
	defer tx.Rollback()
	n, err := chainPending(ctx, tx, true)
	if err != nil || n == 0 {
		return 0, err
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("audit chain: commit: %w", err)
	}
	return n, nil
}

// Reasons the sequencer refuses to chain an audit row, as chain_refused keeps them (those of
// refused ledger events).
const (
	auditRefusedNoKey  = refusedNoKey
	auditRefusedBadMAC = refusedBadMAC
)

// pendingAudit is an audit row waiting to be chained, with its MAC and the id of its key.
type pendingAudit struct {
	AuditRow
	keyID   string
	mac     []byte
	known   bool   // the key is one of the ledger's
	refused string // why the sequencer refused it, "" when it did not
}

// chainPending chains up to seqBatchMax unchained audit rows in id order to the chain's head,
// which it locks, and moves the head to the last of them; it returns how many it chained or
// refused. With checkMAC (PostgreSQL's sequencer) it chains only rows whose MAC verifies under a
// key the store holds, refuses those whose MAC does not or whose key is none of the ledger's,
// and leaves those under a ledger key it does not hold for a server that holds it; without (the
// rows written before the log was a chain) it chains every unchained row.
func chainPending(ctx context.Context, tx *Tx, checkMAC bool) (int, error) {
	q := `SELECT size, last_id, head FROM audit_chain WHERE id = 1`
	if tx.dialect == Postgres {
		q += ` FOR UPDATE`
	}
	var h AuditHead
	if err := tx.QueryRowContext(ctx, q).Scan(&h.Size, &h.LastID, &h.Head); err != nil {
		return 0, fmt.Errorf("audit chain: %w", err)
	}
	var rows []pendingAudit
	var err error
	if checkMAC {
		rows, err = pendingAuditRows(ctx, tx.Tx, `WHERE chain_position IS NULL AND chain_refused = ''
			AND (mac_key_id = ANY($1::text[]) OR NOT EXISTS (SELECT 1 FROM ledger_keys k WHERE k.key_id = a.mac_key_id))
			ORDER BY id LIMIT $2`, tx.keys.macIDs(), seqBatchMax)
	} else {
		rows, err = pendingAuditRows(ctx, tx.Tx, `WHERE chain_position IS NULL ORDER BY id LIMIT $1`, seqBatchMax)
	}
	if err != nil {
		return 0, err
	}
	var ids, positions, refusedIDs []int64
	var prevs, hashes, reasons []string
	for _, r := range rows {
		if checkMAC {
			if why := r.check(tx.keys); why != "" {
				refusedIDs, reasons = append(refusedIDs, r.Entry.ID), append(reasons, why)
				continue
			}
		}
		hash := seedbed.AuditHash(h.Head, r.At, r.Entry)
		h.Size++
		ids, positions = append(ids, r.Entry.ID), append(positions, h.Size)
		prevs, hashes = append(prevs, h.Head), append(hashes, hash)
		h.Head, h.LastID = hash, r.Entry.ID
	}
	if len(refusedIDs) > 0 {
		if _, err := tx.ExecContext(ctx, `UPDATE audit_log SET chain_refused = r.reason
			FROM unnest($1::bigint[], $2::text[]) AS r (id, reason) WHERE audit_log.id = r.id`, refusedIDs, reasons); err != nil {
			return 0, err
		}
	}
	if len(ids) == 0 {
		return len(refusedIDs), nil
	}
	if tx.dialect == Postgres {
		if _, err := tx.ExecContext(ctx, `UPDATE audit_log SET prev_hash = u.prev, hash = u.hash, chain_position = u.pos, mac = NULL
			FROM unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[]) AS u (id, prev, hash, pos) WHERE audit_log.id = u.id`,
			ids, prevs, hashes, positions); err != nil {
			return 0, classify(err)
		}
	} else {
		for i, id := range ids {
			if _, err := tx.ExecContext(ctx, `UPDATE audit_log SET prev_hash = $1, hash = $2, chain_position = $3 WHERE id = $4`,
				prevs[i], hashes[i], positions[i], id); err != nil {
				return 0, classify(err)
			}
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE audit_chain SET size = $1, last_id = $2, head = $3 WHERE id = 1`,
		h.Size, h.LastID, h.Head); err != nil {
		return 0, err
	}
	return len(ids) + len(refusedIDs), nil
}

// check returns why the sequencer refuses the row, "" when its MAC verifies under a key keys
// holds. A row under a ledger key keys does not hold is never read by the sequencer.
func (r *pendingAudit) check(keys *signingKeys) string {
	m := keys.mac(r.keyID)
	switch {
	case m == nil:
		return auditRefusedNoKey
	case !m.Valid(seedbed.AuditMACInput(r.Entry.ID, r.At, r.Entry), r.mac):
		return auditRefusedBadMAC
	}
	return ""
}

// pendingAuditRows reads the audit rows that cond (a WHERE clause over a, the audit log, with
// its order and limit) selects, with their MACs and whether their key is one of the ledger's.
func pendingAuditRows(ctx context.Context, q queryer, cond string, args ...any) ([]pendingAudit, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, at, actor, role, action, entity, entity_id, detail, outcome, ip, prev_hash, hash,
		mac_key_id, mac, chain_refused, EXISTS (SELECT 1 FROM ledger_keys k WHERE k.key_id = a.mac_key_id)
		FROM audit_log a `+cond, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []pendingAudit
	for rows.Next() {
		var r pendingAudit
		e := &r.Entry
		if err := rows.Scan(&e.ID, &r.At, &e.Actor, &e.Role, &e.Action, &e.Entity, &e.EntityID, &e.Detail, &e.Outcome, &e.IP,
			&r.Prev, &r.Hash, &r.keyID, &r.mac, &r.refused, &r.known); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
