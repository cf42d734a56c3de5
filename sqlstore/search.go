package sqlstore

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"iter"
	"maps"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"seedbed"
)

// searchIndex answers the registry's text search from memory: a substring search over every
// innovator's search text (name, credit code, region, tags, description, lower-cased), Chinese
// terms of two characters included, which no trigram index serves. It holds:
//
//   - the texts, one byte slice (entries separated by 0x00), to confirm a match;
//   - for every pair of consecutive characters that occurs, the entries holding it, as a sorted
//     list of entry numbers, each with the place (in characters) where the pair first stands in
//     the entry, delta- and varint-encoded in one byte slice (about 2.2 bytes an entry); a term
//     of two characters is answered by its pair's list alone, a longer term by intersecting its
//     pairs' lists: a candidate whose pairs first stand one after another holds the term, and
//     only the others are confirmed in the texts; a one-character term scans the texts;
//   - the entries with a credit code in the order of their codes (byCode), and where each code
//     stands in its entry's text: a term that starts where a code starts is found there by
//     binary search, and the pair that starts a code is in no list, so that a code prefix
//     shared by most of the region (91330) does not make every entry a candidate;
//   - each entry's id and filter columns, the columns as small numbers into a dictionary.
//
// Memory grows linearly with the registry: measured (memoryBytes) at about 0.5 KB per
// innovator of the demo's registry, texts and lists about equal shares. When the registry
// version (bumped by every registry write, from any process) moves on, the innovators changed
// since the index was built are searched in a small overlay index instead of their old entries;
// past 5,000 of them, or after an erasure, the index is rebuilt (seconds at a million
// innovators, during which searches wait). SQLite and PostgreSQL deployments use the same index.
type searchIndex struct {
	mu      sync.RWMutex // searches read under RLock; building and following writes take Lock
	version int64
	loaded  bool
	text    []byte   // entries separated by 0x00
	starts  []uint32 // start of entry i in text; len(rows)+1 values
	rows    []sRow   // entry i's id and filter columns, in id order
	dict    []string // the filter columns' values
	pairs   map[uint64]plist
	lists   []byte   // every pair's list
	byCode  []uint32 // the entries with a credit code, in the order of their codes

	all *histogram // the statistics' counts over every entry, dead ones included

	// counts of filter-only listings over the entries (dead ones included), by filter; reset when
	// the index is rebuilt
	countsMu sync.Mutex
	counts   map[string]int

	// Following writes: the index was built at change (innovator_changes.id) built and rebuild
	// count rebuilds; the innovators changed since are left out of it (dead) and searched in
	// overlay, a small index of their current rows. The overlay has an overlay of its own, so
	// that a write costs in proportion to the writes since the overlay was built, not to all
	// the changes since the index was: the overlay indexes the changed innovators' rows as they
	// were when it was built, its entries of innovators changed since are dead, and its own
	// overlay, rebuilt at each write, indexes those innovators' current rows (recent); past
	// recentMax of them the overlay is built again from every changed innovator's current row.
	rebuilds int64
	built    int64
	seen     int64           // the last change read (SQLite)
	changed  map[int64]int64 // changed innovator → its last change read
	dead     []bool
	deadList []uint32 // the entries marked in dead
	overlay  *searchIndex
	current  map[int64]*rawRow // the changed innovators' current rows, which the overlays index
	recent   map[int64]bool    // the innovators changed since the overlay was built
	// recentMax is how many of those the overlay's overlay holds before the overlay is built
	// again: defaultRecentMax unless a test sets it.
	recentMax int
}

const defaultRecentMax = 256

// rawRow is an innovator's search text, credit code and filter columns as read.
type rawRow struct {
	text, code []byte
	cols       [7][]byte // the six filter columns and the path tags
}

// plist locates one pair's list inside lists.
type plist struct{ off, size, n uint32 }

type sRow struct {
	id                                  int64
	kind, size, typ, driver, field, reg uint16 // positions in dict
	codeAt                              uint16 // where the credit code starts in the entry's text
	codeLen                             uint8  // the code's length; 0: no code located in the text
	path                                uint8  // pathNonMainstream, pathMainstream: the path tags held
}

