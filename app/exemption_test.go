package app

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"seedbed"
	"seedbed/ledger"
)

// failedAwardsFixture is a program run by grant-standard v2 through the workflow with three
// applications, each reviewed by three experts (the second's first reviewer recused and was
// replaced). The first two are awarded and stopped at the stage gate; neither is closed yet.
type failedAwardsFixture struct {
	*programFixture
	signer      ledger.Signer
	orgs        []int64
	apps        []int64
	applicants  []seedbed.Actor
	good, other *seedbed.Award
	auditor     seedbed.Actor
}

// newSelectedProgram runs a grant-standard v2 program through review and selection: standard
// procedures published, the ledger signed, three eligible applications each scored by three
// experts who declared no conflict first.
func newSelectedProgram(t *testing.T, a *App) *failedAwardsFixture {
	t.Helper()
	pf := newProgramFixture(t, a)
	f := &failedAwardsFixture{programFixture: pf, auditor: seedbed.Actor{Username: "auditor1", Role: seedbed.RoleAuditor}}
	ctx, s := f.ctx, a.Store()
	signer, err := ledger.GenerateKey(ledger.SigEd25519)
	must(t, err)
	f.signer = signer
	must(t, a.Ledger.Open(ctx, signer, ledger.SHA256))
	if _, err := a.Exemptions.PublishStandardProcedures(ctx); err != nil {
		t.Fatal(err)
	}
	var reviewers []seedbed.Actor
	for i := 0; i < 3; i++ {
		in := &seedbed.Innovator{Name: fmt.Sprintf("探索团队%02d", i), Kind: seedbed.KindTeam, Field: "ai"}
		must(t, New(s, Options{}).Registry.CreateInnovator(ctx, seedbed.System, in))
		f.orgs = append(f.orgs, in.ID)
		name := fmt.Sprintf("fa%02d", i)
		must(t, s.ExecForTest(ctx, `INSERT INTO users (username, role, innovator_id, password_hash, created_at) VALUES ($1, $2, $3, 'x', $4)`,
			name, seedbed.RoleApplicant, in.ID, f.now.Format("2006-01-02T15:04:05.000000Z")))
		u, _, err := s.UserByName(ctx, name)
		must(t, err)
		f.applicants = append(f.applicants, seedbed.Actor{UserID: u.ID, Username: u.Username, Role: u.Role, InnovatorID: u.InnovatorID})
	}
	for i := 0; i < 4; i++ {
		name := fmt.Sprintf("rev%02d", i)
		must(t, s.ExecForTest(ctx, `INSERT INTO users (username, role, password_hash, created_at) VALUES ($1, 'reviewer', 'x', $2)`,
			name, f.now.Format("2006-01-02T15:04:05.000000Z")))
		u, _, err := s.UserByName(ctx, name)
		must(t, err)
		reviewers = append(reviewers, seedbed.Actor{UserID: u.ID, Username: name, Role: seedbed.RoleReviewer})
	}
	p := &seedbed.Program{Title: "前沿技术探索专项", PolicyIDs: []string{"grassroots-seed"}, Budget: 2_000_000,
		Deadline: f.now.Add(24 * time.Hour), SelectionMode: seedbed.SelectionRanked, ReviewersPerApp: 3,
		Stages: []seedbed.Stage{{Name: "第一阶段", Share: 40, Months: 6, Milestone: "签署任务书"}, {Name: "第二阶段", Share: 60, Months: 12, Milestone: "关键假设已验证"}}}
	must(t, a.Programs.CreateProgram(ctx, officer, p))
	f.program = p
	_, err = a.Programs.TransitionProgram(ctx, officer, p.ID, seedbed.ProgramOpen, "")
	must(t, err)
	for i := range 3 {
		app := &seedbed.Application{ProgramID: p.ID, InnovatorID: f.orgs[i], Title: fmt.Sprintf("方向%d", i),
			Direction: "非主流路线", Team: "三人", Unlocks: "租用算力", Amount: 300_000, Field: "ai"}
		must(t, a.Programs.CreateApplication(ctx, f.applicants[i], app))
		_, err := a.Programs.SubmitCheckedApplication(ctx, f.applicants[i], app.ID, eligible, f.now)
		must(t, err)
		f.apps = append(f.apps, app.ID)
	}
	f.now = f.now.Add(25 * time.Hour)
	_, err = a.Programs.TransitionProgram(ctx, officer, p.ID, seedbed.ProgramInReview, "")
	must(t, err)
	recused := false
	review := func() {
		for _, rev := range reviewers {
			list, err := a.Reviews.FindAssignments(ctx, seedbed.AssignmentFilter{ReviewerID: rev.UserID})
			must(t, err)
			for _, as := range list {
				if as.State != seedbed.AssignmentAssigned {
					continue
				}
				f.now = f.now.Add(time.Minute)
				if as.ApplicationID == f.apps[1] && !recused {
					recused = true
					_, err := a.Reviews.DeclareConflict(ctx, rev, as.ID, seedbed.Declaration{Conflict: true, Note: "同一课题组"})
					must(t, err)
					continue
				}
				_, err := a.Reviews.DeclareConflict(ctx, rev, as.ID, seedbed.Declaration{})
				must(t, err)
				_, err = a.Reviews.ScoreApplication(ctx, rev, as.ID, seedbed.ScoreSheet{Scores: map[string]float64{"originality": 4, "team_drive": 4, "leverage": 4, "next_step": 4}})
				must(t, err)
			}
		}
	}
	_, err = a.Reviews.AssignReviewers(ctx, officer, p.ID, 3)
	must(t, err)
	review()
	// the recused reviewer is replaced, so that every application has its three reviews
	_, err = a.Reviews.AssignReviewers(ctx, officer, p.ID, 3)
	must(t, err)
	review()
	_, err = a.Reviews.NormaliseScores(ctx, officer, p.ID)
	must(t, err)
	_, err = a.Reviews.RunSelection(ctx, officer, p.ID)
	must(t, err)
	return f
}

