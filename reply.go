package seedbed

import "time"

// Right to reply (答复权): after review and before the selection, a program with a reply window
// shows each applicant the anonymised reviews of its application, and the applicant may answer
// once, within the window; the answer goes to the panel with the reviews.
const (
	EventReplyWindow = "reply_window" // an officer opened a program's reply window
	EventReply       = "reply"        // an applicant answered the reviews
	MaxReplyLen      = 3000           // characters
	// EventSummaryStatement: an officer wrote or revised an application's summary statement.
	EventSummaryStatement = "summary_statement"
)

// Reply is an applicant's answer to the reviews of its application.
type Reply struct {
	ApplicationID int64     `json:"application_id"`
	Body          string    `json:"body"`
	SubmittedBy   string    `json:"submitted_by"`
	SubmittedAt   time.Time `json:"submitted_at"`
}

// ReviewNote is one review as the applicant and the panel read it: the reviewer numbered, not
// named.
type ReviewNote struct {
	Reviewer int     `json:"reviewer"` // 1, 2, … in a fixed order
	Total    float64 `json:"total"`    // raw total, 0–100
	Comment  string  `json:"comment"`
}

// ReviewsForApplicant are the anonymised reviews of an application with the applicant's reply.
type ReviewsForApplicant struct {
	Reviews []ReviewNote `json:"reviews"`
	Reply   *Reply       `json:"reply,omitempty"`
	Summary string       `json:"summary,omitempty"` // the panel's summary statement
	// Panel is the panel's recorded outcome (consensus, disagreement or triage), part of the
	// summary statement.
	Panel     *PanelOutcome `json:"panel,omitempty"`
	ReplyOpen bool          `json:"reply_open"` // the window is open now and no reply was sent
	ClosesAt  *time.Time    `json:"closes_at,omitempty"`
}

// ReplyWindowOpen reports whether the program's reply window is open at t.
func (p *Program) ReplyWindowOpen(t time.Time) bool {
	return p.ReplyOpenedAt != nil && p.ReplyClosesAt != nil && !t.Before(*p.ReplyOpenedAt) && t.Before(*p.ReplyClosesAt)
}
