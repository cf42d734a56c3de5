package app

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"seedbed"
	"seedbed/exemption"
	"seedbed/sqlstore"
)

// Notices runs the public notice of funding lists (资助名单公示): an officer publishes a
// program's proposed funded list for a period, anyone may lodge an objection (异议) during it,
// an officer answers each, and closing the notice after its last day records the procedure's
// public-notice step with the objections and answers counted. The start, each answer and the
// close are ledgered.
type Notices struct {
	store *sqlstore.Store
	// Inbox tells the program officers of an objection lodged; nil tells nobody.
	Inbox *Inbox
}

// PublishNotice puts the funded list of a program's selection on notice. The period starts
// today or later and lasts at least what the procedure in force asks (by default
// seedbed.NoticeWorkingDays working days, or longer when the procedure asks for more days).
// ECONFLICT when the program is not in review, has no selection funding anyone, or already has
// a notice not closed; EINVALID for a bad period.
func (ns *Notices) PublishNotice(ctx context.Context, a seedbed.Actor, programID int64, period seedbed.NoticePeriod) (*seedbed.FundingNotice, error) {
	var n *seedbed.FundingNotice
	err := decide(ctx, ns.store, a, "notice.publish", "program", programID, func(tx *sqlstore.Tx) error {
		p, err := tx.Program(ctx, programID)
		if err != nil {
			return err
		}
		if p.State != seedbed.ProgramInReview {
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "只有评审中、已完成遴选的计划可以公示资助名单", En: "only a program in review, with its selection run, can put its funded list on notice"})
		}
		open, _, err := ns.store.FindNotices(ctx, sqlstore.NoticeFilter{ProgramID: programID, Limit: 1})
		if err != nil {
			return err
		}
		if len(open) > 0 && open[0].ClosedAt == nil {
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "该计划已有一期公示（%s 至 %s）尚未结束", En: "the program already has a notice (%s to %s) not closed"},
				open[0].StartOn, open[0].EndOn)
		}
		sel, err := ns.store.ProgramSelectionOf(ctx, programID)
		if err != nil {
			return err
		}
		grants := grantsOf(sel)
		if len(grants) == 0 {
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "遴选尚未确定任何资助对象：请先完成遴选（抽签计划须先完成抽签）", En: "the selection funds nobody yet: run the selection first (and the draw, for a lottery)"})
		}
		minDays, err := ns.noticeMinDays(ctx, p, grants, tx)
		if err != nil {
			return err
		}
		if err := period.Validate(seedbed.DateCST(tx.Now()), minDays); err != nil {
			return err
		}
		apps, _, err := ns.store.FindApplications(ctx, seedbed.ApplicationFilter{ProgramID: programID, Limit: 100000})
		if err != nil {
			return err
		}
		n = &seedbed.FundingNotice{ProgramID: programID, ProgramTitle: p.Title, StartOn: period.StartOn, EndOn: period.EndOn,
			AllowAnonymous: period.AllowAnonymous, Note: period.Note, PublishedBy: a.Username, Entries: []seedbed.NoticeEntry{}}
		for _, ap := range apps {
			if amount, ok := grants[ap.ID]; ok {
				n.Entries = append(n.Entries, seedbed.NoticeEntry{ApplicationID: ap.ID, InnovatorID: ap.InnovatorID, Amount: amount})
			}
		}
		slices.SortFunc(n.Entries, func(x, y seedbed.NoticeEntry) int { return cmp.Compare(x.ApplicationID, y.ApplicationID) })
		if err := tx.InsertNotice(ctx, n); err != nil {
			return err
		}
		if _, err := tx.RecordEvent(ctx, a, seedbed.EventNoticePublished, seedbed.ProgramSubject(programID), map[string]any{
			"notice_id": n.ID, "program_id": programID, "start_on": n.StartOn, "end_on": n.EndOn,
			"allow_anonymous": n.AllowAnonymous, "entries": n.Entries}); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "notice.publish", "program", programID, fmt.Sprintf("notice %d: %s – %s", n.ID, n.StartOn, n.EndOn))
	})
	return n, err
}

// noticeMinDays is the longest notice, in days, that the procedures in force ask for the
// program's grants (0 when none asks).
func (ns *Notices) noticeMinDays(ctx context.Context, p *seedbed.Program, grants map[int64]int64, tx *sqlstore.Tx) (int, error) {
	subjects := []string{seedbed.ProgramSubject(p.ID)}
	recs, err := tx.LedgerRecordsAbout(ctx, seedbed.EventProcedurePublished, subjects)
	if err != nil {
		return 0, err
	}
	records, procs := recordsAbout(recs, subjects)
	days := 0
	for id, amount := range grants {
		in := exemption.Input{ProgramID: p.ID, ApplicationID: id, Amount: amount, SelectionMode: p.SelectionMode, Records: records, Procedures: procs}
		proc, _ := exemption.Due(in, "", tx.Now())
		if proc == nil {
			continue
		}
		for _, st := range proc.Steps {
			if st.Evidence == seedbed.EventPublicNotice {
				days = max(days, st.MinDays)
			}
		}
	}
	return days, nil
}