// recordProcedureSteps records, as the deciding official, the steps of the standard procedure
// that are not part of review and selection: the official's declaration of no interest, a
// collective decision of the whole list, and a public notice of ten days that has ended. The
// store's clock moves past the notice.
func recordProcedureSteps(t *testing.T, f *programFixture, decider seedbed.Actor, programID int64) {
	t.Helper()
	ctx, x := f.ctx, f.a.Exemptions
	_, err := x.DeclareInterest(ctx, decider, seedbed.InterestDeclaration{ProgramID: programID})
	must(t, err)
	day := func(d int) string { return f.now.AddDate(0, 0, d).Format(seedbed.DateLayout) }
	_, err = x.RecordCollectiveDecision(ctx, decider, seedbed.CollectiveDecision{ProgramID: programID, Body: "局务会", HeldOn: day(0),
		Members: 9, Present: 7, For: 7})
	must(t, err)
	f.now = f.now.Add(12 * 24 * time.Hour)
	_, err = x.RecordPublicNotice(ctx, decider, seedbed.PublicNotice{ProgramID: programID, Channel: "局门户网站", StartOn: day(-11), EndOn: day(-2), Objections: 1, Resolved: 1})
	must(t, err)
}

func newFailedAwards(t *testing.T, a *App) *failedAwardsFixture {
	t.Helper()
	f := newSelectedProgram(t, a)
	ctx, p := f.ctx, f.program
	recordProcedureSteps(t, f.programFixture, officer, p.ID)
	_, err := a.Programs.TransitionProgram(ctx, officer, p.ID, seedbed.ProgramDecided, "")
	must(t, err)
	var awards []*seedbed.Award
	for i, app := range f.apps[:2] {
		aw, err := a.Programs.CreateAward(ctx, officer, p.ID, seedbed.AwardInput{ApplicationID: app})
		must(t, err)
		t1, t2 := aw.Tranches[0], aw.Tranches[1]
		_, err = a.Programs.SubmitEvidence(ctx, f.applicants[i], t1.ID, "任务书已签署")
		must(t, err)
		_, err = a.Programs.ReviewMilestone(ctx, officer, t1.ID, seedbed.MilestoneReview{Decision: seedbed.MilestoneAccept})
		must(t, err)
		_, err = a.Programs.ReleaseTranche(ctx, officer2, t1.ID)
		must(t, err)
		f.now = f.now.Add(180 * 24 * time.Hour)
		_, err = a.Programs.SubmitEvidence(ctx, f.applicants[i], t2.ID, "验证报告")
		must(t, err)
		_, err = a.Programs.ReviewMilestone(ctx, officer, t2.ID, seedbed.MilestoneReview{Decision: seedbed.MilestoneStop, Note: "关键假设未能验证"})
		must(t, err)
		awards = append(awards, aw)
	}
	f.good, f.other = awards[0], awards[1]
	return f
}

// ledgerSize is the number of entries in the ledger.
func ledgerSize(t *testing.T, a *App) uint64 {
	t.Helper()
	st, err := a.Ledger.Status(context.Background())
	must(t, err)
	return st.Size
}

