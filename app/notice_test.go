package app

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"seedbed"
	"seedbed/sqlstore"
)

// TestFundingNotice follows a notice from publication to close: the period's rules, every
// refusal of bad, flooding or late objections (nothing written), the answer, and the close that
// records the procedure's public-notice step so that the checklist finds it done.
func TestFundingNotice(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		f := newSelectedProgram(t, a)
		ctx, id, ns := f.ctx, f.program.ID, a.Notices
		comments := func() int {
			t.Helper()
			var n int
			must(t, a.Store().QueryRowForTest(ctx, `SELECT count(*) FROM public_comments`).Scan(&n))
			return n
		}

		// f.now is Monday 2026-03-02; the procedure in force asks for 7 days.
		_, err := ns.PublishNotice(ctx, officer, id, seedbed.NoticePeriod{StartOn: "2026-03-01"})
		wantCode(t, err, seedbed.EINVALID, "before today")
		_, err = ns.PublishNotice(ctx, officer, id, seedbed.NoticePeriod{StartOn: "2026-03-03", EndOn: "2026-03-05"})
		wantCode(t, err, seedbed.EINVALID, "fewer than the 7")
		_, err = ns.PublishNotice(ctx, officer, id, seedbed.NoticePeriod{StartOn: "2026-03-02", EndOn: "2026-03"})
		wantCode(t, err, seedbed.EINVALID, "write the date as")
		n, err := ns.PublishNotice(ctx, officer, id, seedbed.NoticePeriod{Note: "请于公示期内提出异议"})
		must(t, err)
		if n.StartOn != "2026-03-02" || n.EndOn != "2026-03-08" || len(n.Entries) != 3 || n.AllowAnonymous {
			t.Fatalf("notice: %+v", n)
		}
		_, err = ns.PublishNotice(ctx, officer, id, seedbed.NoticePeriod{})
		wantCode(t, err, seedbed.ECONFLICT, "not closed")

		// an officer account learns of each objection lodged, and of nothing refused
		watcher := &seedbed.User{Username: "notice-officer", Role: seedbed.RoleOfficer}
		must(t, a.Accounts.CreateUser(ctx, seedbed.System, watcher, "long enough password"))
		objectionMsgs := func() []seedbed.Message {
			t.Helper()
			msgs, _, _, err := a.Inbox.Messages(ctx, seedbed.Actor{UserID: watcher.ID, Username: watcher.Username, Role: watcher.Role}, seedbed.MessageFilter{Limit: 50})
			must(t, err)
			var out []seedbed.Message
			for _, m := range msgs {
				if m.Kind == seedbed.MsgObjection {
					out = append(out, m)
				}
			}
			return out
		}

		onList := n.Entries[0].ApplicationID
		bad := []struct {
			in         seedbed.CommentInput
			code, want string
		}{
			{seedbed.CommentInput{Text: "  ", Contact: "x"}, seedbed.EINVALID, "write what you have to say"},
			{seedbed.CommentInput{Text: strings.Repeat("异", 2001), Contact: "x"}, seedbed.EINVALID, "too long: 2001 characters"},
			{seedbed.CommentInput{Text: "请联系 13812345678", Contact: "x"}, seedbed.EINVALID, "leave phone numbers"},
			{seedbed.CommentInput{Text: "该团队并无研发人员"}, seedbed.EINVALID, "no anonymous objections"},
			{seedbed.CommentInput{Text: "该团队并无研发人员", Contact: strings.Repeat("x", 201)}, seedbed.EINVALID, "contact too long"},
			{seedbed.CommentInput{Text: "该团队并无研发人员", Contact: "x", ApplicationID: 999999}, seedbed.EINVALID, "not on this list"},
		}
		for _, b := range bad {
			_, err := ns.Objection(ctx, "10.0.0.1", n.ID, b.in)
			wantCode(t, err, b.code, b.want)
		}
		_, err = ns.Objection(ctx, "10.0.0.1", 999999, seedbed.CommentInput{Text: "x", Contact: "x"})
		wantCode(t, err, seedbed.ENOTFOUND, "notice not found")
		if comments() != 0 || len(objectionMsgs()) != 0 {
			t.Fatal("a refused objection was stored or told")
		}

		o, err := ns.Objection(ctx, "10.0.0.1", n.ID, seedbed.CommentInput{Text: "该团队的核心成员同时在另一获资助团队任职", Contact: "王先生 13900001111", ApplicationID: onList})
		must(t, err)
		if m := objectionMsgs(); len(m) != 1 || m[0].Link != fmt.Sprintf("/programs/%d/notices", id) || strings.Contains(m[0].Body.Zh+m[0].Body.En, "13900001111") ||
			!strings.Contains(m[0].Subject.Zh, f.program.Title) {
			t.Fatalf("the officers' message of the objection: %+v", m)
		}
		_, err = ns.Objection(ctx, "10.0.0.2", n.ID, seedbed.CommentInput{Text: "该团队的核心成员同时在另一获资助团队任职", Contact: "y"})
		wantCode(t, err, seedbed.EINVALID, "already received")
		for i := 1; i < 5; i++ { // the first address's fifth submission is its last in the window
			_, err = ns.Objection(ctx, "10.0.0.1", n.ID, seedbed.CommentInput{Text: "第二条异议" + strings.Repeat("。", i), Contact: "y"})
			must(t, err)
		}
		_, err = ns.Objection(ctx, "10.0.0.1", n.ID, seedbed.CommentInput{Text: "第六条异议", Contact: "y"})
		wantCode(t, err, seedbed.ETOOMANY, "at most 5 in 10 minutes")
		if comments() != 5 {
			t.Fatalf("%d objections stored, want 5", comments())
		}
		f.now = f.now.Add(11 * time.Minute) // the window has passed
		_, err = ns.Objection(ctx, "10.0.0.1", n.ID, seedbed.CommentInput{Text: "第六条异议", Contact: "y"})
		must(t, err)

		_, err = ns.CloseNotice(ctx, officer, n.ID)
		wantCode(t, err, seedbed.ECONFLICT, "runs until 2026-03-08")
		f.now = time.Date(2026, 3, 9, 2, 0, 0, 0, time.UTC) // 10:00 on the 9th in China
		_, err = ns.Objection(ctx, "10.0.0.3", n.ID, seedbed.CommentInput{Text: "迟到的异议", Contact: "z"})
		wantCode(t, err, seedbed.ECONFLICT, "only during it")
		_, err = ns.CloseNotice(ctx, officer, n.ID)
		wantCode(t, err, seedbed.ECONFLICT, "6 objections are not answered")

		_, err = ns.AnswerObjection(ctx, officer, n.ID, o.ID, " ")
		wantCode(t, err, seedbed.EINVALID, "write the answer")
		_, err = ns.AnswerObjection(ctx, officer, n.ID, o.ID, "详询 zhang@example.cn")
		wantCode(t, err, seedbed.EINVALID, "the answer is published")
		_, err = ns.AnswerObjection(ctx, officer, n.ID+1, o.ID, "经核实")
		wantCode(t, err, seedbed.ENOTFOUND, "notice not found")
		size := ledgerSize(t, a)
		all, err := ns.Objections(ctx, n.ID)
		must(t, err)
		for _, c := range all {
			_, err := ns.AnswerObjection(ctx, officer, n.ID, c.ID, "经核实，该成员已于申报前离职，不影响资助。")
			must(t, err)
		}
		_, err = ns.AnswerObjection(ctx, officer, n.ID, o.ID, "再次答复")
		wantCode(t, err, seedbed.ECONFLICT, "already answered")
		if got := ledgerSize(t, a) - size; got != 6 {
			t.Fatalf("%d answers ledgered, want 6", got)
		}

		pub, err := ns.PublishedObjections(ctx, n.ID)
		must(t, err)
		if len(pub) != 6 || pub[0].Contact != "" || pub[0].Text != "" || pub[0].AnsweredBy != "" || pub[0].Answer == "" || pub[0].ApplicationID != onList {
			t.Fatalf("published objections: %+v", pub[0])
		}

		closed, err := ns.CloseNotice(ctx, officer, n.ID)
		must(t, err)
		if closed.ClosedAt == nil {
			t.Fatal("not closed")
		}
		_, err = ns.CloseNotice(ctx, officer, n.ID)
		wantCode(t, err, seedbed.ECONFLICT, "already closed")
		c, err := a.Programs.ProcedureChecklist(ctx, officer, id)
		must(t, err)
		for _, s := range c.Steps {
			if s.ID == "notice" && !s.Done {
				t.Fatalf("the notice step is not met: %s", s.Explanation.En)
			}
		}
		for _, action := range []string{"objection.submit", "notice.publish", "objection.answer", "notice.close"} {
			if refusals(t, a, action) == 0 {
				t.Errorf("no refusal of %s audited", action)
			}
		}
	})
}

// TestNoticeNeedsSelection: a program without a selection funding anyone has nothing to publish.
func TestNoticeNeedsSelection(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		f := newProgramFixture(t, a)
		_, err := a.Notices.PublishNotice(f.ctx, officer, f.program.ID, seedbed.NoticePeriod{})
		wantCode(t, err, seedbed.ECONFLICT, "only a program in review")
		f.now = f.now.Add(25 * time.Hour)
		_, err = a.Programs.TransitionProgram(f.ctx, officer, f.program.ID, seedbed.ProgramInReview, "")
		must(t, err)
		_, err = a.Notices.PublishNotice(f.ctx, officer, f.program.ID, seedbed.NoticePeriod{})
		wantCode(t, err, seedbed.ECONFLICT, "funds nobody")
		_, total, err := a.Store().FindNotices(f.ctx, sqlstore.NoticeFilter{})
		must(t, err)
		if total != 0 {
			t.Fatal("a refused notice was stored")
		}
	})
}