// Objection lodges an objection to a notice from a client address, during the notice period
// only. EINVALID for empty, oversized or otherwise bad input (naming the field), ETOOMANY when
// the address sent too many lately, ECONFLICT outside the period, ENOTFOUND for an unknown
// notice. Nothing is written when refused.
func (ns *Notices) Objection(ctx context.Context, address string, noticeID int64, in seedbed.CommentInput) (*seedbed.PublicComment, error) {
	var c *seedbed.PublicComment
	err := decide(ctx, ns.store, anonymous, "objection.submit", "notice", noticeID, func(tx *sqlstore.Tx) error {
		n, err := tx.Notice(ctx, noticeID)
		if err != nil {
			return err
		}
		if st := n.State(seedbed.DateCST(tx.Now())); st != seedbed.NoticeOpen {
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "公示期为 %s 至 %s，只在公示期内受理异议", En: "the notice runs from %s to %s; objections are taken only during it"},
				n.StartOn, n.EndOn)
		}
		if err := in.Validate(n.AllowAnonymous); err != nil {
			return err
		}
		if in.ApplicationID != 0 && !n.HasEntry(in.ApplicationID) {
			return seedbed.FieldError("application_id", seedbed.Label{Zh: "申报 %d 不在本次公示名单上", En: "application %d is not on this list"}, in.ApplicationID)
		}
		c = &seedbed.PublicComment{Kind: seedbed.CommentObjection, NoticeID: noticeID, ApplicationID: in.ApplicationID, Text: in.Text, Contact: in.Contact}
		if err := submitComment(ctx, tx, address, c); err != nil {
			return err
		}
		return ns.tellObjection(ctx, tx, n)
	})
	return c, err
}

// AnswerObjection records an officer's answer to an objection; the answer is published with the
// notice and ledgered, with nothing about the objector. ECONFLICT when already answered or the
// notice is closed.
func (ns *Notices) AnswerObjection(ctx context.Context, a seedbed.Actor, noticeID, objectionID int64, answer string) (*seedbed.PublicComment, error) {
	var c *seedbed.PublicComment
	err := decide(ctx, ns.store, a, "objection.answer", "notice", noticeID, func(tx *sqlstore.Tx) error {
		n, err := tx.Notice(ctx, noticeID)
		if err != nil {
			return err
		}
		if n.ClosedAt != nil {
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "公示已结束", En: "the notice is already closed"})
		}
		if c, err = answerable(ctx, tx, objectionID, noticeID, 0); err != nil {
			return err
		}
		if answer, err = seedbed.ValidateAnswer(answer); err != nil {
			return err
		}
		if err := tx.AnswerComment(ctx, objectionID, answer, a.Username); err != nil {
			return err
		}
		now := tx.Now()
		c.Answer, c.AnsweredAt, c.AnsweredBy = answer, &now, a.Username
		if _, err := tx.RecordEvent(ctx, a, seedbed.EventObjectionAnswered, seedbed.ProgramSubject(n.ProgramID), map[string]any{
			"notice_id": noticeID, "objection_id": objectionID, "application_id": c.ApplicationID, "answer": answer}); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "objection.answer", "notice", noticeID, fmt.Sprintf("objection %d", objectionID))
	})
	return c, err
}

// CloseNotice records the end of a notice after its last day, once every objection is answered:
// the procedure's public-notice step, ledgered with the period, the applications on the list and
// the objections counted. ECONFLICT before the period is over or while an objection is
// unanswered.
func (ns *Notices) CloseNotice(ctx context.Context, a seedbed.Actor, noticeID int64) (*seedbed.FundingNotice, error) {
	var n *seedbed.FundingNotice
	err := decide(ctx, ns.store, a, "notice.close", "notice", noticeID, func(tx *sqlstore.Tx) error {
		var err error
		if n, err = tx.Notice(ctx, noticeID); err != nil {
			return err
		}
		switch st := n.State(seedbed.DateCST(tx.Now())); {
		case st == seedbed.NoticeClosed:
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "公示已结束", En: "the notice is already closed"})
		case st != seedbed.NoticeEnded:
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "公示期至 %s，期满后才能结束", En: "the notice runs until %s; it can be closed only after that day"}, n.EndOn)
		case n.Answered < n.Objections:
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "还有 %d 件异议未答复", En: "%d objections are not answered yet"}, n.Objections-n.Answered)
		}
		if err := tx.CloseNotice(ctx, noticeID, a.Username); err != nil {
			return err
		}
		now := tx.Now()
		n.ClosedAt, n.ClosedBy = &now, a.Username
		ids := make([]int64, len(n.Entries))
		for i, e := range n.Entries {
			ids[i] = e.ApplicationID
		}
		rec := seedbed.PublicNotice{ProgramID: n.ProgramID, Channel: fmt.Sprintf("/public/notices/%d", n.ID), StartOn: n.StartOn, EndOn: n.EndOn,
			ApplicationIDs: ids, Objections: n.Objections, Resolved: n.Answered, Note: n.Note}
		if err := rec.Validate(); err != nil {
			return err
		}
		if _, err := tx.RecordEvent(ctx, a, seedbed.EventPublicNotice, seedbed.ProgramSubject(n.ProgramID), rec); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "notice.close", "notice", noticeID, fmt.Sprintf("%d objections, %d answered", n.Objections, n.Answered))
	})
	return n, err
}

