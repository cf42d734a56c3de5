package sqlstore

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"seedbed"
)

// How the search index answers a search (see searchIndex): what matches is always the plain
// definition — the innovators whose search text contains the lower-cased term and whose columns
// pass the filters — and a page is a stretch of them in id order, with their number.

// next reads one entry of a pair list: how far it is from the one before, where the pair first
// stands in it, and the rest of the list.
func next(b []byte) (uint32, int32, []byte) {
	d, n := binary.Uvarint(b)
	p, m := binary.Uvarint(b[n:])
	return uint32(d), int32(p), b[n+m:]
}

// candSet is a term's candidate entries and, for each, where the term would start if its pairs
// first stand one after another there (-1 where they do not).
type candSet struct {
	ids  []uint32
	base []int32
}

// decode sets c to list l's entries, the term's pair standing at at characters into it.
func (x *searchIndex) decode(l plist, at int32, c *candSet) {
	b := x.lists[l.off : l.off+l.size]
	c.ids, c.base = c.ids[:0], c.base[:0]
	var cur uint32
	for len(b) > 0 {
		d, p, rest := next(b)
		b = rest
		cur += d
		c.ids = append(c.ids, cur)
		c.base = append(c.base, p-at)
	}
}

// intersect keeps the candidates that are also in list l, the term's pair standing at at
// characters into it; a candidate in which that pair first stands elsewhere keeps -1.
func (x *searchIndex) intersect(c *candSet, l plist, at int32) {
	b := x.lists[l.off : l.off+l.size]
	var cur uint32
	ids, base := c.ids[:0], c.base[:0]
	j := 0
	for len(b) > 0 && j < len(c.ids) {
		d, p, rest := next(b)
		b = rest
		cur += d
		for j < len(c.ids) && c.ids[j] < cur {
			j++
		}
		if j < len(c.ids) && c.ids[j] == cur {
			bs := c.base[j]
			if bs != p-at {
				bs = -1
			}
			ids, base = append(ids, cur), append(base, bs)
			j++
		}
	}
	c.ids, c.base = ids, base
}

// entry returns entry i's text.
func (x *searchIndex) entry(i uint32) []byte { return x.text[x.starts[i] : x.starts[i+1]-1] }

// code returns entry i's credit code as it stands in its text (nil when none was located).
func (x *searchIndex) code(i uint32) []byte {
	r := &x.rows[i]
	if r.codeLen == 0 {
		return nil
	}
	at := x.starts[i] + uint32(r.codeAt)
	return x.text[at : at+uint32(r.codeLen)]
}

// codeRange returns the stretch lo:hi of byCode whose codes start with p.
func (x *searchIndex) codeRange(p []byte) (int, int) {
	lo := sort.Search(len(x.byCode), func(k int) bool { return bytes.Compare(x.code(x.byCode[k]), p) >= 0 })
	hi := lo + sort.Search(len(x.byCode)-lo, func(k int) bool { return !bytes.HasPrefix(x.code(x.byCode[lo+k]), p) })
	return lo, hi
}

// codeChar tells whether c may stand in a located credit code.
func codeChar(c rune) bool { return '0' <= c && c <= '9' || 'a' <= c && c <= 'z' }

// listRatio is how many times longer than the candidates so far a pair's list may be for it to
// be read; past it, the candidates are confirmed in the texts instead.
const listRatio = 16

