package seedbed

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Outcomes of an exemption determination (容错免责认定).
const (
	ExemptionExempt      = "exempt"
	ExemptionNotExempt   = "not_exempt"
	ExemptionNeedsReview = "needs_review"
)

// ExemptionOutcomes lists the outcomes with their labels.
var ExemptionOutcomes = OptionSet{
	{ExemptionExempt, Label{"予以容错免责", "Exempt"}},
	{ExemptionNotExempt, Label{"不予免责", "Not exempt"}},
	{ExemptionNeedsReview, Label{"需人工审查", "Needs human review"}},
}

// Condition statuses.
const (
	ConditionMet    = "met"
	ConditionNotMet = "not_met"
	ConditionReview = "needs_review"
)

// ConditionStatuses lists the statuses of a condition with their labels.
var ConditionStatuses = OptionSet{
	{ConditionMet, Label{"满足", "Met"}},
	{ConditionNotMet, Label{"不满足", "Not met"}},
	{ConditionReview, Label{"需人工审查", "Needs human review"}},
}

// Exemption case states: drafted by seedbed, then decided by an auditor or committee.
const (
	ExemptionDraft   = "draft"
	ExemptionDecided = "decided"
)

// Decisions on a draft.
const (
	ExemptionConfirm  = "confirm"
	ExemptionOverride = "override"
)

// Event kinds of the exemption process.
const (
	EventExemptionOpened     = "exemption_opened"
	EventExemptionRedrafted  = "exemption_redrafted" // a draft recomputed from the ledger before a decision
	EventExemptionDetermined = "exemption_determined"
)

// Evidence is one ledger entry a determination relies on.
type Evidence struct {
	Index   uint64    `json:"index"` // the entry's index in the ledger
	Kind    string    `json:"kind"`
	Subject string    `json:"subject"`
	Actor   string    `json:"actor"`
	At      time.Time `json:"at"`
	Summary Label     `json:"summary"`
}

// StepResult is one step of the standard procedure, checked against the ledger.
type StepResult struct {
	ID          string     `json:"id"`
	Title       Label      `json:"title"`
	Evidence    string     `json:"evidence_kind"` // the event kind that proves the step
	Status      string     `json:"status"`
	Explanation Label      `json:"explanation"`
	Entries     []Evidence `json:"entries"`
}

// Condition is one condition of exemption, met or not or for a human to judge, with why.
type Condition struct {
	ID          string     `json:"id"`
	Title       Label      `json:"title"`
	Status      string     `json:"status"`
	Explanation Label      `json:"explanation"`
	Entries     []Evidence `json:"entries"`
}

// ProcedureRef names the procedure version a determination checked.
type ProcedureRef struct {
	ID            string `json:"id"`
	Version       int    `json:"version"`
	Title         Label  `json:"title"`
	EffectiveFrom string `json:"effective_from"`
	EffectiveTo   string `json:"effective_to,omitempty"`
	SHA256        string `json:"sha256"`
	LedgerIndex   uint64 `json:"ledger_index"` // the entry that published it
}

// Determination is seedbed's draft: the outcome, the procedure in force at the decision, each
// step and each condition with its evidence.
type Determination struct {
	Outcome       string        `json:"outcome"`
	Summary       Label         `json:"summary"`
	AwardID       int64         `json:"award_id"`
	DecisionIndex *uint64       `json:"decision_index,omitempty"` // the award's entry
	DecisionAt    time.Time     `json:"decision_at"`
	Decider       string        `json:"decider"`
	Procedure     *ProcedureRef `json:"procedure,omitempty"`
	Steps         []StepResult  `json:"steps"`
	Conditions    []Condition   `json:"conditions"`
	CheckedSize   uint64        `json:"checked_size"` // the ledger size it was checked against
	CheckedRoot   string        `json:"checked_root"`
}

// DecisionEntry returns the ledger index of the award decision (0 when it was not found; see
// DecisionIndex).
func (d Determination) DecisionEntry() uint64 {
	if d.DecisionIndex == nil {
		return 0
	}
	return *d.DecisionIndex
}

// Count returns how many conditions have the status.
func (d *Determination) Count(status string) int {
	n := 0
	for _, c := range d.Conditions {
		if c.Status == status {
			n++
		}
	}
	return n
}