// Notice returns a funding notice, or ENOTFOUND.
func (ns *Notices) Notice(ctx context.Context, id int64) (*seedbed.FundingNotice, error) {
	return ns.store.GetNotice(ctx, id)
}

// Notices returns a page of funding notices (of one program when programID > 0), newest
// first, and how many there are.
func (ns *Notices) Notices(ctx context.Context, programID int64, offset, limit int) ([]seedbed.FundingNotice, int, error) {
	return ns.store.FindNotices(ctx, sqlstore.NoticeFilter{ProgramID: programID, Offset: offset, Limit: limit})
}

// Objections returns every objection to a notice with the objector's contact, for officers
// and auditors (the caller audits the read).
func (ns *Notices) Objections(ctx context.Context, noticeID int64) ([]seedbed.PublicComment, error) {
	return ns.store.FindComments(ctx, sqlstore.CommentFilter{NoticeID: noticeID})
}

// PublishedObjections returns the answered objections of a notice as they are published: the
// date, the application concerned and the answer, nothing about the objector.
func (ns *Notices) PublishedObjections(ctx context.Context, noticeID int64) ([]seedbed.PublicComment, error) {
	cs, err := ns.store.FindComments(ctx, sqlstore.CommentFilter{NoticeID: noticeID, AnsweredOnly: true})
	if err != nil {
		return nil, err
	}
	return publicComments(cs), nil
}

// PublishedNotice returns a notice as the public sees it today; ENOTFOUND for an unknown id.
func (ns *Notices) PublishedNotice(ctx context.Context, id int64) (*seedbed.PublishedNotice, error) {
	n, err := ns.store.GetNotice(ctx, id)
	if err != nil {
		return nil, err
	}
	answers, err := ns.PublishedObjections(ctx, id)
	if err != nil {
		return nil, err
	}
	appIDs := make([]int64, len(n.Entries))
	inIDs := make([]int64, len(n.Entries))
	for i, e := range n.Entries {
		appIDs[i], inIDs[i] = e.ApplicationID, e.InnovatorID
	}
	apps := map[int64]seedbed.Application{}
	ins := map[int64]seedbed.Innovator{}
	if len(appIDs) > 0 {
		as, _, err := ns.store.FindApplications(ctx, seedbed.ApplicationFilter{IDs: appIDs, Limit: len(appIDs)})
		if err != nil {
			return nil, err
		}
		for _, a := range as {
			apps[a.ID] = a
		}
		is, _, err := ns.store.FindInnovators(ctx, seedbed.InnovatorFilter{IDs: inIDs, Limit: len(inIDs)})
		if err != nil {
			return nil, err
		}
		for _, in := range is {
			ins[in.ID] = in
		}
	}
	p := n.Published(seedbed.DateCST(ns.store.Now()), apps, ins, answers)
	return &p, nil
}

// PublishedNotices returns a page of notices as the public sees them today (without their
// lists), newest first, and how many there are.
func (ns *Notices) PublishedNotices(ctx context.Context, programID int64, offset, limit int) ([]seedbed.PublishedNotice, int, error) {
	list, total, err := ns.store.FindNotices(ctx, sqlstore.NoticeFilter{ProgramID: programID, Offset: offset, Limit: limit})
	if err != nil {
		return nil, 0, err
	}
	day := seedbed.DateCST(ns.store.Now())
	out := make([]seedbed.PublishedNotice, len(list))
	for i := range list {
		n := list[i]
		out[i] = n.Published(day, nil, nil, nil)
		out[i].List, out[i].Answers = nil, nil
	}
	return out, total, nil
}

// tellObjection tells the program officers that an objection to n was lodged and waits for an
// answer before the notice ends; nothing about the objector is in the message.
func (ns *Notices) tellObjection(ctx context.Context, tx *sqlstore.Tx, n *seedbed.FundingNotice) error {
	if ns.Inbox == nil {
		return nil
	}
	return ns.Inbox.PostToRole(ctx, tx, seedbed.RoleOfficer, seedbed.Message{Kind: seedbed.MsgObjection,
		Link:    fmt.Sprintf("/programs/%d/notices", n.ProgramID),
		Subject: seedbed.FormatLabel(seedbed.Label{Zh: "异议：%s", En: "Objection: %s"}, seedbed.Same(n.ProgramTitle)),
		Body: seedbed.FormatLabel(seedbed.Label{Zh: "「%s」的资助公示（%s 至 %s）收到一件异议，请在公示期内书面答复。",
			En: "An objection was lodged against the funding notice of \"%s\" (%s to %s); answer it in writing before the notice ends."},
			seedbed.Same(n.ProgramTitle), seedbed.Same(n.StartOn), seedbed.Same(n.EndOn))})
}
