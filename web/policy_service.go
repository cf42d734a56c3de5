package web

import (
	"context"
	"time"

	"seedbed"
	"seedbed/policy"
)

// PolicyService is what the policy and eligibility pages and API ask of the use-case layer.
type PolicyService interface {
	Library(ctx context.Context) (*policy.Library, error)
	Versions(ctx context.Context, f policy.VersionFilter) ([]policy.Version, error)
	Version(ctx context.Context, id string, version int) (*policy.Version, error)
	Compile(ctx context.Context, pv *policy.Version) (*policy.Compiled, error)
	Document(ctx context.Context, pv policy.Version) (*policy.Document, error)
	Upload(ctx context.Context, a seedbed.Actor, file string, src []byte) (*policy.Version, error)
	Publish(ctx context.Context, a seedbed.Actor, id string, version int) (*policy.Version, error)
	// PublishGate says whether Publish would propose a's publication of a draft of the policy
	// or refuse it while an earlier proposal awaits a second person (and who may approve that).
	PublishGate(ctx context.Context, a seedbed.Actor, id string) (seedbed.ProposalGate, error)
	// Reform compares a version with the one in force before it over the registry (ENOTFOUND).
	Reform(ctx context.Context, id string, version, limit int) (*policy.ReformComparison, error)
	EvaluateSegment(ctx context.Context, c *policy.Compiled, f seedbed.InnovatorFilter, asOf time.Time, perStatus int) (*policy.SegmentResult, error)
	CheckEligibility(ctx context.Context, in *seedbed.Innovator, policyIDs []string, asOf time.Time) (seedbed.Eligibility, error)
	PoliciesFor(ctx context.Context, in *seedbed.Innovator, asOf time.Time) ([]policy.Result, error)
	// ProfileEligibility decides for an organisation described by its fields, storing nothing;
	// EINVALID names a bad field.
	ProfileEligibility(ctx context.Context, in seedbed.Innovator, asOf time.Time) ([]policy.Result, error)
}
