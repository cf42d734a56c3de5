package app

import (
	"context"
	"slices"
	"sync"

	"seedbed"
	"seedbed/ecosystem"
	"seedbed/evaluation"
	"seedbed/sqlstore"
)

// Ecosystem computes the indicators of the innovation environment (package ecosystem) over the
// whole registry, its applications and awards, and the landmark outcomes of the monitoring
// snapshot's impact evaluation.
//
// It caches the loaded data and every scope computed from it. The cache carries the key of the
// data (sqlstore.EcosystemKey joined with the monitoring snapshot's key); every call reads the
// current key and reloads when it differs, so a write by this process or any other invalidates
// the cache on the next read. Nothing else does: there is no time-based expiry.
type Ecosystem struct {
	store      *sqlstore.Store
	monitoring *Monitoring // the landmarks come from its snapshot

	mu    sync.Mutex // guards cache; held while data is loaded, so callers wait for one load
	cache *ecosystemCache
}

// ecosystemCache is the data of one key and the scopes computed from it.
type ecosystemCache struct {
	key      string
	data     *ecosystem.Data
	computed map[ecosystem.Scope][]ecosystem.Indicator
}

// load returns the cache for the current data, loading it when the data changed. Call with
// e.mu held.
func (e *Ecosystem) load(ctx context.Context) (*ecosystemCache, error) {
	snap, err := e.monitoring.Snapshot(ctx)
	if err != nil {
		return nil, err
	}
	key, err := e.store.EcosystemKey(ctx)
	if err != nil {
		return nil, err
	}
	key += "|" + snap.Key
	if e.cache != nil && e.cache.key == key {
		return e.cache, nil
	}
	ins, err := e.store.EcosystemInnovators(ctx)
	if err != nil {
		return nil, err
	}
	apps, err := e.store.EcosystemApplications(ctx)
	if err != nil {
		return nil, err
	}
	awards, err := e.store.EcosystemAwards(ctx)
	if err != nil {
		return nil, err
	}
	e.cache = &ecosystemCache{key: key, computed: map[ecosystem.Scope][]ecosystem.Indicator{},
		data: ecosystem.NewData(e.store.Now(), ins, apps, awards, snapshotOutcomes(snap))}
	return e.cache, nil
}

// snapshotOutcomes turns the impact evaluation's scored outcomes into the engine's rows.
func snapshotOutcomes(sn *evaluation.MonitoringSnapshot) []ecosystem.Outcome {
	if sn.Impact == nil {
		return nil
	}
	out := make([]ecosystem.Outcome, len(sn.Impact.Outcomes))
	for i, o := range sn.Impact.Outcomes {
		sc := sn.Impact.OutcomeScores[i]
		out[i] = ecosystem.Outcome{AwardID: o.AwardID, InnovatorID: o.InnovatorID, Period: o.Period,
			Scored: sc.Status == evaluation.StatusOK, Landmark: sc.Landmark}
	}
	return out
}

// compute returns the scope's indicators from the cache, computing them on first use. Call
// with e.mu held.
func (c *ecosystemCache) compute(s ecosystem.Scope) []ecosystem.Indicator {
	if inds, ok := c.computed[s]; ok {
		return inds
	}
	inds := ecosystem.Compute(c.data, s)
	c.computed[s] = inds
	return inds
}

// Dimensions returns the regions, fields and years the indicators can be broken down by.
func (e *Ecosystem) Dimensions(ctx context.Context) (ecosystem.Dimensions, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	c, err := e.load(ctx)
	if err != nil {
		return ecosystem.Dimensions{}, err
	}
	return c.dimensions(), nil
}

func (c *ecosystemCache) dimensions() ecosystem.Dimensions {
	ys := c.data.Years()
	return ecosystem.Dimensions{Regions: c.data.Regions(), Fields: seedbed.Fields, Years: ys, CurrentYear: ys[len(ys)-1]}
}

