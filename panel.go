package seedbed

import "time"

// The panel stage (评审组讨论): once their scores are in, the reviewers of an application read
// one another's scores and comments and discuss them in notes; the officer moderating the panel
// records its outcome — a consensus, or a disagreement kept on record rather than averaged
// away — or triages an application clearly below the others, with the reason. The outcome goes
// to the applicant with the summary statement.
const (
	PanelNote         = "note"         // a contribution to the discussion
	PanelConsensus    = "consensus"    // the panel agrees; the body says on what
	PanelDisagreement = "disagreement" // the panel disagrees; the body records the positions
	PanelTriage       = "triage"       // clearly below the others: not discussed; the body is the reason
	MaxPanelNoteLen   = 2000           // characters

	// EventPanelOutcome: the moderator recorded the panel's consensus or disagreement.
	EventPanelOutcome = "panel_outcome"
	// EventTriage: the moderator triaged an application clearly below the others, with a reason.
	EventTriage = "triage"
)

// PanelKinds lists the kinds of panel notes with their labels.
var PanelKinds = OptionSet{
	{PanelNote, Label{"讨论意见", "Discussion note"}},
	{PanelConsensus, Label{"评审组达成一致", "The panel agrees"}},
	{PanelDisagreement, Label{"评审组存在分歧（如实记录）", "The panel disagrees (on record)"}},
	{PanelTriage, Label{"明显低于其他申请，不再讨论", "Clearly below the others: not discussed"}},
}

// PanelEntry is one note of the panel's discussion of an application, or its recorded outcome.
type PanelEntry struct {
	ID            int64     `json:"id"`
	ProgramID     int64     `json:"program_id"`
	ApplicationID int64     `json:"application_id"`
	Kind          string    `json:"kind"`
	Body          string    `json:"body"`
	Author        string    `json:"author"`
	CreatedAt     time.Time `json:"created_at"`
}

// IsOutcome reports whether the entry records the panel's outcome rather than a note.
func (e *PanelEntry) IsOutcome() bool { return e.Kind != PanelNote }

// PanelDiscussion is the panel's discussion of one application: the notes in order and the
// outcome in force (the latest one recorded), nil until one is.
type PanelDiscussion struct {
	ApplicationID int64        `json:"application_id"`
	Notes         []PanelEntry `json:"notes"`
	Outcome       *PanelEntry  `json:"outcome,omitempty"`
}

// NewPanelDiscussion builds a discussion from its entries in the order they were written.
func NewPanelDiscussion(appID int64, entries []PanelEntry) *PanelDiscussion {
	d := &PanelDiscussion{ApplicationID: appID, Notes: []PanelEntry{}}
	for i := range entries {
		if entries[i].IsOutcome() {
			e := entries[i]
			d.Outcome = &e
			continue
		}
		d.Notes = append(d.Notes, entries[i])
	}
	return d
}

// PanelOutcome is the panel's outcome as the applicant reads it with the summary statement: the
// kind and what was recorded, without who wrote it.
type PanelOutcome struct {
	Kind       string    `json:"kind"`
	Body       string    `json:"body"`
	RecordedAt time.Time `json:"recorded_at"`
}
