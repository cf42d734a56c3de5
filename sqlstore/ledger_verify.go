package sqlstore

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"iter"
	"strconv"

	"seedbed"
	"seedbed/ledger"
)

// snapshot runs fn in a read-only transaction that sees one consistent state of the database,
// so that appends made meanwhile do not look like tampering.
func (s *Store) snapshot(ctx context.Context, fn func(tx *sql.Tx) error) error {
	opts := &sql.TxOptions{ReadOnly: true}
	if s.dialect == Postgres {
		opts.Isolation = sql.LevelRepeatableRead
	} else {
		opts = nil // SQLite: a read transaction in WAL mode is a snapshot; query_only guards it
	}
	tx, err := s.read.BeginTx(ctx, opts)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	return fn(tx)
}

// ledgerRows streams the stored entries in index order. A yielded record's Entry is valid
// only until the next one.
func ledgerRows(ctx context.Context, q queryer) iter.Seq2[ledger.Record, error] {
	return func(yield func(ledger.Record, error) bool) {
		rows, err := q.QueryContext(ctx, `SELECT idx, entry, leaf_hash, root FROM ledger_entries ORDER BY idx`)
		if err != nil {
			yield(ledger.Record{}, err)
			return
		}
		defer rows.Close()
		var idx int64
		var entry, leaf, root sql.RawBytes
		for rows.Next() {
			if err := rows.Scan(&idx, &entry, &leaf, &root); err != nil {
				yield(ledger.Record{}, err)
				return
			}
			r := ledger.Record{Index: uint64(idx), Entry: []byte(entry)}
			copy(r.LeafHash[:], leaf)
			copy(r.Root[:], root)
			if idx < 0 || len(leaf) != ledger.HashSize || len(root) != ledger.HashSize {
				// a negative index or a hash of the wrong length is caught as a changed row
				r.Index = ^uint64(0)
			}
			if !yield(r, nil) {
				return
			}
		}
		if err := rows.Err(); err != nil {
			yield(ledger.Record{}, err)
		}
	}
}

// LedgerSnapshot reads one consistent state of the stored log, inside ReadLedger.
type LedgerSnapshot struct {
	ctx     context.Context
	tx      *sql.Tx
	dialect string
	keys    *signingKeys // to check the MACs of queued events
}

// ReadLedger runs fn over one consistent snapshot of the stored log, so that appends made
// meanwhile do not look like tampering to a verification reading it.
func (s *Store) ReadLedger(ctx context.Context, fn func(snap *LedgerSnapshot) error) error {
	return s.snapshot(ctx, func(tx *sql.Tx) error {
		return fn(&LedgerSnapshot{ctx: ctx, tx: tx, dialect: s.dialect, keys: &s.keys})
	})
}

// Status returns the state row of the log.
func (r *LedgerSnapshot) Status() (*ledger.Status, error) { return ledgerStatus(r.ctx, r.tx) }

// Heads returns the signed heads kept, by size.
func (r *LedgerSnapshot) Heads() ([]ledger.SignedHead, error) { return ledgerHeads(r.ctx, r.tx) }

// Keys returns the public keys stored for the log, oldest first.
func (r *LedgerSnapshot) Keys() ([]ledger.Verifier, error) { return ledgerKeys(r.ctx, r.tx) }

// Records streams the stored entries in index order, in constant memory. A yielded record's
// Entry is valid only until the next one.
func (r *LedgerSnapshot) Records() iter.Seq2[ledger.Record, error] { return ledgerRows(r.ctx, r.tx) }

