package seedbed

import (
	"encoding/json"
	"strings"
	"time"
	"unicode/utf8"
)

// Complacency flag states. A flag is raised by the early warning (死于安乐) and stays open until
// an officer resolves it with a written resolution; a stage gate may require that.
const (
	FlagOpen     = "open"
	FlagResolved = "resolved"
)

// FlagStatuses lists the flag states with their labels.
var FlagStatuses = OptionSet{
	{FlagOpen, Label{"待核实", "Open"}},
	{FlagResolved, Label{"已处理", "Resolved"}},
}

// Decision events of the monitoring module.
const (
	EventFlagRaised   = "complacency_flag"          // the early warning raised a flag
	EventFlagResolved = "complacency_flag_resolved" // an officer resolved a flag
)

// Flag is a complacency early-warning flag on an awardee: raised when its technical output
// stalled or slowed against similar unfunded innovators after the award (see docs/methods.md
// §3). It informs an officer; it never decides anything by itself.
type Flag struct {
	ID            int64  `json:"id"`
	Key           string `json:"key"` // innovator/award quarter/end of the post-award window
	InnovatorID   int64  `json:"innovator_id"`
	InnovatorName string `json:"innovator_name"`
	AwardID       int64  `json:"award_id"`
	ProgramID     int64  `json:"program_id"`
	AwardQuarter  string `json:"award_quarter"` // "2021Q1"
	PostTo        string `json:"post_to"`       // last quarter assessed
	Status        string `json:"status"`        // open, resolved
	// Active says whether the latest assessment still raises the flag: a correction of the data
	// can clear it, and a cleared flag no longer holds a stage gate.
	Active                 bool    `json:"active"`
	RelativeDecline        bool    `json:"relative_decline"`
	StallWithNonTechGrowth bool    `json:"stall_with_non_tech_growth"`
	Z                      float64 `json:"z"`
	Reason                 Label   `json:"reason"`
	// Assessment is the full assessment behind the flag (trends, controls, DiD, SE, z).
	Assessment json.RawMessage `json:"assessment"`
	RaisedAt   time.Time       `json:"raised_at"`
	UpdatedAt  time.Time       `json:"updated_at"`
	Resolution string          `json:"resolution,omitempty"`
	ResolvedBy string          `json:"resolved_by,omitempty"`
	ResolvedAt *time.Time      `json:"resolved_at,omitempty"`
}

// StatusLabel returns the flag's state in both working languages.
func (f *Flag) StatusLabel() Label { return FlagStatuses.Label(f.Status) }

// FlagFilter selects flags.
type FlagFilter struct {
	Status      string // "" for any
	InnovatorID int64
	AwardID     int64
	ProgramID   int64
	// ActiveOnly keeps flags the latest assessment still raises.
	ActiveOnly    bool
	Order         Order // by FlagSorts
	Offset, Limit int
}

// Validate checks the filter's coded values.
func (f *FlagFilter) Validate() error {
	if f.Status != "" && !FlagStatuses.Has(f.Status) {
		return FieldError("status", Label{Zh: "未知的状态 %q，应为 %s", En: "unknown status %[1]q"}, f.Status, strings.Join(FlagStatuses.Codes(), ", "))
	}
	return nil
}

// MaxResolutionLen bounds a flag resolution's text.
const MaxResolutionLen = 2000

// FlagResolution is an officer's resolution of a flag: what was found and what follows.
type FlagResolution struct {
	Resolution string `json:"resolution"`
}

// Validate checks the resolution text: required, at most MaxResolutionLen characters.
func (fr *FlagResolution) Validate() error {
	fr.Resolution = strings.TrimSpace(fr.Resolution)
	switch n := utf8.RuneCountInString(fr.Resolution); {
	case n == 0:
		return FieldError("resolution", Label{Zh: "请写明核实情况与处理意见", En: "write what was found and what follows"})
	case n > MaxResolutionLen:
		return FieldError("resolution", Label{Zh: "处理意见过长（最多 %d 字）", En: "resolution too long (at most %d characters)"}, MaxResolutionLen)
	}
	return nil
}
