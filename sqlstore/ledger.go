package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"seedbed"
	"seedbed/ledger"
)

// The decision ledger: every decision event is appended to an RFC 6962 Merkle log in the
// transaction that records it (package ledger computes; this file persists). The frontier
// row is locked by the first append of a transaction, so appends are serialised on both
// engines and two servers sharing a PostgreSQL database cannot fork the log. The entry and
// the tree nodes it completes are written at once; the frontier is kept in memory for the
// rest of the transaction and written back, with one signed head, just before it commits
// (saveLedger) — on SQLite's group commit, once for the whole batch. The head is signed with
// the key the state row names when the store holds it (ledger_key.go); which key that is, and
// recording a change of key, is the use-case layer's (app.Ledger.Open).

// The statements of an append, kept prepared on SQLite (hotStatements).
const (
	insertEntryQuery = `INSERT INTO ledger_entries (idx, entry, leaf_hash, root, event_id) VALUES ($1, $2, $3, $4, $5)`
	insertNodeQuery  = `INSERT INTO ledger_nodes (id, hash) VALUES ($1, $2)`
	// Once per transaction (per group-commit batch): the state read at the first append, and
	// written back with or without a new signed head.
	lockStateQuery = `SELECT frontier, key_id FROM ledger_state WHERE id = 1`
	saveStateQuery = `UPDATE ledger_state SET frontier = $1, updated_at = $2 WHERE id = 1`
	saveHeadQuery  = `UPDATE ledger_state SET frontier = $1, latest_head = $2, updated_at = $3 WHERE id = 1`
)

// hotStatements are the statements kept prepared on SQLite's write connection for the life of
// the store: those every decision runs.
func hotStatements() []string {
	return []string{insertEventQuery, savepointMember, rollbackMember, releaseMember, insertEntryQuery, insertNodeQuery,
		lockStateQuery, saveStateQuery, saveHeadQuery}
}

// storedNodeLevel is the lowest level of the perfect subtrees kept in ledger_nodes: those of
// 64 leaves and more. An append completes one subtree of level 1 and above on average, each at
// its own place in the table's key order, so keeping every one cost a row and, in a batch of
// decisions, a page per level; kept from level 6, it is a row every 32 decisions. A proof
// computes the smaller ones from the entries' leaf hashes (LedgerNodes), at most 63 hashes over
// one range of 64 entries each.
const storedNodeLevel = 6

// CheckpointInterval is how many entries lie between two checkpoint heads kept for ever.
const CheckpointInterval = 1024

// ledgerTx is the locked state of the log inside one write transaction.
type ledgerTx struct {
	f      *ledger.Frontier
	keyID  string
	fresh  bool // the log had not been started: the frontier row was NULL
	signer ledger.Signer
	dirty  bool // changed since it was read: saveLedger writes it back
}

// txLedger holds the log's state for one write transaction (on SQLite's group commit, for
// one batch): read and locked at the first append, written back once before the commit.
type txLedger struct {
	lt     *ledgerTx // nil until the transaction first touches the log
	queued bool      // PostgreSQL: tx queued decision events for the sequencer
	// The state as it was before the running group-commit member, so that rolling back the
	// member's savepoint can roll it back in memory too.
	marked bool
	saved  ledgerTx
	spare  *ledger.Frontier
}

// mark keeps a copy of the state (the frontier is small: one hash per set bit of the size).
func (l *txLedger) mark() {
	l.marked = l.lt != nil
	if !l.marked {
		return
	}
	if l.spare == nil {
		l.spare = ledger.NewFrontier(l.lt.f.HashAlg())
	}
	l.spare.CopyFrom(l.lt.f)
	l.saved = *l.lt
	l.saved.f = nil
}

// reset puts back the state marked, after the member's savepoint was rolled back.
func (l *txLedger) reset() {
	if !l.marked {
		l.lt = nil // read again from the rolled-back row when next needed
		return
	}
	f := l.lt.f
	f.CopyFrom(l.spare)
	*l.lt = l.saved
	l.lt.f = f
}

// ledgerState returns the log's state for tx, reading and locking it the first time.
func (tx *Tx) ledgerState(ctx context.Context) (*ledgerTx, error) {
	if tx.led.lt == nil {
		lt, err := lockLedger(ctx, tx)
		if err != nil {
			return nil, err
		}
		tx.led.lt = lt
	}
	return tx.led.lt, nil
}

// saveLedger writes the log's state back when the transaction changed it: called once, just
// before the commit.
func (tx *Tx) saveLedger(ctx context.Context) error {
	if tx.led == nil || tx.led.lt == nil || !tx.led.lt.dirty {
		return nil
	}
	if err := tx.led.lt.save(ctx, tx); err != nil {
		return fmt.Errorf("ledger state: %w", err)
	}
	tx.led.lt.dirty = false
	return nil
}

