package sqlstore

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"seedbed"
	"seedbed/selection"
)

// testClock is a clock tests move forward by hand.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *testClock) add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// programEnv is a program with applicants and reviewers, built step by step.
type programEnv struct {
	t          *testing.T
	s          *Store
	ctx        context.Context
	clock      *testClock
	officer    seedbed.Actor
	program    *seedbed.Program
	orgs       []int64         // applicant organisations
	applicants []seedbed.Actor // one per organisation
	reviewers  []seedbed.Actor
	apps       []int64
}

var eligible = seedbed.Eligibility{Status: seedbed.Eligible, Policies: []seedbed.PolicyEligibility{{PolicyID: "grassroots-seed",
	Version: "2", Title: seedbed.Label{Zh: "草根种子", En: "Grassroots seed"}, Status: seedbed.Eligible}}}

// newProgramEnv creates n applicant organisations, r reviewers and an open program.
func newProgramEnv(t *testing.T, s *Store, n, r int, mode string, budget int64) *programEnv {
	t.Helper()
	e := &programEnv{t: t, s: s, ctx: context.Background(), clock: &testClock{t: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)},
		officer: seedbed.Actor{UserID: 1, Username: "officer1", Role: seedbed.RoleOfficer}}
	s.Now = e.clock.now
	for i := 0; i < n; i++ {
		in := &seedbed.Innovator{Name: fmt.Sprintf("草根团队%02d", i), Kind: seedbed.KindTeam, Field: "ai"}
		e.must(s.CreateInnovator(e.ctx, seedbed.System, in))
		e.orgs = append(e.orgs, in.ID)
		u := &seedbed.User{Username: fmt.Sprintf("app%02d", i), Role: seedbed.RoleApplicant, InnovatorID: &in.ID}
		e.must(s.ExecForTest(e.ctx, `INSERT INTO users (username, role, innovator_id, password_hash, created_at) VALUES ($1, $2, $3, 'x', $4)`,
			u.Username, u.Role, in.ID, fmtTime(e.clock.now())))
		usr, _, err := s.UserByName(e.ctx, u.Username)
		e.must(err)
		e.applicants = append(e.applicants, seedbed.Actor{UserID: usr.ID, Username: usr.Username, Role: usr.Role, InnovatorID: usr.InnovatorID})
	}
	for i := 0; i < r; i++ {
		name := fmt.Sprintf("rev%02d", i)
		e.must(s.ExecForTest(e.ctx, `INSERT INTO users (username, role, password_hash, created_at) VALUES ($1, 'reviewer', 'x', $2)`,
			name, fmtTime(e.clock.now())))
		usr, _, err := s.UserByName(e.ctx, name)
		e.must(err)
		e.reviewers = append(e.reviewers, seedbed.Actor{UserID: usr.ID, Username: name, Role: seedbed.RoleReviewer})
	}
	e.program = &seedbed.Program{Title: "草根创新种子计划", PolicyIDs: []string{"grassroots-seed"}, Budget: budget,
		Deadline: e.clock.now().Add(24 * time.Hour), SelectionMode: mode, ReviewersPerApp: 2, QualityBar: -1,
		Stages: []seedbed.Stage{{Name: "第一阶段", Share: 40, Months: 6, Milestone: "签署任务书"}, {Name: "第二阶段", Share: 60, Months: 12, Milestone: "关键假设已验证"}}}
	e.must(s.CreateProgram(e.ctx, e.officer, e.program))
	_, err := s.TransitionProgram(e.ctx, e.officer, e.program.ID, seedbed.ProgramOpen, "")
	e.must(err)
	return e
}

func (e *programEnv) must(err error) {
	e.t.Helper()
	if err != nil {
		e.t.Fatal(err)
	}
}

