package seedbed

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
}

// PolicyEligibility is one policy's verdict with the explanation a person can read.
type PolicyEligibility struct {
	PolicyID      string  `json:"policy_id"`
	Version       string  `json:"version"`
	Title         Label   `json:"title"`
	Status        string  `json:"status"`
	FailingClause string  `json:"failing_clause,omitempty"`
	Explanation   []Label `json:"explanation"` // one line per clause, e.g. "员工数 150 < 200 ✓"
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
