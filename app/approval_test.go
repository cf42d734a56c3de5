package app

import (
	"context"
	"errors"
	"strings"
	"testing"

	"seedbed"
	"seedbed/policy"
)

// proposed returns the approval a use case proposed instead of acting, failing the test when it
// acted or refused.
func proposed(t *testing.T, err error) *seedbed.Approval {
	t.Helper()
	var p *seedbed.Proposed
	if !errors.As(err, &p) {
		t.Fatalf("got %v, want a proposal", err)
	}
	return p.Approval
}

// TestFourEyesOnMilestoneAndMoney: accepting milestone evidence is proposed by one officer and
// approved by another; the proposer approving is refused with nothing written; the proposer
// stays the one who accepted the evidence, so cannot release the money either; every step is
// ledgered.
func TestFourEyesOnMilestoneAndMoney(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		f := newProgramFixtureN(t, a, 2, 250_000)
		ctx := f.ctx
		apps := f.applyAll(t, 100_000)
		f.decideFunded(t)
		b := New(a.Store(), Options{}) // every rule on, as deployed
		aw, err := b.Programs.CreateAward(ctx, officer, f.program.ID, seedbed.AwardInput{ApplicationID: apps[0]})
		must(t, err)
		t1 := aw.Tranches[0].ID
		_, err = b.Programs.SubmitEvidence(ctx, f.applicant, t1, "任务书已签署，编号 2026-001")
		must(t, err)

		_, err = b.Programs.ReviewMilestone(ctx, officer, t1, seedbed.MilestoneReview{Decision: seedbed.MilestoneAccept, Note: "材料齐全"})
		ap := proposed(t, err)
		if ap.Rule != seedbed.TwoPersonMilestone || ap.ProposedBy != "officer1" || ap.Status != seedbed.ApprovalPending || ap.Subject != seedbed.AwardSubject(aw.ID) {
			t.Fatalf("proposal %+v", ap)
		}
		state := func() string {
			t.Helper()
			w, err := a.Store().GetAward(ctx, aw.ID)
			must(t, err)
			return w.Tranches[0].MilestoneStatus
		}
		if got := state(); got != seedbed.MilestoneSubmitted {
			t.Fatalf("a proposal changed the milestone to %s", got)
		}
		_, err = b.Programs.ReviewMilestone(ctx, officer2, t1, seedbed.MilestoneReview{Decision: seedbed.MilestoneAccept})
		wantCode(t, err, seedbed.ECONFLICT, "proposed the same decision")

		// the same person approving twice; a role that may not approve
		_, err = b.Approvals.Approve(ctx, officer, ap.ID, "")
		wantCode(t, err, seedbed.ECONFLICT, "officer1 took the first decision")
		_, err = b.Approvals.Approve(ctx, seedbed.Actor{Username: "auditor1", Role: seedbed.RoleAuditor}, ap.ID, "")
		wantCode(t, err, seedbed.EFORBIDDEN, "second decision")
		if got := state(); got != seedbed.MilestoneSubmitted {
			t.Fatalf("a refused approval changed the milestone to %s", got)
		}
		if n := refusals(t, a, "approval.approved"); n != 2 {
			t.Fatalf("%d refused approvals audited, want 2", n)
		}

		done, err := b.Approvals.Approve(ctx, officer2, ap.ID, "核对无误")
		must(t, err)
		if done.Status != seedbed.ApprovalApproved || done.DecidedBy != "officer2" || done.DecidedAt == nil {
			t.Fatalf("approved %+v", done)
		}
		w, err := a.Store().GetAward(ctx, aw.ID)
		must(t, err)
		if w.Tranches[0].MilestoneStatus != seedbed.MilestoneAccepted || w.Tranches[0].ReviewedBy != "officer1" {
			t.Fatalf("after approval: %+v", w.Tranches[0])
		}
		_, err = b.Approvals.Approve(ctx, officer2, ap.ID, "")
		wantCode(t, err, seedbed.ECONFLICT, "already decided")

		// the account that accepted the evidence cannot release the money; the second one can
		_, err = b.Programs.ReleaseTranche(ctx, officer, t1)
		wantCode(t, err, seedbed.ECONFLICT, "officer1 took the first decision")
		_, err = b.Programs.ReleaseTranche(ctx, officer2, t1)
		must(t, err)

		evs, err := a.Store().FindEvents(ctx, seedbed.EventFilter{Subject: seedbed.AwardSubject(aw.ID)})
		must(t, err)
		kinds := map[string]string{}
		for _, ev := range evs {
			kinds[ev.Kind] = ev.Actor
		}
		if kinds[seedbed.EventApprovalProposed] != "officer1" || kinds[seedbed.EventApprovalDecided] != "officer2" ||
			kinds[seedbed.EventMilestone] != "officer2" || kinds[seedbed.EventTrancheRelease] != "officer2" {
			t.Fatalf("ledgered %v", kinds)
		}
	})
}