// ExemptionCase is an exemption case for a failed award: the draft and, once decided, the
// final outcome with its written reason.
type ExemptionCase struct {
	ID               int64         `json:"id"`
	AwardID          int64         `json:"award_id"`
	ProgramID        int64         `json:"program_id"`
	ProgramTitle     string        `json:"program_title"`
	ApplicationTitle string        `json:"application_title"`
	InnovatorName    string        `json:"innovator_name"`
	State            string        `json:"state"`
	DraftOutcome     string        `json:"draft_outcome"`
	Draft            Determination `json:"draft"`
	FinalOutcome     string        `json:"final_outcome,omitempty"`
	Decision         string        `json:"decision,omitempty"`
	Reason           string        `json:"reason,omitempty"`
	Committee        string        `json:"committee,omitempty"`
	OpenedBy         string        `json:"opened_by"`
	OpenedAt         time.Time     `json:"opened_at"`
	DecidedBy        string        `json:"decided_by,omitempty"`
	DecidedAt        *time.Time    `json:"decided_at,omitempty"`
	Version          int           `json:"version"`
}

// Outcome is the final outcome once decided, else the draft's.
func (c *ExemptionCase) Outcome() string {
	if c.FinalOutcome != "" {
		return c.FinalOutcome
	}
	return c.DraftOutcome
}

// ExemptionFilter selects exemption cases.
type ExemptionFilter struct {
	State         string
	Outcome       string
	Order         Order // by ExemptionSorts
	Offset, Limit int
}

// ExemptionDecision is an auditor's or committee's confirmation or override of a draft.
type ExemptionDecision struct {
	Decision  string `json:"decision"` // confirm, override
	Outcome   string `json:"outcome"`  // override: exempt or not_exempt
	Reason    string `json:"reason"`
	Committee string `json:"committee"` // members who decided, as they sign
	Version   int    `json:"version"`   // the case version the decision was made on
}

// Normalize trims the text.
func (d *ExemptionDecision) Normalize() {
	d.Decision, d.Outcome = strings.TrimSpace(d.Decision), strings.TrimSpace(d.Outcome)
	d.Reason = strings.TrimSpace(strings.ReplaceAll(d.Reason, "\r\n", "\n"))
	d.Committee = strings.TrimSpace(d.Committee)
}

// Validate checks the decision against the draft outcome: a confirmation needs a draft that
// decides (exempt or not exempt); an override names the other outcome; both need a reason.
func (d *ExemptionDecision) Validate(draft string) error {
	var es Errors
	switch d.Decision {
	case ExemptionConfirm:
		if draft == ExemptionNeedsReview {
			es = append(es, FieldError("decision", Label{Zh: "草稿需要人工审查，不能直接确认：请改判为予以免责或不予免责", En: "the draft needs human review and cannot be confirmed: override it with exempt or not exempt"}))
		}
	case ExemptionOverride:
		if d.Outcome != ExemptionExempt && d.Outcome != ExemptionNotExempt {
			es = append(es, FieldError("outcome", Label{Zh: "改判结果应为 exempt（予以免责）或 not_exempt（不予免责）", En: "the outcome of an override must be exempt or not_exempt"}))
		} else if d.Outcome == draft {
			es = append(es, FieldError("outcome", Label{Zh: "改判结果与草稿相同，请选择确认", En: "the override gives the draft's outcome; confirm instead"}))
		}
	default:
		es = append(es, FieldError("decision", Label{Zh: "请选择确认或改判", En: "choose to confirm or to override"}))
	}
	switch n := utf8.RuneCountInString(d.Reason); {
	case n < 10:
		es = append(es, FieldError("reason", Label{Zh: "须写明理由（至少 10 个字）", En: "a written reason is required (at least 10 characters)"}))
	case n > 4000:
		es = append(es, FieldError("reason", Label{Zh: "理由过长（最多 4000 字）", En: "reason too long (at most 4000 characters)"}))
	}
	if utf8.RuneCountInString(d.Committee) > 500 {
		es = append(es, FieldError("committee", Label{Zh: "委员名单过长（最多 500 字）", En: "committee list too long (at most 500 characters)"}))
	}
	if len(es) > 0 {
		return es
	}
	return nil
}

// Final returns the outcome a valid decision gives.
func (d *ExemptionDecision) Final(draft string) string {
	if d.Decision == ExemptionOverride {
		return d.Outcome
	}
	return draft
}
