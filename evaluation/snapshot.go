package evaluation

import (
	"fmt"
	"slices"
	"sort"
	"time"

	"seedbed"
)

// MonitoringParams are the settings of every monitoring computation: momentum, the complacency
// early warning and the impact evaluation (the landmark percentile among them).
type MonitoringParams struct {
	Evaluation Params
	Impact     ImpactParams
}

// DefaultMonitoringParams returns the defaults documented in docs/methods.md.
func DefaultMonitoringParams() MonitoringParams {
	return MonitoringParams{Evaluation: DefaultParams(), Impact: DefaultImpactParams()}
}

// Validate reports whether every computation accepts the parameters.
func (p MonitoringParams) Validate() error {
	if _, err := Evaluate(Population{Panel: &Panel{}}, p.Evaluation); err != nil {
		return err
	}
	_, err := ScoreImpact(nil, nil, p.Impact)
	return err
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
	Population Population
	Results    *Results
	Impact     *Impact
	Awards     []seedbed.Award // every award, in Impact.Awards order (oldest first)
	Outcomes   []OutcomeRecord // in Impact.Outcomes order
	Innovators map[int64]MonitoredInnovator
	// Assessed and NotEnoughData count the innovators of Results.Complacency whose complacency
	// was assessed (StatusOK) and those with too few data, once for every page that shows them.
	Assessed, NotEnoughData int

	firstAward map[int64]int // innovator → position in Awards of its first award
	awardPos   map[int64]int // award → position in Awards
}

// SnapshotData is what a monitoring snapshot is computed from.
type SnapshotData struct {
	Key        string                       // identifies the data, for callers that cache
	Awards     []seedbed.Award              // every award, in any order
	Panel      *Panel                       // the series of every innovator of SnapshotPanel
	Innovators map[int64]MonitoredInnovator // name, field and size class of the panel's innovators
	Outcomes   []OutcomeRecord              // every outcome, in any order
}

// sortAwards orders awards oldest first (ties by id), the order a snapshot keeps them in.
func sortAwards(awards []seedbed.Award) {
	sort.Slice(awards, func(i, j int) bool {
		if !awards[i].AwardedAt.Equal(awards[j].AwardedAt) {
			return awards[i].AwardedAt.Before(awards[j].AwardedAt)
		}
		return awards[i].ID < awards[j].ID
	})
}

// SnapshotPanel returns the empty panel a snapshot fills: a row for every awardee and every
// innovator with data (observed), and the quarters from lo to hi — the range of the stored
// values — at most MaxPanelQuarters of them; hi and lo are zero when nothing is stored, and the
// panel is then the current quarter only.
func SnapshotPanel(awards []seedbed.Award, observed []int64, lo, hi, current Quarter) (*Panel, error) {
	return NewPanel(SnapshotGrid(awards, observed, lo, hi, current))
}

// SnapshotGrid returns the innovators (sorted) and the quarters of the panel SnapshotPanel makes,
// for a loader that fills the panel's rows itself (NewUnsetPanel).
func SnapshotGrid(awards []seedbed.Award, observed []int64, lo, hi, current Quarter) (ids []int64, first, last Quarter) {
	ids = make([]int64, 0, len(observed)+len(awards))
	ids = append(ids, observed...)
	for _, aw := range awards {
		ids = append(ids, aw.InnovatorID)
	}
	slices.Sort(ids) // the observed innovators mostly come in order
	ids = slices.Compact(ids)
	last = hi
	if hi == 0 {
		last = current
	}
	first = max(lo, last.Add(1-MaxPanelQuarters))
	if lo == 0 {
		first = last
	}
	return ids, first, last
}

// NewMonitoringSnapshot computes momentum, complacency and impact over the data. ComputedAt and
// Elapsed are left for the caller, which knows the clock.
func NewMonitoringSnapshot(d SnapshotData, p MonitoringParams) (*MonitoringSnapshot, error) {
	awards := append([]seedbed.Award(nil), d.Awards...)
	sortAwards(awards)
	sn := &MonitoringSnapshot{Key: d.Key, Params: p, Awards: awards, Innovators: d.Innovators,
		firstAward: map[int64]int{}, awardPos: map[int64]int{}}
	if sn.Innovators == nil {
		sn.Innovators = map[int64]MonitoredInnovator{}
	}
	for j, aw := range awards {
		sn.awardPos[aw.ID] = j
		if _, ok := sn.firstAward[aw.InnovatorID]; !ok {
			sn.firstAward[aw.InnovatorID] = j
		}
	}
	ids := d.Panel.IDs
	profiles := make([]Profile, len(ids))
	for i, id := range ids {
		in := sn.Innovators[id]
		profiles[i] = Profile{Field: in.Field, SizeClass: in.SizeClass}
		if j, ok := sn.firstAward[id]; ok {
			profiles[i].Award = QuarterOf(awards[j].AwardedAt.In(BureauZone))
		}
	}
	sn.Population = Population{Panel: d.Panel, Profiles: profiles}
	var err error
	if sn.Results, err = Evaluate(sn.Population, p.Evaluation); err != nil {
		return nil, err
	}
	evAwards := make([]Award, len(awards))
	for j, aw := range awards {
		evAwards[j] = Award{ID: aw.ID, InnovatorID: aw.InnovatorID, ProgramID: aw.ProgramID,
			Field: sn.Innovators[aw.InnovatorID].Field, Cohort: aw.AwardedAt.In(BureauZone).Year(), Funding: float64(aw.Amount) / 10000}
	}
	outs := append([]OutcomeRecord(nil), d.Outcomes...)
	sort.Slice(outs, func(i, j int) bool { return outs[i].ID < outs[j].ID })
	evOuts := make([]Outcome, len(outs))
	for j, o := range outs {
		evOuts[j] = Outcome{InnovatorID: o.InnovatorID, AwardID: o.AwardID, Kind: o.Kind, Value: o.Value, Period: o.Period}
	}
	if sn.Impact, err = ScoreImpact(evAwards, evOuts, p.Impact); err != nil {
		return nil, fmt.Errorf("impact: %w", err)
	}
	sn.Outcomes = outs
	for i := range sn.Results.Complacency {
		switch sn.Results.Complacency[i].Status {
		case StatusOK:
			sn.Assessed++
		case StatusNotEnoughData:
			sn.NotEnoughData++
		}
	}
	return sn, nil
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
func (sn *MonitoringSnapshot) Momentum(innovatorID int64) (MomentumResult, bool) {
	i, ok := sn.Population.Panel.Row(innovatorID)
	if !ok {
		return MomentumResult{}, false
	}
	return sn.Results.Momentum[i], true
}

// Complacency returns the innovator's complacency assessment (status not_awarded for
// innovators never funded); false when the innovator has neither data nor an award.
func (sn *MonitoringSnapshot) Complacency(innovatorID int64) (ComplacencyResult, bool) {
	i, ok := sn.Population.Panel.Row(innovatorID)
	if !ok {
		return ComplacencyResult{}, false
	}
	return sn.Results.Complacency[i], true
}

// AwardScore returns the impact score of an award.
func (sn *MonitoringSnapshot) AwardScore(awardID int64) (AwardScore, bool) {
	j, ok := sn.awardPos[awardID]
	if !ok {
		return AwardScore{}, false
	}
	return sn.Impact.AwardScores[j], true
}

// Portfolio returns the impact figures of one program, or of every award when programID is 0.
func (sn *MonitoringSnapshot) Portfolio(programID int64) Portfolio {
	if programID == 0 {
		return sn.Impact.Summarize(nil)
	}
	return sn.Impact.Summarize(func(a Award) bool { return a.ProgramID == programID })
}
