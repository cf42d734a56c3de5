package sqlstore

import (
	"bytes"
	"context"

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
	x.addStats(&st)
	if x.overlay != nil {
		x.overlay.addStats(&st)
	}
	return st, nil
}

// addStats adds this index's own live entries to st.
func (x *searchIndex) addStats(st *seedbed.RegistryStats) {
	kind, size, typ, field := make([]int, len(x.dict)), make([]int, len(x.dict)), make([]int, len(x.dict)), make([]int, len(x.dict))
	var path [4]int
	for i := range x.rows {
		if x.isDead(i) {
			continue
		}
		r := &x.rows[i]
		kind[r.kind]++
		size[r.size]++
		typ[r.typ]++
		field[r.field]++
		path[r.path]++
		st.Total++
	}
	for p, v := range x.dict {
		for _, c := range []struct {
			n []int
			m map[string]int
		}{{kind, st.ByKind}, {size, st.BySize}, {typ, st.ByType}, {field, st.ByField}} {
			if c.n[p] > 0 {
				c.m[v] += c.n[p]
			}
		}
	}
	for bits, n := range path {
		for _, p := range pathTags {
			if uint8(bits)&p.bit != 0 {
				st.ByPath[p.tag] += n
			}
		}
	}
}

// RegistryVersion is a number that changes with every write to the registry (bumpRegistry):
// what caches of figures over the innovators are keyed by.
func (s *Store) RegistryVersion(ctx context.Context) (int64, error) {
	var v, rebuilds int64
	err := s.read.QueryRowContext(ctx, `SELECT version, rebuilds FROM registry_version WHERE id = 1`).Scan(&v, &rebuilds)
	return v<<20 + rebuilds, err
}
