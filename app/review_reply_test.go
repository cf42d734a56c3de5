package app

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"seedbed"
)

// TestRightToReply: the reply window opens only after review; applicants then read the
// anonymised reviews and answer once; a second, an oversized, a foreign or a late reply is
// refused and writes nothing; the selection waits for the window to close; the window and the
// reply are ledgered.
func TestRightToReply(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		r := a.Reviews
		e := newReviewEnv(t, a, 2, 3, seedbed.SelectionRanked, 300_000)
		p := *e.program
		p.ID, p.ReplyDays, p.Title = 0, 3, "设答复期的种子计划"
		e.must(a.Programs.CreateProgram(e.ctx, e.officer, &p))
		_, err := a.Programs.TransitionProgram(e.ctx, e.officer, p.ID, seedbed.ProgramOpen, "")
		e.must(err)
		e.program = &p

		e.apply(50_000, 60_000)
		_, err = r.SubmitReply(e.ctx, e.applicants[0], e.apps[0], "提前答复")
		wantCode(t, err, seedbed.ECONFLICT, "not open")
		_, err = r.ReviewsForApplicant(e.ctx, e.applicants[0], e.apps[0])
		wantCode(t, err, seedbed.EFORBIDDEN, "")
		e.review([]float64{4, 3})
		_, err = r.RunSelection(e.ctx, e.officer, p.ID)
		wantCode(t, err, seedbed.ECONFLICT, "reply window")
		_, err = r.OpenReplyWindow(e.ctx, e.officer, p.ID)
		e.must(err)
		// each applicant under review is told, with a link to its application
		for i, ap := range e.applicants[:2] {
			msgs, _, _, err := a.Inbox.Messages(e.ctx, ap, seedbed.MessageFilter{Limit: 20})
			e.must(err)
			told := 0
			for _, m := range msgs {
				if m.Kind == seedbed.MsgReplyWindow && m.Link == fmt.Sprintf("/applications/%d", e.apps[i]) && strings.Contains(m.Subject.Zh, p.Title) {
					told++
				}
			}
			if told != 1 {
				t.Fatalf("applicant %d was told %d times of the reply window: %+v", i, told, msgs)
			}
		}

		fb, err := r.ReviewsForApplicant(e.ctx, e.applicants[0], e.apps[0])
		e.must(err)
		if len(fb.Reviews) != 2 || !fb.ReplyOpen || fb.Reviews[0].Reviewer != 1 {
			t.Fatalf("the applicant's view: %+v", fb)
		}
		_, err = r.SubmitReply(e.ctx, e.applicants[0], e.apps[0], strings.Repeat("长", seedbed.MaxReplyLen+1))
		wantCode(t, err, seedbed.EINVALID, "too long")
		_, err = r.SubmitReply(e.ctx, e.applicants[1], e.apps[0], "替别人答复")
		wantCode(t, err, seedbed.EFORBIDDEN, "")
		_, err = r.SubmitReply(e.ctx, e.applicants[0], e.apps[0], "第二位专家担心的算力成本，我们已有合作方提供折扣。")
		e.must(err)
		_, err = r.SubmitReply(e.ctx, e.applicants[0], e.apps[0], "再答一次")
		wantCode(t, err, seedbed.ECONFLICT, "once")
		_, err = r.RunSelection(e.ctx, e.officer, p.ID)
		wantCode(t, err, seedbed.ECONFLICT, "closes")

		e.clock.add(73 * time.Hour)
		_, err = r.SubmitReply(e.ctx, e.applicants[1], e.apps[1], "迟到的答复")
		wantCode(t, err, seedbed.ECONFLICT, "closed")
		if rep, err := a.Store().Reply(e.ctx, e.apps[1]); err != nil || rep != nil {
			t.Fatalf("a refused reply was written: %v %v", rep, err)
		}
		// The panel reads the reply with the reviews.
		list, err := r.FindAssignments(e.ctx, seedbed.AssignmentFilter{ApplicationID: e.apps[0]})
		e.must(err)
		for _, rv := range e.reviewers {
			if rv.UserID == list[0].ReviewerID {
				fb, err := r.ReviewsForApplicant(e.ctx, rv, e.apps[0])
				e.must(err)
				if fb.Reply == nil || fb.ReplyOpen {
					t.Fatalf("the panel's view: %+v", fb)
				}
			}
		}
		_, err = r.RunSelection(e.ctx, e.officer, p.ID)
		e.must(err)
		// The summary statement goes back to the applicant with the reviews.
		wantCode(t, r.SaveSummary(e.ctx, e.officer, e.apps[0], " "), seedbed.EINVALID, "empty")
		e.must(r.SaveSummary(e.ctx, e.officer, e.apps[0], "评审组一致认为思路新颖，算力成本的疑问已由答复说明。"))
		fb, err = r.ReviewsForApplicant(e.ctx, e.applicants[0], e.apps[0])
		e.must(err)
		if fb.Summary == "" || fb.Reply == nil || len(fb.Reviews) != 2 {
			t.Fatalf("the applicant's view after the decision: %+v", fb)
		}
		for _, kind := range []string{seedbed.EventReplyWindow, seedbed.EventReply, seedbed.EventSummaryStatement} {
			evs, err := a.Store().FindEvents(e.ctx, seedbed.EventFilter{Kind: kind})
			e.must(err)
			if len(evs) != 1 {
				t.Fatalf("%d %s events", len(evs), kind)
			}
		}
	})
}