// TestFourEyesOnPolicyAndProcedure: publishing a policy version or a procedure waits for a
// second account; a rejected proposal never takes effect; the platform's own standard
// procedures are published without one.
func TestFourEyesOnPolicyAndProcedure(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		ctx := context.Background()
		b := New(a.Store(), Options{})
		pv, err := b.Policies.Upload(ctx, testActor, "grassroots-seed-v1.yaml", starterFile(t, "grassroots-seed-v1.yaml"))
		must(t, err)
		_, err = b.Policies.Publish(ctx, testActor, pv.PolicyID, pv.Version)
		ap := proposed(t, err)
		got, err := b.Policies.Version(ctx, pv.PolicyID, pv.Version)
		must(t, err)
		if got.Status == policy.VersionPublished {
			t.Fatal("a proposal published the policy")
		}
		_, err = b.Approvals.Approve(ctx, testActor, ap.ID, "")
		wantCode(t, err, seedbed.ECONFLICT, "took the first decision")
		_, err = b.Approvals.Approve(ctx, seedbed.Actor{Username: "reviewer1", Role: seedbed.RoleReviewer}, ap.ID, "")
		wantCode(t, err, seedbed.EFORBIDDEN, "")
		_, err = b.Approvals.Approve(ctx, officer2, ap.ID, "")
		must(t, err)
		if got, err = b.Policies.Version(ctx, pv.PolicyID, pv.Version); err != nil || got.Status != policy.VersionPublished {
			t.Fatalf("after approval %+v %v", got, err)
		}
		lib, err := b.Policies.Library(ctx)
		must(t, err)
		if lib.Version(pv.PolicyID, pv.Version) == nil {
			t.Fatal("the approved policy is not in the library")
		}

		n, err := b.Exemptions.PublishStandardProcedures(ctx)
		must(t, err)
		if n == 0 {
			t.Fatal("standard procedures waited for approval")
		}
		std, err := b.Exemptions.Procedure(ctx, "grant-standard", 2)
		must(t, err)
		v3 := strings.Replace(strings.Replace(std.Source, "version: 2", "version: 3", 1), "effective_from: 2026-01-01",
			"effective_from: "+seedbed.DateCST(a.Store().Now().AddDate(0, 0, 1)), 1)
		_, _, err = b.Exemptions.PublishProcedure(ctx, officer, []byte(v3))
		ap = proposed(t, err)
		if _, err := b.Exemptions.Procedure(ctx, "grant-standard", 3); seedbed.ErrorCode(err) != seedbed.ENOTFOUND {
			t.Fatalf("a proposal published the procedure: %v", err)
		}
		rej, err := b.Approvals.Reject(ctx, officer2, ap.ID, "程序文本待法规科会签")
		must(t, err)
		if rej.Status != seedbed.ApprovalRejected {
			t.Fatalf("rejected %+v", rej)
		}
		_, err = b.Approvals.Approve(ctx, officer2, ap.ID, "")
		wantCode(t, err, seedbed.ECONFLICT, "already decided")
		if _, err := b.Exemptions.Procedure(ctx, "grant-standard", 3); seedbed.ErrorCode(err) != seedbed.ENOTFOUND {
			t.Fatalf("a rejected proposal published the procedure: %v", err)
		}
		_, _, err = b.Exemptions.PublishProcedure(ctx, officer, []byte(v3))
		ap = proposed(t, err)
		_, err = b.Approvals.Approve(ctx, officer2, ap.ID, "")
		must(t, err)
		info, err := b.Exemptions.Procedure(ctx, "grant-standard", 3)
		must(t, err)
		if info.PublishedBy != "officer2" {
			t.Fatalf("published by %q", info.PublishedBy)
		}
		pending, err := b.Approvals.Pending(ctx, officer)
		must(t, err)
		if len(pending) != 0 {
			t.Fatalf("pending %+v", pending)
		}
	})
}

// TestFourEyesOnSelection: a selection result is proposed, and takes effect computed again from
// the same scores when a second officer confirms it.
func TestFourEyesOnSelection(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		e := newReviewEnv(t, a, 4, 3, seedbed.SelectionRanked, 250_000)
		e.apply(100_000, 100_000, 100_000, 100_000)
		e.review([]float64{5, 4, 3, 2})
		b := New(a.Store(), Options{})
		_, err := b.Reviews.RunSelection(e.ctx, e.officer, e.program.ID)
		ap := proposed(t, err)
		if ap.Summary.En == "" || !strings.Contains(ap.Summary.En, "2 funded, 200000 yuan") {
			t.Fatalf("summary %+v", ap.Summary)
		}
		if ps, err := a.Store().ProgramSelectionOf(e.ctx, e.program.ID); err != nil || ps.Selection != nil {
			t.Fatalf("a proposal made the selection: %+v %v", ps, err)
		}
		_, err = b.Approvals.Approve(e.ctx, e.officer, ap.ID, "")
		wantCode(t, err, seedbed.ECONFLICT, "took the first decision")
		_, err = b.Approvals.Approve(e.ctx, officer2, ap.ID, "与评审结果核对一致")
		must(t, err)
		ps, err := a.Store().ProgramSelectionOf(e.ctx, e.program.ID)
		must(t, err)
		if ps.Selection == nil || ps.Selection.Spent != 200_000 || len(ps.Selection.Decisions) != 4 || ps.SelectedBy != "officer2" {
			t.Fatalf("confirmed selection %+v", ps.Selection)
		}
	})
}
