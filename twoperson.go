package seedbed

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Two-person rules (双人复核, four eyes): decisions that one account may not take alone. The
// first account proposes, and the decision takes effect when a second account, with the right
// role, approves it; both steps are ledgered, and the same account acting twice is refused
// (ECONFLICT). Releasing money follows the same rule with the acceptance of the milestone
// evidence as the first step.
const (
	// TwoPersonRelease: the money of a tranche is released by an account other than the one that
	// accepted its milestone evidence.
	TwoPersonRelease = "release"
	// TwoPersonMilestone: accepting a milestone's evidence.
	TwoPersonMilestone = "milestone"
	// TwoPersonFlag: resolving a complacency flag.
	TwoPersonFlag = "flag"
	// TwoPersonPolicy: publishing a policy version.
	TwoPersonPolicy = "policy"
	// TwoPersonProcedure: publishing a standard decision procedure.
	TwoPersonProcedure = "procedure"
	// TwoPersonSelection: confirming a program's selection result.
	TwoPersonSelection = "selection"
	// TwoPersonEligibility: overriding an undecided eligibility decision.
	TwoPersonEligibility = "eligibility"
)

// TwoPersonRuleNames lists every two-person rule that can be switched off; all are on unless
// switched off. Reopening a selection and reviewing a risk filing always take two people.
var TwoPersonRuleNames = []string{TwoPersonRelease, TwoPersonMilestone, TwoPersonFlag, TwoPersonPolicy,
	TwoPersonProcedure, TwoPersonSelection, TwoPersonEligibility}

// Decisions that always take two people, whatever the configuration.
const (
	// TwoPersonReopen: reopening a program's selection, keeping the first result in the ledger.
	TwoPersonReopen = "reopen"
	// TwoPersonRiskFiling: reviewing a high-risk support decision filed in advance (容错备案).
	TwoPersonRiskFiling = "risk_filing"
)

// TwoPersonRuleSet names every rule for people, the switchable ones and those always on.
var TwoPersonRuleSet = OptionSet{
	{Code: TwoPersonRelease, Label: Label{Zh: "拨付资金", En: "releasing money"}},
	{Code: TwoPersonMilestone, Label: Label{Zh: "通过里程碑材料", En: "accepting milestone evidence"}},
	{Code: TwoPersonFlag, Label: Label{Zh: "处理安乐预警", En: "resolving a complacency flag"}},
	{Code: TwoPersonPolicy, Label: Label{Zh: "发布政策", En: "publishing a policy"}},
	{Code: TwoPersonProcedure, Label: Label{Zh: "发布决策程序", En: "publishing a procedure"}},
	{Code: TwoPersonSelection, Label: Label{Zh: "确认遴选结果", En: "confirming a selection result"}},
	{Code: TwoPersonEligibility, Label: Label{Zh: "改判资格", En: "overriding an eligibility decision"}},
	{Code: TwoPersonReopen, Label: Label{Zh: "重新遴选", En: "reopening a selection"}},
	{Code: TwoPersonRiskFiling, Label: Label{Zh: "容错备案复核", En: "reviewing a risk filing"}},
}

// ApprovalStatuses names the states of an approval.
var ApprovalStatuses = OptionSet{
	{Code: ApprovalPending, Label: Label{Zh: "待复核", En: "awaiting approval"}},
	{Code: ApprovalApproved, Label: Label{Zh: "已复核生效", En: "approved"}},
	{Code: ApprovalRejected, Label: Label{Zh: "已驳回", En: "rejected"}},
}

// TwoPersonPermission is the permission the second account needs to approve under a rule.
func TwoPersonPermission(rule string) Permission {
	switch rule {
	case TwoPersonPolicy, TwoPersonProcedure:
		return PermPolicyWrite
	}
	return PermProgramManage
}

// TwoPersonRules says which two-person rules are switched off; the zero value has every rule on.
type TwoPersonRules struct {
	Off []string
}

// On reports whether the rule applies.
func (r TwoPersonRules) On(rule string) bool { return !slices.Contains(r.Off, rule) }

// ParseTwoPersonOff reads a comma-separated list of rules to switch off, refusing unknown names.
func ParseTwoPersonOff(s string) (TwoPersonRules, error) {
	var r TwoPersonRules
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if !slices.Contains(TwoPersonRuleNames, f) {
			return r, FieldError("two_person_off", Label{Zh: "未知的双人复核规则 %q，应为 %s", En: "unknown two-person rule %q; use %s"},
				f, strings.Join(TwoPersonRuleNames, ", "))
		}
		r.Off = append(r.Off, f)
	}
	return r, nil
}

