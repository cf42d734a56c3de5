package app

import (
	"context"
	"fmt"

	"seedbed"
	"seedbed/policy"
	"seedbed/sqlstore"
)

// Consultations runs drafts of policies open for public comment (征求意见): an officer opens a
// draft version for a comment period, anyone may comment during it (a contact optional), an
// officer answers each comment, and once the period is over and every comment answered the
// consultation is concluded, naming the version finally published if there is one. The comments
// and answers are then published with that version. Opening, each answer and the conclusion are
// ledgered about the policy.
type Consultations struct {
	store *sqlstore.Store
}

// consultable refuses opening version pv for comment when it is published or its policy has a
// consultation (one of those, all of the policy's) not concluded: ECONFLICT.
func consultable(pv *policy.Version, consultations []seedbed.Consultation) error {
	if pv.Status != policy.VersionDraft {
		return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "第 %d 版已经发布：只有草案可以征求意见", En: "version %d is already published: only a draft can be put out for comment"}, pv.Version)
	}
	for _, o := range consultations {
		if o.ConcludedAt == nil {
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "该政策已有一次征求意见（第 %d 版，%s 至 %s）尚未结束", En: "the policy already has a consultation (version %d, %s to %s) not concluded"},
				o.Version, o.StartOn, o.EndOn)
		}
	}
	return nil
}

// ConsultableDrafts lists the drafts OpenConsultation would open for comment: drafts of
// policies with no consultation that is not concluded.
func (cs *Consultations) ConsultableDrafts(ctx context.Context) ([]policy.Version, error) {
	drafts, err := cs.store.PolicyVersions(ctx, policy.VersionFilter{Status: policy.VersionDraft})
	if err != nil {
		return nil, err
	}
	out := []policy.Version{}
	of := map[string][]seedbed.Consultation{}
	for i := range drafts {
		id := drafts[i].PolicyID
		if _, ok := of[id]; !ok {
			if of[id], _, err = cs.store.FindConsultations(ctx, id, 0, 1000); err != nil {
				return nil, err
			}
		}
		if consultable(&drafts[i], of[id]) == nil {
			out = append(out, drafts[i])
		}
	}
	return out, nil
}

// OpenConsultation opens a draft policy version for comment. The period starts today or later
// and lasts by default seedbed.NoticeWorkingDays working days. EINVALID for a bad period or an
// unknown version, ECONFLICT for a version already published or a policy with a consultation
// not concluded.
func (cs *Consultations) OpenConsultation(ctx context.Context, a seedbed.Actor, policyID string, version int, period seedbed.NoticePeriod) (*seedbed.Consultation, error) {
	var c *seedbed.Consultation
	err := decide(ctx, cs.store, a, "consultation.open", "consultation", 0, func(tx *sqlstore.Tx) error {
		pv, err := cs.store.GetPolicyVersion(ctx, policyID, version)
		if err != nil {
			if seedbed.ErrorCode(err) == seedbed.ENOTFOUND {
				return seedbed.FieldError("version", seedbed.Label{Zh: "政策 %s 没有第 %d 版", En: "policy %s has no version %d"}, policyID, version)
			}
			return err
		}
		open, _, err := cs.store.FindConsultations(ctx, policyID, 0, 1000)
		if err != nil {
			return err
		}
		if err := consultable(pv, open); err != nil {
			return err
		}
		if err := period.Validate(seedbed.DateCST(tx.Now()), 0); err != nil {
			return err
		}
		c = &seedbed.Consultation{PolicyID: policyID, Version: version, Title: pv.Title, StartOn: period.StartOn, EndOn: period.EndOn,
			Note: period.Note, OpenedBy: a.Username}
		if err := tx.InsertConsultation(ctx, c); err != nil {
			return err
		}
		if _, err := tx.RecordEvent(ctx, a, seedbed.EventConsultationOpened, "policy:"+policyID, map[string]any{
			"consultation_id": c.ID, "policy_id": policyID, "version": version, "sha256": pv.SHA256,
			"start_on": c.StartOn, "end_on": c.EndOn}); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "consultation.open", "consultation", c.ID, fmt.Sprintf("%s v%d: %s – %s", policyID, version, c.StartOn, c.EndOn))
	})
	return c, err
}

// Comment takes a comment on a draft from a client address during the comment period, with or
// without a contact. EINVALID for empty, oversized or otherwise bad input, ETOOMANY when the
// address sent too many lately, ECONFLICT outside the period, ENOTFOUND for an unknown
// consultation. Nothing is written when refused.
func (cs *Consultations) Comment(ctx context.Context, address string, id int64, in seedbed.CommentInput) (*seedbed.PublicComment, error) {
	var c *seedbed.PublicComment
	err := decide(ctx, cs.store, anonymous, "comment.submit", "consultation", id, func(tx *sqlstore.Tx) error {
		k, err := tx.Consultation(ctx, id)
		if err != nil {
			return err
		}
		if k.State(seedbed.DateCST(tx.Now())) != seedbed.NoticeOpen {
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "征求意见期为 %s 至 %s，只在此期间受理意见", En: "comments are taken from %s to %s only"}, k.StartOn, k.EndOn)
		}
		if err := in.Validate(true); err != nil {
			return err
		}
		if in.ApplicationID != 0 {
			return seedbed.FieldError("application_id", seedbed.Label{Zh: "对政策草案的意见不针对申报", En: "a comment on a draft policy concerns no application"})
		}
		c = &seedbed.PublicComment{Kind: seedbed.CommentPolicy, ConsultationID: id, Text: in.Text, Contact: in.Contact}
		return submitComment(ctx, tx, address, c)
	})
	return c, err
}

