package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"runtime"
	"sort"
	"sync"
	"time"
	"weak"

	"seedbed"
	"seedbed/evaluation"
)

// MonitoringParams are the settings of every monitoring computation: momentum, the complacency
// early warning and the impact evaluation (the landmark percentile among them).
type MonitoringParams struct {
	Evaluation evaluation.Params
	Impact     evaluation.ImpactParams
}

// DefaultMonitoringParams returns the defaults documented in docs/methods.md.
func DefaultMonitoringParams() MonitoringParams {
	return MonitoringParams{Evaluation: evaluation.DefaultParams(), Impact: evaluation.DefaultImpactParams()}
}

// MonitoredInnovator is what the monitoring pages need of an innovator besides its series.
type MonitoredInnovator struct {
	ID        int64  `json:"id"`
	Name      string `json:"name"`
	Field     string `json:"field"`
	SizeClass string `json:"size_class"`
}

// MonitoringSnapshot is the population-wide computation over everything stored: every
// innovator's series and momentum, every awardee's complacency assessment against matched
// unfunded innovators, and the percentile impact of every award. It is computed once per
// version of the data and then shared, read-only, by every page and API call.
type MonitoringSnapshot struct {
	Key        string        // the data it was computed from
	ComputedAt time.Time     // when
	Elapsed    time.Duration // how long loading and computing took
	Params     MonitoringParams
	Population evaluation.Population
	Results    *evaluation.Results
	Impact     *evaluation.Impact
	Awards     []seedbed.Award // every award, in Impact.Awards order (oldest first)
	Outcomes   []Outcome       // in Impact.Outcomes order
	Innovators map[int64]MonitoredInnovator

	firstAward map[int64]int // innovator → position in Awards of its first award
	awardPos   map[int64]int // award → position in Awards
}

// FirstAward returns the innovator's first award (the one its complacency is assessed from).
func (sn *MonitoringSnapshot) FirstAward(innovatorID int64) (*seedbed.Award, bool) {
	j, ok := sn.firstAward[innovatorID]
	if !ok {
		return nil, false
	}
	return &sn.Awards[j], true
}

// Momentum returns the innovator's momentum as of the last quarter of data, with its field
// percentile; false when the innovator has no data.
func (sn *MonitoringSnapshot) Momentum(innovatorID int64) (evaluation.MomentumResult, bool) {
	i, ok := sn.Population.Panel.Row(innovatorID)
	if !ok {
		return evaluation.MomentumResult{}, false
	}
	return sn.Results.Momentum[i], true
}

// Complacency returns the innovator's complacency assessment (status not_awarded for
// innovators never funded); false when the innovator has neither data nor an award.
func (sn *MonitoringSnapshot) Complacency(innovatorID int64) (evaluation.ComplacencyResult, bool) {
	i, ok := sn.Population.Panel.Row(innovatorID)
	if !ok {
		return evaluation.ComplacencyResult{}, false
	}
	return sn.Results.Complacency[i], true
}

// AwardScore returns the impact score of an award.
func (sn *MonitoringSnapshot) AwardScore(awardID int64) (evaluation.AwardScore, bool) {
	j, ok := sn.awardPos[awardID]
	if !ok {
		return evaluation.AwardScore{}, false
	}
	return sn.Impact.AwardScores[j], true
}

// Portfolio returns the impact figures of one program, or of every award when programID is 0.
func (sn *MonitoringSnapshot) Portfolio(programID int64) evaluation.Portfolio {
	if programID == 0 {
		return sn.Impact.Summarize(nil)
	}
	return sn.Impact.Summarize(func(a evaluation.Award) bool { return a.ProgramID == programID })
}

// monitoringCache keeps the latest snapshot of a Store (see policyCache for the keying).
type monitoringCache struct {
	mu     sync.Mutex
	params MonitoringParams
	snap   *MonitoringSnapshot
}

var monitoringCaches sync.Map // weak.Pointer[Store] → *monitoringCache

func (s *Store) monitoringCache() *monitoringCache {
	key := weak.Make(s)
	if v, ok := monitoringCaches.Load(key); ok {
		return v.(*monitoringCache)
	}
	v, loaded := monitoringCaches.LoadOrStore(key, &monitoringCache{params: DefaultMonitoringParams()})
	if !loaded {
		runtime.AddCleanup(s, func(k weak.Pointer[Store]) { monitoringCaches.Delete(k) }, key)
	}
	return v.(*monitoringCache)
}

