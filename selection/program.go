package selection

import (
	"time"

	"seedbed"
)

// AssignmentRun is what one run of reviewer assignment did for a program: the pairs added and
// the problems the officer must resolve (applications with too few reviewers free of conflicts).
type AssignmentRun struct {
	Pairs    []Pair    `json:"pairs"`
	Problems []Problem `json:"problems"`
}

// ProgramSelection is a program's normalised scores and, once it is made, its selection: what
// the officer, the auditor and the applicants see to understand a decision.
type ProgramSelection struct {
	ProgramID    int64             `json:"program_id"`
	Normalised   Normalised        `json:"normalised"`
	ScoreCount   int               `json:"score_count"`
	NormalisedAt time.Time         `json:"normalised_at"`
	NormalisedBy string            `json:"normalised_by"`
	Mode         string            `json:"mode,omitempty"`
	Selection    *Selection        `json:"selection,omitempty"` // nil until the selection is made
	Plan         *LotteryPlan      `json:"plan,omitempty"`      // partial lottery only
	SelectedAt   *time.Time        `json:"selected_at,omitempty"`
	SelectedBy   string            `json:"selected_by,omitempty"`
	Reviewers    map[string]string `json:"-"` // reviewer id → display name, for the officer's view
}

// Replacement is what replacing a reviewer did: the assignment taken off and the run that filled
// its place (with a problem when nobody free of conflicts was left).
type Replacement struct {
	Replaced *seedbed.Assignment `json:"replaced"`
	Run      *AssignmentRun      `json:"run"`
}

// Line returns the funding line the selection drew, in normalised score: the threshold of a
// threshold program, else halfway between the lowest funded score and the highest unfunded one.
// It reports false before the selection is made and when everyone or no one was funded.
func (ps *ProgramSelection) Line(mode string, threshold float64) (float64, bool) {
	if ps == nil || ps.Selection == nil {
		return 0, false
	}
	if mode == ModeThreshold {
		return threshold, true
	}
	line, _, ok := fundingLine(ps.Selection.Decisions)
	return line, ok
}