// candidates sets c to the entries that may contain q at a place other than the start of their
// credit code: every entry holding all of q's character pairs (exactly those containing q there
// when q has two characters), and returns false when q has fewer than two characters. Where
// every pair of q first stands one after another in an entry, the entry holds q (c.base ≥ 0);
// the others are to be confirmed in the text. Lists far longer than the candidates are not read
// (listRatio), and then every candidate is confirmed.
//
// The pair that starts a credit code is in no list. A term that holds it without starting where
// the code starts also holds the space before the code; so for a term with a space only the
// pairs that cannot be such a pair (not two code characters) are used, and every candidate is
// confirmed in the text (c.base is all -1).
func (x *searchIndex) candidates(q string, c *candSet) bool {
	type pairAt struct {
		l  plist
		at int32
	}
	var ls []pairAt
	spaced := strings.IndexByte(q, ' ') >= 0
	prev, at := rune(-1), int32(-1)
	c.ids, c.base = c.ids[:0], c.base[:0]
	for _, r := range q {
		if prev >= 0 && !(spaced && codeChar(prev) && codeChar(r)) {
			l, ok := x.pairs[pairKey(prev, r)]
			if !ok {
				return true
			}
			ls = append(ls, pairAt{l, at})
		}
		prev = r
		at++
	}
	if len(ls) == 0 {
		return false
	}
	slices.SortFunc(ls, func(a, b pairAt) int { return int(a.l.n) - int(b.l.n) })
	x.decode(ls[0].l, ls[0].at, c)
	for _, l := range ls[1:] {
		if len(c.ids) == 0 {
			break
		}
		if uint64(l.l.n) > listRatio*uint64(len(c.ids)) {
			// Reading a list this much longer costs more than confirming the few candidates in
			// their texts (91330: the entries with 91 elsewhere than at the start of their code,
			// against lists of every code holding 13, 33 and 30).
			spaced = true
			break
		}
		x.intersect(c, l.l, l.at)
	}
	if spaced {
		for j := range c.base {
			c.base[j] = -1
		}
	}
	return true
}

// filter is a search's filter columns as dictionary positions (-1: any; -2: a value no entry has).
type filter struct {
	kind, size, typ, driver, field int
	regions                        []bool // by dictionary position; nil: any
	allowed                        map[int64]bool
	none                           bool   // no filter at all
	key                            string // the columns asked for, for the kept counts; "" with a list of ids
}

func (x *searchIndex) filter(f seedbed.InnovatorFilter) filter {
	at := func(v string) int {
		if v == "" {
			return -1
		}
		if p := slices.Index(x.dict, v); p >= 0 {
			return p
		}
		return -2
	}
	out := filter{kind: at(f.Kind), size: at(f.SizeClass), typ: at(f.InnovationType), driver: at(f.Driver), field: at(f.Field)}
	reg := strings.ToLower(f.Region)
	if reg != "" {
		out.regions = make([]bool, len(x.dict))
		for p, v := range x.dict {
			out.regions[p] = strings.Contains(strings.ToLower(v), reg)
		}
	}
	if f.IDs != nil {
		out.allowed = make(map[int64]bool, len(f.IDs))
		for _, id := range f.IDs {
			out.allowed[id] = true
		}
	} else {
		out.key = fmt.Sprintf("%d %d %d %d %d %q", out.kind, out.size, out.typ, out.driver, out.field, reg)
	}
	out.none = out.kind == -1 && out.size == -1 && out.typ == -1 && out.driver == -1 && out.field == -1 && reg == "" && f.IDs == nil
	return out
}

func (x *searchIndex) isDead(i int) bool { return len(x.dead) > i && x.dead[i] }

func (f *filter) pass(r *sRow) bool {
	is := func(want int, have uint16) bool { return want == -1 || want == int(have) }
	return is(f.kind, r.kind) && is(f.size, r.size) && is(f.typ, r.typ) && is(f.driver, r.driver) && is(f.field, r.field) &&
		(f.regions == nil || f.regions[r.reg]) && (f.allowed == nil || f.allowed[r.id])
}

// live tells whether entry i is not dead and passes f.
func (x *searchIndex) live(i uint32, f *filter) bool {
	return (f.none || f.pass(&x.rows[i])) && !x.isDead(int(i))
}

// match returns the ids, in id order, whose text contains q and whose columns pass f.
func (x *searchIndex) match(q string, f seedbed.InnovatorFilter) []int64 {
	ids, _ := x.first(q, f, math.MaxInt)
	return ids
}