// bumpRegistry marks the registry as changed inside tx, in one slot of its version (version.go).
func bumpRegistry(ctx context.Context, tx *Tx) error {
	_, err := tx.ExecContext(ctx, bumpRegistryQuery.query(tx.dialect))
	return err
}

// bumpRebuilds counts, inside tx, a write that changed search texts without a history row: the
// next search rebuilds the index.
func bumpRebuilds(ctx context.Context, tx *Tx) error {
	_, err := tx.ExecContext(ctx, bumpRebuildsQuery.query(tx.dialect))
	return err
}

// pairKey is the key of two consecutive characters.
func pairKey(a, b rune) uint64 { return uint64(uint32(a))<<32 | uint64(uint32(b)) }

// ensure brings the index up to date when the registry changed since it was last brought up to
// date: the innovators changed since it was built (per innovator_changes) go to the overlay, and
// once they are many, or after a write that left no history row, the whole index is rebuilt.
func (x *searchIndex) ensure(ctx context.Context, db *sql.DB, dialect string) error {
	var v, rebuilds int64
	if err := db.QueryRowContext(ctx, registryVersionQuery).Scan(&v, &rebuilds); err != nil {
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
	if err := tx.QueryRowContext(ctx, registryVersionQuery).Scan(&v, &rebuilds); err != nil {
		return err
	}
	if x.loaded && rebuilds == x.rebuilds {
		// Changes since the build; on PostgreSQL a thousand before it too, since a transaction may
		// commit a change with a lower id after one with a higher id was read (SQLite writes one
		// transaction at a time).
		// SQLite commits one transaction at a time, so the changes not yet read are those after
		// the last one read.
		since := x.seen
		if dialect == Postgres {
			since = x.built - 1000
		}
		// only the innovators with a change not yet seen are read again; the changes are read
		// by id (a range of the primary key) and grouped here: grouped in SQL, SQLite walked the
		// whole (innovator_id, id) index, every change of the registry, at each write
		last := map[int64]int64{}
		if err := eachRow(ctx, tx, `SELECT innovator_id, id FROM innovator_changes WHERE id > $1`, []any{since},
			func(sc scanner) error {
				var id, change int64
				if err := sc.Scan(&id, &change); err != nil {
					return err
				}
				last[id] = max(last[id], change)
				x.seen = max(x.seen, change)
				return nil
			}); err != nil {
			return err
		}
		var ids []int64
		for id, change := range last {
			if seen, ok := x.changed[id]; !ok || change > seen {
				x.changed[id] = change
				ids = append(ids, id)
			}
		}
		if len(x.changed) <= 5000 {
			if err := x.refreshOverlay(ctx, tx, ids); err != nil {
				return err
			}
			x.version = v
			return nil
		}
	}
	var built int64
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM innovator_changes`).Scan(&built); err != nil {
		return err
	}
	b := newIndexBuilder(len(x.rows), len(x.text))
	if err := b.read(ctx, tx, `SELECT i.id, s.text, coalesce(i.credit_code, ''), i.kind, i.size_class, i.innovation_type, i.driver, i.field, i.region,
		i.path_tags FROM innovators i JOIN innovator_search s ON s.id = i.id ORDER BY i.id`, nil); err != nil {
		return err
	}
	b.finish(x)
	x.version, x.rebuilds, x.built, x.seen, x.loaded = v, rebuilds, built, built, true
	x.changed, x.dead, x.deadList, x.overlay, x.current = map[int64]int64{}, make([]bool, len(x.rows)), nil, nil, map[int64]*rawRow{}
	x.recent = map[int64]bool{}
	return nil
}

// read adds the rows of a query (id, text, credit code, the six filter columns and the path
// tags, in id order).
func (b *indexBuilder) read(ctx context.Context, tx *sql.Tx, query string, args []any) error {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var (
		id                           int64
		t, code                      sql.RawBytes
		kind, size, typ, drv, fl, rg sql.RawBytes
		tags                         sql.RawBytes
	)
	for rows.Next() {
		if err := rows.Scan(&id, &t, &code, &kind, &size, &typ, &drv, &fl, &rg, &tags); err != nil {
			return err
		}
		b.add(id, t, code, [7][]byte{kind, size, typ, drv, fl, rg, tags})
	}
	return rows.Err()
}

// refreshOverlay marks the entries of the innovators ids (changed since the last refresh) dead,
// in the index and in its overlay, reads their current rows (an innovator no longer stored is
// only dead) and indexes them in the overlay's overlay, in memory; or, once more than recentMax
// innovators changed since the overlay was built, builds the overlay again from every changed
// innovator's current row.
func (x *searchIndex) refreshOverlay(ctx context.Context, tx *sql.Tx, ids []int64) error {
	slices.Sort(ids)
	for _, id := range ids {
		x.markDead(id)
		if x.overlay != nil {
			x.overlay.markDead(id)
		}
		delete(x.current, id)
		x.recent[id] = true
	}
	for start := 0; start < len(ids); start += 500 {
		var w where
		w.inInt64("i.id", ids[start:min(start+500, len(ids))])
		if err := eachRow(ctx, tx, `SELECT i.id, s.text, coalesce(i.credit_code, ''), i.kind, i.size_class, i.innovation_type, i.driver, i.field, i.region,
			i.path_tags FROM innovators i JOIN innovator_search s ON s.id = i.id`+w.sql(), w.args, func(sc scanner) error {
			var id int64
			r := &rawRow{}
			if err := sc.Scan(&id, &r.text, &r.code, &r.cols[0], &r.cols[1], &r.cols[2], &r.cols[3], &r.cols[4], &r.cols[5], &r.cols[6]); err != nil {
				return err
			}
			x.current[id] = r
			return nil
		}); err != nil {
			return err
		}
	}
	limit := x.recentMax
	if limit == 0 {
		limit = defaultRecentMax
	}
	if x.overlay == nil || len(x.recent) > limit {
		x.overlay = x.overlayOf(maps.Keys(x.current))
		clear(x.recent)
		return nil
	}
	x.overlay.overlay = x.overlayOf(maps.Keys(x.recent))
	return nil
}

// overlayOf indexes the current rows of the innovators ids (those still stored) in a new index.
func (x *searchIndex) overlayOf(ids iter.Seq[int64]) *searchIndex {
	var all []int64
	for id := range ids {
		if _, ok := x.current[id]; ok {
			all = append(all, id)
		}
	}
	slices.Sort(all)
	b := newIndexBuilder(len(all), 0)
	for _, id := range all {
		r := x.current[id]
		b.add(id, r.text, r.code, r.cols)
	}
	ov := &searchIndex{}
	b.finish(ov)
	ov.dead = make([]bool, len(ov.rows))
	return ov
}

// markDead leaves innovator id's entry, if the index has one, out of searches and statistics.
func (x *searchIndex) markDead(id int64) {
	if i, ok := slices.BinarySearchFunc(x.rows, id, func(r sRow, id int64) int { return cmpInt64(r.id, id) }); ok && !x.dead[i] {
		x.dead[i] = true
		x.deadList = append(x.deadList, uint32(i))
	}
}

func cmpInt64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// indexBuilder collects the entries of a new index.
type indexBuilder struct {
	text   []byte
	starts []uint32
	rows   []sRow
	dict   []string
	pos    map[string]uint16
	lists  map[uint64]*building
	code   []byte // the lower-cased credit code of the entry being added
}

// building is one pair's list while the index is built.
type building struct {
	buf  []byte
	last uint32
	n    uint32
}

func newIndexBuilder(rows, text int) *indexBuilder {
	return &indexBuilder{text: make([]byte, 0, text), starts: make([]uint32, 0, rows+1), rows: make([]sRow, 0, rows),
		pos: map[string]uint16{}, lists: map[uint64]*building{}}
}

// word returns the dictionary position of a filter value.
func (b *indexBuilder) word(v []byte) uint16 {
	if p, ok := b.pos[string(v)]; ok {
		return p
	}
	p := uint16(len(b.dict))
	if len(b.dict) == 1<<16-1 {
		return p - 1 // more distinct values than a filter column can hold: never expected
	}
	b.dict = append(b.dict, string(v))
	b.pos[string(v)] = p
	return p
}

// add appends entry i (the next) with its text, credit code, filter columns and path tags.
func (b *indexBuilder) add(id int64, t, code []byte, cols [7][]byte) {
	i := uint32(len(b.rows))
	b.rows = append(b.rows, sRow{id: id, kind: b.word(cols[0]), size: b.word(cols[1]), typ: b.word(cols[2]),
		driver: b.word(cols[3]), field: b.word(cols[4]), reg: b.word(cols[5]), path: pathBits(cols[6])})
	b.starts = append(b.starts, uint32(len(b.text)))
	start := len(b.text)
	for _, c := range t {
		if c != 0 {
			b.text = append(b.text, c)
		}
	}
	own := b.text[start:]
	b.text = append(b.text, 0)
	codeAt := -1
	if at, ok := locateCode(own, code, &b.code); ok {
		codeAt = at
		b.rows[i].codeAt, b.rows[i].codeLen = uint16(at), uint8(len(code))
	}
	prev, prevAt := rune(-1), 0
	for at, c := 0, 0; at < len(own); c++ {
		r, n := utf8.DecodeRune(own[at:])
		// The pair that starts the credit code is left out: a term that starts where the code
		// starts is found in byCode (see codeRange).
		if prev >= 0 && prevAt != codeAt {
			k := pairKey(prev, r)
			l := b.lists[k]
			if l == nil {
				l = &building{}
				b.lists[k] = l
			}
			if l.n == 0 || l.last != i {
				l.buf = binary.AppendUvarint(l.buf, uint64(i-l.last))
				l.buf = binary.AppendUvarint(l.buf, uint64(c-1)) // where the pair first stands
				l.last = i
				l.n++
			}
		}
		prev, prevAt = r, at
		at += n
	}
}

// locateCode finds an innovator's credit code in its search text: lower-cased, of two to 255
// characters, every one a digit or a letter a–z (so no pair with a space or a Chinese character
// is ever left out), preceded by a space or the text's start and followed by a space or its
// end. It returns where the code starts, or false when the text holds no such code (an erased
// innovator, or none given).
func locateCode(text, code []byte, buf *[]byte) (int, bool) {
	if len(code) < 2 || len(code) > 255 {
		return 0, false
	}
	lc := (*buf)[:0]
	for _, c := range code {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'z') {
			return 0, false
		}
		lc = append(lc, c)
	}
	*buf = lc
	for from := 0; from < len(text); {
		k := bytes.Index(text[from:], lc)
		if k < 0 {
			return 0, false
		}
		at := from + k
		end := at + len(lc)
		if (at == 0 || text[at-1] == ' ') && (end == len(text) || text[end] == ' ') && at < 1<<16 {
			return at, true
		}
		from = at + 1
	}
	return 0, false
}

// finish moves the collected entries into x.
func (b *indexBuilder) finish(x *searchIndex) {
	b.starts = append(b.starts, uint32(len(b.text)))
	total := 0
	for _, l := range b.lists {
		total += len(l.buf)
	}
	lists := make([]byte, 0, total)
	pairs := make(map[uint64]plist, len(b.lists))
	for k, l := range b.lists {
		pairs[k] = plist{off: uint32(len(lists)), size: uint32(len(l.buf)), n: l.n}
		lists = append(lists, l.buf...)
	}
	x.text, x.starts, x.rows, x.dict, x.pairs, x.lists = b.text, b.starts, b.rows, b.dict, pairs, lists
	x.byCode = x.byCode[:0]
	for i := range x.rows {
		if x.rows[i].codeLen > 0 {
			x.byCode = append(x.byCode, uint32(i))
		}
	}
	slices.SortFunc(x.byCode, func(a, b uint32) int {
		if c := bytes.Compare(x.code(a), x.code(b)); c != 0 {
			return c
		}
		return int(a) - int(b)
	})
	x.countsMu.Lock()
	x.counts = map[string]int{}
	x.countsMu.Unlock()
	x.all = x.countAll()
}

// memoryBytes is what the index holds, roughly: texts, offsets, rows and lists.
func (x *searchIndex) memoryBytes() int {
	n := len(x.text) + 4*len(x.starts) + 24*len(x.rows) + len(x.lists) + 32*len(x.pairs) + 4*len(x.byCode) +
		len(x.dead) + 4*len(x.deadList) + 16*len(x.changed)
	if x.overlay != nil {
		n += x.overlay.memoryBytes()
	}
	return n
}

// WarmSearch builds the registry search index now, so that the first search after a server
// starts does not wait for it.
func (s *Store) WarmSearch(ctx context.Context) error {
	s.search.mu.Lock()
	defer s.search.mu.Unlock()
	return s.search.ensure(ctx, s.read, s.dialect)
}

// SearchIndexBytes is the memory the registry search index holds (0 before the first search).
func (s *Store) SearchIndexBytes() int {
	s.search.mu.Lock()
	defer s.search.mu.Unlock()
	return s.search.memoryBytes()
}

// freshSearch returns the search index, read-locked, once it holds every registry write that
// was committed when it was called. Searches run side by side under the read lock; only a
// search that finds the registry moved on takes the write lock, to follow the writes (or build
// the index), and the searches after it wait for that alone.
func (s *Store) freshSearch(ctx context.Context) (*searchIndex, error) {
	x := &s.search
	var v, rebuilds int64
	if err := s.read.QueryRowContext(ctx, registryVersionQuery).Scan(&v, &rebuilds); err != nil {
		return nil, err
	}
	x.mu.RLock()
	if x.loaded && x.version >= v {
		return x, nil
	}
	x.mu.RUnlock()
	x.mu.Lock()
	var err error
	if !x.loaded || x.version < v {
		// Only if no search before this one (which waited for the lock too) followed the writes
		// this one saw: the searches queued behind a write must not each ask the database again
		// while holding the lock that every search waits for.
		err = x.ensure(ctx, s.read, s.dialect)
	}
	x.mu.Unlock()
	if err != nil {
		return nil, err
	}
	x.mu.RLock()
	return x, nil
}

// InnovatorIDs returns the ids, in id order, of every innovator matching f's text and filters,
// from the search index (f's order and page are ignored).
func (s *Store) InnovatorIDs(ctx context.Context, f seedbed.InnovatorFilter) ([]int64, error) {
	x, err := s.freshSearch(ctx)
	if err != nil {
		return nil, err
	}
	defer x.mu.RUnlock()
	return x.match(strings.TrimSpace(f.Query), f), nil
}

// searchInnovators answers a text search from the index: the page's innovators and the total.
func (s *Store) searchInnovators(ctx context.Context, f seedbed.InnovatorFilter, offset, limit int) ([]seedbed.Innovator, int, error) {
	x, err := s.freshSearch(ctx)
	if err != nil {
		return nil, 0, err
	}
	q := strings.TrimSpace(f.Query)
	var page []int64
	var total int
	if o := seedbed.InnovatorSorts.Resolve(f.Order); o != seedbed.InnovatorSorts.Default() {
		ids := x.match(q, f)
		x.mu.RUnlock()
		var err error
		if ids, err = s.orderedInnovators(ctx, ids, f); err != nil {
			return nil, 0, err
		}
		total = len(ids)
		if offset < total {
			page = ids[offset:min(offset+limit, total)]
		}
	} else {
		page, total = x.page(q, f, offset, limit)
		x.mu.RUnlock()
	}
	if len(page) == 0 {
		return []seedbed.Innovator{}, total, nil
	}
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
