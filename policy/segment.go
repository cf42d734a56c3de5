package policy

import (
	"time"

	"seedbed"
)

// SegmentResult is how one policy version decides a filtered part of the registry: how many
// innovators are eligible, ineligible and undecided, with a few of each explained.
type SegmentResult struct {
	PolicyID   string          `json:"policy_id"`
	Version    int             `json:"version"`
	AsOf       Date            `json:"as_of"`
	Total      int             `json:"total"`
	Eligible   int             `json:"eligible"`
	Ineligible int             `json:"ineligible"`
	Undecided  int             `json:"undecided"`
	Samples    []SegmentSample `json:"samples"`
	ElapsedMS  float64         `json:"elapsed_ms"`
}

// SegmentSample is one innovator of a segment with its decision and the reason.
type SegmentSample struct {
	InnovatorID   int64         `json:"innovator_id"`
	Name          string        `json:"name"`
	Status        Status        `json:"status"`
	Reason        seedbed.Label `json:"reason"`
	FailingClause string        `json:"failing_clause,omitempty"`
	Missing       []string      `json:"missing,omitempty"`
}

// Segment decides several compiled policies for a stream of innovators (a filtered part of the
// registry) as of one day, through the fast status-only path, and keeps up to perStatus
// innovators of each outcome per policy, in the order they came, to explain them at the end.
// Indicators are not read: a policy that needs them is undecided for the segment, never
// silently false.
type Segment struct {
	cs        []*Compiled
	asOf      time.Time
	perStatus int
	x         Input
	out       []*SegmentResult
	samples   []map[Status][]seedbed.Innovator
}

// NewSegment starts a segment evaluation of cs as of asOf.
func NewSegment(cs []*Compiled, asOf time.Time, perStatus int) *Segment {
	s := &Segment{cs: cs, asOf: asOf, perStatus: perStatus, out: make([]*SegmentResult, len(cs)),
		samples: make([]map[Status][]seedbed.Innovator, len(cs))}
	for i, c := range cs {
		s.out[i] = &SegmentResult{PolicyID: c.ID(), Version: c.Version(), AsOf: DateOf(asOf), Samples: []SegmentSample{}}
		s.samples[i] = map[Status][]seedbed.Innovator{}
	}
	return s
}

// Add decides every policy for one innovator. in may be reused by the caller afterwards: what
// is kept is copied.
func (s *Segment) Add(in *seedbed.Innovator) {
	s.x.Reset(in, s.asOf, nil)
	for i, c := range s.cs {
		st := c.Decide(&s.x)
		res := s.out[i]
		res.Total++
		switch st {
		case Eligible:
			res.Eligible++
		case Ineligible:
			res.Ineligible++
		default:
			res.Undecided++
		}
		if len(s.samples[i][st]) < s.perStatus {
			s.samples[i][st] = append(s.samples[i][st], detach(*in))
		}
	}
}

// Results explains the kept samples (eligible, then undecided, then ineligible) and returns one
// result per policy, in the order of cs, each stamped with elapsed.
func (s *Segment) Results(elapsed time.Duration) []*SegmentResult {
	ms := float64(elapsed.Microseconds()) / 1000
	for i, c := range s.cs {
		for _, st := range []Status{Eligible, Undecided, Ineligible} {
			for j := range s.samples[i][st] {
				smp := &s.samples[i][st][j]
				r := c.Evaluate(smp, s.asOf, nil)
				s.out[i].Samples = append(s.out[i].Samples, SegmentSample{InnovatorID: smp.ID, Name: smp.Name,
					Status: r.Status, Reason: r.Reason, FailingClause: r.FailingClause, Missing: r.Missing})
			}
		}
		s.out[i].ElapsedMS = ms
	}
	return s.out
}

// detach copies an innovator whose number fields may point into a caller's reused variables.
func detach(in seedbed.Innovator) seedbed.Innovator {
	if in.Employees != nil {
		v := *in.Employees
		in.Employees = &v
	}
	if in.Revenue != nil {
		v := *in.Revenue
		in.Revenue = &v
	}
	return in
}