// page returns the ids from offset to offset+limit of the matches, and how many match.
func (x *searchIndex) page(q string, f seedbed.InnovatorFilter, offset, limit int) ([]int64, int) {
	ids, total := x.first(q, f, offset+limit)
	if offset >= len(ids) {
		return nil, total
	}
	return ids[offset:min(offset+limit, len(ids))], total
}

// first returns the first need matches in id order, the overlays' among them, and how many match.
func (x *searchIndex) first(q string, f seedbed.InnovatorFilter, need int) ([]int64, int) {
	q = strings.ToLower(strings.TrimSpace(q))
	var ids []int64
	total := 0
	for o := x; o != nil; o = o.overlay {
		if len(o.rows) == 0 {
			continue
		}
		own, n := o.ownFirst(q, f, need)
		ids = mergeFirst(ids, own, need)
		total += n
	}
	return ids, total
}

// mergeFirst merges two increasing lists into the first need of both.
func mergeFirst(a, b []int64, need int) []int64 {
	if len(b) == 0 {
		return a
	}
	if len(a) == 0 {
		return b[:min(len(b), need)]
	}
	out := make([]int64, 0, min(len(a)+len(b), need))
	for len(out) < need && (len(a) > 0 || len(b) > 0) {
		if len(b) == 0 || len(a) > 0 && a[0] < b[0] {
			out, a = append(out, a[0]), a[1:]
		} else {
			out, b = append(out, b[0]), b[1:]
		}
	}
	return out
}

// candidateBufs are the candidate lists of searches running at the same time, reused.
var candidateBufs = sync.Pool{New: func() any { return new(candSet) }}

// ownFirst is first over this index's own entries, leaving out dead ones; q is lower-cased.
func (x *searchIndex) ownFirst(q string, f seedbed.InnovatorFilter, need int) ([]int64, int) {
	flt := x.filter(f)
	if q == "" {
		return x.listing(&flt, need)
	}
	needle := []byte(q)
	if ids, total, ok := x.pairFirst(q, needle, &flt, need); ok {
		return ids, total
	}
	c := candidateBufs.Get().(*candSet)
	defer candidateBufs.Put(c)
	if !x.candidates(q, c) {
		return x.scan(needle, &flt, need)
	}
	lo, hi := x.codeRange(needle)
	confirm := utf8.RuneCountInString(q) > 2
	var out []int64
	total := 0
	for j, i := range c.ids {
		if !x.live(i, &flt) || confirm && c.base[j] < 0 && !bytes.Contains(x.entry(i), needle) || hi > lo && bytes.HasPrefix(x.code(i), needle) {
			continue // a match at the start of its code is counted from byCode below
		}
		if len(out) < need {
			out = append(out, x.rows[i].id)
		}
		total++
	}
	if hi > lo {
		ids, n := x.codePrefix(needle, lo, hi, &flt, need)
		out = mergeFirst(out, ids, need)
		total += n
	}
	return out, total
}

// pairFirst answers a term of two characters without filters, which no credit code starts with,
// from its pair's list alone: the list's length, less the dead entries holding the term, is the
// total, and the list is read only as far as the page (杭州, about 640,000 entries at a million,
// was read to its end for its count). It returns false for any other search.
func (x *searchIndex) pairFirst(q string, needle []byte, flt *filter, need int) ([]int64, int, bool) {
	r := []rune(q)
	if !flt.none || len(r) != 2 || strings.IndexByte(q, ' ') >= 0 {
		return nil, 0, false
	}
	if lo, hi := x.codeRange(needle); lo != hi {
		return nil, 0, false
	}
	l, ok := x.pairs[pairKey(r[0], r[1])]
	if !ok {
		return nil, 0, true
	}
	total := int(l.n)
	for _, d := range x.deadList {
		if bytes.Contains(x.entry(d), needle) { // no code starts with q, so the list holds d
			total--
		}
	}
	var out []int64
	b := x.lists[l.off : l.off+l.size]
	var cur uint32
	for len(b) > 0 && len(out) < need {
		d, _, rest := next(b)
		b = rest
		cur += d
		if !x.isDead(int(cur)) {
			out = append(out, x.rows[cur].id)
		}
	}
	return out, total, true
}

