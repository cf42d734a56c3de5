package app

import (
	"strings"
	"testing"
	"time"

	"seedbed"
)

// An award gets its reporting schedule; a report past due is overdue and counted; the recipient
// submits it, an officer returns and accepts it; a report beyond the yearly cap and an extension
// past the program's end are refused with nothing written; an extension is approved only by an
// officer other than the one who asked; every step lands in the right inboxes.
func TestReportsChangesAndInbox(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		f := newProgramFixtureN(t, a, 1, 250_000)
		ps, ctx := a.Programs, f.ctx
		for _, u := range []*seedbed.User{{Username: "officer1", Role: seedbed.RoleOfficer}, {Username: "officer2", Role: seedbed.RoleOfficer},
			{Username: "app00", Role: seedbed.RoleApplicant, InnovatorID: &f.org}} {
			must(t, a.Accounts.CreateUser(ctx, seedbed.System, u, "correct horse battery"))
		}
		apps := f.applyAll(t, 100_000)
		f.decideFunded(t)
		aw, err := ps.CreateAward(ctx, officer, f.program.ID, seedbed.AwardInput{ApplicationID: apps[0]})
		must(t, err)
		// 18 months of stages: progress at 6 and 12, financial at 12, final at 18
		kinds := []string{}
		for _, r := range aw.Reports {
			kinds = append(kinds, r.Kind)
		}
		if strings.Join(kinds, ",") != "progress,progress,financial,final" {
			t.Fatalf("schedule %v", kinds)
		}
		msgs, _, unread, err := a.Inbox.Messages(ctx, f.applicant, seedbed.MessageFilter{})
		must(t, err)
		if unread != 1 || msgs[0].Kind != seedbed.MsgDecision || msgs[0].Link == "" {
			t.Fatalf("recipient's inbox after the award: %d unread, %+v", unread, msgs)
		}

		// The cap: 4 reports a year by default; year 2 holds progress and financial at month 12
		// and the final at 18: one more fits, a second does not.
		y2 := aw.AwardedAt.AddDate(0, 14, 0)
		_, err = ps.AddReport(ctx, officer, aw.ID, seedbed.ReportInput{Kind: seedbed.ReportProgress, DueAt: y2})
		must(t, err)
		_, err = ps.AddReport(ctx, officer, aw.ID, seedbed.ReportInput{Kind: seedbed.ReportProgress, DueAt: y2})
		wantCode(t, err, seedbed.ECONFLICT, "cap of 4")
		_, err = ps.AddReport(ctx, officer, aw.ID, seedbed.ReportInput{Kind: seedbed.ReportProgress, DueAt: f.program.End().AddDate(0, 0, 1)})
		wantCode(t, err, seedbed.ECONFLICT, "program's end")
		got, err := ps.GetAward(ctx, aw.ID)
		must(t, err)
		if len(got.Reports) != 5 {
			t.Fatalf("%d reports after refusals, want 5", len(got.Reports))
		}

		// The first progress report is overdue a day after its date.
		first := got.Reports[0]
		f.now = first.DueAt.Add(24 * time.Hour)
		got, err = ps.GetAward(ctx, aw.ID)
		must(t, err)
		todo, err := ps.AwardTodo(ctx, officer)
		must(t, err)
		if !got.Reports[0].Overdue || todo.ReportsOverdue != 1 {
			t.Fatalf("overdue report: %v, to-do %+v", got.Reports[0].Overdue, todo)
		}
		_, err = ps.SubmitReport(ctx, officer, first.ID, "进展")
		wantCode(t, err, seedbed.EFORBIDDEN, "recipient")
		_, err = ps.SubmitReport(ctx, f.applicant, first.ID, "  ")
		wantCode(t, err, seedbed.EINVALID, "write the report")
		_, err = ps.SubmitReport(ctx, f.applicant, first.ID, "样机完成第一轮测试，测试报告编号 T-01")
		must(t, err)
		_, err = ps.ReviewReport(ctx, officer, first.ID, seedbed.ReportReview{Decision: "return"})
		wantCode(t, err, seedbed.EINVALID, "reason")
		_, err = ps.ReviewReport(ctx, officer, first.ID, seedbed.ReportReview{Decision: "return", Note: "请附测试数据"})
		must(t, err)
		_, err = ps.SubmitReport(ctx, f.applicant, first.ID, "样机完成第一轮测试，测试报告编号 T-01，数据见附表")
		must(t, err)
		got, err = ps.ReviewReport(ctx, officer, first.ID, seedbed.ReportReview{Decision: "accept"})
		must(t, err)
		if got.Reports[0].Status != seedbed.ReportAccepted || got.Reports[0].Overdue {
			t.Fatalf("report after acceptance %+v", got.Reports[0])
		}

		// Extensions: past the program's end refused; asked by officer1, approved only by officer2.
		second := got.Reports[1]
		_, err = ps.RequestChange(ctx, f.applicant, aw.ID, seedbed.AwardChangeInput{Kind: seedbed.ChangeExtension, ReportID: second.ID,
			NewDueAt: f.program.End().AddDate(0, 1, 0), Reason: "设备到货延迟两个月"})
		wantCode(t, err, seedbed.ECONFLICT, "program's end")
		_, err = ps.RequestChange(ctx, f.applicant, aw.ID, seedbed.AwardChangeInput{Kind: seedbed.ChangeExtension, ReportID: second.ID,
			NewDueAt: second.DueAt.AddDate(0, 0, -1), Reason: "设备到货延迟两个月"})
		wantCode(t, err, seedbed.EINVALID, "later")
		newDue := second.DueAt.AddDate(0, 2, 0)
		c, err := ps.RequestChange(ctx, officer, aw.ID, seedbed.AwardChangeInput{Kind: seedbed.ChangeExtension, ReportID: second.ID,
			NewDueAt: newDue, Reason: "设备到货延迟两个月"})
		must(t, err)
		_, err = ps.DecideChange(ctx, officer, c.ID, seedbed.AwardChangeDecision{Decision: seedbed.ChangeApprove})
		wantCode(t, err, seedbed.ECONFLICT, "two-person")
		_, err = ps.DecideChange(ctx, f.applicant, c.ID, seedbed.AwardChangeDecision{Decision: seedbed.ChangeApprove})
		wantCode(t, err, seedbed.EFORBIDDEN, "second decision")
		got, err = ps.DecideChange(ctx, officer2, c.ID, seedbed.AwardChangeDecision{Decision: seedbed.ChangeApprove, Note: "同意"})
		must(t, err)
		var moved time.Time
		for _, r := range got.Reports {
			if r.ID == second.ID {
				moved = r.DueAt
			}
		}
		if !moved.Equal(newDue) || got.Changes[0].Status != seedbed.ChangeApproved || got.Changes[0].DecidedBy != "officer2" {
			t.Fatalf("after approval: due %v, change %+v", moved, got.Changes[0])
		}
		_, err = ps.DecideChange(ctx, officer2, c.ID, seedbed.AwardChangeDecision{Decision: seedbed.ChangeApprove})
		wantCode(t, err, seedbed.ECONFLICT, "already decided")
		evs, err := a.Store().FindEvents(ctx, seedbed.EventFilter{Subject: seedbed.AwardSubject(aw.ID), Kind: seedbed.EventAwardChange})
		must(t, err)
		if len(evs) != 1 || evs[0].Actor != "officer2" {
			t.Fatalf("ledgered changes %+v", evs)
		}

		// Inboxes: officers heard of the report and the change; the recipient of the decisions.
		for _, who := range []seedbed.Actor{officer, officer2} {
			msgs, _, _, err := a.Inbox.Messages(ctx, who, seedbed.MessageFilter{})
			must(t, err)
			kinds := map[string]int{}
			for _, m := range msgs {
				kinds[m.Kind]++
			}
			if kinds[seedbed.MsgReportSubmitted] != 2 || kinds[seedbed.MsgChangeRequested] != 1 {
				t.Fatalf("%s's inbox %v", who.Username, kinds)
			}
		}
		msgs, total, unread, err := a.Inbox.Messages(ctx, f.applicant, seedbed.MessageFilter{})
		must(t, err)
		if total != 4 || unread != 4 || msgs[0].Kind != seedbed.MsgChangeDecided || !strings.Contains(msgs[0].Body.Zh, "已批准") {
			t.Fatalf("recipient's inbox: %d, %d unread, newest %+v", total, unread, msgs[0])
		}
		_, err = a.Inbox.MarkRead(ctx, officer, msgs[0].ID)
		wantCode(t, err, seedbed.ENOTFOUND, "not found")
		n, err := a.Inbox.MarkRead(ctx, f.applicant, msgs[0].ID)
		must(t, err)
		if n != 1 {
			t.Fatalf("marked %d read", n)
		}
		n, err = a.Inbox.MarkRead(ctx, f.applicant, 0)
		must(t, err)
		if left, _ := a.Inbox.Unread(ctx, f.applicant); n != 3 || left != 0 {
			t.Fatalf("mark all read: %d marked, %d left", n, left)
		}
	})
}

