package policy

import (
	"strconv"

	"seedbed"
)

// Eligibility checks one innovator (as x holds it) against the named policies: each policy's
// version in force on x's day decides, with its explanation. A policy with no version in force
// that day is ineligible, with the reason said. The overall status combines them.
func (l *Library) Eligibility(x *Input, policyIDs []string) seedbed.Eligibility {
	e := seedbed.Eligibility{Policies: make([]seedbed.PolicyEligibility, 0, len(policyIDs))}
	day := x.AsOf()
	for _, id := range policyIDs {
		if c := l.At(id, day.t); c != nil {
			e.Policies = append(e.Policies, c.EvaluateInput(x).Verdict())
			continue
		}
		e.Policies = append(e.Policies, l.notInForce(id, day))
	}
	e.Combine()
	return e
}

// Verdict turns an evaluation into the domain's verdict: the status, the first failing clause,
// and one explanation line per clause ("员工数 150 < 200 ✓"), with the reason an undecided
// clause could not be decided.
func (r Result) Verdict() seedbed.PolicyEligibility {
	pe := seedbed.PolicyEligibility{PolicyID: r.PolicyID, Version: strconv.Itoa(r.Version), Title: r.Title,
		Status: string(r.Status), FailingClause: r.FailingClause, Explanation: make([]seedbed.Label, 0, len(r.Clauses))}
	for _, c := range r.Clauses {
		line := c.Trace
		if c.Outcome == Unknown && c.Note.Zh != "" {
			line = seedbed.Label{Zh: c.Trace.Zh + "：" + c.Note.Zh, En: c.Trace.En + ": " + c.Note.En}
		}
		pe.Explanation = append(pe.Explanation, line)
		if c.ID == r.FailingClause && r.FailingClause != "" {
			pe.FailingText = c.Text
		}
	}
	return pe
}

// notInForce is the verdict for a policy without a version in force on day d.
func (l *Library) notInForce(id string, d Date) seedbed.PolicyEligibility {
	pe := seedbed.PolicyEligibility{PolicyID: id, Title: seedbed.Label{Zh: id, En: id}, Status: seedbed.Ineligible}
	vs := l.Versions(id)
	if len(vs) == 0 {
		pe.Explanation = []seedbed.Label{{
			Zh: "政策 " + id + " 不存在或尚未发布",
			En: "policy " + id + " does not exist or is not published"}}
		return pe
	}
	pe.Title = vs[len(vs)-1].Document().Title // no version applies, so none is named
	pe.Explanation = []seedbed.Label{{
		Zh: "政策 " + id + " 在 " + d.String() + " 没有有效的版本",
		En: "policy " + id + " has no version in force on " + d.String()}}
	return pe
}
