package seedbed

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Eligibility statuses: a policy's rules decide yes or no, or cannot decide because a field the
// rules read is empty (never a silent no).
const (
	Eligible   = "eligible"
	Ineligible = "ineligible"
	Undecided  = "undecided"
)

// Eligibility is the outcome of checking an innovator against a set of policies: it is eligible
// when every policy says so.
type Eligibility struct {
	Status   string              `json:"status"`
	Policies []PolicyEligibility `json:"policies"`
	// Override is an officer's decision on an undecided verdict, approved by a second one.
	Override *EligibilityOverride `json:"override,omitempty"`
}

// EligibilityOverride is an officer's decision on an application whose eligibility the rules
// could not decide: eligible or not, with the reason, proposed by one officer and approved by
// another (two-person rule).
type EligibilityOverride struct {
	Status     string    `json:"status"`
	Reason     string    `json:"reason"`
	ProposedBy string    `json:"proposed_by,omitempty"`
	ApprovedBy string    `json:"approved_by,omitempty"`
	At         time.Time `json:"at,omitempty"`
}

// EventEligibilityOverride is the ledger event of an override.
const EventEligibilityOverride = "eligibility_override"

// Validate checks the decision and its reason.
func (o *EligibilityOverride) Validate() error {
	o.Reason = strings.TrimSpace(o.Reason)
	if o.Status != Eligible && o.Status != Ineligible {
		return FieldError("status", Label{Zh: "改判结论应为符合条件或不符合条件", En: "the override must say eligible or ineligible"})
	}
	if o.Reason == "" {
		return FieldError("reason", Label{Zh: "请写明改判的理由", En: "give the reason for the override"})
	}
	if utf8.RuneCountInString(o.Reason) > 2000 {
		return FieldError("reason", Label{Zh: "理由不能超过 2000 字", En: "the reason is longer than 2000 characters"})
	}
	return nil
}

// PolicyEligibility is one policy's verdict with the explanation a person can read.
type PolicyEligibility struct {
	PolicyID      string `json:"policy_id"`
	Version       string `json:"version"`
	Title         Label  `json:"title"`
	Status        string `json:"status"`
	FailingClause string `json:"failing_clause,omitempty"`
	// FailingText is the failing clause's sentence as the policy writes it ("以市场需求驱动"),
	// which pages show instead of the clause's id.
	FailingText Label   `json:"failing_text,omitempty"`
	Explanation []Label `json:"explanation"` // one line per clause, e.g. "员工数 150 < 200 ✓"
}

// FailingWords is the failing clause in lang: its sentence, or its id for a verdict stored
// before verdicts carried the sentence.
func (p PolicyEligibility) FailingWords(lang string) string {
	if p.FailingText.Zh != "" {
		return p.FailingText.In(lang)
	}
	return p.FailingClause
}

// Combine sets the overall status from the policies': ineligible if any says no, undecided if
// any cannot decide, eligible otherwise (and ineligible when there are no policies at all).
func (e *Eligibility) Combine() {
	e.Status = Eligible
	if len(e.Policies) == 0 {
		e.Status = Ineligible
		return
	}
	for _, p := range e.Policies {
		switch p.Status {
		case Ineligible:
			e.Status = Ineligible
			return
		case Undecided:
			e.Status = Undecided
		}
	}
}
