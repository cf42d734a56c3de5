package web

import (
	"context"
	"time"

	"seedbed"
	"seedbed/exemption"
)

// ExemptionService is what the procedure, failure and exemption pages and API ask of the use-case layer.
type ExemptionService interface {
	OpenCase(ctx context.Context, a seedbed.Actor, awardID int64) (*seedbed.ExemptionCase, error)
	RedraftCase(ctx context.Context, a seedbed.Actor, id int64) (*seedbed.ExemptionCase, error)
	DecideCase(ctx context.Context, a seedbed.Actor, id int64, dec seedbed.ExemptionDecision) (*seedbed.ExemptionCase, error)
	Case(ctx context.Context, id int64) (*seedbed.ExemptionCase, error)
	CaseOfAward(ctx context.Context, awardID int64) (*seedbed.ExemptionCase, error)
	FindCases(ctx context.Context, f seedbed.ExemptionFilter) ([]seedbed.ExemptionCase, int, error)
	Dossier(ctx context.Context, c *seedbed.ExemptionCase) (*exemption.Dossier, error)

	CloseAwardAsFailed(ctx context.Context, a seedbed.Actor, awardID int64, in seedbed.FailureInput) (*seedbed.Failure, error)
	Failure(ctx context.Context, awardID int64) (*seedbed.Failure, error)
	FindFailures(ctx context.Context, f seedbed.FailureFilter) ([]seedbed.Failure, int, error)
	PriorFailures(ctx context.Context, innovatorID int64, before time.Time) ([]seedbed.Failure, error)

	PublishProcedure(ctx context.Context, a seedbed.Actor, src []byte) (*seedbed.ProcedureInfo, bool, error)
	Procedure(ctx context.Context, id string, version int) (*seedbed.ProcedureInfo, error)
	Procedures(ctx context.Context) ([]seedbed.ProcedureInfo, error)
	ProcedureRecords(ctx context.Context, programID int64) ([]seedbed.Event, error)
	RecordCollectiveDecision(ctx context.Context, a seedbed.Actor, d seedbed.CollectiveDecision) (*seedbed.Event, error)
	RecordPublicNotice(ctx context.Context, a seedbed.Actor, n seedbed.PublicNotice) (*seedbed.Event, error)
	DeclareInterest(ctx context.Context, a seedbed.Actor, d seedbed.InterestDeclaration) (*seedbed.Event, error)
}
