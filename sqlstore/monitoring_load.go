package sqlstore

import (
	"context"
	"slices"
	"sync"

	"seedbed"
	"seedbed/evaluation"
)

// MonitoringData reads everything a monitoring snapshot is computed from — every award, the
// observed innovators and quarters, the panel of their series, the monitored innovators' names,
// fields and size classes, and every outcome — with the reads spread over the read connections:
// the awards, the observed innovators and the outcomes side by side, then the series in two
// halves beside the innovators' names. current is the quarter the store's clock is in (the
// panel's only quarter when nothing is stored). Key is left for the caller.
//
// The awards carry their row only: the snapshot and the pages built on it need no tranches,
// reports, changes or closeout, and reading those for every award took a quarter of the time.
func (s *Store) MonitoringData(ctx context.Context, current evaluation.Quarter) (evaluation.SnapshotData, error) {
	var (
		d                evaluation.SnapshotData
		observed         []int64
		lo, hi           evaluation.Quarter
		errAw, errOb, eo error
		wg               sync.WaitGroup
	)
	wg.Go(func() { d.Awards, errAw = s.awardRows(ctx) })
	wg.Go(func() { observed, lo, hi, errOb = s.observedSeries(ctx) })
	wg.Go(func() { d.Outcomes, eo = s.allOutcomes(ctx) })
	wg.Wait()
	if err := firstError(errAw, errOb, eo); err != nil {
		return d, err
	}
	// The panel's cells are not cleared first: each row is written whole by the loaders, and
	// the rows of awardees without a series are cleared after them.
	ids, first, last := evaluation.SnapshotGrid(d.Awards, observed, lo, hi, current)
	panel, err := evaluation.NewUnsetPanel(ids, first, last)
	if err != nil {
		return d, err
	}
	d.Panel = panel
	var errIn, errA, errB error
	mid := int64(0)
	if len(ids) > 0 {
		mid = ids[len(ids)/2]
	}
	set := make([]bool, len(ids))
	wg.Go(func() { d.Innovators, errIn = s.MonitoredInnovators(ctx, ids) })
	wg.Go(func() { errA = loadSeriesPanel(ctx, s.read, panel, 0, mid, set) })
	wg.Go(func() { errB = loadSeriesPanel(ctx, s.read, panel, mid, 0, set) })
	wg.Wait()
	for r, ok := range set {
		if !ok {
			panel.ClearRow(r)
		}
	}
	return d, firstError(errIn, errA, errB)
}

func firstError(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// awardRows reads every award's row (no tranches, reports, changes or closeout), by id.
func (s *Store) awardRows(ctx context.Context) ([]seedbed.Award, error) {
	var out []seedbed.Award
	err := eachRow(ctx, s.read, `SELECT `+awardColumns+awardFrom+` ORDER BY w.id`, nil, func(sc scanner) error {
		aw, err := scanAward(sc)
		if err == nil {
			out = append(out, *aw)
		}
		return err
	})
	return out, err
}

// observedSeries returns the innovators with at least one stored value and the first and last
// quarter of any stored value (zero when none is), in one pass over the packed series.
func (s *Store) observedSeries(ctx context.Context) (ids []int64, lo, hi evaluation.Quarter, err error) {
	err = eachRow(ctx, s.read, `SELECT innovator_id, first_period, last_period FROM observation_series`, nil, func(sc scanner) error {
		var id, f, l int64
		if err := sc.Scan(&id, &f, &l); err != nil {
			return err
		}
		ids = append(ids, id)
		if lo == 0 || evaluation.Quarter(f) < lo {
			lo = evaluation.Quarter(f)
		}
		hi = max(hi, evaluation.Quarter(l))
		return nil
	})
	return ids, lo, hi, err
}

// allOutcomes reads every outcome, newest first.
func (s *Store) allOutcomes(ctx context.Context) ([]evaluation.OutcomeRecord, error) {
	out := []evaluation.OutcomeRecord{}
	err := eachRow(ctx, s.read, `SELECT `+outcomeColumns+` FROM outcomes ORDER BY id DESC`, nil, func(sc scanner) error {
		o, err := scanOutcome(sc)
		out = append(out, o)
		return err
	})
	return out, err
}

// AwardRowsByID returns the row of each award ids names (no tranches, reports, changes or
// closeout), by id; an id with no award is absent.
func (s *Store) AwardRowsByID(ctx context.Context, ids []int64) (map[int64]*seedbed.Award, error) {
	out := make(map[int64]*seedbed.Award, len(ids))
	ids = slices.Clone(ids)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	const chunk = 128 // see MonitoredInnovators
	for start := 0; start < len(ids); start += chunk {
		var w where
		w.inInt64("w.id", ids[start:min(start+chunk, len(ids))])
		if err := eachRow(ctx, s.read, `SELECT `+awardColumns+awardFrom+w.sql(), w.args, func(sc scanner) error {
			aw, err := scanAward(sc)
			if err == nil {
				out[aw.ID] = aw
			}
			return err
		}); err != nil {
			return nil, err
		}
	}
	return out, nil
}
