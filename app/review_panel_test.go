package app

import (
	"strings"
	"testing"

	"seedbed"
)

// TestPanelStage: a reviewer whose score is in reads the others' reviews and joins the
// discussion, one who has not scored (or an applicant) cannot; the officer records a consensus
// or a disagreement once the reviews are in and triages only an application clearly below the
// others, with a reason; outcomes are ledgered and reach the applicant with the summary
// statement; refused writes leave nothing behind.
func TestPanelStage(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		r := a.Reviews
		e := newReviewEnv(t, a, 4, 3, seedbed.SelectionRanked, 100_000)
		e.apply(50_000, 50_000, 50_000, 50_000)
		strong, weak := e.apps[0], e.apps[3]

		_, err := r.AddPanelNote(e.ctx, e.reviewers[0], strong, "提前讨论")
		wantCode(t, err, seedbed.EFORBIDDEN, "")
		e.review([]float64{5, 4, 3, 1})

		list, err := r.FindAssignments(e.ctx, seedbed.AssignmentFilter{ApplicationID: strong})
		e.must(err)
		member := actorByID(e, list[0].ReviewerID)
		var outsider seedbed.Actor
		for _, rv := range e.reviewers {
			if rv.UserID != list[0].ReviewerID && rv.UserID != list[1].ReviewerID {
				outsider = rv
			}
		}
		fb, err := r.ReviewsForApplicant(e.ctx, member, strong)
		e.must(err)
		if len(fb.Reviews) != 2 {
			t.Fatalf("the panel member reads %d reviews, want 2", len(fb.Reviews))
		}
		_, err = r.AddPanelNote(e.ctx, outsider, strong, "我没有评这一份")
		wantCode(t, err, seedbed.EFORBIDDEN, "")
		_, err = r.PanelDiscussion(e.ctx, outsider, strong)
		wantCode(t, err, seedbed.EFORBIDDEN, "")
		_, err = r.AddPanelNote(e.ctx, e.applicants[0], strong, "申请人插话")
		wantCode(t, err, seedbed.EFORBIDDEN, "")
		_, err = r.AddPanelNote(e.ctx, member, strong, "   ")
		wantCode(t, err, seedbed.EINVALID, "body")
		_, err = r.AddPanelNote(e.ctx, member, strong, strings.Repeat("长", seedbed.MaxPanelNoteLen+1))
		wantCode(t, err, seedbed.EINVALID, "too long")
		_, err = r.AddPanelNote(e.ctx, member, strong, "两位专家都认为路线新颖，分歧在于团队能否按期拿到算力。")
		e.must(err)
		_, err = r.AddPanelNote(e.ctx, e.officer, strong, "请第二位专家说明对算力的担心。")
		e.must(err)

		_, err = r.RecordPanelOutcome(e.ctx, member, strong, seedbed.PanelConsensus, "一致")
		wantCode(t, err, seedbed.EFORBIDDEN, "")
		_, err = r.RecordPanelOutcome(e.ctx, e.officer, strong, seedbed.PanelNote, "一致")
		wantCode(t, err, seedbed.EINVALID, "kind")
		_, err = r.RecordPanelOutcome(e.ctx, e.officer, strong, "maybe", "一致")
		wantCode(t, err, seedbed.EINVALID, "kind")
		_, err = r.RecordPanelOutcome(e.ctx, e.officer, strong, seedbed.PanelTriage, "分得太高也想分流")
		wantCode(t, err, seedbed.ECONFLICT, "not clearly below")
		_, err = r.RecordPanelOutcome(e.ctx, e.officer, strong, seedbed.PanelDisagreement, "一位专家认为算力风险可控，另一位认为不可控；如实记录分歧。")
		e.must(err)
		_, err = r.RecordPanelOutcome(e.ctx, e.officer, weak, seedbed.PanelTriage, "")
		wantCode(t, err, seedbed.EINVALID, "body")
		_, err = r.RecordPanelOutcome(e.ctx, e.officer, weak, seedbed.PanelTriage, "两位专家均给出最低分，方案尚未成形。")
		e.must(err)

		d, err := r.PanelDiscussion(e.ctx, member, strong)
		e.must(err)
		if len(d.Notes) != 2 || d.Outcome == nil || d.Outcome.Kind != seedbed.PanelDisagreement {
			t.Fatalf("the discussion: %+v", d)
		}
		if _, err := r.PanelDiscussion(e.ctx, seedbed.Actor{Username: "aud", Role: seedbed.RoleAuditor}, strong); err != nil {
			t.Fatalf("an auditor reads the discussion: %v", err)
		}
		e.must(r.SaveSummary(e.ctx, e.officer, weak, "方案尚未成形，建议完善后再申报。"))
		fb, err = r.ReviewsForApplicant(e.ctx, e.officer, weak)
		e.must(err)
		if fb.Panel == nil || fb.Panel.Kind != seedbed.PanelTriage || fb.Summary == "" {
			t.Fatalf("the summary statement lacks the panel's outcome: %+v", fb)
		}
		evs, err := a.Store().FindEvents(e.ctx, seedbed.EventFilter{Subject: seedbed.ApplicationSubject(weak)})
		e.must(err)
		kinds := map[string]int{}
		for _, ev := range evs {
			kinds[ev.Kind]++
		}
		if kinds[seedbed.EventTriage] != 1 {
			t.Fatalf("triage events %d, want 1 (%v)", kinds[seedbed.EventTriage], kinds)
		}
		entries, err := a.Store().PanelEntries(e.ctx, strong)
		e.must(err)
		if len(entries) != 3 {
			t.Fatalf("%d panel entries on the strong application, want 3 (refused writes left something)", len(entries))
		}
	})
}

// actorByID returns the test reviewer with the user id.
func actorByID(e *reviewEnv, id int64) seedbed.Actor {
	for _, rv := range e.reviewers {
		if rv.UserID == id {
			return rv
		}
	}
	e.t.Fatalf("no reviewer %d", id)
	return seedbed.Actor{}
}
