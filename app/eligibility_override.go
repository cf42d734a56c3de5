package app

import (
	"context"
	"fmt"

	"seedbed"
	"seedbed/sqlstore"
)

// OverrideGate tells what deciding an application's eligibility by hand would do for a, by the
// rule OverrideEligibility runs: under the two-person rule a decision proposed earlier and
// still waiting refuses another, and only a second officer may approve it.
func (ps *Programs) OverrideGate(ctx context.Context, a seedbed.Actor, appID int64) (seedbed.ProposalGate, error) {
	return ps.approvals.Gate(ctx, a, seedbed.TwoPersonEligibility, seedbed.ApplicationSubject(appID))
}

// OverrideEligibility decides an application whose eligibility the rules could not decide:
// eligible or not, with the reason. Under the two-person rule on eligibility (on by default) it
// is proposed (*seedbed.Proposed) and takes effect when a second officer approves it. EINVALID
// for a bad decision or no reason; ECONFLICT unless the application is submitted, undecided and
// not yet selected. A decided verdict (eligible or ineligible by the rules) is never overridden.
func (ps *Programs) OverrideEligibility(ctx context.Context, a seedbed.Actor, appID int64, o seedbed.EligibilityOverride) (*seedbed.Application, error) {
	if err := seedbed.Authorize(a, seedbed.PermProgramManage, nil); err != nil {
		return nil, refused(ctx, ps.store, a, "eligibility.override", "application", appID, err)
	}
	if err := o.Validate(); err != nil {
		return nil, refused(ctx, ps.store, a, "eligibility.override", "application", appID, err)
	}
	if ps.approvals.Applies(seedbed.TwoPersonEligibility, a) {
		ap := &seedbed.Approval{Rule: seedbed.TwoPersonEligibility, Subject: seedbed.ApplicationSubject(appID),
			Link: fmt.Sprintf("/applications/%d", appID), Reason: o.Reason}
		return nil, ps.approvals.propose(ctx, a, ap, eligibilityProposal{ApplicationID: appID, Status: o.Status, Reason: o.Reason}, func(tx *sqlstore.Tx) error {
			app, err := overridable(ctx, tx, appID)
			if err != nil {
				return err
			}
			st := seedbed.Label{Zh: "符合条件", En: "eligible"}
			if o.Status == seedbed.Ineligible {
				st = seedbed.Label{Zh: "不符合条件", En: "not eligible"}
			}
			ap.Summary = seedbed.Label{Zh: fmt.Sprintf("将申请 %s（%s）的资格由“待人工核对”改判为“%s”", seedbed.AppCode(appID), app.Title, st.Zh),
				En: fmt.Sprintf("decide application %s (%s), undecided by the rules, as %s", seedbed.AppCode(appID), app.Title, st.En)}
			return nil
		})
	}
	var out *seedbed.Application
	err := decide(ctx, ps.store, a, "eligibility.override", "application", appID, func(tx *sqlstore.Tx) error {
		var err error
		out, err = overrideEligibility(ctx, tx, a, a.Username, appID, o)
		return err
	})
	return out, err
}

// eligibilityProposal is what an approval of an override carries.
type eligibilityProposal struct {
	ApplicationID int64  `json:"application_id"`
	Status        string `json:"status"`
	Reason        string `json:"reason"`
}

func (ps *Programs) approveEligibility(ctx context.Context, tx *sqlstore.Tx, a seedbed.Actor, ap *seedbed.Approval) error {
	var pr eligibilityProposal
	if err := payloadOf(ap, &pr); err != nil {
		return err
	}
	_, err := overrideEligibility(ctx, tx, a, ap.ProposedBy, pr.ApplicationID, seedbed.EligibilityOverride{Status: pr.Status, Reason: pr.Reason})
	return err
}

// overridable returns the application when its eligibility may be overridden.
func overridable(ctx context.Context, tx *sqlstore.Tx, appID int64) (*seedbed.Application, error) {
	app, err := tx.Application(ctx, appID)
	if err != nil {
		return nil, err
	}
	if app.State != seedbed.AppSubmitted || app.Eligibility == nil || app.Eligibility.Status != seedbed.Undecided || app.Outcome != "" {
		return nil, seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "只能改判已提交、资格“待人工核对”且尚未遴选的申请",
			En: "only a submitted application whose eligibility is undecided, before selection, can be overridden"})
	}
	return app, nil
}

// overrideEligibility writes the override by a, proposed by by, with its decision event.
func overrideEligibility(ctx context.Context, tx *sqlstore.Tx, a seedbed.Actor, by string, appID int64, o seedbed.EligibilityOverride) (*seedbed.Application, error) {
	app, err := overridable(ctx, tx, appID)
	if err != nil {
		return nil, err
	}
	elig := *app.Eligibility
	before := elig.Status
	o.ProposedBy, o.ApprovedBy, o.At = by, a.Username, tx.Now()
	elig.Status, elig.Override = o.Status, &o
	ok, err := tx.SetApplicationEligibility(ctx, appID, elig)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "申请状态已改变，请刷新", En: "the application changed meanwhile; reload"})
	}
	if _, err := tx.RecordEvent(ctx, a, seedbed.EventEligibilityOverride, seedbed.ApplicationSubject(appID), map[string]any{
		"application_id": appID, "program_id": app.ProgramID, "before": before, "after": o.Status, "reason": o.Reason,
		"proposed_by": by}); err != nil {
		return nil, err
	}
	if err := tx.Audit(ctx, a, "eligibility.override", "application", appID, o.Status); err != nil {
		return nil, err
	}
	return tx.Application(ctx, appID)
}