// SecondPerson refuses a second decision by the account that took the first (first names it;
// ECONFLICT) or by one whose role may not take it (EFORBIDDEN).
func SecondPerson(a Actor, first string, perm Permission) error {
	if !RoleCan(a.Role, perm) {
		return Errorf(EFORBIDDEN, Label{Zh: "您的角色不能作出这一复核决定", En: "your role cannot take this second decision"})
	}
	if first != "" && strings.EqualFold(a.Username, first) {
		return Errorf(ECONFLICT, Label{Zh: "双人复核：%s 已作出前一决定，须由另一人复核", En: "two-person rule: %s took the first decision; another person must take the second"}, first)
	}
	return nil
}

// Approvable refuses a's approval of ap as approving it would: ECONFLICT once it was decided or
// for the account that proposed it, EFORBIDDEN for a role that may not take the second decision.
// A page asks it before it offers the approve button.
func (ap *Approval) Approvable(a Actor) error {
	if ap.Status != ApprovalPending {
		return Errorf(ECONFLICT, Label{Zh: "复核事项 %d 已由 %s 处理", En: "approval %d was already decided by %s"}, ap.ID, ap.DecidedBy)
	}
	return SecondPerson(a, ap.ProposedBy, TwoPersonPermission(ap.Rule))
}

// Rejectable refuses a's rejection of ap as rejecting it would: ECONFLICT once it was decided,
// EFORBIDDEN for a role that may not take the second decision. Its proposer may reject it
// (withdrawing it).
func (ap *Approval) Rejectable(a Actor) error {
	if ap.Status != ApprovalPending {
		return Errorf(ECONFLICT, Label{Zh: "复核事项 %d 已由 %s 处理", En: "approval %d was already decided by %s"}, ap.ID, ap.DecidedBy)
	}
	return Authorize(a, TwoPersonPermission(ap.Rule), nil)
}

// ProposalWaiting refuses proposing a decision while waiting, the same decision on the same
// subject, awaits a second person (ECONFLICT); nil when nothing waits.
func ProposalWaiting(waiting *Approval) error {
	if waiting == nil {
		return nil
	}
	return Errorf(ECONFLICT, Label{Zh: "%s 已于 %s 提出同一决定（复核事项 %d），等待另一人复核",
		En: "%s proposed the same decision at %s (approval %d); it waits for another person"}, waiting.ProposedBy,
		waiting.ProposedAt.Format("2006-01-02 15:04"), waiting.ID)
}

// ProposalGate is what a button that proposes a decision under a two-person rule may do for an
// account: propose it (Waiting nil), or nothing while Waiting, the same decision proposed
// earlier, awaits a second person — whom the page may offer its approval (CanApprove) and tell
// its proposer (Own) that someone else must approve.
type ProposalGate struct {
	Waiting         *Approval
	Own, CanApprove bool
}

// GateOf is the gate of a proposal for a while waiting (nil: none) awaits a second person.
func GateOf(a Actor, waiting *Approval) ProposalGate {
	if waiting == nil {
		return ProposalGate{}
	}
	return ProposalGate{Waiting: waiting, Own: strings.EqualFold(waiting.ProposedBy, a.Username), CanApprove: waiting.Approvable(a) == nil}
}

// Approval states.
const (
	ApprovalPending  = "pending"
	ApprovalApproved = "approved"
	ApprovalRejected = "rejected"
)

// Approval events in the decision ledger.
const (
	EventApprovalProposed = "approval_proposed"
	EventApprovalDecided  = "approval_decided"
)

// Approval is a decision under a two-person rule: proposed by one account, it takes effect when
// another approves it, or never when it is rejected.
type Approval struct {
	ID           int64           `json:"id"`
	Rule         string          `json:"rule"`
	Subject      string          `json:"subject"` // "award:3", "policy:grassroots-seed", …
	Link         string          `json:"link"`    // the page of what it concerns
	Summary      Label           `json:"summary"` // what takes effect on approval
	Reason       string          `json:"reason,omitempty"`
	Payload      json.RawMessage `json:"payload"`
	Status       string          `json:"status"`
	ProposedBy   string          `json:"proposed_by"`
	ProposedRole string          `json:"proposed_role"`
	ProposedAt   time.Time       `json:"proposed_at"`
	DecidedBy    string          `json:"decided_by,omitempty"`
	DecidedAt    *time.Time      `json:"decided_at,omitempty"`
	Note         string          `json:"note,omitempty"`
}

// ApprovalFilter selects approvals; Status empty means every state.
type ApprovalFilter struct {
	Status        string
	Decided       bool // approved or rejected, whichever
	Rule          string
	Subject       string
	Offset, Limit int
}

// Proposed is what a use case returns instead of acting when a two-person rule applies: the
// decision was proposed and waits for a second account. It is an outcome, not a failure; the web
// layer answers it with 202 Accepted, the command line with a note.
type Proposed struct {
	Approval *Approval
}

func (p *Proposed) Error() string {
	return "proposed for approval under the two-person rule: approval " + strconv.FormatInt(p.Approval.ID, 10)
}
