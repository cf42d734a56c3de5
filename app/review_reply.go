package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"seedbed"
	"seedbed/sqlstore"
)

// OpenReplyWindow opens a program's reply window for its ReplyDays, once every review is in
// and the scores are normalised: from now on each applicant reads the anonymised reviews and may
// answer once until the window closes, and the selection waits for it to close. ECONFLICT when
// the program has no reply window, review is not complete, or the window was opened before.
func (r *Reviews) OpenReplyWindow(ctx context.Context, a seedbed.Actor, programID int64) (*seedbed.Program, error) {
	var p *seedbed.Program
	err := decide(ctx, r.store, a, "review.reply_window", "program", programID, func(tx *sqlstore.Tx) error {
		var err error
		if p, err = tx.Program(ctx, programID); err != nil {
			return err
		}
		if p.ReplyDays == 0 {
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "该计划不设答复期", En: "the program has no reply window"})
		}
		if p.ReplyOpenedAt != nil {
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "答复期已于 %s 开启", En: "the reply window was opened on %s"}, sqlstore.FormatTime(*p.ReplyOpenedAt))
		}
		if err := checkReviewOpen(ctx, tx, p); err != nil {
			return err
		}
		ps, err := tx.ProgramSelection(ctx, programID)
		if err != nil {
			return err
		}
		if ps == nil {
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "评审尚未完成：请在全部评审完成并校正评分后再开启答复期", En: "review is not complete: open the reply window once every review is in and the scores are normalised"})
		}
		if err := checkReviewComplete(ctx, tx, ps); err != nil {
			return err
		}
		now := tx.Now()
		closes := now.Add(time.Duration(p.ReplyDays) * 24 * time.Hour)
		if err := tx.OpenReplyWindow(ctx, programID, closes); err != nil {
			return err
		}
		p.ReplyOpenedAt, p.ReplyClosesAt = &now, &closes
		if _, err := tx.RecordEvent(ctx, a, seedbed.EventReplyWindow, seedbed.ProgramSubject(programID), map[string]any{
			"program_id": programID, "days": p.ReplyDays, "opens": sqlstore.FormatTime(now), "closes": sqlstore.FormatTime(closes)}); err != nil {
			return err
		}
		if err := tx.Audit(ctx, a, "review.reply_window", "program", programID, fmt.Sprintf("%d days", p.ReplyDays)); err != nil {
			return err
		}
		return r.tellReplyWindow(ctx, tx, p, closes)
	})
	return p, err
}

// tellReplyWindow tells each applicant under review that it may now read the reviews of its
// application and answer them until closes.
func (r *Reviews) tellReplyWindow(ctx context.Context, tx *sqlstore.Tx, p *seedbed.Program, closes time.Time) error {
	if r.Inbox == nil {
		return nil
	}
	apps, err := tx.ReviewableApplications(ctx, p.ID)
	if err != nil {
		return err
	}
	until := seedbed.Same(seedbed.FormatCST(closes))
	for _, app := range apps {
		msg := seedbed.Message{Kind: seedbed.MsgReplyWindow, Link: fmt.Sprintf("/applications/%d", app.ID),
			Subject: seedbed.FormatLabel(seedbed.Label{Zh: "答复期开始：%s", En: "Reply window open: %s"}, seedbed.Same(p.Title)),
			Body: seedbed.FormatLabel(seedbed.Label{Zh: "您的申请「%s」的评审意见（已隐去评审专家身份）现可查看；您可在 %s 前答复一次，答复会送交评审组。",
				En: "The reviews of your application \"%s\" (without the reviewers' names) can now be read; you may answer them once before %s, and the panel reads the answer."},
				seedbed.Same(app.Title), until)}
		if err := r.Inbox.PostToInnovator(ctx, tx, app.InnovatorID, msg); err != nil {
			return err
		}
	}
	return nil
}

// checkReplyWindow refuses a selection while a program's reply window is to come or open.
func checkReplyWindow(p *seedbed.Program, now time.Time) error {
	switch {
	case p.ReplyDays == 0:
		return nil
	case p.ReplyOpenedAt == nil:
		return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "该计划设有 %d 天答复期：请先开启答复期，期满后再遴选", En: "the program gives applicants %d days to reply: open the reply window, and select after it closes"}, p.ReplyDays)
	case now.Before(*p.ReplyClosesAt):
		return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "答复期至 %s 结束，期满后才能遴选", En: "the reply window closes on %s; select after that"}, sqlstore.FormatTime(*p.ReplyClosesAt))
	}
	return nil
}

