package ecosystem

import (
	"sort"
	"time"

	"seedbed/evaluation"
)

// frame holds the rows of one scope: the innovators registered, the applicants, the awards
// made and the awards failed in the scope's region, field and year. Derived sets are computed
// on first use.
type frame struct {
	d          *Data
	s          Scope
	registered []*Innovator // registered in the year
	applicants []*Innovator // distinct innovators that submitted an application in the year
	awards     []*Award     // awards made in the year, oldest first
	failed     []*Award     // awards that ended without success in the year, first per innovator

	money      []float64
	mainstream map[string]bool
	topTen     map[int64]bool
	landmarkA  map[int64]bool
}

func newFrame(d *Data, s Scope) *frame {
	f := &frame{d: d, s: s}
	for i := range d.list {
		if in := &d.list[i]; s.has(in) && s.during(in.year) {
			f.registered = append(f.registered, in)
		}
	}
	seen := map[int64]bool{}
	for i := range d.Applications {
		a := &d.Applications[i]
		if s.during(a.year) && s.has(a.in) && !seen[a.InnovatorID] {
			seen[a.InnovatorID] = true
			f.applicants = append(f.applicants, a.in)
		}
	}
	failedSeen := map[int64]bool{}
	for i := range d.Awards {
		a := &d.Awards[i]
		if !s.has(a.in) {
			continue
		}
		if s.during(a.year) {
			f.awards = append(f.awards, a)
		}
		if a.Failed() && s.during(a.closedYear) && !failedSeen[a.InnovatorID] {
			failedSeen[a.InnovatorID] = true
			f.failed = append(f.failed, a)
		}
	}
	return f
}

// awardees returns the distinct innovators of the frame's awards.
func (f *frame) awardees() []*Innovator {
	seen := map[int64]bool{}
	var out []*Innovator
	for _, a := range f.awards {
		if !seen[a.InnovatorID] {
			seen[a.InnovatorID] = true
			out = append(out, f.d.Innovators[a.InnovatorID])
		}
	}
	return out
}

// moneyByAwardee returns the money each awardee received in the frame, one value per awardee.
func (f *frame) moneyByAwardee() []float64 {
	if f.money == nil {
		by := map[int64]float64{}
		for _, a := range f.awards {
			by[a.InnovatorID] += float64(a.Amount)
		}
		f.money = make([]float64, 0, len(by))
		for _, v := range by {
			f.money = append(f.money, v)
		}
	}
	return f.money
}

// top10 returns the ten awardees that received the most money (ties by id).
func (f *frame) top10() map[int64]bool {
	if f.topTen == nil {
		by := map[int64]float64{}
		for _, a := range f.awards {
			by[a.InnovatorID] += float64(a.Amount)
		}
		ids := make([]int64, 0, len(by))
		for id := range by {
			ids = append(ids, id)
		}
		sort.Slice(ids, func(i, j int) bool {
			if by[ids[i]] != by[ids[j]] {
				return by[ids[i]] > by[ids[j]]
			}
			return ids[i] < ids[j]
		})
		f.topTen = map[int64]bool{}
		for _, id := range ids[:min(10, len(ids))] {
			f.topTen[id] = true
		}
	}
	return f.topTen
}

// landmarkAwards returns the awards with a landmark outcome in the frame.
func (f *frame) landmarkAwards() map[int64]bool {
	if f.landmarkA == nil {
		f.landmarkA = map[int64]bool{}
		for _, o := range f.d.Outcomes {
			if o.Landmark && f.s.duringQuarter(o.Period) && f.s.has(f.d.Innovators[o.InnovatorID]) {
				f.landmarkA[o.AwardID] = true
			}
		}
	}
	return f.landmarkA
}

func isSME(f *frame, a *Award) bool        { return a.in.SME() }
func isGrassroots(f *frame, a *Award) bool { return a.in.Grassroots() }
func isFirst(f *frame, a *Award) bool      { return f.d.firstAward[a.InnovatorID] == a.ID }
func all(*frame, *Award) bool              { return true }

// innovatorShare is the share of innovators for which pred holds.
func innovatorShare(ins []*Innovator, pred func(*Innovator) bool) (float64, int, bool) {
	n := 0
	for _, in := range ins {
		if pred(in) {
			n++
		}
	}
	v, ok := Share(float64(n), float64(len(ins)))
	return v, len(ins), ok && len(ins) >= MinBase
}

// awardShare is the share of the frame's awards (by count, or by money) for which pred holds.
func awardShare(f *frame, pred func(*frame, *Award) bool, money bool) (float64, int, bool) {
	var part, whole float64
	for _, a := range f.awards {
		w := 1.0
		if money {
			w = float64(a.Amount)
		}
		whole += w
		if pred(f, a) {
			part += w
		}
	}
	v, ok := Share(part, whole)
	return v, len(f.awards), ok && len(f.awards) >= MinBase
}

// concentration applies an index to the money per awardee.
func concentration(f *frame, index func([]float64) (float64, bool)) (float64, int, bool) {
	m := f.moneyByAwardee()
	v, ok := index(m)
	return v, len(m), ok && len(m) >= MinBase
}

// pathEntropy is the entropy of the technical path tags of the innovators, each innovator
// counting once for each of its tags; innovators without tags do not count.
func pathEntropy(ins []*Innovator) (float64, int, bool) {
	counts, n := map[string]int{}, 0
	for _, in := range ins {
		if len(in.PathTags) > 0 {
			n++
		}
		for _, t := range in.PathTags {
			counts[t]++
		}
	}
	v, ok := Entropy(counts)
	return v, n, ok && n >= MinBase
}

