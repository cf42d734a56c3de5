package policy

import (
	"sort"
	"time"

	"seedbed"
)

// A reform comparison evaluates a population under two versions of a policy, as OpenFisca
// evaluates a reform over a population: the version in force (the baseline) and the new one,
// both on the same day (the new version's first day), so that only the rules differ. It counts,
// by segment of the registry (the innovator's kind and, for firms, size class), who gains or
// loses eligibility, who is granted more or less money, and lists them.

// Reform changes.
const (
	ReformGains     = "gains"     // eligible under the new version, not under the baseline
	ReformLoses     = "loses"     // eligible under the baseline, not under the new version
	ReformMore      = "more"      // eligible under both, granted more money
	ReformLess      = "less"      // eligible under both, granted less money
	ReformUndecided = "undecided" // undecided under either: the data do not say
)

// ReformChanges names the changes for people.
var ReformChanges = seedbed.OptionSet{
	{Code: ReformGains, Label: seedbed.Label{Zh: "新获资格", En: "gains eligibility"}},
	{Code: ReformLoses, Label: seedbed.Label{Zh: "失去资格", En: "loses eligibility"}},
	{Code: ReformMore, Label: seedbed.Label{Zh: "资助增加", En: "granted more"}},
	{Code: ReformLess, Label: seedbed.Label{Zh: "资助减少", En: "granted less"}},
	{Code: ReformUndecided, Label: seedbed.Label{Zh: "无法判定", En: "undecided"}},
}

// ReformRow is one innovator whose outcome the reform changes.
type ReformRow struct {
	InnovatorID int64         `json:"innovator_id"`
	Name        string        `json:"name"`
	Segment     string        `json:"segment"`
	SegmentName seedbed.Label `json:"segment_label"`
	Change      string        `json:"change"`
	Before      Status        `json:"before"`
	After       Status        `json:"after"`
	MoneyBefore float64       `json:"money_before"` // 万元 granted under the baseline
	MoneyAfter  float64       `json:"money_after"`
}

// ReformSegment counts the changes within one segment of the registry.
type ReformSegment struct {
	Segment   string        `json:"segment"`
	Label     seedbed.Label `json:"label"`
	Total     int           `json:"total"`
	Gains     int           `json:"gains"`
	Loses     int           `json:"loses"`
	More      int           `json:"more"`
	Less      int           `json:"less"`
	Undecided int           `json:"undecided"`
	// MoneyDelta is the change in money granted to the segment's eligible innovators, 万元.
	MoneyDelta float64 `json:"money_delta"`
}

// ReformComparison is the whole comparison.
type ReformComparison struct {
	PolicyID  string          `json:"policy_id"`
	Baseline  int             `json:"baseline_version"` // 0: no version in force before the new one
	Version   int             `json:"version"`
	AsOf      Date            `json:"as_of"`
	Total     ReformSegment   `json:"total"`
	Segments  []ReformSegment `json:"segments"`
	Rows      []ReformRow     `json:"rows"`       // at most the limit, in innovator id order
	Truncated bool            `json:"truncated"`  // more rows changed than listed
	Unit      string          `json:"money_unit"` // wan_yuan
}

// Reform accumulates a comparison over a stream of innovators.
type Reform struct {
	base, next *Compiled
	asOf       time.Time
	limit      int
	x          Input
	out        ReformComparison
	segs       map[string]*ReformSegment
}

// NewReform starts comparing next against base (nil: nothing was in force) on next's first
// day, listing at most limit changed innovators.
func NewReform(base, next *Compiled, limit int) *Reform {
	r := &Reform{base: base, next: next, limit: limit, segs: map[string]*ReformSegment{}}
	r.asOf = next.doc.EffectiveFrom.Time()
	r.out = ReformComparison{PolicyID: next.ID(), Version: next.Version(), AsOf: next.doc.EffectiveFrom, Rows: []ReformRow{},
		Unit: "wan_yuan", Total: ReformSegment{Segment: "all", Label: seedbed.Label{Zh: "全部", En: "all"}}}
	if base != nil {
		r.out.Baseline = base.Version()
	}
	return r
}

// Add compares the outcomes of one innovator; in may be reused by the caller afterwards.
func (r *Reform) Add(in *seedbed.Innovator) {
	r.x.Reset(in, r.asOf, nil)
	before, mb := Ineligible, 0.0
	if r.base != nil {
		before, mb = r.outcome(r.base)
	}
	after, ma := r.outcome(r.next)
	key, label := segmentOf(in)
	seg := r.segs[key]
	if seg == nil {
		seg = &ReformSegment{Segment: key, Label: label}
		r.segs[key] = seg
	}
	change := ""
	switch {
	case before == Undecided || after == Undecided:
		if before != after {
			change = ReformUndecided
		}
	case before != Eligible && after == Eligible:
		change = ReformGains
	case before == Eligible && after != Eligible:
		change = ReformLoses
	case before == Eligible && ma > mb+1e-9:
		change = ReformMore
	case before == Eligible && ma < mb-1e-9:
		change = ReformLess
	}
	for _, s := range []*ReformSegment{seg, &r.out.Total} {
		s.Total++
		s.MoneyDelta += ma - mb
		switch change {
		case ReformGains:
			s.Gains++
		case ReformLoses:
			s.Loses++
		case ReformMore:
			s.More++
		case ReformLess:
			s.Less++
		case ReformUndecided:
			s.Undecided++
		}
	}
	if change == "" {
		return
	}
	if len(r.out.Rows) >= r.limit {
		r.out.Truncated = true
		return
	}
	r.out.Rows = append(r.out.Rows, ReformRow{InnovatorID: in.ID, Name: in.Name, Segment: key, SegmentName: label, Change: change, Before: before, After: after,
		MoneyBefore: round4(mb), MoneyAfter: round4(ma)})
}

// outcome is the status of the innovator under c and, when eligible, the money granted in 万元.
func (r *Reform) outcome(c *Compiled) (Status, float64) {
	st := c.Decide(&r.x)
	if st != Eligible {
		return st, 0
	}
	money := 0.0
	for _, ci := range c.instruments {
		if a := ci.evaluate(&r.x); a.Outcome == Pass && a.Unit == "wan_yuan" {
			money += a.Value
		}
	}
	return st, money
}

// Result returns the comparison, segments in order of their keys.
func (r *Reform) Result() *ReformComparison {
	out := r.out
	out.Segments = make([]ReformSegment, 0, len(r.segs))
	for _, s := range r.segs {
		s.MoneyDelta = round4(s.MoneyDelta)
		out.Segments = append(out.Segments, *s)
	}
	sort.Slice(out.Segments, func(i, j int) bool { return out.Segments[i].Segment < out.Segments[j].Segment })
	out.Total.MoneyDelta = round4(out.Total.MoneyDelta)
	return &out
}

// segmentOf is an innovator's segment of the registry: its kind, and for firms its size class.
func segmentOf(in *seedbed.Innovator) (string, seedbed.Label) {
	kind := seedbed.Kinds.Label(in.Kind)
	if in.Kind != seedbed.KindEnterprise || in.SizeClass == "" {
		return in.Kind, kind
	}
	size := seedbed.SizeClasses.Label(in.SizeClass)
	return in.Kind + "/" + in.SizeClass, seedbed.Label{Zh: kind.Zh + "·" + size.Zh, En: kind.En + " · " + size.En}
}
