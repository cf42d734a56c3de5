package seedbed

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Report kinds: a progress report (what the technology did), a financial report (how the money
// was spent) and the final report that closes the award.
const (
	ReportProgress  = "progress"
	ReportFinancial = "financial"
	ReportFinal     = "final"
)

// ReportKinds lists the report kinds with their labels.
var ReportKinds = OptionSet{
	{ReportProgress, Label{"进展报告", "Progress report"}},
	{ReportFinancial, Label{"财务报告", "Financial report"}},
	{ReportFinal, Label{"结题报告", "Final report"}},
}

// Report states: due (nothing yet), submitted by the recipient, accepted or returned by an officer.
const (
	ReportDue       = "due"
	ReportSubmitted = "submitted"
	ReportAccepted  = "accepted"
	ReportReturned  = "returned"
)

// ReportStates lists the report states with their labels.
var ReportStates = OptionSet{
	{ReportDue, Label{"待提交", "Due"}},
	{ReportSubmitted, Label{"已提交，待审核", "Submitted"}},
	{ReportAccepted, Label{"已通过", "Accepted"}},
	{ReportReturned, Label{"退回修改", "Returned"}},
}

// Report is one scheduled report of an award: its kind, when it is due, and what became of it.
type Report struct {
	ID          int64      `json:"id"`
	AwardID     int64      `json:"award_id"`
	Kind        string     `json:"kind"`
	DueAt       time.Time  `json:"due_at"`
	Status      string     `json:"status"`
	Text        string     `json:"text"`
	SubmittedAt *time.Time `json:"submitted_at,omitempty"`
	SubmittedBy string     `json:"submitted_by"`
	ReviewNote  string     `json:"review_note"`
	ReviewedAt  *time.Time `json:"reviewed_at,omitempty"`
	ReviewedBy  string     `json:"reviewed_by"`
	// Overdue is computed when the award is read (MarkOverdue): the report is late.
	Overdue bool `json:"overdue"`
}

// IsOverdue reports whether the report is late at now on a running award: not submitted (or
// returned) and due before now.
func (r *Report) IsOverdue(active bool, now time.Time) bool {
	return active && (r.Status == ReportDue || r.Status == ReportReturned) && r.DueAt.Before(now)
}

// ReportInput adds a report to an award's schedule.
type ReportInput struct {
	Kind  string    `json:"kind"`
	DueAt time.Time `json:"due_at"`
}

// ReportReview is an officer's decision on a submitted report.
type ReportReview struct {
	Decision string `json:"decision"` // accept or return
	Note     string `json:"note"`
}

// Validate checks the decision and the note; returning a report needs a reason.
func (rv *ReportReview) Validate() error {
	rv.Note = strings.TrimSpace(rv.Note)
	if rv.Decision != MilestoneAccept && rv.Decision != MilestoneReturn {
		return FieldError("decision", Label{Zh: "请选择通过或退回修改", En: "choose to accept the report or to return it"})
	}
	if rv.Decision == MilestoneReturn && rv.Note == "" {
		return FieldError("note", Label{Zh: "退回须写明需要修改什么", En: "returning a report needs a reason"})
	}
	if utf8.RuneCountInString(rv.Note) > 2000 {
		return FieldError("note", Label{Zh: "说明过长（最多 2000 字）", En: "note too long (at most 2000 characters)"})
	}
	return nil
}

// CleanReportText checks a report's text: 1 to 8000 characters.
func CleanReportText(text string) (string, error) {
	text = strings.TrimSpace(strings.ReplaceAll(text, "\r\n", "\n"))
	if text == "" || utf8.RuneCountInString(text) > 8000 {
		return "", FieldError("text", Label{Zh: "请填写报告内容（1–8000 字）", En: "write the report (1–8000 characters)"})
	}
	return text, nil
}

// PlanReports is the reporting schedule of an award made at awarded under program p. A standard
// program asks for a progress report every six months and a financial report every year; patient
// funding asks for one short technical progress report a year. Every award ends with a final
// report when its last stage ends. Reports are never due after the program's end.
func PlanReports(p *Program, awarded time.Time) []Report {
	months := p.Months()
	end := awarded.AddDate(0, months, 0)
	if pe := p.End(); end.After(pe) {
		end = pe
	}
	var out []Report
	add := func(kind string, due time.Time) {
		out = append(out, Report{Kind: kind, DueAt: due, Status: ReportDue})
	}
	progressEvery, financial := 6, true
	if p.Kind == ProgramPatient {
		progressEvery, financial = 12, false
	}
	for m := progressEvery; m < months; m += progressEvery {
		add(ReportProgress, awarded.AddDate(0, m, 0))
		if financial && m%12 == 0 {
			add(ReportFinancial, awarded.AddDate(0, m, 0))
		}
	}
	add(ReportFinal, end)
	return out
}

// AwardYear is the award year (0 for the first) in which t falls for an award made at awarded.
func AwardYear(awarded, t time.Time) int {
	y := 0
	for !awarded.AddDate(y+1, 0, 0).After(t) {
		y++
	}
	return y
}

// CheckReportCap refuses a schedule in which some award year holds more than limit reports. The
// final report is part of the burden like any other.
func CheckReportCap(reports []Report, awarded time.Time, limit int) error {
	perYear := map[int]int{}
	for _, r := range reports {
		y := AwardYear(awarded, r.DueAt)
		perYear[y]++
		if perYear[y] > limit {
			return Errorf(ECONFLICT, Label{Zh: "第 %d 个资助年度将有 %d 份报告，超过本计划每年 %d 份的上限", En: "award year %d would hold %d reports, beyond the program's cap of %d a year"}, y+1, perYear[y], limit)
		}
	}
	return nil
}

// CheckDueInPeriod refuses a due date before now or after the program's end.
func CheckDueInPeriod(field string, due, now time.Time, p *Program) error {
	if due.IsZero() {
		return FieldError(field, Label{Zh: "请填写日期", En: "a date is required"})
	}
	if !due.After(now) {
		return FieldError(field, Label{Zh: "日期应在今天之后", En: "the date must be after today"})
	}
	if end := p.End(); due.After(end) {
		return &Error{Code: ECONFLICT, Field: field, Text: Label{Zh: "日期晚于计划执行期截止日 %s，不能延至计划结束之后", En: "the date is after the program's end on %s; nothing may run past the program's end"},
			Args: []any{end.In(cst).Format("2006-01-02")}}
	}
	return nil
}

// Decision events of an award's life after it is made.
const (
	EventReportScheduled = "report_scheduled" // a report added to an award's schedule
	EventReportReview    = "report_review"    // an officer accepted or returned a report
	EventAwardChange     = "award_change"     // an extension or variation approved or refused
)