// codeSortMax is the most entries of a code range that are put in id order by sorting; a longer
// range is paged by walking the entries in id order (a variable for the tests).
var codeSortMax = 4096

// codePrefix returns the first need, in id order, of the live entries of byCode[lo:hi] (whose
// codes start with p), and how many they are.
func (x *searchIndex) codePrefix(p []byte, lo, hi int, flt *filter, need int) ([]int64, int) {
	total := hi - lo
	if !flt.none || len(x.deadList) > 0 {
		total = 0
		for _, i := range x.byCode[lo:hi] {
			if x.live(i, flt) {
				total++
			}
		}
	}
	var out []int64
	if hi-lo <= codeSortMax || need >= total/4 {
		// few: take them and put them in id order
		in := make([]uint32, 0, total)
		for _, i := range x.byCode[lo:hi] {
			if x.live(i, flt) {
				in = append(in, i)
			}
		}
		slices.Sort(in)
		out = make([]int64, 0, min(len(in), need))
		for _, i := range in[:min(len(in), need)] {
			out = append(out, x.rows[i].id)
		}
		return out, total
	}
	// many: walk the entries in id order until the page is filled
	for i := range x.rows {
		if len(out) >= need {
			break
		}
		if bytes.HasPrefix(x.code(uint32(i)), p) && x.live(uint32(i), flt) {
			out = append(out, x.rows[i].id)
		}
	}
	return out, total
}

// scan answers a one-character term by scanning the texts.
func (x *searchIndex) scan(needle []byte, flt *filter, need int) ([]int64, int) {
	var out []int64
	total := 0
	for pos := 0; pos < len(x.text); {
		k := bytes.Index(x.text[pos:], needle)
		if k < 0 {
			break
		}
		i, _ := slices.BinarySearch(x.starts, uint32(pos+k+1))
		i-- // the entry holding the match
		if x.live(uint32(i), flt) {
			if len(out) < need {
				out = append(out, x.rows[i].id)
			}
			total++
		}
		pos = int(x.starts[i+1])
	}
	return out, total
}

// listing answers a search without a term: the entries passing the filters, counted once per
// index and filter (countFiltered), so that a page stops walking once it is filled.
func (x *searchIndex) listing(flt *filter, need int) ([]int64, int) {
	total := -1
	if flt.key != "" {
		total = x.countFiltered(flt)
		for _, i := range x.deadList {
			if flt.pass(&x.rows[i]) {
				total--
			}
		}
	}
	var out []int64
	n := 0
	for i := range x.rows {
		if len(out) >= need && total >= 0 {
			break
		}
		if x.live(uint32(i), flt) {
			if len(out) < need {
				out = append(out, x.rows[i].id)
			}
			n++
		}
	}
	if total < 0 {
		total = n
	}
	return out, total
}

// countFiltered is how many entries, dead ones included, pass flt (which has no list of ids):
// counted on first asking and kept until the index is rebuilt.
func (x *searchIndex) countFiltered(flt *filter) int {
	if flt.none {
		return len(x.rows)
	}
	x.countsMu.Lock()
	n, ok := x.counts[flt.key]
	x.countsMu.Unlock()
	if ok {
		return n
	}
	for i := range x.rows {
		if flt.pass(&x.rows[i]) {
			n++
		}
	}
	x.countsMu.Lock()
	if x.counts == nil || len(x.counts) >= 4096 {
		x.counts = map[string]int{} // bounded: a crawl of every combination starts over
	}
	x.counts[flt.key] = n
	x.countsMu.Unlock()
	return n
}
