package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"

	"seedbed"
	"seedbed/ledger"
)

// The decision ledger: every decision event is appended to an RFC 6962 Merkle log in the
// transaction that records it (package ledger computes; this file persists). The frontier
// row is locked by each append, so appends are serialised on both engines and two servers
// sharing a PostgreSQL database cannot fork the log. The head is signed with the key the
// state row names when the store holds it (ledger_key.go); which key that is, and recording a
// change of key, is the use-case layer's (app.Ledger.Open).

// CheckpointInterval is how many entries lie between two checkpoint heads kept for ever.
const CheckpointInterval = 1024

// ledgerTx is the locked state of the log inside one write transaction.
type ledgerTx struct {
	f      *ledger.Frontier
	keyID  string
	fresh  bool // the log had not been started: the frontier row was NULL
	signer ledger.Signer
}

// lockLedger reads and locks the frontier row. On PostgreSQL the row lock makes a concurrent
// append wait until this transaction ends; SQLite's single write connection already does.
func lockLedger(ctx context.Context, tx *Tx) (*ledgerTx, error) {
	q := `SELECT frontier, key_id FROM ledger_state WHERE id = 1`
	if tx.dialect == Postgres {
		q += ` FOR UPDATE`
	}
	var fb []byte
	lt := &ledgerTx{}
	if err := tx.QueryRowContext(ctx, q).Scan(&fb, &lt.keyID); err != nil {
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
// before the ledger existed) and signs the new head.
func appendToLedger(ctx context.Context, tx *Tx, ev *seedbed.Event) error {
	lt, err := lockLedger(ctx, tx)
	if err != nil {
		return err
	}
	if lt.fresh {
		if err := lt.backfill(ctx, tx); err != nil {
			return err
		}
		return lt.save(ctx, tx)
	}
	if err := lt.append(ctx, tx, ev); err != nil {
		return err
	}
	return lt.save(ctx, tx)
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
	lt.fresh = false
	return nil
}

// append adds one event's entry and the tree nodes it completes.
func (lt *ledgerTx) append(ctx context.Context, tx *Tx, ev *seedbed.Event) error {
	e, err := ledger.EventEntry(ev)
	if err != nil {
		return err
	}
	rec, nodes, err := ledger.AppendEntry(lt.f, e)
	if err != nil {
		return fmt.Errorf("ledger entry of event %d (%s): %w", ev.ID, ev.Kind, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO ledger_entries (idx, entry, leaf_hash, root, event_id) VALUES ($1, $2, $3, $4, $5)`,
		int64(rec.Index), []byte(rec.Entry), rec.LeafHash[:], rec.Root[:], ev.ID); err != nil {
		return classify(err)
	}
	for _, n := range nodes {
		if _, err := tx.ExecContext(ctx, `INSERT INTO ledger_nodes (id, hash) VALUES ($1, $2)`, nodeKey(n.Level, n.Index), n.Hash[:]); err != nil {
			return classify(err)
		}
	}
	return nil
}

// save writes the frontier back and, when this process holds the log's key, signs the new
// head: the latest head is replaced, and every CheckpointInterval entries one is kept.
func (lt *ledgerTx) save(ctx context.Context, tx *Tx) error {
	fb, err := lt.f.MarshalBinary()
	if err != nil {
		return err
	}
	if lt.signer == nil || lt.f.Size() == 0 {
		_, err := tx.ExecContext(ctx, `UPDATE ledger_state SET frontier = $1, updated_at = $2 WHERE id = 1`, fb, fmtTime(tx.now))
		return err
	}
	sh, err := ledger.SignHead(lt.signer, ledger.NewTreeHead(lt.f, tx.now))
	if err != nil {
		return fmt.Errorf("sign ledger head: %w", err)
	}
	hb, err := json.Marshal(sh)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE ledger_state SET frontier = $1, latest_head = $2, updated_at = $3 WHERE id = 1`,
		fb, string(hb), fmtTime(tx.now)); err != nil {
		return err
	}
	if lt.f.Size()%CheckpointInterval == 0 {
		if _, err := tx.ExecContext(ctx, `INSERT INTO ledger_checkpoints (size, head) VALUES ($1, $2)`, int64(lt.f.Size()), string(hb)); err != nil {
			return classify(err)
		}
	}
	return nil
}

// nodeKey is the ledger_nodes key of a perfect subtree: level·2^56 + index (a log would need
// more than 2^57 entries to overflow it).
func nodeKey(level uint8, index uint64) int64 { return int64(level)<<56 | int64(index) }
