package seedbed

import (
	"time"
	"unicode/utf8"
)

// Award statuses. An award is active while tranches remain; completed when every tranche was
// released; stopped after a no-go at a stage gate. The failure-tolerance module adds a failed
// status (with a category and a lesson) for honest failure; nothing here assumes the list is
// closed.
const (
	AwardActive    = "active"
	AwardCompleted = "completed"
	AwardStopped   = "stopped"
)

// AwardStatuses lists the award statuses with their labels.
var AwardStatuses = OptionSet{
	{AwardActive, Label{"执行中", "Active"}},
	{AwardCompleted, Label{"已完成", "Completed"}},
	{AwardStopped, Label{"已终止", "Stopped"}},
	{AwardFailed, Label{"诚实失败结题", "Closed as an honest failure"}}, // failure.go
	{AwardClosed, Label{"已结题", "Closed out"}},                     // award_closeout.go
	{AwardTerminated, Label{"提前终止", "Ended early"}},
}

// Tranche states.
const (
	TranchePending   = "pending"
	TrancheReleased  = "released"
	TrancheCancelled = "cancelled"
)

// TrancheStates lists the tranche states with their labels.
var TrancheStates = OptionSet{
	{TranchePending, Label{"待拨付", "Pending"}},
	{TrancheReleased, Label{"已拨付", "Released"}},
	{TrancheCancelled, Label{"已取消", "Cancelled"}},
}

// Milestone states: no evidence yet, evidence submitted, accepted by an officer, or returned for
// more evidence.
const (
	MilestoneAwaiting  = "awaiting"
	MilestoneSubmitted = "submitted"
	MilestoneAccepted  = "accepted"
	MilestoneReturned  = "returned"
)

// MilestoneStates lists the milestone states with their labels.
var MilestoneStates = OptionSet{
	{MilestoneAwaiting, Label{"待提交证明", "Awaiting evidence"}},
	{MilestoneSubmitted, Label{"证明已提交", "Evidence submitted"}},
	{MilestoneAccepted, Label{"已验收", "Accepted"}},
	{MilestoneReturned, Label{"退回补充", "Returned"}},
}

// Milestone review decisions: accept the evidence (at a stage gate, a go), return it for more, or
// stop the award (a no-go at a stage gate).
const (
	MilestoneAccept = "accept"
	MilestoneReturn = "return"
	MilestoneStop   = "stop"
)

// Award is money granted to a selected application, paid in tranches tied to milestones.
type Award struct {
	ID               int64         `json:"id"`
	ProgramID        int64         `json:"program_id"`
	ProgramTitle     string        `json:"program_title"`
	ApplicationID    int64         `json:"application_id"`
	ApplicationTitle string        `json:"application_title"`
	InnovatorID      int64         `json:"innovator_id"`
	InnovatorName    string        `json:"innovator_name"`
	Amount           int64         `json:"amount"`
	Released         int64         `json:"released"`
	Status           string        `json:"status"`
	StatusNote       string        `json:"status_note"`
	AwardedAt        time.Time     `json:"awarded_at"`
	AwardedBy        string        `json:"awarded_by"`
	ClosedAt         *time.Time    `json:"closed_at,omitempty"`
	Tranches         []Tranche     `json:"tranches"`
	Reports          []Report      `json:"reports"`
	Changes          []AwardChange `json:"changes"`
	Closeout         *Closeout     `json:"closeout,omitempty"`
}

// Tranche is one payment of an award: released only after an officer accepted the evidence of
// its milestone, and only after the tranches before it.
type Tranche struct {
	ID              int64      `json:"id"`
	AwardID         int64      `json:"award_id"`
	Seq             int        `json:"seq"` // 1 for the first stage
	Stage           string     `json:"stage"`
	StageEn         string     `json:"stage_en,omitempty"`
	Amount          int64      `json:"amount"`
	Milestone       string     `json:"milestone"`
	MilestoneEn     string     `json:"milestone_en,omitempty"`
	DueAt           time.Time  `json:"due_at"`
	Gate            bool       `json:"gate"` // a go/no-go decision comes with this milestone
	Evidence        string     `json:"evidence"`
	EvidenceAt      *time.Time `json:"evidence_at,omitempty"`
	MilestoneStatus string     `json:"milestone_status"`
	ReviewNote      string     `json:"review_note"`
	ReviewedAt      *time.Time `json:"reviewed_at,omitempty"`
	ReviewedBy      string     `json:"reviewed_by"`
	Status          string     `json:"status"`
	ReleasedAt      *time.Time `json:"released_at,omitempty"`
	ReleasedBy      string     `json:"released_by"`
	// Overdue is computed when the award is read (MarkOverdue): the evidence is late.
	Overdue bool `json:"overdue"`
}

// StageLabel is the tranche's stage name in both languages.
func (t Tranche) StageLabel() Label { return Label{Zh: t.Stage, En: t.StageEn} }

// MilestoneLabel is the tranche's milestone in both languages.
func (t Tranche) MilestoneLabel() Label { return Label{Zh: t.Milestone, En: t.MilestoneEn} }

// AwardFilter selects awards.
type AwardFilter struct {
	ProgramID     int64
	InnovatorIDs  []int64 // restrict to these organisations (an applicant sees only its own)
	Status        string
	Order         Order // by AwardSorts
	Offset, Limit int
}

// AwardSums is what every award a filter selects adds up to, over all its pages.
type AwardSums struct {
	Count    int   `json:"count"`
	Amount   int64 `json:"amount"`   // awarded, in yuan
	Released int64 `json:"released"` // paid so far, in yuan
}

// AwardInput is an officer's award decision: the application and, when lower than the amount
// granted in selection, the amount agreed.
type AwardInput struct {
	ApplicationID int64  `json:"application_id"`
	Amount        int64  `json:"amount"` // 0 for the amount granted in selection
	Note          string `json:"note"`
}

// MilestoneReview is an officer's decision on a tranche's milestone evidence.
type MilestoneReview struct {
	Decision string `json:"decision"` // accept, return, stop
	Note     string `json:"note"`
}

// Validate checks the decision and the note.
func (m *MilestoneReview) Validate() error {
	switch m.Decision {
	case MilestoneAccept, MilestoneReturn, MilestoneStop:
	default:
		return FieldError("decision", Label{Zh: "请选择验收通过、退回补充或终止", En: "choose to accept, to return for more or to stop"})
	}
	if (m.Decision != MilestoneAccept) && m.Note == "" {
		return FieldError("note", Label{Zh: "退回或终止须写明理由", En: "returning or stopping needs a reason"})
	}
	if utf8.RuneCountInString(m.Note) > 2000 {
		return FieldError("note", Label{Zh: "说明过长（最多 2000 字）", En: "note too long (at most 2000 characters)"})
	}
	return nil
}

// TrancheAmounts splits an award over stages by their shares, in whole yuan; the last stage
// takes what rounding leaves, so the tranches always add up to the amount.
func TrancheAmounts(amount int64, stages []Stage) []int64 {
	out := make([]int64, len(stages))
	var sum int64
	for i, s := range stages {
		if i == len(stages)-1 {
			out[i] = amount - sum
			break
		}
		out[i] = amount * int64(s.Share) / 100
		sum += out[i]
	}
	return out
}