// AnswerComment records the bureau's answer to a comment; the comment's text and the answer are
// published and ledgered, the contact never. ECONFLICT when already answered or concluded.
func (cs *Consultations) AnswerComment(ctx context.Context, a seedbed.Actor, id, commentID int64, answer string) (*seedbed.PublicComment, error) {
	var c *seedbed.PublicComment
	err := decide(ctx, cs.store, a, "comment.answer", "consultation", id, func(tx *sqlstore.Tx) error {
		k, err := tx.Consultation(ctx, id)
		if err != nil {
			return err
		}
		if k.ConcludedAt != nil {
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "征求意见已结束", En: "the consultation is already concluded"})
		}
		if c, err = answerable(ctx, tx, commentID, 0, id); err != nil {
			return err
		}
		if answer, err = seedbed.ValidateAnswer(answer); err != nil {
			return err
		}
		if err := tx.AnswerComment(ctx, commentID, answer, a.Username); err != nil {
			return err
		}
		now := tx.Now()
		c.Answer, c.AnsweredAt, c.AnsweredBy = answer, &now, a.Username
		if _, err := tx.RecordEvent(ctx, a, seedbed.EventCommentAnswered, "policy:"+k.PolicyID, map[string]any{
			"consultation_id": id, "comment_id": commentID, "comment": c.Text, "answer": answer}); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "comment.answer", "consultation", id, fmt.Sprintf("comment %d", commentID))
	})
	return c, err
}

// ConcludeConsultation concludes a consultation after its last day, once every comment is
// answered, naming the version finally published (0 when the draft was dropped) and what came of
// the comments. ECONFLICT before the period is over, while a comment is unanswered, or when the
// final version is not a published version of the policy at least as new as the draft.
func (cs *Consultations) ConcludeConsultation(ctx context.Context, a seedbed.Actor, id int64, finalVersion int, conclusion string) (*seedbed.Consultation, error) {
	var k *seedbed.Consultation
	err := decide(ctx, cs.store, a, "consultation.conclude", "consultation", id, func(tx *sqlstore.Tx) error {
		var err error
		if k, err = tx.Consultation(ctx, id); err != nil {
			return err
		}
		switch st := k.State(seedbed.DateCST(tx.Now())); {
		case st == seedbed.NoticeClosed:
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "征求意见已结束", En: "the consultation is already concluded"})
		case st != seedbed.NoticeEnded:
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "征求意见期至 %s，期满后才能结束", En: "comments are taken until %s; the consultation can be concluded only after that day"}, k.EndOn)
		case k.Answered < k.Comments:
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "还有 %d 条意见未答复", En: "%d comments are not answered yet"}, k.Comments-k.Answered)
		}
		if conclusion, err = seedbed.ValidateAnswer(conclusion); err != nil {
			e := err.(*seedbed.Error)
			e.Field = "conclusion"
			return e
		}
		if finalVersion != 0 {
			pv, err := cs.store.GetPolicyVersion(ctx, k.PolicyID, finalVersion)
			if err != nil || pv.Status != policy.VersionPublished || finalVersion < k.Version {
				return seedbed.FieldError("final_version", seedbed.Label{Zh: "第 %d 版不是该政策已发布的、不早于草案的版本", En: "version %d is not a published version of the policy as new as the draft or newer"}, finalVersion)
			}
		}
		if err := tx.ConcludeConsultation(ctx, id, finalVersion, conclusion, a.Username); err != nil {
			return err
		}
		now := tx.Now()
		k.ConcludedAt, k.ConcludedBy, k.FinalVersion, k.Conclusion = &now, a.Username, finalVersion, conclusion
		if _, err := tx.RecordEvent(ctx, a, seedbed.EventConsultationConcluded, "policy:"+k.PolicyID, map[string]any{
			"consultation_id": id, "draft_version": k.Version, "final_version": finalVersion, "comments": k.Comments,
			"answered": k.Answered, "conclusion": conclusion}); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "consultation.conclude", "consultation", id, fmt.Sprintf("%s final v%d", k.PolicyID, finalVersion))
	})
	return k, err
}

// Consultation returns a consultation, or ENOTFOUND.
func (cs *Consultations) Consultation(ctx context.Context, id int64) (*seedbed.Consultation, error) {
	return cs.store.GetConsultation(ctx, id)
}

// Consultations returns one page of the consultations on a policy (policyID not "") or on all,
// newest first, and how many there are.
func (cs *Consultations) Consultations(ctx context.Context, policyID string, offset, limit int) ([]seedbed.Consultation, int, error) {
	return cs.store.FindConsultations(ctx, policyID, offset, limit)
}

// Comments returns every comment of a consultation with its contact, for officers and auditors
// (the caller audits the read).
func (cs *Consultations) Comments(ctx context.Context, id int64) ([]seedbed.PublicComment, error) {
	return cs.store.FindComments(ctx, sqlstore.CommentFilter{ConsultationID: id})
}

// PublishedComments returns the answered comments of a consultation as they are published: the
// text, the date and the answer, nothing about who sent them.
func (cs *Consultations) PublishedComments(ctx context.Context, id int64) ([]seedbed.PublicComment, error) {
	list, err := cs.store.FindComments(ctx, sqlstore.CommentFilter{ConsultationID: id, AnsweredOnly: true})
	if err != nil {
		return nil, err
	}
	return publicComments(list), nil
}
