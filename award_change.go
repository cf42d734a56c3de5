package seedbed

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Change kinds: an extension moves a milestone's or a report's due date later; a variation
// rewrites a milestone (the technical plan changed, as plans in research do).
const (
	ChangeExtension = "extension"
	ChangeVariation = "variation"
)

// ChangeKinds lists the change kinds with their labels.
var ChangeKinds = OptionSet{
	{ChangeExtension, Label{"延期", "Extension"}},
	{ChangeVariation, Label{"变更里程碑", "Variation of a milestone"}},
}

// Change states: asked for, then approved (and applied) or refused by an officer.
const (
	ChangeRequested = "requested"
	ChangeApproved  = "approved"
	ChangeRefused   = "refused"
)

// ChangeStates lists the change states with their labels.
var ChangeStates = OptionSet{
	{ChangeRequested, Label{"待审批", "Awaiting approval"}},
	{ChangeApproved, Label{"已批准", "Approved"}},
	{ChangeRefused, Label{"未批准", "Refused"}},
}

// AwardChange is an extension or variation of an award, asked for with a reason and decided by an
// officer other than the one who asked.
type AwardChange struct {
	ID           int64      `json:"id"`
	AwardID      int64      `json:"award_id"`
	Kind         string     `json:"kind"`
	TrancheID    int64      `json:"tranche_id,omitempty"` // the milestone it concerns, or
	ReportID     int64      `json:"report_id,omitempty"`  // the report it concerns
	OldDueAt     *time.Time `json:"old_due_at,omitempty"`
	NewDueAt     *time.Time `json:"new_due_at,omitempty"`
	OldText      string     `json:"old_text,omitempty"`
	NewText      string     `json:"new_text,omitempty"`
	Reason       string     `json:"reason"`
	Status       string     `json:"status"`
	RequestedBy  string     `json:"requested_by"`
	RequestedAt  time.Time  `json:"requested_at"`
	DecidedBy    string     `json:"decided_by"`
	DecidedAt    *time.Time `json:"decided_at,omitempty"`
	DecisionNote string     `json:"decision_note"`
}

// AwardChangeInput asks for an extension (a new due date for a tranche's milestone or a report) or a
// variation (a new milestone text for a tranche), with the reason.
type AwardChangeInput struct {
	Kind      string    `json:"kind"`
	TrancheID int64     `json:"tranche_id"`
	ReportID  int64     `json:"report_id"`
	NewDueAt  time.Time `json:"new_due_at"`
	NewText   string    `json:"new_text"`
	Reason    string    `json:"reason"`
}

// Validate checks the kind, the target, the new date or text and the reason, returning every
// problem.
func (in *AwardChangeInput) Validate() error {
	in.Reason = strings.TrimSpace(in.Reason)
	in.NewText = strings.TrimSpace(in.NewText)
	var es Errors
	switch in.Kind {
	case ChangeExtension:
		if (in.TrancheID == 0) == (in.ReportID == 0) {
			es = append(es, FieldError("target", Label{Zh: "请选择要延期的里程碑或报告（只选一项）", En: "choose the milestone or the report to extend (one of them)"}))
		}
		if in.NewDueAt.IsZero() {
			es = append(es, FieldError("new_due_at", Label{Zh: "请填写新的截止日期", En: "give the new due date"}))
		}
	case ChangeVariation:
		if in.TrancheID == 0 || in.ReportID != 0 {
			es = append(es, FieldError("target", Label{Zh: "变更只针对一个里程碑", En: "a variation concerns one milestone"}))
		}
		if n := utf8.RuneCountInString(in.NewText); n == 0 || n > 500 {
			es = append(es, FieldError("new_text", Label{Zh: "请写明变更后的里程碑（1–500 字）", En: "write the milestone as varied (1–500 characters)"}))
		}
	default:
		es = append(es, FieldError("kind", Label{Zh: "请选择变更类型：延期或变更里程碑", En: "choose the kind of change: an extension or a variation"}))
	}
	if n := utf8.RuneCountInString(in.Reason); n < 5 || n > 1000 {
		es = append(es, FieldError("reason", Label{Zh: "请写明理由（5–1000 字）", En: "give the reason (5–1000 characters)"}))
	}
	if len(es) > 0 {
		return es
	}
	return nil
}

// AwardChangeDecision is an officer's decision on a change asked for.
type AwardChangeDecision struct {
	Decision string `json:"decision"` // approve or refuse
	Note     string `json:"note"`
}

// AwardChange decisions.
const (
	ChangeApprove = "approve"
	ChangeRefuse  = "refuse"
)

// Validate checks the decision; refusing needs a reason.
func (d *AwardChangeDecision) Validate() error {
	d.Note = strings.TrimSpace(d.Note)
	if d.Decision != ChangeApprove && d.Decision != ChangeRefuse {
		return FieldError("decision", Label{Zh: "决定应为 approve（批准）或 refuse（不批准）", En: "decision must be approve or refuse"})
	}
	if d.Decision == ChangeRefuse && d.Note == "" {
		return FieldError("note", Label{Zh: "不批准须写明理由", En: "refusing needs a reason"})
	}
	if utf8.RuneCountInString(d.Note) > 1000 {
		return FieldError("note", Label{Zh: "说明过长（最多 1000 字）", En: "note too long (at most 1000 characters)"})
	}
	return nil
}
