package app

import (
	"context"
	"time"

	"seedbed"
	"seedbed/sqlstore"
)

// What a member of the public sends (objections to a funding notice, comments on a draft
// policy) is throttled per client address, counted in the database so that every server of a
// deployment counts alike: at most commentMaxPerWindow in commentWindow. The addresses are kept
// only that long.
const (
	commentWindow       = 10 * time.Minute
	commentMaxPerWindow = 5
)

// anonymous is the actor of what the public sends.
var anonymous = seedbed.Actor{Username: "anonymous"}

// throttleComment refuses (ETOOMANY, with the wait) a submission from address when it sent too
// many lately, and otherwise counts this one.
func throttleComment(ctx context.Context, tx *sqlstore.Tx, address string) error {
	now := tx.Now()
	n, oldest, err := tx.CommentsFrom(ctx, address, now.Add(-commentWindow))
	if err != nil {
		return err
	}
	if n >= commentMaxPerWindow {
		wait := int(oldest.Add(commentWindow).Sub(now).Minutes()) + 1
		return seedbed.Errorf(seedbed.ETOOMANY, seedbed.Label{
			Zh: "提交过于频繁：同一网络地址 %d 分钟内最多提交 %d 次，请 %d 分钟后再试",
			En: "too many submissions: at most %d in %d minutes from one network address; try again in %d minutes"},
			commentMaxPerWindow, int(commentWindow.Minutes()), wait)
	}
	return tx.CountComment(ctx, address, now.Add(-commentWindow))
}

// submitComment stores what the public sent to a notice or a consultation, after the input
// rules, the throttle and a refusal of the same text sent twice (both read under LockComments,
// so that submissions at the same moment cannot pass them together); the audit entry names no
// one.
func submitComment(ctx context.Context, tx *sqlstore.Tx, address string, c *seedbed.PublicComment) error {
	if err := tx.LockComments(ctx); err != nil {
		return err
	}
	if err := throttleComment(ctx, tx, address); err != nil {
		return err
	}
	dup, err := tx.CommentTextExists(ctx, c.NoticeID, c.ConsultationID, c.Text)
	if err != nil {
		return err
	}
	if dup {
		return seedbed.FieldError("text", seedbed.Label{Zh: "同样的内容已经收到，无需重复提交", En: "the same text was already received; there is no need to send it again"})
	}
	if err := tx.InsertComment(ctx, c); err != nil {
		return err
	}
	entity, id := "notice", c.NoticeID
	if c.ConsultationID != 0 {
		entity, id = "consultation", c.ConsultationID
	}
	return tx.Audit(ctx, anonymous, c.Kind+".submit", entity, id, "")
}

// answerable loads a comment for its answer: it must belong to the notice or consultation
// named, and not be answered yet.
func answerable(ctx context.Context, tx *sqlstore.Tx, id, noticeID, consultationID int64) (*seedbed.PublicComment, error) {
	c, err := tx.Comment(ctx, id)
	if err != nil {
		return nil, err
	}
	if c.NoticeID != noticeID || c.ConsultationID != consultationID {
		return nil, seedbed.Errorf(seedbed.ENOTFOUND, seedbed.Label{Zh: "意见不存在", En: "comment not found"})
	}
	if c.AnsweredAt != nil {
		return nil, seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "该意见已于 %s 答复", En: "this was already answered on %s"},
			seedbed.DateCST(*c.AnsweredAt))
	}
	return c, nil
}

// publicComments hides what is personal in comments for the public: the contact, who
// answered, and (for objections, which may accuse a named applicant) the text. Comments not yet
// answered are left out.
func publicComments(cs []seedbed.PublicComment) []seedbed.PublicComment {
	out := []seedbed.PublicComment{}
	for _, c := range cs {
		if c.AnsweredAt == nil {
			continue
		}
		c.Contact, c.AnsweredBy = "", ""
		if c.Kind == seedbed.CommentObjection {
			c.Text = ""
		}
		out = append(out, c)
	}
	return out
}