// Indicators returns every indicator for the scope. EINVALID when the scope names a region no
// innovator is registered in, an unknown field or a year outside the data.
func (e *Ecosystem) Indicators(ctx context.Context, s ecosystem.Scope) ([]ecosystem.Indicator, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	c, err := e.load(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.Validate(c.data); err != nil {
		return nil, err
	}
	return c.compute(s), nil
}

// Trend returns the indicator key in every year of the data, for the scope's region and field.
// EINVALID for an unknown key or scope.
func (e *Ecosystem) Trend(ctx context.Context, s ecosystem.Scope, key string) ([]ecosystem.YearPoint, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	c, err := e.load(ctx)
	if err != nil {
		return nil, err
	}
	i, err := definitionIndex(key)
	if err != nil {
		return nil, err
	}
	if err := s.Validate(c.data); err != nil {
		return nil, err
	}
	return c.trend(s, i), nil
}

// trend computes the trend of the indicator at position i. Call with e.mu held.
func (c *ecosystemCache) trend(s ecosystem.Scope, i int) []ecosystem.YearPoint {
	var out []ecosystem.YearPoint
	for _, y := range c.data.Years() {
		out = append(out, ecosystem.YearPoint{Year: y, Indicator: c.compute(ecosystem.Scope{Region: s.Region, Field: s.Field, Year: y})[i]})
	}
	return out
}

// Compare returns the indicator key for every region (by "region") or every field (by "field")
// in the scope's year, keeping the scope's other dimension. EINVALID for an unknown key, scope
// or breakdown.
func (e *Ecosystem) Compare(ctx context.Context, s ecosystem.Scope, key, by string) ([]ecosystem.GroupPoint, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	c, err := e.load(ctx)
	if err != nil {
		return nil, err
	}
	i, err := definitionIndex(key)
	if err != nil {
		return nil, err
	}
	if err := s.Validate(c.data); err != nil {
		return nil, err
	}
	return c.compare(s, i, by)
}

// compare computes the indicator at position i for every region or field. Call with e.mu held.
func (c *ecosystemCache) compare(s ecosystem.Scope, i int, by string) ([]ecosystem.GroupPoint, error) {
	var out []ecosystem.GroupPoint
	switch by {
	case "region":
		for _, r := range c.data.Regions() {
			out = append(out, ecosystem.GroupPoint{Code: r, Label: seedbed.Same(r),
				Indicator: c.compute(ecosystem.Scope{Region: r, Field: s.Field, Year: s.Year})[i]})
		}
	case "field":
		for _, f := range seedbed.Fields {
			out = append(out, ecosystem.GroupPoint{Code: f.Code, Label: f.Label,
				Indicator: c.compute(ecosystem.Scope{Region: s.Region, Field: f.Code, Year: s.Year})[i]})
		}
	default:
		return nil, seedbed.FieldError("by", seedbed.Label{Zh: "只能按 region（地区）或 field（领域）比较", En: "compare by region or field"})
	}
	return out, nil
}

// Dashboard returns everything the leaders' dashboard shows for the scope, with the indicator
// compare compared across regions and fields, from one read of the data's key. EINVALID for an
// unknown scope or key.
func (e *Ecosystem) Dashboard(ctx context.Context, s ecosystem.Scope, compare string) (*ecosystem.Dashboard, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	c, err := e.load(ctx)
	if err != nil {
		return nil, err
	}
	ci, err := definitionIndex(compare)
	if err != nil {
		return nil, err
	}
	if err := s.Validate(c.data); err != nil {
		return nil, err
	}
	d := &ecosystem.Dashboard{Scope: s, Dimensions: c.dimensions(), Indicators: c.compute(s),
		Trends: map[string][]ecosystem.YearPoint{}, Compare: compare}
	for i, def := range ecosystem.Definitions {
		d.Trends[def.Key] = c.trend(s, i)
	}
	if d.ByRegion, err = c.compare(s, ci, "region"); err != nil {
		return nil, err
	}
	if d.ByField, err = c.compare(s, ci, "field"); err != nil {
		return nil, err
	}
	return d, nil
}

// Behind returns the awards behind the indicator key for the scope (ecosystem.Behind).
// EINVALID for an unknown scope or key, or an indicator not computed over awards.
func (e *Ecosystem) Behind(ctx context.Context, s ecosystem.Scope, key string) ([]ecosystem.Row, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	c, err := e.load(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.Validate(c.data); err != nil {
		return nil, err
	}
	return ecosystem.Behind(c.data, s, key)
}

// ProgramBreadth returns how broadly the program's awards reach (ecosystem.ProgramBreadth).
func (e *Ecosystem) ProgramBreadth(ctx context.Context, programID int64) (ecosystem.Breadth, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	c, err := e.load(ctx)
	if err != nil {
		return ecosystem.Breadth{}, err
	}
	return ecosystem.ProgramBreadth(c.data, programID), nil
}

// definitionIndex returns the position of key in ecosystem.Definitions, or EINVALID.
func definitionIndex(key string) (int, error) {
	i := slices.IndexFunc(ecosystem.Definitions, func(d ecosystem.Definition) bool { return d.Key == key })
	if i < 0 {
		return 0, seedbed.FieldError("key", seedbed.Label{Zh: "未知的指标“%s”", En: "unknown indicator %q"}, key)
	}
	return i, nil
}

// LabFacts returns the figures of the scope the ecosystem lab is calibrated from.
func (e *Ecosystem) LabFacts(ctx context.Context, s ecosystem.Scope) (ecosystem.LabFacts, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	c, err := e.load(ctx)
	if err != nil {
		return ecosystem.LabFacts{}, err
	}
	return c.data.LabFacts(s), nil
}
