package seedbed

import (
	"strings"
	"time"
	"unicode/utf8"
)

// ReviewerProfile is a reviewer's entry in the pool: expertise tags, the organisation they
// belong to, and the relations they declared, which conflict-of-interest checks read.
type ReviewerProfile struct {
	UserID        int64     `json:"user_id"`
	Username      string    `json:"username"`
	DisplayName   string    `json:"display_name"`
	OrgID         *int64    `json:"org_id,omitempty"` // the innovator the reviewer works for
	OrgName       string    `json:"org_name,omitempty"`
	Expertise     []string  `json:"expertise"`
	DeclaredIDs   []int64   `json:"declared_ids"`   // innovators the reviewer has a relation with
	DeclaredNames []string  `json:"declared_names"` // people and organisations, as free text
	UpdatedAt     time.Time `json:"updated_at"`
	Load          int       `json:"load"` // open assignments (read only)
}

// Normalize trims and deduplicates the lists.
func (r *ReviewerProfile) Normalize() {
	r.Expertise, r.DeclaredNames = dedupe(r.Expertise), dedupe(r.DeclaredNames)
	ids := []int64{}
	seen := map[int64]bool{}
	for _, id := range r.DeclaredIDs {
		if id > 0 && !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	r.DeclaredIDs = ids
}

// Validate checks the profile's limits.
func (r *ReviewerProfile) Validate() error {
	var es Errors
	if len(r.Expertise) > 20 {
		es = append(es, FieldError("expertise", Label{Zh: "专业标签最多 20 个", En: "at most 20 expertise tags"}))
	}
	if len(r.DeclaredIDs) > 100 || len(r.DeclaredNames) > 100 {
		es = append(es, FieldError("declared_names", Label{Zh: "声明的关系最多 100 项", En: "at most 100 declared relations"}))
	}
	for _, xs := range [][]string{r.Expertise, r.DeclaredNames} {
		for _, x := range xs {
			if utf8.RuneCountInString(x) > 100 || strings.ContainsAny(x, "\n\r") {
				es = append(es, FieldError("declared_names", Label{Zh: "条目 %q 过长或含换行", En: "entry %q too long or holds a line break"}, x))
			}
		}
	}
	if len(es) > 0 {
		return es
	}
	return nil
}

// Assignment states: assigned, then the reviewer either declares no conflict (open: the
// application is shown and may be scored) or declares a conflict (recused); scored follows open.
const (
	AssignmentAssigned = "assigned"
	AssignmentOpen     = "open"
	AssignmentRecused  = "recused"
	AssignmentScored   = "scored"
	// AssignmentReplaced: an officer took the reviewer off the application, with a reason; the
	// reviewer can no longer open or score it, and a score given before no longer counts.
	AssignmentReplaced = "replaced"
	// AssignmentDeclined: the reviewer declined the invitation (an assignment is an invitation
	// until the reviewer accepts it by declaring no conflict, which the conflict rules check);
	// the place is filled by the next assignment run.
	AssignmentDeclined = "declined"
)

// AssignmentStates lists the assignment states with their labels.
var AssignmentStates = OptionSet{
	{AssignmentAssigned, Label{"待声明利益冲突", "Awaiting declaration"}},
	{AssignmentOpen, Label{"待评分", "To score"}},
	{AssignmentRecused, Label{"已回避", "Recused"}},
	{AssignmentScored, Label{"已评分", "Scored"}},
	{AssignmentReplaced, Label{"已被替换", "Replaced"}},
	{AssignmentDeclined, Label{"已谢绝邀请", "Invitation declined"}},
}

// Assignment is one reviewer assigned to one application, with the declaration and the score.
type Assignment struct {
	ID               int64              `json:"id"`
	ProgramID        int64              `json:"program_id"`
	ProgramTitle     string             `json:"program_title"`
	ApplicationID    int64              `json:"application_id"`
	ApplicationTitle string             `json:"application_title"`
	ApplicantName    string             `json:"applicant_name,omitempty"` // empty for a reviewer of a blind program
	Blind            bool               `json:"blind,omitempty"`          // the program hides who applied from this reviewer
	ReviewerID       int64              `json:"reviewer_id"`
	ReviewerName     string             `json:"reviewer_name"`
	State            string             `json:"state"`
	Expertise        int                `json:"expertise"` // how many of the application's field and tags the reviewer covers
	DeclaredAt       *time.Time         `json:"declared_at,omitempty"`
	DeclarationNote  string             `json:"declaration_note"`
	Scores           map[string]float64 `json:"scores,omitempty"`
	Total            *float64           `json:"total,omitempty"` // raw total on the 0–100 scale
	Comment          string             `json:"comment"`
	ScoredAt         *time.Time         `json:"scored_at,omitempty"`
	ReplacedReason   string             `json:"replaced_reason,omitempty"` // why an officer replaced the reviewer
	CreatedAt        time.Time          `json:"created_at"`
}

// AssignmentFilter selects assignments.
type AssignmentFilter struct {
	ProgramID     int64
	ApplicationID int64
	ReviewerID    int64
	State         string
}

// Declaration is a reviewer's statement about a conflict of interest with one application.
type Declaration struct {
	Conflict bool   `json:"conflict"`
	Note     string `json:"note"`
}

// ScoreSheet is a reviewer's scores of one application, one per rubric criterion.
type ScoreSheet struct {
	Scores  map[string]float64 `json:"scores"`
	Comment string             `json:"comment"`
}

// Event kinds of the program module's decisions.
const (
	EventProgramPublished  = "program_published"
	EventProgramState      = "program_state"
	EventEligibility       = "eligibility"
	EventWithdrawal        = "withdrawal"
	EventConflictDeclared  = "conflict_declaration"
	EventAssignment        = "assignment"
	EventScore             = "score"
	EventNormalisation     = "normalisation"
	EventSelection         = "selection"
	EventFundingDecision   = "funding_decision"
	EventRejection         = "rejection"
	EventLotteryCommitment = "lottery_commitment"
	EventDraw              = "draw"
	EventAward             = "award"
	EventMilestone         = "milestone_review"
	EventStageGate         = "stage_gate"
	EventTrancheRelease    = "tranche_release"
	EventAwardStatus       = "award_status"
	// EventProgramTerms: a program's terms set or changed (old and new), while it is a draft.
	EventProgramTerms = "program_terms"
	// EventReviewerRelations: a reviewer's organisation, expertise or declared relations
	// changed (old and new).
	EventReviewerRelations = "reviewer_relations"
	// EventReviewerReplaced: an officer replaced a reviewer on an application, with the reason.
	EventReviewerReplaced = "reviewer_replaced"
	// EventInvitationDeclined: a reviewer declined the invitation to review an application.
	EventInvitationDeclined = "invitation_declined"
)