// SetMonitoringParams changes the settings of the monitoring computations (for example the
// landmark percentile) for this store; the next snapshot uses them.
func (s *Store) SetMonitoringParams(p MonitoringParams) error {
	if _, err := evaluation.Evaluate(evaluation.Population{Panel: &evaluation.Panel{}}, p.Evaluation); err != nil {
		return err
	}
	if _, err := evaluation.ScoreImpact(nil, nil, p.Impact); err != nil {
		return err
	}
	mc := s.monitoringCache()
	mc.mu.Lock()
	defer mc.mu.Unlock()
	mc.params, mc.snap = p, nil
	return nil
}

// monitoringKey identifies the data every monitoring computation depends on: observations and
// outcomes (monitoring_state), the registry (fields and size classes), and the awards.
func (s *Store) monitoringKey(ctx context.Context) (string, error) {
	var mv, rv int64
	if err := s.read.QueryRowContext(ctx, `SELECT version FROM monitoring_state WHERE id = 1`).Scan(&mv); err != nil {
		return "", err
	}
	if err := s.read.QueryRowContext(ctx, `SELECT version FROM registry_version WHERE id = 1`).Scan(&rv); err != nil {
		return "", err
	}
	newest, total, err := s.FindAwards(ctx, seedbed.AwardFilter{Limit: 1})
	if err != nil {
		return "", err
	}
	var last int64
	if len(newest) > 0 {
		last = newest[0].ID
	}
	return fmt.Sprintf("m%d.r%d.a%d.%d", mv, rv, total, last), nil
}

// Monitoring returns the snapshot of the current data, computing it when the data changed since
// the last one (from any process). Concurrent callers wait for one computation.
func (s *Store) Monitoring(ctx context.Context) (*MonitoringSnapshot, error) {
	mc := s.monitoringCache()
	mc.mu.Lock()
	defer mc.mu.Unlock()
	key, err := s.monitoringKey(ctx)
	if err != nil {
		return nil, err
	}
	if mc.snap != nil && mc.snap.Key == key {
		return mc.snap, nil
	}
	snap, err := s.buildMonitoring(ctx, key, mc.params)
	if err != nil {
		return nil, err
	}
	mc.snap = snap
	return snap, nil
}

