package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"

	"seedbed"
	"seedbed/ledger"
)

const insertEventQuery = `INSERT INTO decision_events (at, kind, actor, actor_role, subject, payload)
	VALUES ($1, $2, $3, $4, $5, $6)`

// recordEvent writes a decision event inside tx, the transaction of the decision it records:
// no decision without its event, no event without its decision. Every module that takes a
// decision calls it; the ledger module chains what it writes.
func recordEvent(ctx context.Context, tx *Tx, a seedbed.Actor, kind, subject string, payload any) (*seedbed.Event, error) {
	b, err := json.Marshal(payload)
	if err != nil {
		return nil, fmt.Errorf("event payload: %w", err)
	}
	ev := &seedbed.Event{At: tx.now, Kind: kind, Actor: seedbed.EventActor(a), ActorRole: a.Role, Subject: subject, Payload: b}
	ev.ID, err = tx.insertIDPrepared(ctx, insertEventQuery, fmtTime(ev.At), ev.Kind, ev.Actor, ev.ActorRole, ev.Subject, string(b))
	if err != nil {
		return nil, err
	}
	// Every decision event enters the Merkle log: on SQLite in the decision's own
	// transaction, on PostgreSQL through the sequencer, right after it commits (or, in a
	// process holding no ledger key, in its own transaction too).
	switch {
	case tx.unledgered:
	case tx.dialect == Postgres && tx.keys.queueMAC() != nil:
		if err := queueEvent(ctx, tx, ev); err != nil {
			return nil, err
		}
	default:
		if err := appendToLedger(ctx, tx, ev); err != nil {
			return nil, err
		}
	}
	return ev, nil
}

// queueEvent queues a committed event for the sequencer (PostgreSQL) with the MAC of its
// entry under the key the store was given last, which the sequencer checks before it appends
// it. An event the ledger cannot hold fails its decision here, as an append would. A process
// that holds no ledger key cannot make the MAC: its decisions append in their own transactions
// instead, under the state row's lock (a command run once, say).
func queueEvent(ctx context.Context, tx *Tx, ev *seedbed.Event) error {
	entry, err := ledger.EventMACEntry(ev)
	if err != nil {
		return fmt.Errorf("ledger entry of event %d (%s): %w", ev.ID, ev.Kind, err)
	}
	m := tx.keys.queueMAC()
	if _, err := tx.execPrepared(ctx, `INSERT INTO ledger_queue (event_id, key_id, mac) VALUES ($1, $2, $3)`,
		ev.ID, m.KeyID(), m.Sum(entry)); err != nil {
		return classify(err)
	}
	tx.led.queued = true
	return nil
}

// RecordEvent writes a decision event, and its ledger entry, inside the transaction of the
// decision it records.
func (tx *Tx) RecordEvent(ctx context.Context, a seedbed.Actor, kind, subject string, payload any) (*seedbed.Event, error) {
	return recordEvent(ctx, tx, a, kind, subject, payload)
}

// FindEvents returns decision events in id order.
func (s *Store) FindEvents(ctx context.Context, f seedbed.EventFilter) ([]seedbed.Event, error) {
	var w where
	if f.Subject != "" {
		w.add("subject = ?", f.Subject)
	}
	if f.Kind != "" {
		w.add("kind = ?", f.Kind)
	}
	if f.AfterID > 0 {
		w.add("id > ?", f.AfterID)
	}
	_, limit := clampPage(0, f.Limit, 1000, 100000)
	rows, err := s.read.QueryContext(ctx, `SELECT id, at, kind, actor, actor_role, subject, payload FROM decision_events`+
		w.sql()+` ORDER BY id LIMIT `+w.next(limit), w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []seedbed.Event
	for rows.Next() {
		var e seedbed.Event
		var at, payload string
		if err := rows.Scan(&e.ID, &at, &e.Kind, &e.Actor, &e.ActorRole, &e.Subject, &payload); err != nil {
			return nil, err
		}
		e.At, e.Payload = parseTime(at), json.RawMessage(payload)
		out = append(out, e)
	}
	return out, rows.Err()
}