// apply submits one application per organisation, requesting amounts[i].
func (e *programEnv) apply(amounts ...int64) {
	e.t.Helper()
	for i, amt := range amounts {
		app := &seedbed.Application{ProgramID: e.program.ID, InnovatorID: e.orgs[i], Title: fmt.Sprintf("方向%d", i),
			Direction: "非主流路线", Team: "三人", Unlocks: "租用算力", Amount: amt, Field: "ai"}
		e.must(e.s.CreateApplication(e.ctx, e.applicants[i], app))
		_, err := e.s.SubmitApplication(e.ctx, e.applicants[i], app.ID, eligible, e.clock.now())
		e.must(err)
		e.apps = append(e.apps, app.ID)
	}
}

// review closes the call, assigns, declares and scores: reviewer j gives application i the
// rubric scores base[i] (1–5), shifted by the reviewer's harshness j%2.
func (e *programEnv) review(base []float64) {
	e.t.Helper()
	e.clock.add(25 * time.Hour)
	_, err := e.s.TransitionProgram(e.ctx, e.officer, e.program.ID, seedbed.ProgramInReview, "")
	e.must(err)
	_, err = e.s.AssignReviewers(e.ctx, e.officer, e.program.ID, 7)
	e.must(err)
	for j, rev := range e.reviewers {
		list, err := e.s.FindAssignments(e.ctx, seedbed.AssignmentFilter{ReviewerID: rev.UserID})
		e.must(err)
		for _, as := range list {
			_, err := e.s.DeclareConflict(e.ctx, rev, as.ID, seedbed.Declaration{})
			e.must(err)
			i := indexOf(e.apps, as.ApplicationID)
			v := base[i] - float64(j%2)
			if v < 1 {
				v = 1
			}
			_, err = e.s.ScoreApplication(e.ctx, rev, as.ID, seedbed.ScoreSheet{Scores: map[string]float64{
				"originality": v, "team_drive": v, "leverage": v, "next_step": v}})
			e.must(err)
		}
	}
	_, err = e.s.NormaliseScores(e.ctx, e.officer, e.program.ID)
	e.must(err)
}

func indexOf(xs []int64, x int64) int {
	for i, y := range xs {
		if y == x {
			return i
		}
	}
	return -1
}

func wantCode(t *testing.T, err error, code, contains string) {
	t.Helper()
	if err == nil || seedbed.ErrorCode(err) != code || !strings.Contains(seedbed.ErrorMessage(err), contains) {
		t.Fatalf("got %v (%s), want %s containing %q", err, seedbed.ErrorCode(err), code, contains)
	}
}

// refusals counts the refused attempts of an action in the audit log.
func refusals(t *testing.T, s *Store, action string) int {
	t.Helper()
	_, n1, err := s.FindAudit(context.Background(), seedbed.AuditFilter{Action: action, Outcome: "denied"})
	if err != nil {
		t.Fatal(err)
	}
	_, n2, err := s.FindAudit(context.Background(), seedbed.AuditFilter{Action: action, Outcome: "invalid"})
	if err != nil {
		t.Fatal(err)
	}
	return n1 + n2
}

