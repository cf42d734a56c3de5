package sqlstore

import (
	"context"

	"seedbed"
)

// RegistryStats returns counts of the registry for dashboards and the lab's defaults.
func (s *Store) RegistryStats(ctx context.Context) (seedbed.RegistryStats, error) {
	st := seedbed.RegistryStats{ByKind: map[string]int{}, BySize: map[string]int{}, ByType: map[string]int{}, ByPath: map[string]int{}, ByField: map[string]int{}}
	for _, g := range []struct {
		col string
		m   map[string]int
	}{{"kind", st.ByKind}, {"size_class", st.BySize}, {"innovation_type", st.ByType}, {"field", st.ByField}} {
		rows, err := s.read.QueryContext(ctx, `SELECT `+g.col+`, count(*) FROM innovators GROUP BY `+g.col)
		if err != nil {
			return st, err
		}
		for rows.Next() {
			var k string
			var n int
			if err := rows.Scan(&k, &n); err != nil {
				rows.Close()
				return st, err
			}
			g.m[k] = n
			if g.col == "kind" {
				st.Total += n
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return st, err
		}
	}
	for _, tag := range []string{"非主流路线", "主流路线"} {
		var n int
		if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM innovators WHERE path_tags LIKE $1`, "%|"+tag+"|%").Scan(&n); err != nil {
			return st, err
		}
		st.ByPath[tag] = n
	}
	return st, nil
}

// RegistryVersion is a number that changes with every write to the registry (bumpRegistry):
// what caches of figures over the innovators are keyed by.
func (s *Store) RegistryVersion(ctx context.Context) (int64, error) {
	var v, rebuilds int64
	err := s.read.QueryRowContext(ctx, `SELECT version, rebuilds FROM registry_version WHERE id = 1`).Scan(&v, &rebuilds)
	return v<<20 + rebuilds, err
}
