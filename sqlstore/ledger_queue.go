package sqlstore

import (
	"context"

	"seedbed"
	"seedbed/ledger"
)

// The queue of committed decision events waiting for the sequencer (PostgreSQL) is rows any
// database user could write. Each row therefore carries the MAC of its event's entry under a
// key derived from the ledger's signing key (ledger.EventMAC): the sequencer appends an event
// only when the MAC it holds for the row's key verifies, and refuses the rest — moved from the
// queue to ledger_refused with the reason, which verification reports. A row whose key is a
// known ledger key that this process does not hold (another server, just after a change of
// key) is left for a server that holds it.

// Reasons a queued event is refused, as ledger_refused keeps them.
const (
	refusedNoKey  = "no_key"
	refusedBadMAC = "bad_mac"
)

// refusedWhy reads a reason of ledger_refused.
func refusedWhy(reason string) seedbed.Label {
	switch reason {
	case refusedNoKey:
		return seedbed.Label{Zh: "排队记录未注明账本的任何密钥", En: "its queue row names none of the ledger's keys"}
	case refusedBadMAC:
		return seedbed.Label{Zh: "排队记录的认证码无效", En: "its queue row's MAC is not valid"}
	}
	return seedbed.Label{Zh: reason, En: reason}
}

// refusedBatch is the queued events a sequencer batch refuses.
type refusedBatch struct {
	eventID []int64
	keyID   []string
	reason  []string
}

// queuedBatch reads up to seqBatchMax queued events in event id order: those whose MAC
// verifies under a key this process holds, to append, and those to refuse — a MAC that does
// not verify, or a key that is not one of the ledger's.
func (s *Store) queuedBatch(ctx context.Context, tx *Tx) ([]seedbed.Event, refusedBatch, error) {
	var ref refusedBatch
	rows, err := tx.QueryContext(ctx, `SELECT d.id, d.at, d.kind, d.actor, d.actor_role, d.subject, d.payload, q.key_id, q.mac
		FROM ledger_queue q JOIN decision_events d ON d.id = q.event_id
		WHERE q.key_id = ANY($1::text[]) OR NOT EXISTS (SELECT 1 FROM ledger_keys k WHERE k.key_id = q.key_id)
		ORDER BY q.event_id LIMIT $2`, s.keys.macIDs(), seqBatchMax)
	if err != nil {
		return nil, ref, err
	}
	defer rows.Close()
	var evs []seedbed.Event
	for rows.Next() {
		var e seedbed.Event
		var at, payload, keyID string
		var mac []byte
		if err := rows.Scan(&e.ID, &at, &e.Kind, &e.Actor, &e.ActorRole, &e.Subject, &payload, &keyID, &mac); err != nil {
			return nil, ref, err
		}
		e.At, e.Payload = parseTime(at), []byte(payload)
		m := s.keys.mac(keyID)
		if m == nil {
			ref.add(e.ID, keyID, refusedNoKey)
			continue
		}
		entry, err := ledger.EventMACEntry(&e)
		if err != nil || !m.Valid(entry, mac) {
			ref.add(e.ID, keyID, refusedBadMAC)
			continue
		}
		evs = append(evs, e)
	}
	return evs, ref, rows.Err()
}

func (r *refusedBatch) add(eventID int64, keyID, reason string) {
	r.eventID, r.keyID, r.reason = append(r.eventID, eventID), append(r.keyID, keyID), append(r.reason, reason)
}

// write records the refused events and takes them off the queue.
func (r *refusedBatch) write(ctx context.Context, tx *Tx) error {
	if len(r.eventID) == 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO ledger_refused (event_id, key_id, reason, refused_at)
		SELECT e, k, r, $4 FROM unnest($1::bigint[], $2::text[], $3::text[]) AS t (e, k, r) ON CONFLICT (event_id) DO NOTHING`,
		r.eventID, r.keyID, r.reason, fmtTime(tx.now)); err != nil {
		return classify(err)
	}
	_, err := tx.ExecContext(ctx, `DELETE FROM ledger_queue WHERE event_id = ANY($1::bigint[])`, r.eventID)
	return err
}

// queuedRecords returns the committed decision events still queued for the ledger that match
// cond (" WHERE …" over d, the event, with args; "" for all), as the entries they will be,
// with provisional indexes after the log's last entry and no hashes: what a decision checks,
// or verification replays, before the sequencer has appended them. It leaves out the rows the
// sequencer will refuse: a MAC that does not verify under a key keys holds, or a key neither
// held nor one of the ledger's (a row under a ledger key not held here cannot be checked and is
// counted). There are none on SQLite.
func queuedRecords(ctx context.Context, q queryer, dialect string, keys *signingKeys, cond string, args ...any) ([]ledger.EventRecord, error) {
	if dialect != Postgres {
		return nil, nil
	}
	rows, err := q.QueryContext(ctx, `SELECT d.id, d.at, d.kind, d.actor, d.actor_role, d.subject, d.payload, q.key_id, q.mac,
		EXISTS (SELECT 1 FROM ledger_keys k WHERE k.key_id = q.key_id)
		FROM ledger_queue q JOIN decision_events d ON d.id = q.event_id`+cond+` ORDER BY d.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var evs []seedbed.Event
	for rows.Next() {
		var e seedbed.Event
		var at, payload, keyID string
		var mac []byte
		var known bool
		if err := rows.Scan(&e.ID, &at, &e.Kind, &e.Actor, &e.ActorRole, &e.Subject, &payload, &keyID, &mac, &known); err != nil {
			return nil, err
		}
		e.At, e.Payload = parseTime(at), []byte(payload)
		if m := keys.mac(keyID); m != nil {
			if entry, err := ledger.EventMACEntry(&e); err != nil || !m.Valid(entry, mac) {
				continue
			}
		} else if !known {
			continue
		}
		evs = append(evs, e)
	}
	if err := rows.Err(); err != nil || len(evs) == 0 {
		return nil, err
	}
	rows.Close()
	size, err := ledgerSize(ctx, q)
	if err != nil {
		return nil, err
	}
	out := make([]ledger.EventRecord, 0, len(evs))
	for i := range evs {
		e, err := ledger.EventEntry(&evs[i])
		if err != nil {
			return nil, err
		}
		e.Index = size + uint64(i)
		data, err := e.Canonical()
		if err != nil {
			return nil, err
		}
		out = append(out, ledger.EventRecord{Record: ledger.Record{Index: e.Index, Entry: data}, EventID: evs[i].ID})
	}
	return out, nil
}

// QueuedRecords returns the committed decision events the ledger's sequencer has not
// appended yet, as the entries they will be (provisional indexes, no hashes), so that
// verification counts their decisions in the state it reconciles.
func (r *LedgerSnapshot) QueuedRecords() ([]ledger.EventRecord, error) {
	return queuedRecords(r.ctx, r.tx, r.dialect, r.keys, "")
}