func TestExemptionEndToEnd(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		f := newFailedAwards(t, a)
		ctx, x := f.ctx, a.Exemptions

		// a case is only for a failed project
		_, err := x.OpenCase(ctx, f.auditor, f.good.ID)
		wantCode(t, err, seedbed.ECONFLICT, "closed as failed")
		// closing as failed needs a category and a lesson; a refusal changes nothing
		size := ledgerSize(t, a)
		_, err = x.CloseAwardAsFailed(ctx, officer, f.good.ID, seedbed.FailureInput{Category: "bad luck"})
		wantCode(t, err, seedbed.EINVALID, "category")
		if ledgerSize(t, a) != size || refusals(t, a, "award.fail") != 1 {
			t.Fatal("a refused failure changed the ledger or was not audited")
		}
		fl, err := x.CloseAwardAsFailed(ctx, officer, f.good.ID, seedbed.FailureInput{Category: seedbed.FailureTechnical, Lesson: "稀疏路线在放大后精度不足"})
		must(t, err)
		if fl.Released != 120_000 || fl.Returned != 180_000 || fl.PreviousStatus != seedbed.AwardStopped {
			t.Fatalf("failure: %+v", fl)
		}
		_, err = x.CloseAwardAsFailed(ctx, officer, f.good.ID, seedbed.FailureInput{Category: seedbed.FailureTechnical, Lesson: "再来一次，换一条路"})
		wantCode(t, err, seedbed.ECONFLICT, "already")
		_, err = x.CloseAwardAsFailed(ctx, officer, f.other.ID, seedbed.FailureInput{Category: seedbed.FailureTeam, Lesson: "团队核心成员离开"})
		must(t, err)
		if aw, _ := a.Store().GetAward(ctx, f.good.ID); aw.Status != seedbed.AwardFailed {
			t.Fatalf("award status %s", aw.Status)
		}

		// both decisions went through the workflow, so every step is on record: the first is
		// exempt, the second is for a human to judge only because its cause was the team
		c1, err := x.OpenCase(ctx, f.auditor, f.good.ID)
		must(t, err)
		if c1.DraftOutcome != seedbed.ExemptionExempt || c1.Draft.Procedure == nil || c1.Draft.Procedure.Version != 2 {
			t.Fatalf("case 1: %s %s", c1.DraftOutcome, c1.Draft.Summary.En)
		}
		c2, err := x.OpenCase(ctx, f.auditor, f.other.ID)
		must(t, err)
		if c2.DraftOutcome != seedbed.ExemptionNeedsReview || !strings.Contains(c2.Draft.Summary.En, "objective cause") {
			t.Fatalf("case 2: %s %s", c2.DraftOutcome, c2.Draft.Summary.En)
		}
		for _, c := range []*seedbed.ExemptionCase{c1, c2} {
			for _, cd := range c.Draft.Conditions {
				if cd.Status != seedbed.ConditionMet && cd.ID != "objective_cause" {
					t.Errorf("case %d: condition %s is %s: %s", c.ID, cd.ID, cd.Status, cd.Explanation.En)
				}
			}
		}
		_, err = x.OpenCase(ctx, f.auditor, f.good.ID)
		wantCode(t, err, seedbed.ECONFLICT, "already has")

		// the dossier proves every cited entry against the signed head
		d, err := x.Dossier(ctx, c1)
		must(t, err)
		if !d.OK() || len(d.Entries) < 10 {
			t.Fatalf("dossier: ok=%v, %d entries", d.OK(), len(d.Entries))
		}

		// a redraft bumps the version, so a decision on the old one is refused
		r1, err := x.RedraftCase(ctx, f.auditor, c1.ID)
		must(t, err)
		if r1.Version != c1.Version+1 || r1.DraftOutcome != seedbed.ExemptionExempt {
			t.Fatalf("redraft: version %d, %s", r1.Version, r1.DraftOutcome)
		}
		_, err = x.DecideCase(ctx, f.auditor, c1.ID, seedbed.ExemptionDecision{Decision: seedbed.ExemptionConfirm,
			Reason: "程序完整，失败源于技术路线，予以免责。", Version: c1.Version})
		wantCode(t, err, seedbed.ECONFLICT, "recomputed")

		// a determination without a reason is refused; with one it is final and ledgered
		size = ledgerSize(t, a)
		_, err = x.DecideCase(ctx, f.auditor, c1.ID, seedbed.ExemptionDecision{Decision: seedbed.ExemptionConfirm})
		wantCode(t, err, seedbed.EINVALID, "reason")
		_, err = x.DecideCase(ctx, f.auditor, c1.ID, seedbed.ExemptionDecision{Decision: seedbed.ExemptionOverride, Outcome: seedbed.ExemptionExempt, Reason: "与草稿相同的改判不是改判。"})
		wantCode(t, err, seedbed.EINVALID, "confirm instead")
		if ledgerSize(t, a) != size {
			t.Fatal("a refused decision changed the ledger")
		}
		c1, err = x.DecideCase(ctx, f.auditor, c1.ID, seedbed.ExemptionDecision{Decision: seedbed.ExemptionConfirm,
			Reason: "程序完整，失败源于技术路线，予以免责。", Committee: "张三、李四、王五", Version: r1.Version})
		must(t, err)
		if c1.State != seedbed.ExemptionDecided || c1.FinalOutcome != seedbed.ExemptionExempt {
			t.Fatalf("decided: %+v", c1)
		}
		_, err = x.DecideCase(ctx, f.auditor, c1.ID, seedbed.ExemptionDecision{Decision: seedbed.ExemptionConfirm, Reason: "再次确认一次两次三次。"})
		wantCode(t, err, seedbed.ECONFLICT, "already decided")
		_, err = x.RedraftCase(ctx, f.auditor, c1.ID)
		wantCode(t, err, seedbed.ECONFLICT, "decided")
		evs, err := a.Store().FindEvents(ctx, seedbed.EventFilter{Kind: seedbed.EventExemptionDetermined})
		must(t, err)
		if len(evs) != 1 || !strings.Contains(string(evs[0].Payload), "程序完整") {
			t.Fatalf("determination events: %+v", evs)
		}
		list, total, err := x.FindCases(ctx, seedbed.ExemptionFilter{Outcome: seedbed.ExemptionNeedsReview})
		must(t, err)
		if total != 1 || list[0].ID != c2.ID {
			t.Fatalf("filter by outcome: %d", total)
		}

		// a failure is neutral context for a later application and counts for failure-retry
		prior, err := x.PriorFailures(ctx, f.orgs[0], f.now.Add(time.Hour))
		must(t, err)
		if len(prior) != 1 || prior[0].Category != seedbed.FailureTechnical {
			t.Fatalf("prior failures: %+v", prior)
		}
		ind, err := a.Store().PolicyIndicators(ctx, f.orgs[0], f.now)
		must(t, err)
		if ind["honest_failures"] != 1 {
			t.Fatalf("indicators: %v", ind)
		}
		rep, err := a.Ledger.Verify(ctx, ledger.StoreVerifyOptions{Keys: []ledger.Verifier{f.signer.Verifier()}, Events: true, Workers: 2})
		must(t, err)
		if !rep.OK() {
			t.Fatalf("ledger: %+v %v", rep.Problem, rep.Store)
		}
	})
}