// Reminders: a report due within two weeks is announced once; once overdue it is announced
// again, once; overdue milestone evidence is announced once too.
func TestReportReminders(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		f := newProgramFixtureN(t, a, 1, 250_000)
		ps, ctx := a.Programs, f.ctx
		must(t, a.Accounts.CreateUser(ctx, seedbed.System, &seedbed.User{Username: "app00", Role: seedbed.RoleApplicant, InnovatorID: &f.org}, "correct horse battery"))
		apps := f.applyAll(t, 100_000)
		f.decideFunded(t)
		aw, err := ps.CreateAward(ctx, officer, f.program.ID, seedbed.AwardInput{ApplicationID: apps[0]})
		must(t, err)
		count := func(kind string, about ...string) int {
			msgs, _, _, err := a.Inbox.Messages(ctx, f.applicant, seedbed.MessageFilter{})
			must(t, err)
			n := 0
			for _, m := range msgs {
				if m.Kind == kind && (len(about) == 0 || strings.Contains(m.Body.Zh, about[0])) {
					n++
				}
			}
			return n
		}
		f.now = aw.Reports[0].DueAt.Add(-7 * 24 * time.Hour)
		for i := 0; i < 2; i++ {
			_, err := ps.RemindReports(ctx)
			must(t, err)
		}
		if count(seedbed.MsgReportDue) != 1 || count(seedbed.MsgReportOverdue, "进展报告") != 0 || count(seedbed.MsgReportOverdue, "第 1 批") != 1 {
			t.Fatalf("a week before: %d due, %d overdue report, %d overdue milestone messages", count(seedbed.MsgReportDue),
				count(seedbed.MsgReportOverdue, "进展报告"), count(seedbed.MsgReportOverdue, "第 1 批"))
		}
		f.now = aw.Reports[0].DueAt.Add(24 * time.Hour)
		for i := 0; i < 2; i++ {
			_, err := ps.RemindReports(ctx)
			must(t, err)
		}
		if count(seedbed.MsgReportOverdue, "进展报告") != 1 || count(seedbed.MsgReportOverdue, "第 1 批") != 1 {
			t.Fatalf("a day after: %d overdue report messages", count(seedbed.MsgReportOverdue, "进展报告"))
		}
	})
}
