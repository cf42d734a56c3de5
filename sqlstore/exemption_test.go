package sqlstore

import (
	"context"
	"strings"
	"testing"
	"time"

	"seedbed"
	"seedbed/ledger"
)

// failedAwards runs a program by grant-standard v2 with three applications: the first is
// reviewed by three experts, the second by two (its third reviewer recused and nobody
// replaced them). Both are awarded, stopped at the stage gate and closed as failed.
func failedAwards(t *testing.T, s *Store) (e *programEnv, good, skipped *seedbed.Award) {
	t.Helper()
	e = newProgramEnv(t, s, 3, 4, seedbed.SelectionRanked, 2_000_000)
	ctx := e.ctx
	if _, err := s.PublishStandardProcedures(ctx); err != nil {
		t.Fatal(err)
	}
	p := &seedbed.Program{Title: "前沿技术探索专项", PolicyIDs: []string{"grassroots-seed"}, Budget: 2_000_000,
		Deadline: e.clock.now().Add(24 * time.Hour), SelectionMode: seedbed.SelectionRanked, ReviewersPerApp: 3,
		Stages: []seedbed.Stage{{Name: "第一阶段", Share: 40, Months: 6, Milestone: "签署任务书"}, {Name: "第二阶段", Share: 60, Months: 12, Milestone: "关键假设已验证"}}}
	e.must(s.CreateProgram(ctx, e.officer, p))
	_, err := s.TransitionProgram(ctx, e.officer, p.ID, seedbed.ProgramOpen, "")
	e.must(err)
	e.program = p
	e.apply(300_000, 300_000, 300_000)
	e.clock.add(25 * time.Hour)
	_, err = s.TransitionProgram(ctx, e.officer, p.ID, seedbed.ProgramInReview, "")
	e.must(err)
	_, err = s.AssignReviewers(ctx, e.officer, p.ID, 3)
	e.must(err)
	recused := false
	for _, rev := range e.reviewers {
		list, err := s.FindAssignments(ctx, seedbed.AssignmentFilter{ReviewerID: rev.UserID})
		e.must(err)
		for _, as := range list {
			e.clock.add(time.Minute)
			if as.ApplicationID == e.apps[1] && !recused {
				recused = true
				_, err := s.DeclareConflict(ctx, rev, as.ID, seedbed.Declaration{Conflict: true, Note: "同一课题组"})
				e.must(err)
				continue
			}
			_, err := s.DeclareConflict(ctx, rev, as.ID, seedbed.Declaration{})
			e.must(err)
			_, err = s.ScoreApplication(ctx, rev, as.ID, seedbed.ScoreSheet{Scores: map[string]float64{"originality": 4, "team_drive": 4, "leverage": 4, "next_step": 4}})
			e.must(err)
		}
	}
	_, err = s.NormaliseScores(ctx, e.officer, p.ID)
	e.must(err)
	_, err = s.RunSelection(ctx, e.officer, p.ID)
	e.must(err)
	_, err = s.DeclareInterest(ctx, e.officer, seedbed.InterestDeclaration{ProgramID: p.ID})
	e.must(err)
	day := func(d int) string { return e.clock.now().AddDate(0, 0, d).Format(seedbed.DateLayout) }
	_, err = s.RecordCollectiveDecision(ctx, e.officer, seedbed.CollectiveDecision{ProgramID: p.ID, Body: "局务会", HeldOn: day(0),
		Members: 9, Present: 7, For: 7})
	e.must(err)
	e.clock.add(10 * 24 * time.Hour)
	_, err = s.RecordPublicNotice(ctx, e.officer, seedbed.PublicNotice{ProgramID: p.ID, Channel: "局门户网站", StartOn: day(-9), EndOn: day(-3), Objections: 1, Resolved: 1})
	e.must(err)
	_, err = s.TransitionProgram(ctx, e.officer, p.ID, seedbed.ProgramDecided, "")
	e.must(err)
	var awards []*seedbed.Award
	for i, app := range e.apps[:2] {
		aw, err := s.CreateAward(ctx, e.officer, p.ID, seedbed.AwardInput{ApplicationID: app})
		e.must(err)
		t1, t2 := aw.Tranches[0], aw.Tranches[1]
		_, err = s.SubmitEvidence(ctx, e.applicants[i], t1.ID, "任务书已签署")
		e.must(err)
		_, err = s.ReviewMilestone(ctx, e.officer, t1.ID, seedbed.MilestoneReview{Decision: seedbed.MilestoneAccept})
		e.must(err)
		_, err = s.ReleaseTranche(ctx, e.officer, t1.ID)
		e.must(err)
		e.clock.add(180 * 24 * time.Hour)
		_, err = s.SubmitEvidence(ctx, e.applicants[i], t2.ID, "验证报告")
		e.must(err)
		_, err = s.ReviewMilestone(ctx, e.officer, t2.ID, seedbed.MilestoneReview{Decision: seedbed.MilestoneStop, Note: "关键假设未能验证"})
		e.must(err)
		awards = append(awards, aw)
	}
	return e, awards[0], awards[1]
}

