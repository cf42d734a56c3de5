package web

import (
	"context"

	"seedbed"
)

// NoticeService is what the funding notice pages and API ask of the use-case layer: publishing
// a program's funded list for a notice period, objections lodged by anyone during it, the
// officers' answers and the close. Writes return EINVALID for bad input, ENOTFOUND for an
// unknown notice, ECONFLICT outside the period or when a rule refuses, ETOOMANY when an address
// sent too many objections lately; refused attempts are audited.
type NoticeService interface {
	PublishNotice(ctx context.Context, a seedbed.Actor, programID int64, p seedbed.NoticePeriod) (*seedbed.FundingNotice, error)
	Objection(ctx context.Context, address string, noticeID int64, in seedbed.CommentInput) (*seedbed.PublicComment, error)
	AnswerObjection(ctx context.Context, a seedbed.Actor, noticeID, objectionID int64, answer string) (*seedbed.PublicComment, error)
	CloseNotice(ctx context.Context, a seedbed.Actor, noticeID int64) (*seedbed.FundingNotice, error)
	Notice(ctx context.Context, id int64) (*seedbed.FundingNotice, error)
	Notices(ctx context.Context, programID int64, offset, limit int) ([]seedbed.FundingNotice, int, error)
	// Objections returns every objection with the objector's contact: personal data.
	Objections(ctx context.Context, noticeID int64) ([]seedbed.PublicComment, error)
	PublishedNotice(ctx context.Context, id int64) (*seedbed.PublishedNotice, error)
	PublishedNotices(ctx context.Context, programID int64, offset, limit int) ([]seedbed.PublishedNotice, int, error)
}
