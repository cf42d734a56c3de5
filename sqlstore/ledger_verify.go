package sqlstore

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
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

// VerifyLedger recomputes the whole stored log in constant memory and checks every signed
// head: it reports the first bad entry. A problem with the log is in the report; the error is
// for a database that could not be read.
func (s *Store) VerifyLedger(ctx context.Context, opts ledger.StoreVerifyOptions) (*ledger.StoreReport, error) {
	var rep ledger.StoreReport
	err := s.snapshot(ctx, func(tx *sql.Tx) error {
		st, err := ledgerStatus(ctx, tx)
		if err != nil {
			return err
		}
		heads, err := ledgerHeads(ctx, tx)
		if err != nil {
			return err
		}
		keys := opts.Keys
		if len(keys) == 0 {
			if keys, err = ledgerKeys(ctx, tx); err != nil {
				return err
			}
			rep.KeysFromDatabase = true
		} else if opts.LogKeys {
			announced, err := announcedKeys(ctx, tx)
			if err != nil {
				return err
			}
			keys = append(append([]ledger.Verifier{}, keys...), announced...)
		}
		// Entries are not parsed in full (CheckEntries): every one was canonical when appended,
		// and any change since is caught by its hashes and the signed heads.
		rep.Report, err = ledger.Verify(ledgerRows(ctx, tx), ledger.VerifyOptions{HashAlg: st.HashAlg, Heads: heads, Keys: keys,
			Workers: opts.Workers})
		if err != nil {
			return err
		}
		if rep.Report.OK && (rep.Entries != st.Size || rep.Root != st.Root) {
			rep.Store = append(rep.Store, seedbed.Label{
				Zh: fmt.Sprintf("账本状态记录的规模 %d 与条目数 %d 不符（状态行或条目表被改动）", st.Size, rep.Entries),
				En: fmt.Sprintf("the ledger state says %d entries but %d were read (the state row or the entries were changed)", st.Size, rep.Entries)})
		}
		if opts.Events && rep.Report.OK {
			probs, err := checkEvents(ctx, tx)
			if err != nil {
				return err
			}
			rep.Store = append(rep.Store, probs...)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &rep, nil
}

// announcedKeys returns the public keys announced by the log's ledger_key entries.
func announcedKeys(ctx context.Context, q queryer) ([]ledger.Verifier, error) {
	rows, err := q.QueryContext(ctx, `SELECT l.entry FROM ledger_entries l JOIN decision_events d ON d.id = l.event_id
		WHERE d.kind = $1 ORDER BY l.idx`, ledger.EventKey)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ledger.Verifier
	for rows.Next() {
		var b []byte
		if err := rows.Scan(&b); err != nil {
			return nil, err
		}
		e, err := ledger.ParseEntry(b)
		if err != nil || e.Kind != ledger.EventKey {
			continue // a damaged entry is reported by the checker
		}
		ev, err := ledger.EntryEvent(e)
		if err != nil {
			continue
		}
		var k struct {
			KeyID     string `json:"key_id"`
			PublicKey string `json:"public_key"`
		}
		if json.Unmarshal(ev.Payload, &k) != nil {
			continue
		}
		if v, err := ledger.ParsePublicKeyPEM([]byte(k.PublicKey)); err == nil && v.KeyID() == k.KeyID {
			out = append(out, v)
		}
	}
	return out, rows.Err()
}

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
	orphans, err := q.QueryContext(ctx, `SELECT d.id FROM decision_events d WHERE NOT EXISTS (SELECT 1 FROM ledger_entries l WHERE l.event_id = d.id)
		ORDER BY d.id LIMIT 20`)
	if err != nil {
		return nil, err
	}
	defer orphans.Close()
	for orphans.Next() && len(out) < maxEventProblems {
		var id int64
		if err := orphans.Scan(&id); err != nil {
			return nil, err
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

// ExportLedger writes the whole log as a bundle (ledger.WriteBundle) from one consistent
// snapshot: keys, signed heads and every entry, for a third party to check offline.
func (s *Store) ExportLedger(ctx context.Context, w io.Writer) error {
	return s.snapshot(ctx, func(tx *sql.Tx) error {
		st, err := ledgerStatus(ctx, tx)
		if err != nil {
			return err
		}
		heads, err := ledgerHeads(ctx, tx)
		if err != nil {
			return err
		}
		keys, err := ledgerKeys(ctx, tx)
		if err != nil {
			return err
		}
		return ledger.WriteBundle(w, ledger.BundleMeta{HashAlg: st.HashAlg, Keys: keys, Heads: heads}, ledgerRows(ctx, tx))
	})
}
