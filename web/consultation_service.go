package web

import (
	"context"

	"seedbed"
	"seedbed/policy"
)

// ConsultationService is what the pages and API of drafts open for comment (征求意见) ask of the
// use-case layer. Writes return EINVALID for bad input, ENOTFOUND for an unknown consultation,
// ECONFLICT outside the period or when a rule refuses, ETOOMANY when an address sent too many
// comments lately; refused attempts are audited.
type ConsultationService interface {
	OpenConsultation(ctx context.Context, a seedbed.Actor, policyID string, version int, p seedbed.NoticePeriod) (*seedbed.Consultation, error)
	// ConsultableDrafts lists the drafts OpenConsultation would open: those of policies with no
	// consultation still open.
	ConsultableDrafts(ctx context.Context) ([]policy.Version, error)
	Comment(ctx context.Context, address string, id int64, in seedbed.CommentInput) (*seedbed.PublicComment, error)
	AnswerComment(ctx context.Context, a seedbed.Actor, id, commentID int64, answer string) (*seedbed.PublicComment, error)
	ConcludeConsultation(ctx context.Context, a seedbed.Actor, id int64, finalVersion int, conclusion string) (*seedbed.Consultation, error)
	Consultation(ctx context.Context, id int64) (*seedbed.Consultation, error)
	// Consultations returns one page of the consultations (on one policy unless policyID is "")
	// and how many there are.
	Consultations(ctx context.Context, policyID string, offset, limit int) ([]seedbed.Consultation, int, error)
	// Comments returns every comment with its contact: personal data.
	Comments(ctx context.Context, id int64) ([]seedbed.PublicComment, error)
	PublishedComments(ctx context.Context, id int64) ([]seedbed.PublicComment, error)
}