func TestExemptionEndToEnd(t *testing.T) {
	forEachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		signer := testSigner(t, ledger.SigEd25519)
		if err := s.OpenLedger(ctx, signer, ledger.SHA256); err != nil {
			t.Fatal(err)
		}
		e, good, skipped := failedAwards(t, s)
		auditor := seedbed.Actor{Username: "auditor1", Role: seedbed.RoleAuditor}

		// a case is only for a failed project
		_, err := s.OpenExemptionCase(ctx, auditor, good.ID)
		wantCode(t, err, seedbed.ECONFLICT, "closed as failed")
		// closing as failed needs a category and a lesson
		_, err = s.CloseAwardAsFailed(ctx, e.officer, good.ID, seedbed.FailureInput{Category: "bad luck"})
		wantCode(t, err, seedbed.EINVALID, "category")
		f, err := s.CloseAwardAsFailed(ctx, e.officer, good.ID, seedbed.FailureInput{Category: seedbed.FailureTechnical, Lesson: "稀疏路线在放大后精度不足"})
		e.must(err)
		if f.Released != 120_000 || f.Returned != 180_000 || f.PreviousStatus != seedbed.AwardStopped {
			t.Fatalf("failure: %+v", f)
		}
		_, err = s.CloseAwardAsFailed(ctx, e.officer, good.ID, seedbed.FailureInput{Category: seedbed.FailureTechnical, Lesson: "再来一次，换一条路"})
		wantCode(t, err, seedbed.ECONFLICT, "already")
		_, err = s.CloseAwardAsFailed(ctx, e.officer, skipped.ID, seedbed.FailureInput{Category: seedbed.FailureMarket, Lesson: "目标客户的需求没有形成"})
		e.must(err)
		if aw, _ := s.GetAward(ctx, good.ID); aw.Status != seedbed.AwardFailed {
			t.Fatalf("award status %s", aw.Status)
		}

		// the first followed the procedure; the second skipped a review
		c1, err := s.OpenExemptionCase(ctx, auditor, good.ID)
		e.must(err)
		if c1.DraftOutcome != seedbed.ExemptionExempt || c1.Draft.Procedure == nil || c1.Draft.Procedure.Version != 2 {
			t.Fatalf("case 1: %s %s", c1.DraftOutcome, c1.Draft.Summary.En)
		}
		c2, err := s.OpenExemptionCase(ctx, auditor, skipped.ID)
		e.must(err)
		if c2.DraftOutcome != seedbed.ExemptionNotExempt || !strings.Contains(c2.Draft.Summary.En, "only 2 experts scored") {
			t.Fatalf("case 2: %s %s", c2.DraftOutcome, c2.Draft.Summary.En)
		}
		_, err = s.OpenExemptionCase(ctx, auditor, good.ID)
		wantCode(t, err, seedbed.ECONFLICT, "already has")

		// the dossier proves every cited entry against the signed head
		d, err := s.ExemptionDossier(ctx, c1)
		e.must(err)
		if !d.OK() || len(d.Entries) < 10 {
			t.Fatalf("dossier: ok=%v, %d entries", d.OK(), len(d.Entries))
		}

		// a determination without a reason is refused; with one it is final and ledgered
		_, err = s.DecideExemptionCase(ctx, auditor, c1.ID, seedbed.ExemptionDecision{Decision: seedbed.ExemptionConfirm})
		wantCode(t, err, seedbed.EINVALID, "reason")
		_, err = s.DecideExemptionCase(ctx, auditor, c2.ID, seedbed.ExemptionDecision{Decision: seedbed.ExemptionOverride, Outcome: seedbed.ExemptionNotExempt, Reason: "与草稿相同的改判不是改判。"})
		wantCode(t, err, seedbed.EINVALID, "confirm instead")
		c1, err = s.DecideExemptionCase(ctx, auditor, c1.ID, seedbed.ExemptionDecision{Decision: seedbed.ExemptionConfirm,
			Reason: "程序完整，失败源于技术路线，予以免责。", Committee: "张三、李四、王五", Version: c1.Version})
		e.must(err)
		if c1.State != seedbed.ExemptionDecided || c1.FinalOutcome != seedbed.ExemptionExempt {
			t.Fatalf("decided: %+v", c1)
		}
		_, err = s.DecideExemptionCase(ctx, auditor, c1.ID, seedbed.ExemptionDecision{Decision: seedbed.ExemptionConfirm, Reason: "再次确认一次两次三次。"})
		wantCode(t, err, seedbed.ECONFLICT, "already decided")
		evs, err := s.FindEvents(ctx, seedbed.EventFilter{Kind: seedbed.EventExemptionDetermined})
		e.must(err)
		if len(evs) != 1 || !strings.Contains(string(evs[0].Payload), "程序完整") {
			t.Fatalf("determination events: %+v", evs)
		}
		list, total, err := s.FindExemptionCases(ctx, seedbed.ExemptionFilter{Outcome: seedbed.ExemptionNotExempt})
		e.must(err)
		if total != 1 || list[0].ID != c2.ID {
			t.Fatalf("filter by outcome: %d", total)
		}

		// a failure is neutral context for a later application and counts for failure-retry
		prior, err := s.PriorFailures(ctx, e.orgs[0], e.clock.now().Add(time.Hour))
		e.must(err)
		if len(prior) != 1 || prior[0].Category != seedbed.FailureTechnical {
			t.Fatalf("prior failures: %+v", prior)
		}
		ind, err := s.PolicyIndicators(ctx, e.orgs[0], e.clock.now())
		e.must(err)
		if ind["honest_failures"] != 1 {
			t.Fatalf("indicators: %v", ind)
		}
		if rep := verifyLedger(t, s, signer.Verifier()); !rep.OK() {
			t.Fatalf("ledger: %+v %v", rep.Problem, rep.Store)
		}
	})
}

