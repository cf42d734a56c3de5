package app

import (
	"context"
	"encoding/json"
	"fmt"

	"seedbed"
	"seedbed/sqlstore"
)

// Approvals runs the two-person rules (双人复核): a decision under a rule that is on is proposed
// by one account and takes effect, in the approving transaction, when a second account with the
// right role approves it. Both steps are ledgered.
type Approvals struct {
	store *sqlstore.Store
	rules seedbed.TwoPersonRules
	// rule → what takes effect on approval; New fills it from the services that own the rules.
	effects map[string]approvalEffect
}

// approvalEffect is what a rule's approval does: before runs outside the transaction (a check
// that writes, such as bringing flags up to date), apply inside it as the approving account,
// after once it committed (dropping a cache).
type approvalEffect struct {
	before func(ctx context.Context, a seedbed.Actor, ap *seedbed.Approval) error
	apply  func(ctx context.Context, tx *sqlstore.Tx, a seedbed.Actor, ap *seedbed.Approval) error
	after  func()
	// decided, when set, runs inside the deciding transaction for an approval and a rejection
	// alike, after apply; it may refuse the decision (a missing reason).
	decided func(ctx context.Context, tx *sqlstore.Tx, a seedbed.Actor, ap *seedbed.Approval, status, note string) error
}

// Applies reports whether a decision under rule by a waits for a second account: the rule is on
// (reopening and risk filings always are) and a is a person, not the platform's own work.
func (x *Approvals) Applies(rule string, a seedbed.Actor) bool {
	if x == nil || a.Username == seedbed.System.Username {
		return false
	}
	switch rule {
	case seedbed.TwoPersonReopen, seedbed.TwoPersonRiskFiling:
		return true
	}
	return x.rules.On(rule)
}

// propose records ap as proposed by a, after check (which must not write) passes in the same
// transaction, and returns it as a *seedbed.Proposed. A proposal of the same rule waiting on the
// same subject is ECONFLICT.
func (x *Approvals) propose(ctx context.Context, a seedbed.Actor, ap *seedbed.Approval, payload any, check func(tx *sqlstore.Tx) error) error {
	if err := seedbed.Authorize(a, seedbed.TwoPersonPermission(ap.Rule), nil); err != nil {
		return err
	}
	err := decide(ctx, x.store, a, "approval.propose", "approval", 0, func(tx *sqlstore.Tx) error {
		if check != nil {
			if err := check(tx); err != nil {
				return err
			}
		}
		// the check may fill the payload in
		return x.proposeTx(ctx, tx, a, ap, payload)
	})
	if err != nil {
		return err
	}
	return &seedbed.Proposed{Approval: ap}
}

// proposeTx records ap as proposed by a inside tx, for a use case whose own writes and the
// proposal make one transaction. A proposal of the same rule waiting on the same subject is
// ECONFLICT.
func (x *Approvals) proposeTx(ctx context.Context, tx *sqlstore.Tx, a seedbed.Actor, ap *seedbed.Approval, payload any) error {
	b, err := json.Marshal(payload)
	if err != nil {
		return err
	}
	ap.Payload = b
	if old, err := tx.PendingApproval(ctx, ap.Rule, ap.Subject); err != nil {
		return err
	} else if err := seedbed.ProposalWaiting(old); err != nil {
		return err
	}
	if err := tx.InsertApproval(ctx, a, ap); err != nil {
		return err
	}
	if _, err := tx.RecordEvent(ctx, a, seedbed.EventApprovalProposed, ap.Subject, map[string]any{"approval_id": ap.ID,
		"rule": ap.Rule, "summary": ap.Summary.Zh, "reason": ap.Reason, "proposal": json.RawMessage(ap.Payload)}); err != nil {
		return err
	}
	return tx.Audit(ctx, a, "approval.propose", "approval", ap.ID, ap.Rule+" "+ap.Subject)
}

// Approve lets a proposed decision take effect as a's second decision. EFORBIDDEN when a's role
// may not approve under the rule, ECONFLICT when a proposed it (the same person approving
// twice) or it was decided already; the decision's own checks run again and may refuse it.
func (x *Approvals) Approve(ctx context.Context, a seedbed.Actor, id int64, note string) (*seedbed.Approval, error) {
	return x.conclude(ctx, a, id, seedbed.ApprovalApproved, note)
}

// Reject ends a proposal without effect; its proposer may withdraw it this way too.
func (x *Approvals) Reject(ctx context.Context, a seedbed.Actor, id int64, note string) (*seedbed.Approval, error) {
	return x.conclude(ctx, a, id, seedbed.ApprovalRejected, note)
}

