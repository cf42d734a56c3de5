package seedbed

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// A risk filing (容错备案) is a high-risk support decision filed before it is taken: the risk, why
// it is worth taking, and what failure would look like. A second account with the right role
// reviews it under the two-person rule TwoPersonRiskFiling (always on): approved, it documents a
// deliberate, reviewed risk that an exemption case later reads as evidence; declined, it says a
// second person advised against it. Filing and review are ledgered on the subject the filing
// concerns (the award, else the application, else the program).

// Risk filing states.
const (
	RiskFilingPending   = "pending"
	RiskFilingApproved  = "approved"
	RiskFilingDeclined  = "declined"
	RiskFilingWithdrawn = "withdrawn"
)

// RiskFilingStatuses names the states of a risk filing.
var RiskFilingStatuses = OptionSet{
	{Code: RiskFilingPending, Label: Label{Zh: "待复核", En: "awaiting review"}},
	{Code: RiskFilingApproved, Label: Label{Zh: "复核同意", En: "approved"}},
	{Code: RiskFilingDeclined, Label: Label{Zh: "复核不同意", En: "declined"}},
	{Code: RiskFilingWithdrawn, Label: Label{Zh: "已撤回", En: "withdrawn"}},
}

// Ledger events of risk filings.
const (
	EventRiskFiled    = "risk_filed"
	EventRiskReviewed = "risk_filing_reviewed"
)

// RiskFiling is one filing and its review.
type RiskFiling struct {
	ID               int64      `json:"id"`
	ProgramID        int64      `json:"program_id"`
	ProgramTitle     string     `json:"program_title"`
	ApplicationID    int64      `json:"application_id,omitempty"`
	ApplicationTitle string     `json:"application_title,omitempty"`
	AwardID          int64      `json:"award_id,omitempty"`
	Risk             string     `json:"risk"`
	Worth            string     `json:"worth"`
	Failure          string     `json:"failure"`
	Status           string     `json:"status"`
	ApprovalID       int64      `json:"approval_id"`
	FiledBy          string     `json:"filed_by"`
	FiledAt          time.Time  `json:"filed_at"`
	ReviewedBy       string     `json:"reviewed_by,omitempty"`
	ReviewedAt       *time.Time `json:"reviewed_at,omitempty"`
	ReviewNote       string     `json:"review_note,omitempty"`
}

// Subject is the ledger subject the filing concerns: the award, else the application, else the
// program.
func (f *RiskFiling) Subject() string {
	return RiskFilingTarget(f.ProgramID, f.ApplicationID, f.AwardID)
}

// RiskFilingTarget is the ledger subject of a filing on a program, an application or an award.
func RiskFilingTarget(programID, applicationID, awardID int64) string {
	switch {
	case awardID != 0:
		return AwardSubject(awardID)
	case applicationID != 0:
		return ApplicationSubject(applicationID)
	}
	return ProgramSubject(programID)
}

// RiskFilingSubject is the subject of a filing's own approval.
func RiskFilingSubject(id int64) string { return "risk_filing:" + strconv.FormatInt(id, 10) }

// RiskFilingInput is what an officer files.
type RiskFilingInput struct {
	ProgramID     int64  `json:"program_id"`
	ApplicationID int64  `json:"application_id,omitempty"`
	AwardID       int64  `json:"award_id,omitempty"`
	Risk          string `json:"risk"`
	Worth         string `json:"worth"`
	Failure       string `json:"failure"`
}

// Validate checks that the program is named and that the risk, why it is worth taking and what
// failure would look like are each written (5–2000 characters), returning every problem.
func (in *RiskFilingInput) Validate() error {
	in.Risk, in.Worth, in.Failure = strings.TrimSpace(in.Risk), strings.TrimSpace(in.Worth), strings.TrimSpace(in.Failure)
	var es Errors
	if in.ProgramID <= 0 {
		es = append(es, FieldError("program_id", Label{Zh: "请指明备案所涉的资助计划", En: "name the program the filing concerns"}))
	}
	if in.ApplicationID < 0 || in.AwardID < 0 {
		es = append(es, FieldError("target", Label{Zh: "申请或资助编号无效", En: "the application or award number is not valid"}))
	}
	for _, f := range []struct {
		field, text string
		what        Label
	}{
		{"risk", in.Risk, Label{Zh: "风险是什么", En: "what the risk is"}},
		{"worth", in.Worth, Label{Zh: "为何值得承担这一风险", En: "why the risk is worth taking"}},
		{"failure", in.Failure, Label{Zh: "失败会是什么样子", En: "what failure would look like"}},
	} {
		if n := utf8.RuneCountInString(f.text); n < 5 || n > 2000 {
			es = append(es, FieldError(f.field, Label{Zh: "请写明" + f.what.Zh + "（5–2000 字，现为 %d 字）",
				En: "write " + f.what.En + " (5–2000 characters; it has %d)"}, n))
		}
	}
	if len(es) > 0 {
		return es
	}
	return nil
}

// RiskReviewNote checks the note of a risk filing's review: approving or declining needs a
// written reason (1–2000 characters); the filer withdrawing it needs none.
func RiskReviewNote(status string, withdraw bool, note string) error {
	n := utf8.RuneCountInString(strings.TrimSpace(note))
	switch {
	case withdraw:
		return nil
	case n == 0 && status == ApprovalApproved:
		return FieldError("note", Label{Zh: "同意容错备案须写明复核意见", En: "approving a risk filing needs a written reason"})
	case n == 0:
		return FieldError("note", Label{Zh: "不同意容错备案须写明理由", En: "declining a risk filing needs a written reason"})
	case n > 2000:
		return FieldError("note", Label{Zh: "复核意见不能超过 2000 字", En: "the reason is longer than 2000 characters"})
	}
	return nil
}

// RiskFilingFilter selects filings; zero fields select all.
type RiskFilingFilter struct {
	ProgramID int64
	Status    string
	Limit     int
}
