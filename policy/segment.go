package policy

import "seedbed"

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