// ReviewsForApplicant returns the anonymised reviews of an application (raw totals and
// comments, reviewers numbered) with its reply, for its applicant, once the reply window opened
// or the selection was made; for officers and auditors; and, as the panel's read phase, for a
// reviewer of the application once their own score is in. EFORBIDDEN for anyone else, and for
// the applicant before then.
func (r *Reviews) ReviewsForApplicant(ctx context.Context, a seedbed.Actor, appID int64) (*seedbed.ReviewsForApplicant, error) {
	app, err := r.store.GetApplication(ctx, appID)
	if err != nil {
		return nil, err
	}
	p, err := r.store.GetProgram(ctx, app.ProgramID)
	if err != nil {
		return nil, err
	}
	owner := a.InnovatorID != nil && *a.InnovatorID == app.InnovatorID
	oversee := seedbed.RoleCan(a.Role, seedbed.PermProgramManage) || a.Role == seedbed.RoleAuditor
	panel := false
	if a.Role == seedbed.RoleReviewer {
		own, err := r.store.ReviewerAssignment(ctx, a.UserID, appID)
		if err != nil {
			return nil, err
		}
		panel = own != nil && own.State == seedbed.AssignmentScored
	}
	if !owner && !oversee && !panel {
		return nil, seedbed.Errorf(seedbed.EFORBIDDEN, seedbed.Label{Zh: "只能查看本单位申请的评审意见", En: "you can read the reviews of your own organisation's applications only"})
	}
	if owner && !oversee && p.ReplyOpenedAt == nil && app.Outcome == "" {
		return nil, seedbed.Errorf(seedbed.EFORBIDDEN, seedbed.Label{Zh: "评审意见在答复期开启或遴选完成后提供", En: "the reviews are shown once the reply window opens or the selection is made"})
	}
	list, err := r.store.FindAssignments(ctx, seedbed.AssignmentFilter{ApplicationID: appID, State: seedbed.AssignmentScored})
	if err != nil {
		return nil, err
	}
	out := &seedbed.ReviewsForApplicant{Reviews: []seedbed.ReviewNote{}, ClosesAt: p.ReplyClosesAt}
	for i, as := range list {
		n := seedbed.ReviewNote{Reviewer: i + 1, Comment: as.Comment}
		if as.Total != nil {
			n.Total = *as.Total
		}
		out.Reviews = append(out.Reviews, n)
	}
	if out.Reply, err = r.store.Reply(ctx, appID); err != nil {
		return nil, err
	}
	out.ReplyOpen = owner && out.Reply == nil && p.ReplyWindowOpen(r.store.Now())
	if out.Summary, err = r.store.Summary(ctx, appID); err != nil {
		return nil, err
	}
	if out.Panel, err = r.panelOutcome(ctx, appID); err != nil {
		return nil, err
	}
	return out, nil
}

