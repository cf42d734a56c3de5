package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"

	"seedbed"
	"seedbed/ledger"
)

// LedgerStatus returns the current state of the log.
func (s *Store) LedgerStatus(ctx context.Context) (*ledger.Status, error) {
	return ledgerStatus(ctx, s.read)
}

func ledgerStatus(ctx context.Context, q queryer) (*ledger.Status, error) {
	var fb []byte
	var keyID, head string
	if err := q.QueryRowContext(ctx, `SELECT frontier, key_id, latest_head FROM ledger_state WHERE id = 1`).Scan(&fb, &keyID, &head); err != nil {
		return nil, err
	}
	f := ledger.NewFrontier(ledger.SHA256)
	if fb != nil {
		var err error
		if f, err = ledger.UnmarshalFrontier(fb); err != nil {
			return nil, err
		}
	}
	st := &ledger.Status{Size: f.Size(), HashAlg: f.HashAlg(), Root: f.Root(), KeyID: keyID}
	if head != "" {
		var sh ledger.SignedHead
		if err := json.Unmarshal([]byte(head), &sh); err != nil {
			return nil, seedbed.Errorf(seedbed.EINTERNAL, "stored ledger head is malformed: %v", err)
		}
		st.Head = &sh
	}
	return st, nil
}

// LedgerHeads returns the signed heads kept: every checkpoint and the latest head, by size.
func (s *Store) LedgerHeads(ctx context.Context) ([]ledger.SignedHead, error) {
	return ledgerHeads(ctx, s.read)
}