// fieldEntropy is the entropy of the innovators' technical fields; innovators without a field
// do not count.
func fieldEntropy(ins []*Innovator) (float64, int, bool) {
	counts, n := map[string]int{}, 0
	for _, in := range ins {
		if in.Field != "" {
			counts[in.Field]++
			n++
		}
	}
	v, ok := Entropy(counts)
	return v, n, ok && n >= MinBase
}

// retryShare is the share of the frame's failed innovators with a time in times (their
// applications or awards) after their failure.
func retryShare(f *frame, times map[int64][]time.Time) (float64, int, bool) {
	n := 0
	for _, a := range f.failed {
		if _, ok := after(times[a.InnovatorID], a.Closed); ok {
			n++
		}
	}
	v, ok := Share(float64(n), float64(len(f.failed)))
	return v, len(f.failed), ok && len(f.failed) >= MinBase
}

// retryDays is the median number of days from a failure to the innovator's next application,
// over the failed innovators that applied again.
func retryDays(f *frame) (float64, int, bool) {
	var days []float64
	for _, a := range f.failed {
		if t, ok := after(f.d.appTimes[a.InnovatorID], a.Closed); ok {
			days = append(days, t.Sub(a.Closed).Hours()/24)
		}
	}
	v, ok := Median(days)
	return v, len(days), ok && len(days) >= MinBase
}

// landmarks counts the landmark outcomes achieved in the frame. With no scored outcome in the
// frame there is no figure: zero landmarks would then say nothing.
func landmarks(f *frame) (float64, int, bool) {
	n, scored := 0, 0
	for _, o := range f.d.Outcomes {
		if !f.s.duringQuarter(o.Period) || !f.s.has(f.d.Innovators[o.InnovatorID]) {
			continue
		}
		if o.Scored {
			scored++
		}
		if o.Landmark {
			n++
		}
	}
	return float64(n), scored, scored > 0
}

// firstLandmarkDays is the median number of days from an innovator's first award to the start
// of the quarter of its first landmark, over the innovators whose first landmark falls in the
// frame.
func firstLandmarkDays(f *frame) (float64, int, bool) {
	first := map[int64]evaluation.Quarter{}
	for _, o := range f.d.Outcomes {
		if o.Landmark && (first[o.InnovatorID] == 0 || o.Period < first[o.InnovatorID]) {
			first[o.InnovatorID] = o.Period
		}
	}
	var days []float64
	for id, q := range first {
		in := f.d.Innovators[id]
		aw := f.d.awardByID[f.d.firstAward[id]]
		if !f.s.has(in) || !f.s.duringQuarter(q) || aw == nil {
			continue
		}
		days = append(days, max(0, q.Start(evaluation.BureauZone).Sub(aw.Awarded).Hours()/24))
	}
	v, ok := Median(days)
	return v, len(days), ok && len(days) >= MinBase
}

// multiYearSmall reports an award to an SME or a grassroots team or individual whose horizon is
// at least MultiYearMonths.
func multiYearSmall(f *frame, a *Award) bool {
	m, ok := a.HorizonMonths()
	return ok && m >= MultiYearMonths && (a.in.SME() || a.in.Grassroots())
}

// horizonMedian is the median horizon in months of the frame's awards that have tranches.
func horizonMedian(f *frame) (float64, int, bool) {
	var months []float64
	for _, a := range f.awards {
		if m, ok := a.HorizonMonths(); ok {
			months = append(months, m)
		}
	}
	v, ok := Median(months)
	return v, len(months), ok && len(months) >= MinBase
}

// burden returns the milestone reports the frame's awards demand and the money they carry.
func burden(f *frame) (reports int, money float64) {
	for _, a := range f.awards {
		reports += a.Reports
		money += float64(a.Amount)
	}
	return reports, money
}

// mainstreamPaths returns the mainstream paths of the frame: the fewest most common path tags
// of the applicants that together make up at least half of their tags (ties by name).
func (f *frame) mainstreamPaths() map[string]bool {
	if f.mainstream == nil {
		counts, total := map[string]int{}, 0
		for _, in := range f.applicants {
			for _, t := range in.PathTags {
				if t == RouteMainstream || t == RouteNonMainstream {
					continue // a route, not a path
				}
				counts[t]++
				total++
			}
		}
		tags := make([]string, 0, len(counts))
		for t := range counts {
			tags = append(tags, t)
		}
		sort.Slice(tags, func(i, j int) bool {
			if counts[tags[i]] != counts[tags[j]] {
				return counts[tags[i]] > counts[tags[j]]
			}
			return tags[i] < tags[j]
		})
		f.mainstream = map[string]bool{}
		for covered := 0; 2*covered < total; tags = tags[1:] {
			f.mainstream[tags[0]] = true
			covered += counts[tags[0]]
		}
	}
	return f.mainstream
}

// The route tags by which an innovator says which path it takes (the registry's convention,
// which the lab's population reads too).
const (
	RouteMainstream    = "主流路线"
	RouteNonMainstream = "非主流路线"
)

// nonMainstream reports an award to an innovator off the mainstream: one that says so with the
// route tag 非主流路线, or, without a route tag, whose path tags are all outside the mainstream
// paths. An innovator without tags is not counted as non-mainstream.
func nonMainstream(f *frame, a *Award) bool {
	if len(a.in.PathTags) == 0 {
		return false
	}
	for _, t := range a.in.PathTags {
		switch t {
		case RouteNonMainstream:
			return true
		case RouteMainstream:
			return false
		}
	}
	for _, t := range a.in.PathTags {
		if f.mainstreamPaths()[t] {
			return false
		}
	}
	return true
}