// SubmitReply records an applicant's answer to the reviews of its application, once, within the
// program's reply window (ECONFLICT before or after it, and for a second reply; EINVALID for an
// empty or oversized reply; EFORBIDDEN for another organisation's application). The reply, its
// time and its SHA-256 are a decision in the ledger.
func (r *Reviews) SubmitReply(ctx context.Context, a seedbed.Actor, appID int64, body string) (*seedbed.Reply, error) {
	body = strings.TrimSpace(strings.ReplaceAll(body, "\r\n", "\n"))
	rep := &seedbed.Reply{ApplicationID: appID, Body: body, SubmittedBy: a.Username}
	err := decide(ctx, r.store, a, "application.reply", "application", appID, func(tx *sqlstore.Tx) error {
		app, err := tx.Application(ctx, appID)
		if err != nil {
			return err
		}
		if a.InnovatorID == nil || *a.InnovatorID != app.InnovatorID {
			return seedbed.Errorf(seedbed.EFORBIDDEN, seedbed.Label{Zh: "只能答复本单位申请的评审意见", En: "you can answer the reviews of your own organisation's applications only"})
		}
		switch n := utf8.RuneCountInString(body); {
		case n == 0:
			return seedbed.FieldError("body", seedbed.Label{Zh: "答复不能为空", En: "the reply is empty"})
		case n > seedbed.MaxReplyLen:
			return seedbed.FieldError("body", seedbed.Label{Zh: "答复过长：%d 字，最多 %d 字", En: "the reply is too long: %d characters, at most %d"}, n, seedbed.MaxReplyLen)
		}
		p, err := tx.Program(ctx, app.ProgramID)
		if err != nil {
			return err
		}
		now := tx.Now()
		switch {
		case p.ReplyDays == 0:
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "该计划不设答复期", En: "the program has no reply window"})
		case p.ReplyOpenedAt == nil || now.Before(*p.ReplyOpenedAt):
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "答复期尚未开启", En: "the reply window is not open yet"})
		case !now.Before(*p.ReplyClosesAt):
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "答复期已于 %s 结束，不再接受答复", En: "the reply window closed on %s; replies are no longer accepted"}, sqlstore.FormatTime(*p.ReplyClosesAt))
		}
		if old, err := tx.Reply(ctx, appID); err != nil {
			return err
		} else if old != nil {
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "已于 %s 提交过答复，每份申请只能答复一次", En: "a reply was sent on %s; an application is answered once"}, sqlstore.FormatTime(old.SubmittedAt))
		}
		if err := tx.InsertReply(ctx, p.ID, rep); err != nil {
			return err
		}
		sum := sha256.Sum256([]byte(body))
		if _, err := tx.RecordEvent(ctx, a, seedbed.EventReply, seedbed.ApplicationSubject(appID), map[string]any{
			"application_id": appID, "program_id": p.ID, "chars": utf8.RuneCountInString(body), "sha256": hex.EncodeToString(sum[:]),
			"closes": sqlstore.FormatTime(*p.ReplyClosesAt)}); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "application.reply", "application", appID, fmt.Sprintf("%d characters", utf8.RuneCountInString(body)))
	})
	if err != nil {
		return nil, err
	}
	return rep, nil
}

// SaveSummary records the panel's summary statement of an application, written by an officer
// after the discussion, replacing an earlier one; the applicant reads it with the anonymised
// reviews. EINVALID for an empty one or one over 4000 characters; ECONFLICT before review or
// after the program closed. Each version is a decision in the ledger.
func (r *Reviews) SaveSummary(ctx context.Context, a seedbed.Actor, appID int64, body string) error {
	body = strings.TrimSpace(strings.ReplaceAll(body, "\r\n", "\n"))
	return decide(ctx, r.store, a, "review.summary", "application", appID, func(tx *sqlstore.Tx) error {
		switch n := utf8.RuneCountInString(body); {
		case n == 0:
			return seedbed.FieldError("summary", seedbed.Label{Zh: "综述意见不能为空", En: "the summary statement is empty"})
		case n > 4000:
			return seedbed.FieldError("summary", seedbed.Label{Zh: "综述意见过长（最多 4000 字）", En: "the summary statement is too long (at most 4000 characters)"})
		}
		app, err := tx.Application(ctx, appID)
		if err != nil {
			return err
		}
		p, err := tx.Program(ctx, app.ProgramID)
		if err != nil {
			return err
		}
		if p.State != seedbed.ProgramInReview && p.State != seedbed.ProgramDecided {
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "计划当前%s，不能撰写综述意见", En: "the program is %s; no summary statement can be written"}, p.StateLabel())
		}
		if err := tx.SaveSummary(ctx, p.ID, appID, body, a.Username); err != nil {
			return err
		}
		sum := sha256.Sum256([]byte(body))
		if _, err := tx.RecordEvent(ctx, a, seedbed.EventSummaryStatement, seedbed.ApplicationSubject(appID), map[string]any{
			"application_id": appID, "program_id": p.ID, "chars": utf8.RuneCountInString(body), "sha256": hex.EncodeToString(sum[:])}); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "review.summary", "application", appID, fmt.Sprintf("%d characters", utf8.RuneCountInString(body)))
	})
}