func TestProgramLifecycleRanked(t *testing.T) {
	forEachStore(t, func(t *testing.T, s *Store) {
		e := newProgramEnv(t, s, 4, 3, seedbed.SelectionRanked, 250_000)
		ctx := e.ctx
		// Out of order transitions and edits of a published program are refused.
		_, err := s.TransitionProgram(ctx, e.officer, e.program.ID, seedbed.ProgramDecided, "")
		wantCode(t, err, seedbed.ECONFLICT, "cannot become")
		err = s.UpdateProgram(ctx, e.officer, e.program, e.program.Version)
		wantCode(t, err, seedbed.ECONFLICT, "can no longer change")
		_, err = s.TransitionProgram(ctx, e.officer, e.program.ID, seedbed.ProgramInReview, "")
		wantCode(t, err, seedbed.ECONFLICT, "cannot close early")

		e.apply(100_000, 100_000, 100_000, 100_000)
		// A second application, and a second submission, are refused.
		dup := &seedbed.Application{ProgramID: e.program.ID, InnovatorID: e.orgs[0], Title: "再来一份"}
		wantCode(t, s.CreateApplication(ctx, e.applicants[0], dup), seedbed.ECONFLICT, "already has an application")
		_, err = s.SubmitApplication(ctx, e.applicants[0], e.apps[0], eligible, e.clock.now())
		wantCode(t, err, seedbed.ECONFLICT, "already submitted")

		e.review([]float64{5, 4, 3, 2})
		// A late application is refused.
		late := &seedbed.Application{ProgramID: e.program.ID, InnovatorID: e.orgs[3], Title: "迟到"}
		wantCode(t, s.CreateApplication(ctx, e.applicants[3], late), seedbed.ECONFLICT, "")

		ps, err := s.RunSelection(ctx, e.officer, e.program.ID)
		e.must(err)
		if ps.Selection.Spent != 200_000 || len(ps.Selection.Decisions) != 4 {
			t.Fatalf("selection %+v", ps.Selection)
		}
		_, err = s.RunSelection(ctx, e.officer, e.program.ID)
		wantCode(t, err, seedbed.ECONFLICT, "")
		// Raw totals and z-scores are both kept: every reviewer's z-scores have mean 0.
		for _, rs := range ps.Normalised.Reviewers {
			var sum float64
			for _, a := range ps.Normalised.Apps {
				for _, r := range a.Reviews {
					if r.ReviewerID == rs.ReviewerID {
						sum += r.Z
						if want := (r.Raw - rs.Mean) / rs.SD; !rs.Fallback && abs(r.Z-want) > 1e-9 {
							t.Fatalf("z %v, want %v", r.Z, want)
						}
					}
				}
			}
			if abs(sum) > 1e-9 {
				t.Fatalf("reviewer %s z-scores sum to %v", rs.ReviewerID, sum)
			}
		}
		app, err := s.GetApplication(ctx, e.apps[0])
		e.must(err)
		if app.Outcome != "funded" || app.Rank != 1 || app.OutcomeReason.Zh == "" {
			t.Fatalf("best application: %+v", app)
		}
		app, _ = s.GetApplication(ctx, e.apps[3])
		if app.Outcome != "not_funded_budget" || !strings.Contains(app.OutcomeReason.En, "budget") {
			t.Fatalf("worst application: %s %v", app.Outcome, app.OutcomeReason)
		}

		_, err = s.TransitionProgram(ctx, e.officer, e.program.ID, seedbed.ProgramDecided, "")
		e.must(err)
		_, err = s.TransitionProgram(ctx, e.officer, e.program.ID, seedbed.ProgramClosed, "")
		e.must(err)
		// Every kind of decision left its event.
		for _, kind := range []string{seedbed.EventProgramPublished, seedbed.EventProgramState, seedbed.EventEligibility,
			seedbed.EventAssignment, seedbed.EventConflictDeclared, seedbed.EventScore, seedbed.EventNormalisation,
			seedbed.EventSelection, seedbed.EventFundingDecision, seedbed.EventRejection} {
			if evs, _ := s.FindEvents(ctx, seedbed.EventFilter{Kind: kind}); len(evs) == 0 {
				t.Errorf("no %s event", kind)
			}
		}
	})
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

func TestConflictRules(t *testing.T) {
	forEachStore(t, func(t *testing.T, s *Store) {
		e := newProgramEnv(t, s, 3, 5, seedbed.SelectionRanked, 300_000)
		ctx := e.ctx
		e.apply(50_000, 50_000)
		// rev00 works for organisation 0; rev01 declared a relation with organisation 1 by name;
		// organisation 2 applied together with organisation 1 before, and rev02 works for 2.
		e.must(s.SaveReviewerProfile(ctx, e.officer, &seedbed.ReviewerProfile{UserID: e.reviewers[0].UserID, OrgID: &e.orgs[0]}))
		e.must(s.SaveReviewerProfile(ctx, e.reviewers[1], &seedbed.ReviewerProfile{UserID: e.reviewers[1].UserID, DeclaredNames: []string{"草根团队01"}}))
		past := &seedbed.Application{ProgramID: e.program.ID, InnovatorID: e.orgs[2], CoApplicantIDs: []int64{e.orgs[1]}, Title: "合作"}
		e.must(s.CreateApplication(ctx, e.applicants[2], past))
		_, err := s.SubmitApplication(ctx, e.applicants[2], past.ID, eligible, e.clock.now())
		wantCode(t, err, seedbed.EINVALID, "required")
		e.must(s.ExecForTest(ctx, `UPDATE applications SET state = 'submitted', eligibility_status = 'ineligible' WHERE id = $1`, past.ID))
		e.must(s.SaveReviewerProfile(ctx, e.officer, &seedbed.ReviewerProfile{UserID: e.reviewers[2].UserID, OrgID: &e.orgs[2]}))

		cases := []struct {
			rev  int
			app  int64
			code string
		}{
			{0, e.apps[0], selection.ConflictSameOrg},
			{1, e.apps[1], selection.ConflictDeclaredRelation},
			{2, e.apps[1], selection.ConflictPastCoApplicant},
			{3, e.apps[0], ""},
		}
		for _, c := range cases {
			rs, err := s.AppConflicts(ctx, e.reviewers[c.rev].UserID, c.app)
			e.must(err)
			got := ""
			for _, r := range rs {
				if r.Code == c.code {
					got = r.Code
				}
			}
			if got != c.code || (c.code == "" && len(rs) > 0) {
				t.Errorf("reviewer %d, application %d: conflicts %v, want %q", c.rev, c.app, rs, c.code)
			}
		}

		e.clock.add(25 * time.Hour)
		_, err = s.TransitionProgram(ctx, e.officer, e.program.ID, seedbed.ProgramInReview, "")
		e.must(err)
		run, err := s.AssignReviewers(ctx, e.officer, e.program.ID, 1)
		e.must(err)
		for _, p := range run.Pairs {
			if (p.ReviewerID == "rev00" && p.AppID == seedbed.AppCode(e.apps[0])) || (p.ReviewerID == "rev01" && p.AppID == seedbed.AppCode(e.apps[1])) ||
				(p.ReviewerID == "rev02" && p.AppID == seedbed.AppCode(e.apps[1])) {
				t.Fatalf("conflicted pair assigned: %+v", p)
			}
		}
		if len(run.Pairs) != 4 {
			t.Fatalf("pairs %+v problems %+v", run.Pairs, run.Problems)
		}
		// A relation declared after the assignment still blocks the reviewer.
		var rv, other seedbed.Actor
		for _, r := range e.reviewers {
			if r.Username == run.Pairs[0].ReviewerID {
				rv = r
			} else {
				other = r
			}
		}
		list, _ := s.FindAssignments(ctx, seedbed.AssignmentFilter{ReviewerID: rv.UserID, ApplicationID: seedbed.ParseAppCode(run.Pairs[0].AppID)})
		as := list[0]
		appOf, _ := s.GetApplication(ctx, as.ApplicationID)
		e.must(s.SaveReviewerProfile(ctx, rv, &seedbed.ReviewerProfile{UserID: rv.UserID, DeclaredNames: []string{appOf.InnovatorName}}))
		_, err = s.DeclareConflict(ctx, rv, as.ID, seedbed.Declaration{})
		wantCode(t, err, seedbed.EFORBIDDEN, "conflict of interest")
		_, err = s.ScoreApplication(ctx, rv, as.ID, seedbed.ScoreSheet{Scores: map[string]float64{"originality": 5}})
		wantCode(t, err, seedbed.EFORBIDDEN, "declare")
		_, err = s.ReviewerMayOpen(ctx, rv, as.ApplicationID)
		wantCode(t, err, seedbed.EFORBIDDEN, "declare")
		// Another reviewer cannot act on it; a recused reviewer cannot score.
		_, err = s.DeclareConflict(ctx, other, as.ID, seedbed.Declaration{})
		wantCode(t, err, seedbed.EFORBIDDEN, "not yours")
		_, err = s.DeclareConflict(ctx, rv, as.ID, seedbed.Declaration{Conflict: true, Note: "曾是该团队顾问"})
		e.must(err)
		_, err = s.ScoreApplication(ctx, rv, as.ID, seedbed.ScoreSheet{Scores: map[string]float64{"originality": 5}})
		wantCode(t, err, seedbed.EFORBIDDEN, "conflict of interest")
		if n := refusals(t, s, "review.score"); n != 2 {
			t.Fatalf("%d refused scores audited, want 2", n)
		}
		// Assigning again fills the recused place with someone new and free of conflicts.
		run, err = s.AssignReviewers(ctx, e.officer, e.program.ID, 2)
		e.must(err)
		if len(run.Pairs) != 1 || run.Pairs[0].AppID != seedbed.AppCode(as.ApplicationID) || run.Pairs[0].ReviewerID == rv.Username {
			t.Fatalf("refill %+v %+v", run.Pairs, run.Problems)
		}
	})
}

func TestLotteryCommitDrawVerify(t *testing.T) {
	forEachStore(t, func(t *testing.T, s *Store) {
		e := newProgramEnv(t, s, 6, 3, seedbed.SelectionLottery, 150_000)
		ctx := e.ctx
		e.apply(50_000, 50_000, 50_000, 50_000, 50_000, 50_000)
		e.review([]float64{4, 4, 4, 4, 4, 1})
		ps, err := s.RunSelection(ctx, e.officer, e.program.ID)
		e.must(err)
		if ps.Plan == nil || len(ps.Plan.Entrants) == 0 {
			t.Fatalf("no draw group: %+v", ps.Plan)
		}
		_, err = s.DrawLottery(ctx, e.officer, e.program.ID, "1 2 3")
		wantCode(t, err, seedbed.ECONFLICT, "commit")
		_, err = s.TransitionProgram(ctx, e.officer, e.program.ID, seedbed.ProgramDecided, "")
		wantCode(t, err, seedbed.ECONFLICT, "draw")
		src := selection.SeedSource{Kind: selection.SeedPublicValue, Description: "福利彩票双色球 2026-03-05 开奖号码"}
		l, err := s.CommitLottery(ctx, e.officer, e.program.ID, selection.SeedSource{Kind: "dice", Description: "骰子"})
		wantCode(t, err, seedbed.EINVALID, "seed source kind")
		l, err = s.CommitLottery(ctx, e.officer, e.program.ID, src)
		e.must(err)
		e.clock.add(time.Hour)
		again, err := s.CommitLottery(ctx, e.officer, e.program.ID, src)
		e.must(err)
		if again.CommitmentHash != l.CommitmentHash {
			t.Fatal("committing the same inputs again changed the commitment")
		}
		other := src
		other.Description = "福利彩票双色球 2026-03-07 开奖号码"
		_, err = s.CommitLottery(ctx, e.officer, e.program.ID, other)
		wantCode(t, err, seedbed.ECONFLICT, "other inputs are refused")
		if n := refusals(t, s, "lottery.commit"); n != 2 {
			t.Fatalf("%d refused commitments audited, want 2", n)
		}
		l, err = s.DrawLottery(ctx, e.officer, e.program.ID, "03 07 12 19 25 31 + 09")
		e.must(err)
		if l.Result == nil || l.Result.Spent == 0 {
			t.Fatalf("draw %+v", l.Result)
		}
		if _, err := s.DrawLottery(ctx, e.officer, e.program.ID, "03 07 12 19 25 31 + 09"); err != nil {
			t.Fatalf("the same draw again: %v", err)
		}
		_, err = s.DrawLottery(ctx, e.officer, e.program.ID, "01 02 03 04 05 06 + 07")
		wantCode(t, err, seedbed.ECONFLICT, "re-run")
		if _, err := s.VerifyLottery(ctx, e.program.ID); err != nil {
			t.Fatalf("verify: %v", err)
		}
		sel, _ := s.ProgramSelectionOf(ctx, e.program.ID)
		var spent int64
		for _, d := range sel.Selection.Decisions {
			if d.Outcome == selection.OutcomeDrawPending {
				t.Fatalf("%s still pending after the draw", d.AppID)
			}
			spent += d.Granted
		}
		if spent > e.program.Budget || spent != sel.Selection.Spent {
			t.Fatalf("spent %d (%d) of %d", spent, sel.Selection.Spent, e.program.Budget)
		}
		_, err = s.TransitionProgram(ctx, e.officer, e.program.ID, seedbed.ProgramDecided, "")
		e.must(err)
		// Tampering with the published result is found and named.
		e.must(s.ExecForTest(ctx, `UPDATE program_lotteries SET result = replace(result, '"funded":true', '"funded":false') WHERE program_id = $1`, e.program.ID))
		_, err = s.VerifyLottery(ctx, e.program.ID)
		wantCode(t, err, seedbed.ECONFLICT, "funded")
		e.must(s.ExecForTest(ctx, `UPDATE program_lotteries SET commitment = replace(commitment, 'budget: ', 'budget: 1') WHERE program_id = $1`, e.program.ID))
		_, err = s.VerifyLottery(ctx, e.program.ID)
		wantCode(t, err, seedbed.ECONFLICT, "hash")
	})
}

// TestLotteryLedgerHeadSeed draws with the decision ledger's root at a future size as the seed.
func TestLotteryLedgerHeadSeed(t *testing.T) {
	forEachStore(t, func(t *testing.T, s *Store) {
		e := newProgramEnv(t, s, 4, 2, seedbed.SelectionLottery, 100_000)
		ctx := e.ctx
		e.apply(50_000, 50_000, 50_000, 50_000)
		e.review([]float64{4, 4, 4, 4})
		_, err := s.RunSelection(ctx, e.officer, e.program.ID)
		e.must(err)
		size, err := ledgerSize(ctx, s.read)
		e.must(err)
		src := selection.SeedSource{Kind: selection.SeedLedgerHead, Description: "决策账本未来规模的根哈希", LedgerSize: size + 1}
		_, err = s.CommitLottery(ctx, e.officer, e.program.ID, src)
		wantCode(t, err, seedbed.EINVALID, "future size")
		src.LedgerSize = size + 4
		_, err = s.CommitLottery(ctx, e.officer, e.program.ID, src)
		e.must(err)
		_, err = s.DrawLottery(ctx, e.officer, e.program.ID, "")
		wantCode(t, err, seedbed.ECONFLICT, "has not reached")
		for i := 0; i < 3; i++ { // other decisions grow the ledger
			p := &seedbed.Program{Title: fmt.Sprintf("其他计划%d", i), PolicyIDs: []string{"x"}, Budget: 1, Deadline: e.clock.now().Add(time.Hour)}
			e.must(s.CreateProgram(ctx, e.officer, p))
			_, err := s.TransitionProgram(ctx, e.officer, p.ID, seedbed.ProgramOpen, "")
			e.must(err)
		}
		_, err = s.DrawLottery(ctx, e.officer, e.program.ID, "not the root")
		wantCode(t, err, seedbed.EINVALID, "ledger root")
		l, err := s.DrawLottery(ctx, e.officer, e.program.ID, "")
		e.must(err)
		root, _ := ledgerRootAt(ctx, s.read, src.LedgerSize)
		if l.Seed != root || root == "" {
			t.Fatalf("seed %q, ledger root %q", l.Seed, root)
		}
		if _, err := s.VerifyLottery(ctx, e.program.ID); err != nil {
			t.Fatal(err)
		}
	})
}
