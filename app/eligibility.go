package app

import (
	"context"
	"time"

	"seedbed"
	"seedbed/policy"
)

// Eligibility is the one place where an innovator is checked against policies: the
// eligibility page and API, application submission and every other use case come here, so that
// each decides with the same compiled library and the same indicators.

// CheckEligibility checks an innovator against the named policies as of a day: each policy's
// version in force that day decides, with its explanation. A policy with no version in force
// that day is ineligible, with the reason said. Programs call it when an application is
// submitted.
func (p *Policies) CheckEligibility(ctx context.Context, in *seedbed.Innovator, policyIDs []string, asOf time.Time) (seedbed.Eligibility, error) {
	if in == nil {
		return seedbed.Eligibility{}, seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "缺少创新主体", En: "no innovator given"})
	}
	lib, ind, err := p.eligibilityInput(ctx, in, asOf)
	if err != nil {
		return seedbed.Eligibility{}, err
	}
	return lib.Eligibility(policy.NewInput(in, asOf, ind), policyIDs), nil
}

// PoliciesFor answers "which policies apply": every policy in force on asOf decides for the
// innovator, with explanations, ordered by policy id.
func (p *Policies) PoliciesFor(ctx context.Context, in *seedbed.Innovator, asOf time.Time) ([]policy.Result, error) {
	if in == nil {
		return nil, seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "缺少创新主体", En: "no innovator given"})
	}
	lib, ind, err := p.eligibilityInput(ctx, in, asOf)
	if err != nil {
		return nil, err
	}
	return lib.Evaluate(in, asOf, ind), nil
}

// eligibilityInput is what every eligibility check starts from: the compiled library and the
// innovator's indicators on the day.
func (p *Policies) eligibilityInput(ctx context.Context, in *seedbed.Innovator, asOf time.Time) (*policy.Library, map[string]float64, error) {
	lib, err := p.Library(ctx)
	if err != nil {
		return nil, nil, err
	}
	ind, err := p.store.PolicyIndicators(ctx, in.ID, asOf)
	if err != nil {
		return nil, nil, err
	}
	return lib, ind, nil
}