func TestProcedurePublishing(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		ctx, x := context.Background(), a.Exemptions
		n, err := x.PublishStandardProcedures(ctx)
		if err != nil || n != 3 {
			t.Fatalf("published %d: %v", n, err)
		}
		if n, err := x.PublishStandardProcedures(ctx); err != nil || n != 0 {
			t.Fatalf("again: %d %v", n, err)
		}
		ps, err := x.Procedures(ctx)
		if err != nil || len(ps) != 3 {
			t.Fatalf("%d procedures: %v", len(ps), err)
		}
		p, err := x.Procedure(ctx, "grant-standard", 2)
		if err != nil || !strings.Contains(p.Source, "min: 3") {
			t.Fatalf("get: %v", err)
		}
		size := ledgerSize(t, a)
		changed := strings.Replace(p.Source, "min: 3", "min: 1", 1)
		_, _, err = x.PublishProcedure(ctx, officer, []byte(changed))
		wantCode(t, err, seedbed.ECONFLICT, "never change")
		_, _, err = x.PublishProcedure(ctx, officer, []byte("id: x\nversion: zero\n"))
		if es, ok := err.(seedbed.Errors); !ok || es[0].Line == 0 {
			t.Fatalf("bad document: %v", err)
		}
		// procedure records need a published program
		_, err = x.RecordPublicNotice(ctx, officer, seedbed.PublicNotice{ProgramID: 99, Channel: "网站", StartOn: "2026-01-01", EndOn: "2026-01-07"})
		wantCode(t, err, seedbed.EINVALID, "program 99 not found")
		_, err = x.RecordCollectiveDecision(ctx, officer, seedbed.CollectiveDecision{ProgramID: 1, Body: "局务会", HeldOn: "2026-01-01", Members: 3, Present: 4})
		wantCode(t, err, seedbed.EINVALID, "present")
		if ledgerSize(t, a) != size {
			t.Fatal("a refused procedure changed the ledger")
		}
	})
}
