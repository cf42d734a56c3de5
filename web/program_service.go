package web

import (
	"context"

	"seedbed"
	"seedbed/evaluation"
)

// ProgramService is what the program, application and award pages and API ask of the use-case
// layer. Writes return EINVALID for bad input, ENOTFOUND for a missing row and ECONFLICT when a
// rule or a concurrent change refuses them; refused attempts are audited.
type ProgramService interface {
	// EligibilityBefore is an organisation's eligibility for a program today, before it applies.
	EligibilityBefore(ctx context.Context, innovatorID, programID int64) (*seedbed.Eligibility, error)
	// OverrideEligibility decides an undecided eligibility with a reason; under the two-person
	// rule it is proposed (*seedbed.Proposed). EINVALID, ECONFLICT.
	OverrideEligibility(ctx context.Context, a seedbed.Actor, appID int64, o seedbed.EligibilityOverride) (*seedbed.Application, error)
	CreateProgram(ctx context.Context, a seedbed.Actor, p *seedbed.Program) error
	UpdateProgram(ctx context.Context, a seedbed.Actor, p *seedbed.Program, version int) error
	TransitionProgram(ctx context.Context, a seedbed.Actor, id int64, to, note string) (*seedbed.Program, error)
	GetProgram(ctx context.Context, id int64) (*seedbed.Program, error)
	FindPrograms(ctx context.Context, f seedbed.ProgramFilter) ([]seedbed.Program, int, error)
	ProgramEvents(ctx context.Context, id int64) ([]seedbed.Event, error)
	// ProcedureChecklist returns the procedure in force for the program and each step, done or
	// due, for a decision by a taken now; ENOTFOUND for an unknown program.
	ProcedureChecklist(ctx context.Context, a seedbed.Actor, programID int64) (*seedbed.ProcedureChecklist, error)

	CreateApplication(ctx context.Context, a seedbed.Actor, app *seedbed.Application) error
	UpdateApplication(ctx context.Context, a seedbed.Actor, app *seedbed.Application, version int) error
	// SubmitApplication checks eligibility and submits the draft with the verdict.
	SubmitApplication(ctx context.Context, a seedbed.Actor, id int64) (*seedbed.Application, error)
	WithdrawApplication(ctx context.Context, a seedbed.Actor, id int64, reason string) (*seedbed.Application, error)
	NewApplication(ctx context.Context, a seedbed.Actor, p *seedbed.Program) *seedbed.Application
	ApplicationEvents(ctx context.Context, id int64) ([]seedbed.Event, error)
	GetApplication(ctx context.Context, id int64) (*seedbed.Application, error)
	FindApplications(ctx context.Context, f seedbed.ApplicationFilter) ([]seedbed.Application, int, error)
	AddAttachment(ctx context.Context, a seedbed.Actor, appID int64, filename, contentType string, data []byte) (*seedbed.Attachment, error)
	DeleteAttachment(ctx context.Context, a seedbed.Actor, appID, attID int64) error
	Attachment(ctx context.Context, appID, attID int64) (*seedbed.Attachment, []byte, error)

	CreateAward(ctx context.Context, a seedbed.Actor, programID int64, in seedbed.AwardInput) (*seedbed.Award, error)
	GetAward(ctx context.Context, id int64) (*seedbed.Award, error)
	FindAwards(ctx context.Context, f seedbed.AwardFilter) ([]seedbed.Award, int, error)
	// SumAwards adds up every award f selects, over all its pages.
	SumAwards(ctx context.Context, f seedbed.AwardFilter) (seedbed.AwardSums, error)
	// PublishedGrants lists a program's awards (every program's for 0) as published to everyone.
	PublishedGrants(ctx context.Context, programID int64) ([]seedbed.PublicGrant, error)
	// GrantSummary counts what PublishedGrants(0) lists.
	GrantSummary(ctx context.Context) (seedbed.GrantSummary, error)
	AwardOfTranche(ctx context.Context, trancheID int64) (*seedbed.Award, error)
	// SubmitEvidence returns EFORBIDDEN unless a speaks for the recipient organisation.
	SubmitEvidence(ctx context.Context, a seedbed.Actor, trancheID int64, evidence string) (*seedbed.Tranche, error)
	ReviewMilestone(ctx context.Context, a seedbed.Actor, trancheID int64, m seedbed.MilestoneReview) (*seedbed.Award, error)
	ReleaseTranche(ctx context.Context, a seedbed.Actor, trancheID int64) (*seedbed.Award, error)
	// Releasable says why ReleaseTranche would refuse a's release of tranche t of aw (nil: it would not).
	Releasable(a seedbed.Actor, aw *seedbed.Award, t *seedbed.Tranche) error
	// MilestoneGate says whether ReviewMilestone would propose a's acceptance of a milestone of
	// the award or refuse it while an earlier proposal awaits a second officer.
	MilestoneGate(ctx context.Context, a seedbed.Actor, awardID int64) (seedbed.ProposalGate, error)
	// OverrideGate says whether OverrideEligibility would propose a's decision on an application
	// or refuse it while an earlier one awaits a second officer.
	OverrideGate(ctx context.Context, a seedbed.Actor, appID int64) (seedbed.ProposalGate, error)
	// AwardTodo counts what waits in the life of awards, over the actor's own awards for an
	// applicant and over every award for everyone else.
	AwardTodo(ctx context.Context, a seedbed.Actor) (seedbed.AwardTodo, error)
	// AddReport returns ECONFLICT for a date past the program's end or a year beyond the cap.
	AddReport(ctx context.Context, a seedbed.Actor, awardID int64, in seedbed.ReportInput) (*seedbed.Report, error)
	// SubmitReport returns EFORBIDDEN unless a speaks for the recipient organisation.
	SubmitReport(ctx context.Context, a seedbed.Actor, reportID int64, text string) (*seedbed.Report, error)
	ReviewReport(ctx context.Context, a seedbed.Actor, reportID int64, rv seedbed.ReportReview) (*seedbed.Award, error)
	AwardOfReport(ctx context.Context, reportID int64) (*seedbed.Award, error)
	// RequestChange returns ECONFLICT for an extension past the program's end.
	RequestChange(ctx context.Context, a seedbed.Actor, awardID int64, in seedbed.AwardChangeInput) (*seedbed.AwardChange, error)
	// DecideChange returns ECONFLICT when a asked for the change itself.
	DecideChange(ctx context.Context, a seedbed.Actor, changeID int64, d seedbed.AwardChangeDecision) (*seedbed.Award, error)
	// CloseOut returns ECONFLICT before every tranche is released and the final report accepted.
	CloseOut(ctx context.Context, a seedbed.Actor, awardID int64, in seedbed.CloseoutInput, outcomes []evaluation.OutcomeRecord) (*seedbed.Award, error)
	// DeterminationLetter returns ECONFLICT while the application has no decision.
	DeterminationLetter(ctx context.Context, appID int64) (*seedbed.Letter, error)
	// Terminate closes an honest failure through the failure module, anything else as terminated.
	Terminate(ctx context.Context, a seedbed.Actor, awardID int64, in seedbed.TerminationInput) (*seedbed.Award, error)
}