// EntriesOfKind returns the stored bytes of the entries recording decision events of a kind,
// in index order.
func (r *LedgerSnapshot) EntriesOfKind(kind string) ([][]byte, error) {
	rows, err := r.tx.QueryContext(r.ctx, `SELECT l.entry FROM ledger_entries l JOIN decision_events d ON d.id = l.event_id
		WHERE d.kind = $1 ORDER BY l.idx`, kind)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out [][]byte
	for rows.Next() {
		var b []byte
		if err := rows.Scan(&b); err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// EventProblems compares every entry with the decision event row it records and looks for
// events without an entry: the rows the database shows changed or added behind the log.
func (r *LedgerSnapshot) EventProblems() ([]seedbed.Label, error) { return checkEvents(r.ctx, r.tx) }

// maxEventProblems bounds the event problems listed; the first is what matters.
const maxEventProblems = 20

// checkEvents compares each entry with the decision event row it records (the entry is what
// was hashed, so a differing row was changed afterwards) and finds events that have no entry.
func checkEvents(ctx context.Context, q queryer) ([]seedbed.Label, error) {
	var out []seedbed.Label
	rows, err := q.QueryContext(ctx, `SELECT l.idx, l.entry, d.id, d.at, d.kind, d.actor, d.actor_role, d.subject, d.payload
		FROM ledger_entries l LEFT JOIN decision_events d ON d.id = l.event_id ORDER BY l.idx`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var idx int64
	var entry, at, kind, actor, role, subject, payload sql.RawBytes
	var id sql.NullInt64
	var fast []byte
	for rows.Next() && len(out) < maxEventProblems {
		if err := rows.Scan(&idx, &entry, &id, &at, &kind, &actor, &role, &subject, &payload); err != nil {
			return nil, err
		}
		if !id.Valid {
			out = append(out, label("第 %d 号条目记录的决策事件已被删除", "the decision event recorded by entry %d was deleted", idx))
			continue
		}
		// Fast path: the entry the row would make if its payload is already canonical (as
		// json.Marshal writes maps); otherwise re-encode it the slow way.
		if plain(at, kind, actor, role, subject) {
			fast = appendEntryGuess(fast[:0], idx, id.Int64, at, kind, actor, role, subject, payload)
			if bytes.Equal(fast, entry) {
				continue
			}
		}
		ev := seedbed.Event{ID: id.Int64, At: parseTime(string(at)), Kind: string(kind), Actor: string(actor), ActorRole: string(role),
			Subject: string(subject), Payload: bytes.Clone(payload)}
		same := false
		if e, err := ledger.EventEntry(&ev); err == nil {
			e.Index = uint64(idx)
			canon, err := e.Canonical()
			same = err == nil && bytes.Equal(canon, entry)
		}
		if !same {
			out = append(out, label("决策事件 %d 与记录它的第 %d 号条目不符：事件记录在入账后被修改", "decision event %d differs from entry %d that records it: the event row was changed after it was recorded", id.Int64, idx))
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	// An event queued for the sequencer (PostgreSQL) is a committed decision about to be
	// appended, not one missing from the log.
	// One the sequencer refused (its queue row's MAC did not verify) is named as such.
	orphans, err := q.QueryContext(ctx, `SELECT d.id, COALESCE(r.reason, '') FROM decision_events d
		LEFT JOIN ledger_refused r ON r.event_id = d.id
		WHERE NOT EXISTS (SELECT 1 FROM ledger_entries l WHERE l.event_id = d.id)
		AND NOT EXISTS (SELECT 1 FROM ledger_queue q WHERE q.event_id = d.id) ORDER BY d.id LIMIT 20`)
	if err != nil {
		return nil, err
	}
	defer orphans.Close()
	for orphans.Next() && len(out) < maxEventProblems {
		var id int64
		var refused string
		if err := orphans.Scan(&id, &refused); err != nil {
			return nil, err
		}
		if refused != "" {
			why := refusedWhy(refused)
			out = append(out, seedbed.Label{
				Zh: fmt.Sprintf("决策事件 %d 被账本拒绝（%s）：它不是由持有账本密钥的进程记录的", id, why.Zh),
				En: fmt.Sprintf("decision event %d was refused by the ledger (%s): it was not recorded by a process holding the ledger key", id, why.En)})
			continue
		}
		out = append(out, label("决策事件 %d 没有账本条目：它不是经由平台记录的", "decision event %d has no ledger entry: it was not recorded through the platform", id))
	}
	return out, orphans.Err()
}

// plain reports whether no field holds a quote or backslash: then the fields cannot shift
// text between them, and a guess equal to the entry means every field is equal.
func plain(fields ...[]byte) bool {
	for _, f := range fields {
		if bytes.ContainsAny(f, `"\`) {
			return false
		}
	}
	return true
}

// appendEntryGuess writes the canonical entry an event row makes when its strings need no
// escaping and its payload is canonical JSON already; a mismatch only sends the row to the
// exact (slower) comparison.
func appendEntryGuess(b []byte, idx, id int64, at, kind, actor, role, subject, payload []byte) []byte {
	if len(actor) == 0 {
		actor = []byte(seedbed.System.Username)
	}
	b = append(b, `{"index":`...)
	b = strconv.AppendInt(b, idx, 10)
	b = append(b, `,"time":"`...)
	b = append(b, at...)
	b = append(b, `","kind":"`...)
	b = append(b, kind...)
	b = append(b, `","actor":"`...)
	b = append(b, actor...)
	b = append(b, `","subject":"`...)
	b = append(b, subject...)
	b = append(b, `","payload":{"data":`...)
	b = append(b, payload...)
	b = append(b, `,"event_id":`...)
	b = strconv.AppendInt(b, id, 10)
	b = append(b, `,"role":"`...)
	b = append(b, role...)
	return append(b, `"}}`...)
}

func label(zh, en string, args ...any) seedbed.Label {
	return seedbed.Label{Zh: fmt.Sprintf(zh, args...), En: fmt.Sprintf(en, args...)}
}
