package sqlstore

import (
	"bytes"
	"context"
	"database/sql"
	"slices"
	"sort"
	"strings"
	"sync"

	"seedbed"
)

// searchIndex holds every innovator's search text in one lower-cased byte slice, so that a
// substring search — Chinese terms of two characters included, which no trigram index serves —
// is a memory scan of a few milliseconds instead of a table scan. It reloads itself when the
// registry version (bumped by every registry write, from any process) moves on.
type searchIndex struct {
	mu      sync.Mutex
	version int64
	loaded  bool
	text    []byte // entries separated by 0x00
	starts  []int  // start of entry i in text
	rows    []sRow // entry i's id and filter columns, in id order
}

type sRow struct {
	id                                  int64
	kind, size, typ, driver, field, reg string
}

// bumpRegistry marks the registry as changed inside tx.
func bumpRegistry(ctx context.Context, tx *Tx) error {
	_, err := tx.ExecContext(ctx, `UPDATE registry_version SET version = version + 1 WHERE id = 1`)
	return err
}

// ensure reloads the index when the registry changed since it was built.
func (x *searchIndex) ensure(ctx context.Context, db *sql.DB) error {
	var v int64
	if err := db.QueryRowContext(ctx, `SELECT version FROM registry_version WHERE id = 1`).Scan(&v); err != nil {
		return err
	}
	if x.loaded && v == x.version {
		return nil
	}
	tx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := tx.QueryRowContext(ctx, `SELECT version FROM registry_version WHERE id = 1`).Scan(&v); err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, `SELECT i.id, s.text, i.kind, i.size_class, i.innovation_type, i.driver, i.field, i.region
		FROM innovators i JOIN innovator_search s ON s.id = i.id ORDER BY i.id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	text := make([]byte, 0, len(x.text))
	starts := make([]int, 0, len(x.starts))
	out := make([]sRow, 0, len(x.rows))
	intern := map[string]string{}
	in := func(s string) string {
		if v, ok := intern[s]; ok {
			return v
		}
		intern[s] = s
		return s
	}
	for rows.Next() {
		var r sRow
		var t string
		if err := rows.Scan(&r.id, &t, &r.kind, &r.size, &r.typ, &r.driver, &r.field, &r.reg); err != nil {
			return err
		}
		r.kind, r.size, r.typ, r.driver, r.field, r.reg = in(r.kind), in(r.size), in(r.typ), in(r.driver), in(r.field), in(r.reg)
		starts = append(starts, len(text))
		text = append(append(text, strings.ReplaceAll(t, "\x00", "")...), 0)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	x.text, x.starts, x.rows, x.version, x.loaded = text, starts, out, v, true
	return nil
}

// match returns the ids, in id order, whose text contains q and whose columns pass f.
func (x *searchIndex) match(q string, f seedbed.InnovatorFilter) []int64 {
	needle := []byte(strings.ToLower(q))
	var allowed map[int64]bool
	if f.IDs != nil {
		allowed = make(map[int64]bool, len(f.IDs))
		for _, id := range f.IDs {
			allowed[id] = true
		}
	}
	reg := strings.ToLower(f.Region)
	var ids []int64
	for pos := 0; pos < len(x.text); {
		k := bytes.Index(x.text[pos:], needle)
		if k < 0 {
			break
		}
		i := sort.SearchInts(x.starts, pos+k+1) - 1 // the entry holding the match
		r := &x.rows[i]
		if (f.Kind == "" || r.kind == f.Kind) && (f.SizeClass == "" || r.size == f.SizeClass) &&
			(f.InnovationType == "" || r.typ == f.InnovationType) && (f.Driver == "" || r.driver == f.Driver) &&
			(f.Field == "" || r.field == f.Field) && (reg == "" || strings.Contains(strings.ToLower(r.reg), reg)) &&
			(allowed == nil || allowed[r.id]) {
			ids = append(ids, r.id)
		}
		if i+1 < len(x.starts) {
			pos = x.starts[i+1]
		} else {
			break
		}
	}
	return ids
}

// searchInnovators answers a text search from the index: the page's innovators and the total.
func (s *Store) searchInnovators(ctx context.Context, f seedbed.InnovatorFilter, offset, limit int) ([]seedbed.Innovator, int, error) {
	s.search.mu.Lock()
	if err := s.search.ensure(ctx, s.read); err != nil {
		s.search.mu.Unlock()
		return nil, 0, err
	}
	ids := s.search.match(strings.TrimSpace(f.Query), f)
	s.search.mu.Unlock()
	if o := seedbed.InnovatorSorts.Resolve(f.Order); o != seedbed.InnovatorSorts.Default() {
		var err error
		if ids, err = s.orderedInnovators(ctx, ids, f); err != nil {
			return nil, 0, err
		}
	}
	total := len(ids)
	if offset >= total {
		return []seedbed.Innovator{}, total, nil
	}
	page := ids[offset:min(offset+limit, total)]
	var w where
	w.inInt64("id", page)
	rows, err := s.read.QueryContext(ctx, `SELECT `+innovatorColumns+` FROM innovators`+w.sql(), w.args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := make([]seedbed.Innovator, 0, len(page))
	for rows.Next() {
		in, err := scanInnovator(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, *in)
	}
	at := make(map[int64]int, len(page))
	for i, id := range page {
		at[id] = i
	}
	slices.SortFunc(out, func(a, b seedbed.Innovator) int { return at[a.ID] - at[b.ID] })
	return out, total, rows.Err()
}

// orderedInnovators puts the ids a search matched in the order f asks for, reading the order of
// every innovator the filters keep (ids and one column, no text) and keeping the matched ones.
func (s *Store) orderedInnovators(ctx context.Context, ids []int64, f seedbed.InnovatorFilter) ([]int64, error) {
	matched := make(map[int64]bool, len(ids))
	for _, id := range ids {
		matched[id] = true
	}
	w := innovatorFilterWhere(f)
	rows, err := s.read.QueryContext(ctx, `SELECT id FROM innovators`+w.sql()+orderBy(f.Order, seedbed.InnovatorSorts, innovatorOrder, "id"), w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make([]int64, 0, len(ids))
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		if matched[id] {
			out = append(out, id)
		}
	}
	return out, rows.Err()
}
