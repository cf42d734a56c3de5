package app

import (
	"encoding/json"
	"testing"
	"time"

	"seedbed"
	"seedbed/selection"
)

// TestReopenSelection, on SQLite and PostgreSQL: nothing selected, no reason, a committed
// lottery or a decided program are refused with nothing written; a reopening waits for a second
// officer (its proposer approving is refused); approved, the first result is kept with its
// decisions as superseded, in the store and in the ledger, the selection is cleared and can be
// made again.
func TestReopenSelection(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		e := newReviewEnv(t, a, 4, 2, seedbed.SelectionRanked, 100_000)
		ctx, r := e.ctx, a.Reviews
		e.apply(50_000, 50_000, 50_000, 50_000)
		e.review([]float64{5, 4, 3, 2})
		reason := "一位评审专家事后申报了利益冲突，其评分剔除后须重新遴选"
		wantCode(t, r.ReopenSelection(ctx, officer, e.program.ID, reason), seedbed.ECONFLICT, "not been made")
		first, err := r.RunSelection(ctx, officer, e.program.ID)
		e.must(err)
		wantCode(t, r.ReopenSelection(ctx, officer, e.program.ID, "太短"), seedbed.EINVALID, "reason")
		wantCode(t, r.ReopenSelection(ctx, e.reviewers[0], e.program.ID, reason), seedbed.EFORBIDDEN, "")
		if aps, _, err := a.Approvals.Find(ctx, seedbed.ApprovalFilter{Rule: seedbed.TwoPersonReopen}); err != nil || len(aps) != 0 {
			t.Fatalf("refused reopenings proposed %d approvals (%v)", len(aps), err)
		}
		selected := func() bool {
			t.Helper()
			ps, err := r.ProgramSelection(ctx, e.program.ID)
			e.must(err)
			return ps != nil && ps.Selection != nil
		}
		ap := proposed(t, r.ReopenSelection(ctx, officer, e.program.ID, reason))
		if ap.Rule != seedbed.TwoPersonReopen || ap.Subject != seedbed.ProgramSubject(e.program.ID) || !selected() {
			t.Fatalf("proposal %+v, or the selection was cleared before approval", ap)
		}
		_, err = a.Approvals.Approve(ctx, officer, ap.ID, "同意")
		wantCode(t, err, seedbed.ECONFLICT, "")
		if !selected() {
			t.Fatal("the proposer's own approval reopened the selection")
		}
		e.clock.add(time.Hour)
		_, err = a.Approvals.Approve(ctx, officer2, ap.ID, "理由成立")
		e.must(err)
		if selected() {
			t.Fatal("the approved reopening left the selection in place")
		}
		list, err := r.SelectionReopenings(ctx, e.program.ID)
		e.must(err)
		if len(list) != 1 {
			t.Fatalf("%d reopenings, want 1", len(list))
		}
		ro := list[0]
		var kept selection.Selection
		if err := json.Unmarshal(ro.Superseded, &kept); err != nil || len(kept.Decisions) != len(first.Selection.Decisions) {
			t.Fatalf("superseded %s (%v), want the %d decisions made", ro.Superseded, err, len(first.Selection.Decisions))
		}
		if ro.Reason != reason || ro.RequestedBy != officer.Username || ro.ApprovedBy != officer2.Username || ro.ApprovalID != ap.ID ||
			ro.Funded != funded(first.Selection.Decisions) || ro.Spent != first.Selection.Spent || ro.SelectedBy != officer.Username || ro.Mode != seedbed.SelectionRanked {
			t.Fatalf("reopening %+v", ro)
		}
		evs, err := a.Store().FindEvents(ctx, seedbed.EventFilter{Kind: seedbed.EventSelectionReopened, Subject: seedbed.ProgramSubject(e.program.ID)})
		e.must(err)
		if len(evs) != 1 {
			t.Fatalf("%d reopening events, want 1", len(evs))
		}
		// the selection is made again; the ledger keeps both
		_, err = r.RunSelection(ctx, officer, e.program.ID)
		e.must(err)
		evs, err = a.Store().FindEvents(ctx, seedbed.EventFilter{Kind: seedbed.EventSelection, Subject: seedbed.ProgramSubject(e.program.ID)})
		e.must(err)
		if len(evs) != 2 || !selected() {
			t.Fatalf("%d selection events after running again, want 2", len(evs))
		}
		// once decided, the selection stands
		_, err = a.Programs.TransitionProgram(ctx, officer, e.program.ID, seedbed.ProgramDecided, "遴选结果公示")
		e.must(err)
		wantCode(t, r.ReopenSelection(ctx, officer, e.program.ID, reason), seedbed.ECONFLICT, "in review")
	})
}

// TestReopenSelectionNotAfterLottery: once its lottery is committed, a selection can be verified
// by anyone and is not redone; the refusal proposes nothing.
func TestReopenSelectionNotAfterLottery(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		e := newReviewEnv(t, a, 4, 2, seedbed.SelectionLottery, 100_000)
		e.apply(50_000, 50_000, 50_000, 50_000)
		e.review([]float64{4, 4, 4, 4})
		_, err := a.Reviews.RunSelection(e.ctx, officer, e.program.ID)
		e.must(err)
		_, err = a.Reviews.CommitLottery(e.ctx, officer, e.program.ID, selection.SeedSource{Kind: selection.SeedPublicValue,
			Description: "福利彩票双色球 2026-03-05 开奖号码", KnownAfter: e.clock.now().Add(48 * time.Hour)})
		e.must(err)
		wantCode(t, a.Reviews.ReopenSelection(e.ctx, officer, e.program.ID, "抽签前发现预算录入有误，须重新遴选"), seedbed.ECONFLICT, "lottery")
		if aps, _, err := a.Approvals.Find(e.ctx, seedbed.ApprovalFilter{Rule: seedbed.TwoPersonReopen}); err != nil || len(aps) != 0 {
			t.Fatalf("a refused reopening proposed %d approvals (%v)", len(aps), err)
		}
	})
}