func TestProcedurePublishing(t *testing.T) {
	forEachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		n, err := s.PublishStandardProcedures(ctx)
		if err != nil || n != 3 {
			t.Fatalf("published %d: %v", n, err)
		}
		if n, err := s.PublishStandardProcedures(ctx); err != nil || n != 0 {
			t.Fatalf("again: %d %v", n, err)
		}
		ps, err := s.FindProcedures(ctx)
		if err != nil || len(ps) != 3 {
			t.Fatalf("%d procedures: %v", len(ps), err)
		}
		p, err := s.GetProcedure(ctx, "grant-standard", 2)
		if err != nil || !strings.Contains(p.Source, "min: 3") {
			t.Fatalf("get: %v", err)
		}
		changed := strings.Replace(p.Source, "min: 3", "min: 1", 1)
		_, _, err = s.PublishProcedure(ctx, testActor, []byte(changed))
		wantCode(t, err, seedbed.ECONFLICT, "never change")
		_, _, err = s.PublishProcedure(ctx, testActor, []byte("id: x\nversion: zero\n"))
		if es, ok := err.(seedbed.Errors); !ok || es[0].Line == 0 {
			t.Fatalf("bad document: %v", err)
		}
		// procedure records need a published program
		_, err = s.RecordPublicNotice(ctx, testActor, seedbed.PublicNotice{ProgramID: 99, Channel: "网站", StartOn: "2026-01-01", EndOn: "2026-01-07"})
		wantCode(t, err, seedbed.EINVALID, "program 99 not found")
		_, err = s.RecordCollectiveDecision(ctx, testActor, seedbed.CollectiveDecision{ProgramID: 1, Body: "局务会", HeldOn: "2026-01-01", Members: 3, Present: 4})
		wantCode(t, err, seedbed.EINVALID, "present")
	})
}
