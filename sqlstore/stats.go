package sqlstore

import (
	"bytes"
	"context"
	"slices"

	"seedbed"
)

// The path tags the registry's statistics count (for the lab's defaults).
const (
	pathNonMainstream = 1 << iota // 非主流路线
	pathMainstream                // 主流路线
)

var pathTags = []struct {
	tag string
	bit uint8
}{{"非主流路线", pathNonMainstream}, {"主流路线", pathMainstream}}

// pathBits is which of the counted path tags a stored path_tags value ("|a|b|") holds.
func pathBits(tags []byte) uint8 {
	var b uint8
	for _, p := range pathTags {
		if bytes.Contains(tags, []byte("|"+p.tag+"|")) {
			b |= p.bit
		}
	}
	return b
}

// RegistryStats returns counts of the registry for dashboards and the lab's defaults: how many
// innovators of each kind, size, innovation type and field, and with each path tag. They are
// counted from the search index, which holds those columns in memory and follows every write
// (a few milliseconds at a million innovators, where SQL took seconds on every registry write).
func (s *Store) RegistryStats(ctx context.Context) (seedbed.RegistryStats, error) {
	st := seedbed.RegistryStats{ByKind: map[string]int{}, BySize: map[string]int{}, ByType: map[string]int{}, ByPath: map[string]int{}, ByField: map[string]int{}}
	x, err := s.freshSearch(ctx)
	if err != nil {
		return st, err
	}
	defer x.mu.RUnlock()
	for _, p := range pathTags {
		st.ByPath[p.tag] = 0
	}
	for o := x; o != nil; o = o.overlay {
		o.addStats(&st)
	}
	return st, nil
}

// histogram is how many entries hold each dictionary value in each counted column, and each
// combination of path tags.
type histogram struct {
	kind, size, typ, field []int
	path                   [4]int
	total                  int
}

func (h *histogram) add(r *sRow, n int) {
	h.kind[r.kind] += n
	h.size[r.size] += n
	h.typ[r.typ] += n
	h.field[r.field] += n
	h.path[r.path] += n
	h.total += n
}

// countAll counts every entry of the index, dead ones included (done once, when it is built).
func (x *searchIndex) countAll() *histogram {
	h := &histogram{kind: make([]int, len(x.dict)), size: make([]int, len(x.dict)), typ: make([]int, len(x.dict)), field: make([]int, len(x.dict))}
	for i := range x.rows {
		h.add(&x.rows[i], 1)
	}
	return h
}

// addStats adds this index's own live entries to st: its counts when built, less its dead
// entries (a few thousand at most), so that the statistics cost no pass over the registry.
func (x *searchIndex) addStats(st *seedbed.RegistryStats) {
	base := x.all
	if base == nil {
		base = x.countAll()
	}
	h := &histogram{kind: slices.Clone(base.kind), size: slices.Clone(base.size), typ: slices.Clone(base.typ), field: slices.Clone(base.field),
		path: base.path, total: base.total}
	for _, i := range x.deadList {
		h.add(&x.rows[i], -1)
	}
	st.Total += h.total
	for p, v := range x.dict {
		for _, c := range []struct {
			n []int
			m map[string]int
		}{{h.kind, st.ByKind}, {h.size, st.BySize}, {h.typ, st.ByType}, {h.field, st.ByField}} {
			if c.n[p] > 0 {
				c.m[v] += c.n[p]
			}
		}
	}
	for bits, n := range h.path {
		for _, p := range pathTags {
			if uint8(bits)&p.bit != 0 {
				st.ByPath[p.tag] += n
			}
		}
	}
}

// RegistryVersion is a number that rises with every write to the registry (bumpRegistry,
// bumpRebuilds): what caches of figures over the innovators are keyed by.
func (s *Store) RegistryVersion(ctx context.Context) (int64, error) {
	var v, rebuilds int64
	err := s.read.QueryRowContext(ctx, registryVersionQuery).Scan(&v, &rebuilds)
	return v<<20 + rebuilds, err
}
