package seedbed

import (
	"strings"
	"time"
	"unicode/utf8"
)

// AwardFailed is the status of an award closed as an honest failure (诚实失败): the work was
// done by the rules and did not succeed. It is never a finding of misconduct.
const AwardFailed = "failed"

// EventAwardFailed is the decision event of closing an award as failed.
const EventAwardFailed = "award_failed"

// Failure categories: why a project failed, in the terms exemption rules use.
const (
	FailureTechnical = "technical"
	FailureMarket    = "market"
	FailureTeam      = "team"
	FailureExternal  = "external"
)

// FailureCategories lists the categories with their labels.
var FailureCategories = OptionSet{
	{FailureTechnical, Label{"技术路线未走通", "Technical: the route did not work out"}},
	{FailureMarket, Label{"市场需求未形成", "Market: the demand did not materialise"}},
	{FailureTeam, Label{"团队变动", "Team: the team changed or dispersed"}},
	{FailureExternal, Label{"外部环境变化或不可抗力", "External: circumstances beyond the team's control"}},
}

// MaxLessonRunes bounds the lesson learned: a short paragraph, not a report.
const MaxLessonRunes = 1000

// FailureInput is an officer's decision to close an award as failed.
type FailureInput struct {
	Category string `json:"category"`
	Lesson   string `json:"lesson"`
}

// Normalize trims the lesson.
func (f *FailureInput) Normalize() {
	f.Category = strings.TrimSpace(f.Category)
	f.Lesson = strings.TrimSpace(strings.ReplaceAll(f.Lesson, "\r\n", "\n"))
}

// Validate checks the category and the lesson, returning every problem.
func (f *FailureInput) Validate() error {
	var es Errors
	if !FailureCategories.Has(f.Category) {
		es = append(es, FieldError("category", Label{Zh: "请选择失败类别：技术、市场、团队或外部原因", En: "choose a category: technical, market, team or external"}))
	}
	switch n := utf8.RuneCountInString(f.Lesson); {
	case n < 5:
		es = append(es, FieldError("lesson", Label{Zh: "请用一两句话写下教训（至少 5 个字）", En: "write the lesson learned in a sentence or two (at least 5 characters)"}))
	case n > MaxLessonRunes:
		es = append(es, FieldError("lesson", Label{Zh: "教训过长（最多 %d 字）", En: "lesson too long (at most %d characters)"}, MaxLessonRunes))
	}
	if len(es) > 0 {
		return es
	}
	return nil
}

// Failure is an award closed as an honest failure, with what it cost and what was learned.
type Failure struct {
	AwardID          int64     `json:"award_id"`
	ProgramID        int64     `json:"program_id"`
	ProgramTitle     string    `json:"program_title"`
	ApplicationTitle string    `json:"application_title"`
	InnovatorID      int64     `json:"innovator_id"`
	InnovatorName    string    `json:"innovator_name"`
	Category         string    `json:"category"`
	Lesson           string    `json:"lesson"`
	PreviousStatus   string    `json:"previous_status"` // the award's status when it was closed
	Amount           int64     `json:"amount"`
	Released         int64     `json:"released"` // paid before the failure
	Returned         int64     `json:"returned"` // unpaid, given back to the program's budget
	ClosedAt         time.Time `json:"closed_at"`
	ClosedBy         string    `json:"closed_by"`
}

// CategoryLabel returns the label of the failure's category.
func (f *Failure) CategoryLabel() Label { return FailureCategories.Label(f.Category) }

// How prior failures appear on a later application: as neutral context (the default), or not
// at all. Never as a mark against the applicant.
const (
	FailureContextNeutral = "neutral"
	FailureContextHidden  = "hidden"
)

// FailureContextNote is the sentence shown beside prior failures on a later application.
var FailureContextNote = Label{
	Zh: "以下为该主体以往受资助项目的诚实失败记录，仅作背景参考：失败不是失信，不影响本次申请的资格和评分。",
	En: "These are honest failures of this organisation's earlier funded projects, shown as context only: failure is not misconduct and does not affect this application's eligibility or score.",
}

// FailureFilter selects failures.
type FailureFilter struct {
	InnovatorIDs  []int64 // restrict to these organisations (an applicant sees only its own)
	ProgramID     int64
	Category      string
	Before        time.Time // closed before this time; zero for any
	Order         Order     // by FailureSorts
	Offset, Limit int
}
