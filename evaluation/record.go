package evaluation

import "time"

// BureauZone is the bureau's time zone (China Standard Time): "now" and the current quarter are
// taken in it, so that a report filed on 1 January in Hangzhou belongs to the new quarter.
var BureauZone = time.FixedZone("CST", 8*3600)

// CurrentQuarter returns the quarter now falls in, in the bureau's time zone.
func CurrentQuarter(now time.Time) Quarter { return QuarterOf(now.In(BureauZone)) }

// ObservationRecord is a stored indicator value: one innovator, indicator and quarter, with its
// source, who entered it and when, and its version (1 plus the number of corrections).
type ObservationRecord struct {
	ID int64 `json:"id"`
	Observation
	EnteredBy string    `json:"entered_by"`
	EnteredAt time.Time `json:"entered_at"`
	Version   int       `json:"version"`
}

// ObservationFilter selects stored observations.
type ObservationFilter struct {
	InnovatorID int64
	Indicator   string
	From, To    Quarter // inclusive; zero for no bound
	Offset      int
	Limit       int
}

// Correction changes a stored value. The old value, its source and who entered it are kept in
// the observation's history; nothing is overwritten silently.
type Correction struct {
	Value   float64 `json:"value"`
	Unit    string  `json:"unit"`    // empty means the indicator's unit
	Reason  string  `json:"reason"`  // required: why the value changes
	Version int     `json:"version"` // the version the correction was made against
}

// MaxCorrectionReason bounds a correction's reason.
const MaxCorrectionReason = 500

// CorrectionRecord is one entry of an observation's history.
type CorrectionRecord struct {
	ID            int64     `json:"id"`
	ObservationID int64     `json:"observation_id"`
	OldValue      float64   `json:"old_value"`
	OldSource     string    `json:"old_source"`
	OldEnteredBy  string    `json:"old_entered_by"`
	OldEnteredAt  time.Time `json:"old_entered_at"`
	NewValue      float64   `json:"new_value"`
	NewSource     string    `json:"new_source"`
	Reason        string    `json:"reason"`
	CorrectedBy   string    `json:"corrected_by"`
	CorrectedAt   time.Time `json:"corrected_at"`
}

// OutcomeRecord is a stored result attributed to an award — a product, adoption, revenue,
// follow-on funding, a patent, a paper, a standard, open-source adoption or recognition — with
// the size of it in its kind's measure (OutcomeKinds), when it was achieved, and the evidence.
type OutcomeRecord struct {
	ID          int64     `json:"id"`
	AwardID     int64     `json:"award_id"`
	InnovatorID int64     `json:"innovator_id"` // taken from the award when left 0
	Kind        string    `json:"kind"`
	Value       float64   `json:"value"`
	Period      Quarter   `json:"period"`
	Evidence    string    `json:"evidence"`
	EnteredBy   string    `json:"entered_by"`
	EnteredAt   time.Time `json:"entered_at"`
}

// OutcomeFilter selects stored outcomes.
type OutcomeFilter struct {
	AwardID, InnovatorID int64
	Offset, Limit        int
}

// MaxEvidenceLen bounds an outcome's evidence text.
const MaxEvidenceLen = 2000

// FlagRun reports what a recomputation of the complacency flags did.
type FlagRun struct {
	Key      string        `json:"key"`
	Assessed int           `json:"assessed"` // awardees with enough data for an assessment
	Flagged  int           `json:"flagged"`  // flags the data raise now
	Raised   int           `json:"raised"`   // of which new
	Cleared  int           `json:"cleared"`  // stored flags the data no longer raise
	Skipped  bool          `json:"skipped"`  // the stored flags were already of this data
	Elapsed  time.Duration `json:"elapsed"`
}

// Cell identifies the place one value fills: an innovator, an indicator and a quarter. A cell
// holds at most one stored value.
type Cell struct {
	InnovatorID int64
	Indicator   string
	Period      Quarter
}