// lockLedger reads and locks the frontier row. On PostgreSQL the row lock makes a concurrent
// append wait until this transaction ends; SQLite's single write connection already does.
func lockLedger(ctx context.Context, tx *Tx) (*ledgerTx, error) {
	var row *sql.Row
	if tx.dialect == Postgres {
		row = tx.QueryRowContext(ctx, lockStateQuery+` FOR UPDATE`)
	} else {
		st, err := tx.stmt(ctx, lockStateQuery)
		if err != nil {
			return nil, fmt.Errorf("ledger state: %w", err)
		}
		row = st.QueryRowContext(ctx)
	}
	var fb []byte
	lt := &ledgerTx{}
	if err := row.Scan(&fb, &lt.keyID); err != nil {
		return nil, fmt.Errorf("ledger state: %w", err)
	}
	if fb == nil {
		lt.f, lt.fresh = ledger.NewFrontier(ledger.SHA256), true
	} else {
		f, err := ledger.UnmarshalFrontier(fb)
		if err != nil {
			return nil, fmt.Errorf("ledger state: %w", err)
		}
		lt.f = f
	}
	lt.signer = tx.keys.signer(lt.keyID)
	return lt, nil
}

// appendToLedger is the event hook: it appends ev (and, the first time, every event recorded
// before the ledger existed); the new head is signed when the transaction commits.
func appendToLedger(ctx context.Context, tx *Tx, ev *seedbed.Event) error {
	lt, err := tx.ledgerState(ctx)
	if err != nil {
		return err
	}
	if lt.fresh {
		return lt.backfill(ctx, tx)
	}
	return lt.append(ctx, tx, ev)
}

// backfill appends, in id order, every event that has no entry yet. It runs only when the log
// is started, so that events recorded before this migration are not left out; afterwards an
// event without an entry is a problem that verification reports, never something appended.
func (lt *ledgerTx) backfill(ctx context.Context, tx *Tx) error {
	rows, err := tx.QueryContext(ctx, `SELECT id, at, kind, actor, actor_role, subject, payload FROM decision_events d
		WHERE NOT EXISTS (SELECT 1 FROM ledger_entries l WHERE l.event_id = d.id) ORDER BY id`)
	if err != nil {
		return err
	}
	var evs []seedbed.Event
	for rows.Next() {
		var e seedbed.Event
		var at, payload string
		if err := rows.Scan(&e.ID, &at, &e.Kind, &e.Actor, &e.ActorRole, &e.Subject, &payload); err != nil {
			rows.Close()
			return err
		}
		e.At, e.Payload = parseTime(at), json.RawMessage(payload)
		evs = append(evs, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for i := range evs {
		if err := lt.append(ctx, tx, &evs[i]); err != nil {
			return err
		}
	}
	// Every event queued for the sequencer is entered now.
	if _, err := tx.ExecContext(ctx, `DELETE FROM ledger_queue`); err != nil {
		return err
	}
	lt.fresh, lt.dirty = false, true
	return nil
}

// append adds one event's entry and the tree nodes it completes, and at every
// CheckpointInterval entries a checkpoint head kept for ever.
func (lt *ledgerTx) append(ctx context.Context, tx *Tx, ev *seedbed.Event) error {
	e, err := ledger.EventEntry(ev)
	if err != nil {
		return err
	}
	rec, nodes, err := ledger.AppendEntry(lt.f, e)
	if err != nil {
		return fmt.Errorf("ledger entry of event %d (%s): %w", ev.ID, ev.Kind, err)
	}
	if _, err := tx.execPrepared(ctx, insertEntryQuery, int64(rec.Index), []byte(rec.Entry), rec.LeafHash[:], rec.Root[:], ev.ID); err != nil {
		return classify(err)
	}
	for _, n := range nodes {
		if n.Level < storedNodeLevel {
			continue
		}
		if _, err := tx.execPrepared(ctx, insertNodeQuery, nodeKey(n.Level, n.Index), n.Hash[:]); err != nil {
			return classify(err)
		}
	}
	lt.dirty = true
	if lt.signer != nil && lt.f.Size()%CheckpointInterval == 0 {
		hb, err := lt.signHead(tx)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO ledger_checkpoints (size, head) VALUES ($1, $2)`, int64(lt.f.Size()), string(hb)); err != nil {
			return classify(err)
		}
	}
	return nil
}

// signHead signs the head of the log as it is now, in its stored JSON form.
func (lt *ledgerTx) signHead(tx *Tx) ([]byte, error) {
	sh, err := ledger.SignHead(lt.signer, ledger.NewTreeHead(lt.f, tx.now))
	if err != nil {
		return nil, fmt.Errorf("sign ledger head: %w", err)
	}
	return json.Marshal(sh)
}

// save writes the frontier back and, when this process holds the log's key, signs the new
// head, which replaces the latest (checkpoints are kept by append).
func (lt *ledgerTx) save(ctx context.Context, tx *Tx) error {
	fb, err := lt.f.MarshalBinary()
	if err != nil {
		return err
	}
	if lt.signer == nil || lt.f.Size() == 0 {
		_, err := tx.execPrepared(ctx, saveStateQuery, fb, fmtTime(tx.now))
		return err
	}
	hb, err := lt.signHead(tx)
	if err != nil {
		return err
	}
	_, err = tx.execPrepared(ctx, saveHeadQuery, fb, string(hb), fmtTime(tx.now))
	return err
}

// nodeKey is the ledger_nodes key of a perfect subtree: level·2^56 + index (a log would need
// more than 2^57 entries to overflow it).
func nodeKey(level uint8, index uint64) int64 { return int64(level)<<56 | int64(index) }
