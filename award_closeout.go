package seedbed

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Award statuses of the end of an award's life: closed out with a final assessment, or ended
// early for a reason that is not a failure of the work (the failure module closes an honest
// failure as failed).
const (
	AwardClosed     = "closed"
	AwardTerminated = "terminated"
)

// Final assessment ratings at closeout.
const (
	RatingExceeded = "exceeded"
	RatingMet      = "met"
	RatingPartly   = "partly"
	RatingNotMet   = "not_met"
)

// Ratings lists the final assessment ratings with their labels.
var Ratings = OptionSet{
	{RatingExceeded, Label{"超出预期", "Beyond what was hoped"}},
	{RatingMet, Label{"达到预期", "As hoped"}},
	{RatingPartly, Label{"部分达到", "In part"}},
	{RatingNotMet, Label{"未达到，但按规则认真实施", "Not reached, though done by the rules"}},
}

// Closeout is the final assessment of an award: how its aim was met, in a short text, by whom
// and when. Outcomes named at closeout go to the impact module as outcome records.
type Closeout struct {
	AwardID  int64     `json:"award_id"`
	Rating   string    `json:"rating"`
	Summary  string    `json:"summary"`
	ClosedBy string    `json:"closed_by"`
	ClosedAt time.Time `json:"closed_at"`
}

// CloseoutInput is an officer's final assessment, with the outcomes it confirms (kind, value,
// quarter and evidence, as the impact module records them; the award is filled in).
type CloseoutInput struct {
	Rating  string `json:"rating"`
	Summary string `json:"summary"`
}

// Validate checks the rating and the summary.
func (in *CloseoutInput) Validate() error {
	in.Summary = strings.TrimSpace(strings.ReplaceAll(in.Summary, "\r\n", "\n"))
	var es Errors
	if !Ratings.Has(in.Rating) {
		es = append(es, FieldError("rating", Label{Zh: "请选择评价结论（exceeded、met、partly、not_met）", En: "choose a rating: exceeded, met, partly or not_met"}))
	}
	if n := utf8.RuneCountInString(in.Summary); n < 10 || n > 4000 {
		es = append(es, FieldError("summary", Label{Zh: "请写明结题评价（10–4000 字）：做成了什么，没做成什么，为什么", En: "write the final assessment (10–4000 characters): what was done, what was not, and why"}))
	}
	if len(es) > 0 {
		return es
	}
	return nil
}

// CheckClosable refuses closing out an award whose money is not all settled or whose final
// report was not accepted.
func (aw *Award) CheckClosable() error {
	if aw.Status != AwardCompleted {
		return Errorf(ECONFLICT, Label{Zh: "资助%s：结题须在全部资金拨付之后", En: "the award is %s: closeout comes after every tranche was released"}, AwardStatuses.Label(aw.Status))
	}
	for _, r := range aw.Reports {
		if r.Kind == ReportFinal && r.Status != ReportAccepted {
			return Errorf(ECONFLICT, Label{Zh: "结题报告尚未通过审核（%s）", En: "the final report has not been accepted (%s)"}, ReportStates.Label(r.Status))
		}
	}
	return nil
}

// Termination reasons that are not failures of the work. An honest failure (the technical
// route, the market, the team, outside events) is closed through the failure module instead,
// where it counts for nothing against the team and feeds the exemption cases.
const (
	TerminationWithdrawn = "withdrawn" // the recipient gave the award up (e.g. the team joined a firm)
	TerminationDissolved = "dissolved" // the recipient organisation ceased to exist
	TerminationBreach    = "breach"    // the agreement was broken (misconduct, misuse): never an honest failure
)

// TerminationReasons lists the reasons for ending an award early that are not failures, with
// their labels.
var TerminationReasons = OptionSet{
	{TerminationWithdrawn, Label{"受资助方主动放弃", "The recipient gave the award up"}},
	{TerminationDissolved, Label{"受资助单位注销或解散", "The recipient ceased to exist"}},
	{TerminationBreach, Label{"违反任务书约定", "The agreement was broken"}},
}

// TerminationInput ends an award early: the reason (a failure category for an honest failure,
// else a termination reason) and the account of what happened.
type TerminationInput struct {
	Reason  string `json:"reason"`
	Account string `json:"account"`
}

// Validate checks the reason and the account.
func (in *TerminationInput) Validate() error {
	in.Account = strings.TrimSpace(strings.ReplaceAll(in.Account, "\r\n", "\n"))
	var es Errors
	if !TerminationReasons.Has(in.Reason) && !FailureCategories.Has(in.Reason) {
		es = append(es, FieldError("reason", Label{Zh: "请选择终止原因", En: "choose the reason for ending the award"}))
	}
	if n := utf8.RuneCountInString(in.Account); n < 5 || n > MaxLessonRunes {
		es = append(es, FieldError("account", Label{Zh: "请如实说明经过（5–%d 字）", En: "say honestly what happened (5–%d characters)"}, MaxLessonRunes))
	}
	if len(es) > 0 {
		return es
	}
	return nil
}

// HonestFailure reports whether the termination is an honest failure of the work.
func (in *TerminationInput) HonestFailure() bool { return FailureCategories.Has(in.Reason) }