func ledgerHeads(ctx context.Context, q queryer) ([]ledger.SignedHead, error) {
	rows, err := q.QueryContext(ctx, `SELECT head FROM ledger_checkpoints ORDER BY size`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ledger.SignedHead
	for rows.Next() {
		var text string
		if err := rows.Scan(&text); err != nil {
			return nil, err
		}
		var sh ledger.SignedHead
		if err := json.Unmarshal([]byte(text), &sh); err != nil {
			return nil, seedbed.Errorf(seedbed.EINTERNAL, "stored checkpoint head is malformed: %v", err)
		}
		out = append(out, sh)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var latest string
	if err := q.QueryRowContext(ctx, `SELECT latest_head FROM ledger_state WHERE id = 1`).Scan(&latest); err != nil {
		return nil, err
	}
	if latest != "" {
		var sh ledger.SignedHead
		if err := json.Unmarshal([]byte(latest), &sh); err != nil {
			return nil, seedbed.Errorf(seedbed.EINTERNAL, "stored ledger head is malformed: %v", err)
		}
		if n := len(out); n == 0 || out[n-1].Size != sh.Size {
			out = append(out, sh)
		}
	}
	return out, nil
}

// LedgerEntries returns the entries with index in [start, end), at most ledger.MaxPage of them.
func (s *Store) LedgerEntries(ctx context.Context, start, end uint64) ([]ledger.EventRecord, error) {
	if end <= start {
		return []ledger.EventRecord{}, nil
	}
	if end-start > ledger.MaxPage {
		end = start + ledger.MaxPage
	}
	rows, err := s.read.QueryContext(ctx, `SELECT idx, entry, leaf_hash, root, event_id FROM ledger_entries
		WHERE idx >= $1 AND idx < $2 ORDER BY idx`, int64(start), int64(min(end, 1<<62)))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []ledger.EventRecord{}
	for rows.Next() {
		r, err := scanLedgerRecord(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func scanLedgerRecord(row scanner) (ledger.EventRecord, error) {
	var r ledger.EventRecord
	var idx int64
	var entry, leaf, root []byte
	if err := row.Scan(&idx, &entry, &leaf, &root, &r.EventID); err != nil {
		return r, err
	}
	r.Index, r.Entry = uint64(idx), json.RawMessage(entry)
	copy(r.LeafHash[:], leaf)
	copy(r.Root[:], root)
	return r, nil
}

// LedgerEntryOfEvent returns the entry that records a decision event, or ENOTFOUND.
func (s *Store) LedgerEntryOfEvent(ctx context.Context, eventID int64) (*ledger.EventRecord, error) {
	r, err := scanLedgerRecord(s.read.QueryRowContext(ctx, `SELECT idx, entry, leaf_hash, root, event_id FROM ledger_entries
		WHERE event_id = $1`, eventID))
	if err == sql.ErrNoRows {
		return nil, seedbed.Errorf(seedbed.ENOTFOUND, seedbed.Label{Zh: "事件 %d 没有账本条目", En: "event %d has no ledger entry"}, eventID)
	}
	if err != nil {
		return nil, err
	}
	return &r, nil
}

// LedgerNodes fetches tree nodes: level 0 from the entries' leaf hashes, levels
// storedNodeLevel and above from the node table, and the levels between recomputed from the
// leaf hashes of the entries they cover (at most 2^storedNodeLevel - 1 of them each). A missing
// node is an internal error: the tables were damaged.
func (s *Store) LedgerNodes(ctx context.Context, ids []ledger.NodeID) (ledger.NodeMap, error) {
	out := ledger.NodeMap{}
	var leaves, inner where
	var lc, ic []string
	var low []ledger.NodeID     // levels 1 to storedNodeLevel-1, computed from their leaves
	blocks := map[uint64]bool{} // blocks of 2^storedNodeLevel entries holding them
	for _, id := range ids {
		if _, ok := out[id]; ok {
			continue
		}
		out[id] = ledger.Hash{}
		switch {
		case id.Level == 0:
			lc = append(lc, leaves.next(int64(id.Index)))
		case id.Level < storedNodeLevel:
			low = append(low, id)
			blocks[id.Index<<id.Level>>storedNodeLevel] = true
		default:
			ic = append(ic, inner.next(nodeKey(id.Level, id.Index)))
		}
	}
	found := 0
	leafHashes := map[uint64]ledger.Hash{}
	read := func(query string, args []any, level bool) error {
		rows, err := s.read.QueryContext(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var key int64
			var h []byte
			if err := rows.Scan(&key, &h); err != nil {
				return err
			}
			var hash ledger.Hash
			copy(hash[:], h)
			if !level {
				leafHashes[uint64(key)] = hash
				continue
			}
			out[ledger.NodeID{Level: uint8(key >> 56), Index: uint64(key) & (1<<56 - 1)}] = hash
			found++
		}
		return rows.Err()
	}
	if len(lc) > 0 {
		if err := read(`SELECT idx, leaf_hash FROM ledger_entries WHERE idx IN (`+strings.Join(lc, ", ")+`)`, leaves.args, false); err != nil {
			return nil, err
		}
		for i, h := range leafHashes {
			out[ledger.NodeID{Index: i}] = h
		}
		found += len(leafHashes)
	}
	if len(ic) > 0 {
		if err := read(`SELECT id, hash FROM ledger_nodes WHERE id IN (`+strings.Join(ic, ", ")+`)`, inner.args, true); err != nil {
			return nil, err
		}
	}
	if len(low) > 0 {
		alg, err := ledgerHashAlg(ctx, s.read)
		if err != nil {
			return nil, err
		}
		for b := range blocks {
			first := int64(b << storedNodeLevel)
			if err := read(`SELECT idx, leaf_hash FROM ledger_entries WHERE idx >= $1 AND idx < $2`,
				[]any{first, first + 1<<storedNodeLevel}, false); err != nil {
				return nil, err
			}
		}
		for _, id := range low {
			if h, ok := subtreeHash(alg, leafHashes, id); ok {
				out[id] = h
				found++
			}
		}
	}
	if found != len(out) {
		return nil, seedbed.Errorf(seedbed.EINTERNAL, "ledger tree nodes are missing (%d of %d found)", found, len(out))
	}
	return out, nil
}

// subtreeHash computes the perfect subtree id from its leaf hashes; false if one is missing.
func subtreeHash(alg ledger.HashAlg, leafHashes map[uint64]ledger.Hash, id ledger.NodeID) (ledger.Hash, bool) {
	hs := make([]ledger.Hash, 0, 1<<id.Level)
	for i := id.Index << id.Level; i < (id.Index+1)<<id.Level; i++ {
		h, ok := leafHashes[i]
		if !ok {
			return ledger.Hash{}, false
		}
		hs = append(hs, h)
	}
	return ledger.RootOf(alg, hs), true
}

// ledgerHashAlg returns the hash algorithm of the log.
func ledgerHashAlg(ctx context.Context, q queryer) (ledger.HashAlg, error) {
	st, err := ledgerStatus(ctx, q)
	if err != nil {
		return 0, err
	}
	return st.HashAlg, nil
}

// LedgerRecordsOf returns the entries recording decisions about a subject ("award:5"), or of a
// kind, in index order (at most ledger.MaxPage).
func (s *Store) LedgerRecordsOf(ctx context.Context, subject, kind string) ([]ledger.EventRecord, error) {
	var w where
	if subject != "" {
		w.add("d.subject = ?", subject)
	}
	if kind != "" {
		w.add("d.kind = ?", kind)
	}
	rows, err := s.read.QueryContext(ctx, `SELECT l.idx, l.entry, l.leaf_hash, l.root, l.event_id FROM ledger_entries l
		JOIN decision_events d ON d.id = l.event_id`+w.sql()+` ORDER BY l.idx LIMIT `+w.next(ledger.MaxPage), w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []ledger.EventRecord{}
	for rows.Next() {
		r, err := scanLedgerRecord(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// LedgerRecordsAbout returns, in index order and without a page limit, every entry recording a
// decision about one of the subjects or of the kind: the whole history a determination reads.
func (s *Store) LedgerRecordsAbout(ctx context.Context, kind string, subjects []string) ([]ledger.EventRecord, error) {
	return ledgerRecordsAbout(ctx, s.read, kind, subjects)
}

// LedgerRecordsAbout is Store.LedgerRecordsAbout inside a transaction, which sees the entries
// it has appended itself: a decision checks the records it rests on in its own transaction.
// On PostgreSQL it also returns the events tx has recorded itself (and any other committed
// event the sequencer has not appended yet), as the entries they will be.
func (tx *Tx) LedgerRecordsAbout(ctx context.Context, kind string, subjects []string) ([]ledger.EventRecord, error) {
	recs, err := ledgerRecordsAbout(ctx, tx, kind, subjects)
	if err != nil || tx.dialect != Postgres {
		return recs, err
	}
	cond, args := recordsAboutCond(kind, subjects)
	queued, err := queuedRecords(ctx, tx, tx.dialect, tx.keys, ` WHERE `+cond, args...)
	return append(recs, queued...), err
}

// recordsAboutCond is the condition over d (the event) of ledgerRecordsAbout.
func recordsAboutCond(kind string, subjects []string) (string, []any) {
	var w where
	ph := make([]string, len(subjects))
	for i, sub := range subjects {
		ph[i] = w.next(sub)
	}
	cond := `d.kind = ` + w.next(kind)
	if len(ph) > 0 {
		cond += ` OR d.subject IN (` + strings.Join(ph, ", ") + `)`
	}
	return cond, w.args
}

func ledgerRecordsAbout(ctx context.Context, q queryer, kind string, subjects []string) ([]ledger.EventRecord, error) {
	cond, args := recordsAboutCond(kind, subjects)
	rows, err := q.QueryContext(ctx, `SELECT l.idx, l.entry, l.leaf_hash, l.root, l.event_id FROM ledger_entries l
		JOIN decision_events d ON d.id = l.event_id WHERE `+cond+` ORDER BY l.idx`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []ledger.EventRecord{}
	for rows.Next() {
		r, err := scanLedgerRecord(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
