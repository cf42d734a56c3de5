package web

import (
	"context"
	"time"

	"seedbed"
	"seedbed/selection"
)

// ReviewService is what the review, selection and lottery pages and API ask of the use-case
// layer. Writes return EINVALID for bad input, ENOTFOUND, EFORBIDDEN for another reviewer's
// assignment and ECONFLICT when the program's state or an earlier step does not allow them.
type ReviewService interface {
	ReviewerPool(ctx context.Context) ([]seedbed.ReviewerProfile, error)
	ReviewerProfile(ctx context.Context, userID int64) (*seedbed.ReviewerProfile, error)
	SaveReviewerProfile(ctx context.Context, a seedbed.Actor, p *seedbed.ReviewerProfile) error
	AppConflicts(ctx context.Context, reviewerID, appID int64) ([]selection.Reason, error)
	FindAssignments(ctx context.Context, f seedbed.AssignmentFilter) ([]seedbed.Assignment, error)
	GetAssignment(ctx context.Context, id int64) (*seedbed.Assignment, error)
	ReviewerMayOpen(ctx context.Context, a seedbed.Actor, appID int64) (*seedbed.Assignment, error)
	AssignReviewers(ctx context.Context, a seedbed.Actor, programID int64, seed uint64) (*selection.AssignmentRun, error)
	DeclareConflict(ctx context.Context, a seedbed.Actor, id int64, d seedbed.Declaration) (*seedbed.Assignment, error)
	ScoreApplication(ctx context.Context, a seedbed.Actor, id int64, sheet seedbed.ScoreSheet) (*seedbed.Assignment, error)
	NormaliseScores(ctx context.Context, a seedbed.Actor, programID int64) (*selection.ProgramSelection, error)

	MyAssignments(ctx context.Context, a seedbed.Actor, state string) ([]seedbed.Assignment, error)
	ReviewerApplication(ctx context.Context, a seedbed.Actor, appID int64) (*seedbed.Application, *seedbed.Program, error)
	IdentityMentions(ctx context.Context, app *seedbed.Application) ([]seedbed.IdentityMention, error)
	RevealIdentities(ctx context.Context, a seedbed.Actor, programID int64) (*seedbed.Program, error)
	OpenReplyWindow(ctx context.Context, a seedbed.Actor, programID int64) (*seedbed.Program, error)
	ReviewsForApplicant(ctx context.Context, a seedbed.Actor, appID int64) (*seedbed.ReviewsForApplicant, error)
	SubmitReply(ctx context.Context, a seedbed.Actor, appID int64, body string) (*seedbed.Reply, error)
	NameChampion(ctx context.Context, a seedbed.Actor, assignmentID int64, reason string) (*seedbed.Champion, error)
	ProgramChampions(ctx context.Context, programID int64) ([]seedbed.Champion, error)
	SaveSummary(ctx context.Context, a seedbed.Actor, appID int64, body string) error
	PanelDiscussion(ctx context.Context, a seedbed.Actor, appID int64) (*seedbed.PanelDiscussion, error)
	AddPanelNote(ctx context.Context, a seedbed.Actor, appID int64, body string) (*seedbed.PanelEntry, error)
	RecordPanelOutcome(ctx context.Context, a seedbed.Actor, appID int64, kind, body string) (*seedbed.PanelEntry, error)
	ProgramPanelOutcomes(ctx context.Context, programID int64) (map[int64]*seedbed.PanelEntry, error)
	DeclineInvitation(ctx context.Context, a seedbed.Actor, id int64, reason string) (*seedbed.Assignment, error)
	ReplaceReviewer(ctx context.Context, a seedbed.Actor, assignmentID int64, reason string, seed uint64) (*selection.Replacement, error)

	ProgramSelection(ctx context.Context, programID int64) (*selection.ProgramSelection, error)
	RunSelection(ctx context.Context, a seedbed.Actor, programID int64) (*selection.ProgramSelection, error)
	// SelectionGate says whether RunSelection would propose a's selection or refuse it while an
	// earlier proposal awaits a second officer.
	SelectionGate(ctx context.Context, a seedbed.Actor, programID int64) (seedbed.ProposalGate, error)
	// ReopenGate says whether ReopenSelection would propose a's reopening or refuse it while an
	// earlier one awaits a second officer.
	ReopenGate(ctx context.Context, a seedbed.Actor, programID int64) (seedbed.ProposalGate, error)
	// ReopenSelection asks, with the reason, for the selection to be made again; it always waits
	// for a second officer (*seedbed.Proposed). EINVALID without a reason, ECONFLICT.
	ReopenSelection(ctx context.Context, a seedbed.Actor, programID int64, reason string) error
	// SelectionReopenings lists the approved reopenings with the selections they superseded.
	SelectionReopenings(ctx context.Context, programID int64) ([]seedbed.SelectionReopening, error)

	Lottery(ctx context.Context, programID int64) (*selection.Lottery, error)
	VerifyLottery(ctx context.Context, programID int64) (*selection.Lottery, error)
	CommitLottery(ctx context.Context, a seedbed.Actor, programID int64, src selection.SeedSource) (*selection.Lottery, error)
	DrawLottery(ctx context.Context, a seedbed.Actor, programID int64, seedValue string) (*selection.Lottery, error)
	LotteryMinDelay() time.Duration
}
