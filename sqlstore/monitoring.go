package sqlstore

import (
	"context"
	"fmt"
	"slices"

	"seedbed/evaluation"
)

// MonitoringKey identifies the data every monitoring computation depends on: observations and
// outcomes, the monitored innovators' names, fields and size classes (all counted in
// monitoring_version: a change of an innovator or an erasure bumps it too), and the awards. It
// changes whenever any of them is written, by this process or another. Registering a new
// innovator does not change it: an innovator enters monitoring only with its first value or
// award, which do.
func (s *Store) MonitoringKey(ctx context.Context) (string, error) {
	var mv int64
	if err := s.read.QueryRowContext(ctx, monitoringVersionQuery).Scan(&mv); err != nil {
		return "", err
	}
	total, last, err := s.awardsCount(ctx)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("m%d.a%d.%d", mv, total, last), nil
}

// ObservedPeriods returns the first and last quarter of any stored value, zero when none is stored.
func (s *Store) ObservedPeriods(ctx context.Context) (lo, hi evaluation.Quarter, err error) {
	var l, h int64
	err = s.read.QueryRowContext(ctx, `SELECT coalesce(min(first_period), 0), coalesce(max(last_period), 0) FROM observation_series`).Scan(&l, &h)
	return evaluation.Quarter(l), evaluation.Quarter(h), err
}

// ObservedInnovators returns the innovators with at least one stored value.
func (s *Store) ObservedInnovators(ctx context.Context) ([]int64, error) {
	var ids []int64
	err := eachRow(ctx, s.read, `SELECT innovator_id FROM observation_series`, nil, func(sc scanner) error {
		var id int64
		err := sc.Scan(&id)
		ids = append(ids, id)
		return err
	})
	return ids, err
}

// MonitoredInnovators returns name, field and size class of the innovators ids.
func (s *Store) MonitoredInnovators(ctx context.Context, ids []int64) (map[int64]evaluation.MonitoredInnovator, error) {
	into := make(map[int64]evaluation.MonitoredInnovator, len(ids))
	sorted := slices.Sorted(slices.Values(ids))
	read := func(w where, keep func(id int64) bool) error {
		return eachRow(ctx, s.read, `SELECT id, name, field, size_class FROM innovators`+w.sql(), w.args, func(sc scanner) error {
			var in evaluation.MonitoredInnovator
			if err := sc.Scan(&in.ID, &in.Name, &in.Field, &in.SizeClass); err != nil {
				return err
			}
			if keep(in.ID) {
				into[in.ID] = in
			}
			return nil
		})
	}
	all := func(int64) bool { return true }
	// SQLite finds each numbered parameter by walking the statement's list of them, so a
	// statement's cost grows with the square of its parameters: 1,000 of them took ten times
	// the time of 128. Where the ids asked for are most of a range of ids (a large region's
	// monitored innovators are), the range is read in one statement and the rows not asked for
	// are passed over: a million lookups by id cost more than reading the range.
	const chunk, rangeChunk = 128, 4096
	for start := 0; start < len(sorted); {
		// the longest run from start, of at most rangeChunk ids and halved until it is dense
		end := min(start+rangeChunk, len(sorted))
		for end-start > chunk && sorted[end-1]-sorted[start] >= 2*int64(end-start) {
			end = start + (end-start)/2
		}
		if end-start > chunk {
			asked := sorted[start:end]
			var w where
			w.add("id >= ?", asked[0])
			w.add("id <= ?", asked[len(asked)-1])
			wanted := func(id int64) bool {
				_, ok := slices.BinarySearch(asked, id)
				return ok
			}
			if err := read(w, wanted); err != nil {
				return nil, err
			}
			start = end
			continue
		}
		end = min(start+chunk, len(sorted))
		var w where
		w.inInt64("id", sorted[start:end])
		if err := read(w, all); err != nil {
			return nil, err
		}
		start = end
	}
	return into, nil
}

// indicatorPos maps indicator codes to catalogue positions; indexing it with string(b) of a
// byte slice does not allocate.
var indicatorPos = func() map[string]int {
	m := map[string]int{}
	for k, ind := range evaluation.Catalogue {
		m[ind.Code] = k
	}
	return m
}()

// LoadPanel fills the panel with every stored value of its innovators in its quarter range, from
// the packed series (one row per innovator).
func (s *Store) LoadPanel(ctx context.Context, p *evaluation.Panel) error {
	return loadSeriesPanel(ctx, s.read, p, 0, 0, nil)
}