func (x *Approvals) conclude(ctx context.Context, a seedbed.Actor, id int64, status, note string) (*seedbed.Approval, error) {
	ap, err := x.store.GetApproval(ctx, id)
	if err != nil {
		return nil, err
	}
	eff, ok := x.effects[ap.Rule]
	if !ok {
		return nil, fmt.Errorf("approval %d: no effect for rule %q", id, ap.Rule)
	}
	action := "approval." + status
	if status == seedbed.ApprovalApproved && eff.before != nil && ap.Status == seedbed.ApprovalPending {
		if err := seedbed.SecondPerson(a, ap.ProposedBy, seedbed.TwoPersonPermission(ap.Rule)); err != nil {
			return nil, refused(ctx, x.store, a, action, "approval", id, err)
		}
		if err := eff.before(ctx, a, ap); err != nil {
			return nil, err
		}
	}
	err = decide(ctx, x.store, a, action, "approval", id, func(tx *sqlstore.Tx) error {
		if ap, err = tx.Approval(ctx, id); err != nil {
			return err
		}
		if status == seedbed.ApprovalApproved {
			if err := ap.Approvable(a); err != nil {
				return err
			}
			if eff.apply != nil {
				if err := eff.apply(ctx, tx, a, ap); err != nil {
					return err
				}
			}
		} else if err := ap.Rejectable(a); err != nil {
			return err
		}
		if eff.decided != nil {
			if err := eff.decided(ctx, tx, a, ap, status, note); err != nil {
				return err
			}
		}
		if ok, err := tx.DecideApproval(ctx, a, id, status, note); err != nil {
			return err
		} else if !ok {
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "复核事项 %d 已被他人处理", En: "approval %d was decided meanwhile"}, id)
		}
		if _, err := tx.RecordEvent(ctx, a, seedbed.EventApprovalDecided, ap.Subject, map[string]any{"approval_id": id, "rule": ap.Rule,
			"proposed_by": ap.ProposedBy, "decision": status, "note": note}); err != nil {
			return err
		}
		if err := tx.Audit(ctx, a, action, "approval", id, ap.Rule+" "+ap.Subject); err != nil {
			return err
		}
		ap, err = tx.Approval(ctx, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	if status == seedbed.ApprovalApproved && eff.after != nil {
		eff.after()
	}
	return ap, nil
}

// Gate is what proposing a decision under rule on subject would do for a: nothing to show while
// none waits (the button proposes), and otherwise the waiting proposal, whether a proposed it,
// and whether a may approve it. The use cases' ...Gate methods answer it for their own subject.
func (x *Approvals) Gate(ctx context.Context, a seedbed.Actor, rule, subject string) (seedbed.ProposalGate, error) {
	ap, err := x.Waiting(ctx, a, rule, subject)
	if err != nil {
		return seedbed.ProposalGate{}, err
	}
	return seedbed.GateOf(a, ap), nil
}

// Waiting returns the proposal under rule on subject that awaits a second person when a's
// decision would be proposed under the rule (Applies), or nil: what propose refuses a new
// proposal for. A page asks it before it offers the button that proposes.
func (x *Approvals) Waiting(ctx context.Context, a seedbed.Actor, rule, subject string) (*seedbed.Approval, error) {
	if !x.Applies(rule, a) {
		return nil, nil
	}
	list, _, err := x.store.FindApprovals(ctx, seedbed.ApprovalFilter{Status: seedbed.ApprovalPending, Rule: rule, Subject: subject, Limit: 1})
	if err != nil || len(list) == 0 {
		return nil, err
	}
	return &list[0], nil
}

// Get returns one approval, or ENOTFOUND.
func (x *Approvals) Get(ctx context.Context, id int64) (*seedbed.Approval, error) {
	return x.store.GetApproval(ctx, id)
}

// Find returns one page of approvals, newest first, and how many f selects.
func (x *Approvals) Find(ctx context.Context, f seedbed.ApprovalFilter) ([]seedbed.Approval, int, error) {
	return x.store.FindApprovals(ctx, f)
}

// Pending returns the proposals waiting that a's role may approve, oldest first; those a
// proposed are included (a sees them waiting) but a cannot approve them.
func (x *Approvals) Pending(ctx context.Context, a seedbed.Actor) ([]seedbed.Approval, error) {
	all, _, err := x.store.FindApprovals(ctx, seedbed.ApprovalFilter{Status: seedbed.ApprovalPending, Limit: 1000})
	if err != nil {
		return nil, err
	}
	out := []seedbed.Approval{}
	for i := len(all) - 1; i >= 0; i-- {
		if seedbed.RoleCan(a.Role, seedbed.TwoPersonPermission(all[i].Rule)) {
			out = append(out, all[i])
		}
	}
	return out, nil
}

// payloadOf decodes an approval's payload into v.
func payloadOf(ap *seedbed.Approval, v any) error {
	if err := json.Unmarshal(ap.Payload, v); err != nil {
		return fmt.Errorf("approval %d: payload: %w", ap.ID, err)
	}
	return nil
}
