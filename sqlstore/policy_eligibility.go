package sqlstore

import (
	"context"
	"strconv"
	"time"

	"seedbed"
	"seedbed/policy"
)

// CheckEligibility checks an innovator against the named policies as of a day: each policy's
// version in force that day decides, with its explanation. A policy with no version in force
// that day is ineligible, with the reason said. Programs call it when an application is
// submitted (through the web server's CheckEligibility hook).
func (s *Store) CheckEligibility(ctx context.Context, in *seedbed.Innovator, policyIDs []string, asOf time.Time) (seedbed.Eligibility, error) {
	if in == nil {
		return seedbed.Eligibility{}, seedbed.Errorf(seedbed.EINVALID, "缺少创新主体 / no innovator given")
	}
	lib, err := s.PolicyLibrary(ctx)
	if err != nil {
		return seedbed.Eligibility{}, err
	}
	ind, err := s.PolicyIndicators(ctx, in.ID, asOf)
	if err != nil {
		return seedbed.Eligibility{}, err
	}
	x := policy.NewInput(in, asOf, ind)
	e := seedbed.Eligibility{Policies: make([]seedbed.PolicyEligibility, 0, len(policyIDs))}
	for _, id := range policyIDs {
		if c := lib.At(id, asOf); c != nil {
			e.Policies = append(e.Policies, PolicyEligibility(c.EvaluateInput(x)))
			continue
		}
		e.Policies = append(e.Policies, notInForce(lib, id, policy.DateOf(asOf)))
	}
	e.Combine()
	return e, nil
}

// PolicyEligibility turns an engine result into the domain's verdict: the status, the first
// failing clause, and one explanation line per clause ("员工数 150 < 200 ✓"), with the reason an
// undecided clause could not be decided.
func PolicyEligibility(r policy.Result) seedbed.PolicyEligibility {
	pe := seedbed.PolicyEligibility{PolicyID: r.PolicyID, Version: strconv.Itoa(r.Version), Title: r.Title,
		Status: string(r.Status), FailingClause: r.FailingClause, Explanation: make([]seedbed.Label, 0, len(r.Clauses))}
	for _, c := range r.Clauses {
		line := c.Trace
		if c.Outcome == policy.Unknown && c.Note.Zh != "" {
			line = seedbed.Label{Zh: c.Trace.Zh + "：" + c.Note.Zh, En: c.Trace.En + ": " + c.Note.En}
		}
		pe.Explanation = append(pe.Explanation, line)
	}
	return pe
}

// notInForce is the verdict for a policy without a version in force on day d.
func notInForce(lib *policy.Library, id string, d policy.Date) seedbed.PolicyEligibility {
	pe := seedbed.PolicyEligibility{PolicyID: id, Title: seedbed.Label{Zh: id, En: id}, Status: seedbed.Ineligible}
	vs := lib.Versions(id)
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