// allAwards reads every award through the programs module's FindAwards, oldest first.
func (s *Store) allAwards(ctx context.Context) ([]seedbed.Award, error) {
	var out []seedbed.Award
	for {
		page, total, err := s.FindAwards(ctx, seedbed.AwardFilter{Offset: len(out), Limit: 5000})
		if err != nil {
			return nil, err
		}
		out = append(out, page...)
		if len(page) == 0 || len(out) >= total {
			break
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].AwardedAt.Equal(out[j].AwardedAt) {
			return out[i].AwardedAt.Before(out[j].AwardedAt)
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}

// buildMonitoring loads every series, award and outcome and runs the evaluation.
func (s *Store) buildMonitoring(ctx context.Context, key string, p MonitoringParams) (*MonitoringSnapshot, error) {
	start := time.Now()
	awards, err := s.allAwards(ctx)
	if err != nil {
		return nil, err
	}
	sn := &MonitoringSnapshot{Key: key, Params: p, Awards: awards, firstAward: map[int64]int{}, awardPos: map[int64]int{},
		Innovators: map[int64]MonitoredInnovator{}}
	members := map[int64]bool{}
	for j, aw := range awards {
		sn.awardPos[aw.ID] = j
		if _, ok := sn.firstAward[aw.InnovatorID]; !ok {
			sn.firstAward[aw.InnovatorID] = j
		}
		members[aw.InnovatorID] = true
	}
	var lo, hi int64
	if err := s.read.QueryRowContext(ctx, `SELECT coalesce(min(period), 0), coalesce(max(period), 0) FROM observations`).Scan(&lo, &hi); err != nil {
		return nil, err
	}
	if err := eachRow(ctx, s.read, `SELECT DISTINCT innovator_id FROM observations`, nil, func(sc scanner) error {
		var id int64
		err := sc.Scan(&id)
		members[id] = true
		return err
	}); err != nil {
		return nil, err
	}
	ids := make([]int64, 0, len(members))
	for id := range members {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	if err := s.loadMonitoredInnovators(ctx, ids, sn.Innovators); err != nil {
		return nil, err
	}

	last := evaluation.Quarter(hi)
	if hi == 0 {
		last = s.CurrentQuarter()
	}
	first := max(evaluation.Quarter(lo), last.Add(1-evaluation.MaxPanelQuarters))
	if lo == 0 {
		first = last
	}
	panel, err := evaluation.NewPanel(ids, first, last)
	if err != nil {
		return nil, err
	}
	if err := s.loadPanel(ctx, panel); err != nil {
		return nil, err
	}
	profiles := make([]evaluation.Profile, len(ids))
	for i, id := range ids {
		in := sn.Innovators[id]
		profiles[i] = evaluation.Profile{Field: in.Field, SizeClass: in.SizeClass}
		if j, ok := sn.firstAward[id]; ok {
			profiles[i].Award = evaluation.QuarterOf(awards[j].AwardedAt.In(bureauZone))
		}
	}
	sn.Population = evaluation.Population{Panel: panel, Profiles: profiles}
	if sn.Results, err = evaluation.Evaluate(sn.Population, p.Evaluation); err != nil {
		return nil, err
	}

	evAwards := make([]evaluation.Award, len(awards))
	for j, aw := range awards {
		evAwards[j] = evaluation.Award{ID: aw.ID, InnovatorID: aw.InnovatorID, ProgramID: aw.ProgramID,
			Field: sn.Innovators[aw.InnovatorID].Field, Cohort: aw.AwardedAt.In(bureauZone).Year(), Funding: float64(aw.Amount) / 10000}
	}
	outs, _, err := s.FindOutcomes(ctx, OutcomeFilter{Limit: 100000})
	if err != nil {
		return nil, err
	}
	sort.Slice(outs, func(i, j int) bool { return outs[i].ID < outs[j].ID })
	evOuts := make([]evaluation.Outcome, len(outs))
	for j, o := range outs {
		evOuts[j] = evaluation.Outcome{InnovatorID: o.InnovatorID, AwardID: o.AwardID, Kind: o.Kind, Value: o.Value, Period: o.Period}
	}
	if sn.Impact, err = evaluation.ScoreImpact(evAwards, evOuts, p.Impact); err != nil {
		return nil, fmt.Errorf("impact: %w", err)
	}
	sn.Outcomes = outs
	sn.ComputedAt, sn.Elapsed = s.Now(), time.Since(start)
	return sn, nil
}

// loadMonitoredInnovators reads name, field and size class of the innovators ids.
func (s *Store) loadMonitoredInnovators(ctx context.Context, ids []int64, into map[int64]MonitoredInnovator) error {
	for start := 0; start < len(ids); start += 1000 {
		var w where
		w.inInt64("id", ids[start:min(start+1000, len(ids))])
		if err := eachRow(ctx, s.read, `SELECT id, name, field, size_class FROM innovators`+w.sql(), w.args, func(sc scanner) error {
			var in MonitoredInnovator
			err := sc.Scan(&in.ID, &in.Name, &in.Field, &in.SizeClass)
			into[in.ID] = in
			return err
		}); err != nil {
			return err
		}
	}
	return nil
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

// loadPanel fills the panel with every stored value in its quarter range.
func (s *Store) loadPanel(ctx context.Context, p *evaluation.Panel) error {
	rows, err := s.read.QueryContext(ctx, `SELECT innovator_id, indicator, period, value FROM observations WHERE period >= $1 AND period <= $2`,
		int64(p.First), int64(p.Last()))
	if err != nil {
		return err
	}
	defer rows.Close()
	var (
		id, q int64
		ind   sql.RawBytes
		v     float64
		lastI = int64(-1)
		row   int
	)
	for rows.Next() {
		if err := rows.Scan(&id, &ind, &q, &v); err != nil {
			return err
		}
		if id != lastI {
			r, ok := p.Row(id)
			if !ok {
				continue
			}
			lastI, row = id, r
		}
		if k, ok := indicatorPos[string(ind)]; ok {
			p.Set(row, k, evaluation.Quarter(q), v)
		}
	}
	return rows.Err()
}

// MonitoringParams returns the settings the store's monitoring computations use.
func (s *Store) MonitoringParams() MonitoringParams {
	mc := s.monitoringCache()
	mc.mu.Lock()
	defer mc.mu.Unlock()
	return mc.params
}
