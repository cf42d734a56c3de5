package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"seedbed"
	"seedbed/selection"
	"seedbed/sqlstore"
	"seedbed/sqlstore/storetest"
)

// testClock is a clock tests move forward by hand.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *testClock) add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// reviewEnv is a program with applicants and reviewers, built step by step.
type reviewEnv struct {
	t          *testing.T
	a          *App
	ctx        context.Context
	clock      *testClock
	officer    seedbed.Actor
	program    *seedbed.Program
	orgs       []int64         // applicant organisations
	applicants []seedbed.Actor // one per organisation
	reviewers  []seedbed.Actor
	apps       []int64
}

// newReviewEnv creates n applicant organisations, r reviewers and an open program.
func newReviewEnv(t *testing.T, a *App, n, r int, mode string, budget int64) *reviewEnv {
	t.Helper()
	s := a.Store()
	e := &reviewEnv{t: t, a: a, ctx: context.Background(), clock: &testClock{t: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}, officer: officer}
	s.Now = e.clock.now
	for i := 0; i < n; i++ {
		in := &seedbed.Innovator{Name: fmt.Sprintf("草根团队%02d", i), Kind: seedbed.KindTeam, Field: "ai"}
		e.must(New(s, Options{}).Registry.CreateInnovator(e.ctx, seedbed.System, in))
		e.orgs = append(e.orgs, in.ID)
		name := fmt.Sprintf("app%02d", i)
		e.must(s.ExecForTest(e.ctx, `INSERT INTO users (username, role, innovator_id, password_hash, created_at) VALUES ($1, $2, $3, 'x', $4)`,
			name, seedbed.RoleApplicant, in.ID, sqlstore.FormatTime(e.clock.now())))
		usr, _, err := s.UserByName(e.ctx, name)
		e.must(err)
		e.applicants = append(e.applicants, seedbed.Actor{UserID: usr.ID, Username: usr.Username, Role: usr.Role, InnovatorID: usr.InnovatorID})
	}
	for i := 0; i < r; i++ {
		name := fmt.Sprintf("rev%02d", i)
		e.must(s.ExecForTest(e.ctx, `INSERT INTO users (username, role, password_hash, created_at) VALUES ($1, 'reviewer', 'x', $2)`,
			name, sqlstore.FormatTime(e.clock.now())))
		usr, _, err := s.UserByName(e.ctx, name)
		e.must(err)
		e.reviewers = append(e.reviewers, seedbed.Actor{UserID: usr.ID, Username: name, Role: seedbed.RoleReviewer})
	}
	e.program = &seedbed.Program{Title: "草根创新种子计划", PolicyIDs: []string{"grassroots-seed"}, Budget: budget,
		Deadline: e.clock.now().Add(24 * time.Hour), SelectionMode: mode, ReviewersPerApp: 2, QualityBar: -1,
		Stages: []seedbed.Stage{{Name: "第一阶段", Share: 40, Months: 6, Milestone: "签署任务书"}, {Name: "第二阶段", Share: 60, Months: 12, Milestone: "关键假设已验证"}}}
	e.must(e.a.Programs.CreateProgram(e.ctx, e.officer, e.program))
	_, err := e.a.Programs.TransitionProgram(e.ctx, e.officer, e.program.ID, seedbed.ProgramOpen, "")
	e.must(err)
	return e
}

func (e *reviewEnv) must(err error) {
	e.t.Helper()
	if err != nil {
		e.t.Fatal(err)
	}
}

// apply submits one application per organisation, requesting amounts[i].
func (e *reviewEnv) apply(amounts ...int64) {
	e.t.Helper()
	for i, amt := range amounts {
		app := &seedbed.Application{ProgramID: e.program.ID, InnovatorID: e.orgs[i], Title: fmt.Sprintf("方向%d", i),
			Direction: "非主流路线", Team: "三人", Unlocks: "租用算力", Amount: amt, Field: "ai"}
		e.must(e.a.Programs.CreateApplication(e.ctx, e.applicants[i], app))
		_, err := e.a.Programs.SubmitCheckedApplication(e.ctx, e.applicants[i], app.ID, eligible, e.clock.now())
		e.must(err)
		e.apps = append(e.apps, app.ID)
	}
}

// review closes the call, assigns, declares and scores: reviewer j gives application i the
// rubric scores base[i] (1–5), shifted by the reviewer's harshness j%2, and normalises.
func (e *reviewEnv) review(base []float64) {
	e.t.Helper()
	r := e.a.Reviews
	e.clock.add(25 * time.Hour)
	_, err := e.a.Programs.TransitionProgram(e.ctx, e.officer, e.program.ID, seedbed.ProgramInReview, "")
	e.must(err)
	_, err = r.AssignReviewers(e.ctx, e.officer, e.program.ID, 7)
	e.must(err)
	for j, rev := range e.reviewers {
		list, err := r.FindAssignments(e.ctx, seedbed.AssignmentFilter{ReviewerID: rev.UserID})
		e.must(err)
		for _, as := range list {
			_, err := r.DeclareConflict(e.ctx, rev, as.ID, seedbed.Declaration{})
			e.must(err)
			i := slices.Index(e.apps, as.ApplicationID)
			v := max(base[i]-float64(j%2), 1)
			_, err = r.ScoreApplication(e.ctx, rev, as.ID, seedbed.ScoreSheet{Scores: map[string]float64{
				"originality": v, "team_drive": v, "leverage": v, "next_step": v}})
			e.must(err)
		}
	}
	_, err = r.NormaliseScores(e.ctx, e.officer, e.program.ID)
	e.must(err)
}

func TestConflictRules(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		s, r := a.Store(), a.Reviews
		e := newReviewEnv(t, a, 3, 5, seedbed.SelectionRanked, 300_000)
		ctx := e.ctx
		e.apply(50_000, 50_000)
		// rev00 works for organisation 0; rev01 declared a relation with organisation 1 by name;
		// organisation 2 applied together with organisation 1 before, and rev02 works for 2.
		e.must(r.SaveReviewerProfile(ctx, e.officer, &seedbed.ReviewerProfile{UserID: e.reviewers[0].UserID, OrgID: &e.orgs[0]}))
		e.must(r.SaveReviewerProfile(ctx, e.reviewers[1], &seedbed.ReviewerProfile{UserID: e.reviewers[1].UserID, DeclaredNames: []string{"草根团队01"}}))
		past := &seedbed.Application{ProgramID: e.program.ID, InnovatorID: e.orgs[2], CoApplicantIDs: []int64{e.orgs[1]}, Title: "合作"}
		e.must(a.Programs.CreateApplication(ctx, e.applicants[2], past))
		_, err := a.Programs.SubmitCheckedApplication(ctx, e.applicants[2], past.ID, eligible, e.clock.now())
		wantCode(t, err, seedbed.EINVALID, "required")
		e.must(s.ExecForTest(ctx, `UPDATE applications SET state = 'submitted', eligibility_status = 'ineligible' WHERE id = $1`, past.ID))
		e.must(r.SaveReviewerProfile(ctx, e.officer, &seedbed.ReviewerProfile{UserID: e.reviewers[2].UserID, OrgID: &e.orgs[2]}))

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
			rs, err := r.AppConflicts(ctx, e.reviewers[c.rev].UserID, c.app)
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
		_, err = e.a.Programs.TransitionProgram(ctx, e.officer, e.program.ID, seedbed.ProgramInReview, "")
		e.must(err)
		run, err := r.AssignReviewers(ctx, e.officer, e.program.ID, 1)
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
		list, _ := r.FindAssignments(ctx, seedbed.AssignmentFilter{ReviewerID: rv.UserID, ApplicationID: seedbed.ParseAppCode(run.Pairs[0].AppID)})
		as := list[0]
		appOf, _ := s.GetApplication(ctx, as.ApplicationID)
		e.must(r.SaveReviewerProfile(ctx, rv, &seedbed.ReviewerProfile{UserID: rv.UserID, DeclaredNames: []string{appOf.InnovatorName}}))
		_, err = r.DeclareConflict(ctx, rv, as.ID, seedbed.Declaration{})
		wantCode(t, err, seedbed.EFORBIDDEN, "conflict of interest")
		_, err = r.ScoreApplication(ctx, rv, as.ID, seedbed.ScoreSheet{Scores: map[string]float64{"originality": 5}})
		wantCode(t, err, seedbed.EFORBIDDEN, "declare")
		_, err = r.ReviewerMayOpen(ctx, rv, as.ApplicationID)
		wantCode(t, err, seedbed.EFORBIDDEN, "declare")
		// Another reviewer cannot act on it; a recused reviewer cannot score.
		_, err = r.DeclareConflict(ctx, other, as.ID, seedbed.Declaration{})
		wantCode(t, err, seedbed.EFORBIDDEN, "not yours")
		_, err = r.DeclareConflict(ctx, rv, as.ID, seedbed.Declaration{Conflict: true, Note: "曾是该团队顾问"})
		e.must(err)
		_, err = r.ScoreApplication(ctx, rv, as.ID, seedbed.ScoreSheet{Scores: map[string]float64{"originality": 5}})
		wantCode(t, err, seedbed.EFORBIDDEN, "conflict of interest")
		if n := refusals(t, a, "review.score"); n != 2 {
			t.Fatalf("%d refused scores audited, want 2", n)
		}
		// Assigning again fills the recused place with someone new and free of conflicts.
		run, err = r.AssignReviewers(ctx, e.officer, e.program.ID, 2)
		e.must(err)
		if len(run.Pairs) != 1 || run.Pairs[0].AppID != seedbed.AppCode(as.ApplicationID) || run.Pairs[0].ReviewerID == rv.Username {
			t.Fatalf("refill %+v %+v", run.Pairs, run.Problems)
		}
	})
}

// TestLotteryCommitDrawVerify commits, draws and verifies a partial lottery, and finds tampering.
func TestLotteryCommitDrawVerify(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		s, r := a.Store(), a.Reviews
		e := newReviewEnv(t, a, 6, 3, seedbed.SelectionLottery, 150_000)
		ctx := e.ctx
		e.apply(50_000, 50_000, 50_000, 50_000, 50_000, 50_000)
		e.review([]float64{4, 4, 4, 4, 4, 1})
		ps, err := r.RunSelection(ctx, e.officer, e.program.ID)
		e.must(err)
		if ps.Plan == nil || len(ps.Plan.Entrants) == 0 {
			t.Fatalf("no draw group: %+v", ps.Plan)
		}
		_, err = r.DrawLottery(ctx, e.officer, e.program.ID, "1 2 3")
		wantCode(t, err, seedbed.ECONFLICT, "commit")
		_, err = e.a.Programs.TransitionProgram(ctx, e.officer, e.program.ID, seedbed.ProgramDecided, "")
		wantCode(t, err, seedbed.ECONFLICT, "draw")
		src := selection.SeedSource{Kind: selection.SeedPublicValue, Description: "福利彩票双色球 2026-03-05 开奖号码", KnownAfter: e.clock.now().Add(48 * time.Hour)}
		l, err := r.CommitLottery(ctx, e.officer, e.program.ID, selection.SeedSource{Kind: "dice", Description: "骰子"})
		wantCode(t, err, seedbed.EINVALID, "future public event")
		l, err = r.CommitLottery(ctx, e.officer, e.program.ID, src)
		e.must(err)
		e.clock.add(time.Hour)
		again, err := r.CommitLottery(ctx, e.officer, e.program.ID, src)
		e.must(err)
		if again.CommitmentHash != l.CommitmentHash {
			t.Fatal("committing the same inputs again changed the commitment")
		}
		other := src
		other.Description = "福利彩票双色球 2026-03-07 开奖号码"
		_, err = r.CommitLottery(ctx, e.officer, e.program.ID, other)
		wantCode(t, err, seedbed.ECONFLICT, "other inputs are refused")
		if n := refusals(t, a, "lottery.commit"); n != 2 {
			t.Fatalf("%d refused commitments audited, want 2", n)
		}
		e.clock.add(48 * time.Hour)
		l, err = r.DrawLottery(ctx, e.officer, e.program.ID, "03 07 12 19 25 31 + 09")
		e.must(err)
		if l.Result == nil || l.Result.Spent == 0 {
			t.Fatalf("draw %+v", l.Result)
		}
		if _, err := r.DrawLottery(ctx, e.officer, e.program.ID, "03 07 12 19 25 31 + 09"); err != nil {
			t.Fatalf("the same draw again: %v", err)
		}
		_, err = r.DrawLottery(ctx, e.officer, e.program.ID, "01 02 03 04 05 06 + 07")
		wantCode(t, err, seedbed.ECONFLICT, "re-run")
		if _, err := r.VerifyLottery(ctx, e.program.ID); err != nil {
			t.Fatalf("verify: %v", err)
		}
		sel, _ := r.ProgramSelection(ctx, e.program.ID)
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
		_, err = e.a.Programs.TransitionProgram(ctx, e.officer, e.program.ID, seedbed.ProgramDecided, "")
		e.must(err)
		// Tampering with the published result is found and named.
		e.must(s.ExecForTest(ctx, `UPDATE program_lotteries SET result = replace(result, '"funded":true', '"funded":false') WHERE program_id = $1`, e.program.ID))
		_, err = r.VerifyLottery(ctx, e.program.ID)
		wantCode(t, err, seedbed.ECONFLICT, "funded")
		e.must(s.ExecForTest(ctx, `UPDATE program_lotteries SET commitment = replace(commitment, 'budget: ', 'budget: 1') WHERE program_id = $1`, e.program.ID))
		_, err = r.VerifyLottery(ctx, e.program.ID)
		wantCode(t, err, seedbed.ECONFLICT, "hash")
	})
}

// TestLotterySeedMustBeFutureEvent checks that nobody can grind a draw: a seed source that is
// not a public event, or whose event is known before the commitment's ledger time plus the
// configured minimum delay, is refused and nothing is written; the draw is refused until the
// event's time has passed.
func TestLotterySeedMustBeFutureEvent(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *sqlstore.Store) {
		opts := fixtureOptions
		opts.LotteryMinDelay = 6 * time.Hour
		a := New(s, opts)
		r := a.Reviews
		e := newReviewEnv(t, a, 4, 2, seedbed.SelectionLottery, 100_000)
		ctx := e.ctx
		e.apply(50_000, 50_000, 50_000, 50_000)
		e.review([]float64{4, 4, 4, 4})
		_, err := r.RunSelection(ctx, e.officer, e.program.ID)
		e.must(err)
		now := e.clock.now()
		for _, c := range []struct {
			name  string
			src   selection.SeedSource
			field string
		}{
			{"past event", selection.SeedSource{Kind: selection.SeedPublicValue, Description: "上证指数 2026-02-27 收盘点位", KnownAfter: now.Add(-24 * time.Hour)}, "seed_known_after"},
			{"event at the commitment", selection.SeedSource{Kind: selection.SeedPublicValue, Description: "drand 主网第 5000000 轮", KnownAfter: now}, "seed_known_after"},
			{"event within the minimum delay", selection.SeedSource{Kind: selection.SeedPublicValue, Description: "drand 主网第 5000100 轮", KnownAfter: now.Add(6 * time.Hour)}, "seed_known_after"},
			{"no time", selection.SeedSource{Kind: selection.SeedPublicValue, Description: "福利彩票双色球开奖号码"}, "seed_known_after"},
			{"ledger head", selection.SeedSource{Kind: selection.SeedLedgerHead, Description: "决策账本未来规模的根哈希", LedgerSize: 1000, KnownAfter: now.Add(48 * time.Hour)}, "seed_source_kind"},
		} {
			_, err := r.CommitLottery(ctx, e.officer, e.program.ID, c.src)
			var se *seedbed.Error
			if !errors.As(err, &se) || se.Code != seedbed.EINVALID || se.Field != c.field {
				t.Fatalf("%s: got %v, want an invalid error on %s", c.name, err, c.field)
			}
		}
		if _, err := r.Lottery(ctx, e.program.ID); seedbed.ErrorCode(err) != seedbed.ENOTFOUND {
			t.Fatalf("a refused commitment was stored: %v", err)
		}
		src := selection.SeedSource{Kind: selection.SeedPublicValue, Description: "福利彩票双色球 2026年3月3日 第2026024期开奖号码",
			KnownAfter: now.Add(6*time.Hour + time.Second)}
		l, err := r.CommitLottery(ctx, e.officer, e.program.ID, src)
		e.must(err)
		if l.SeedKnownAfter == nil || !l.SeedKnownAfter.Equal(src.KnownAfter) || !strings.Contains(l.Commitment, "seed-known-after: ") {
			t.Fatalf("the commitment does not carry the seed's time: %+v", l)
		}
		e.clock.add(6 * time.Hour)
		_, err = r.DrawLottery(ctx, e.officer, e.program.ID, "02 09 14 22 27 30 + 11")
		wantCode(t, err, seedbed.ECONFLICT, "only after")
		if l, _ := r.Lottery(ctx, e.program.ID); l.Result != nil {
			t.Fatal("a refused draw was stored")
		}
		e.clock.add(time.Second)
		_, err = r.DrawLottery(ctx, e.officer, e.program.ID, "02 09 14 22 27 30 + 11")
		wantCode(t, err, seedbed.ECONFLICT, "only after")
		e.clock.add(time.Minute)
		l, err = r.DrawLottery(ctx, e.officer, e.program.ID, "02 09 14 22 27 30 + 11")
		e.must(err)
		if l.Result == nil {
			t.Fatal("no result")
		}
		if _, err := r.VerifyLottery(ctx, e.program.ID); err != nil {
			t.Fatal(err)
		}
	})
}

// TestRefusedReviewWritesNothing checks that a refused step leaves no trace but its audit entry.
func TestRefusedReviewWritesNothing(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		e := newReviewEnv(t, a, 2, 2, seedbed.SelectionRanked, 100_000)
		ctx, r := e.ctx, a.Reviews
		rev := e.reviewers[0]
		err := r.SaveReviewerProfile(ctx, rev, &seedbed.ReviewerProfile{UserID: rev.UserID, Expertise: []string{"ai"}, DeclaredIDs: []int64{e.orgs[0], 99_999}})
		wantCode(t, err, seedbed.EINVALID, "99999")
		p, err := r.ReviewerProfile(ctx, rev.UserID)
		e.must(err)
		if len(p.Expertise) != 0 || len(p.DeclaredIDs) != 0 {
			t.Fatalf("a refused profile was saved: %+v", p)
		}
		e.apply(50_000, 50_000)
		e.clock.add(25 * time.Hour)
		_, err = a.Programs.TransitionProgram(ctx, e.officer, e.program.ID, seedbed.ProgramInReview, "")
		e.must(err)
		_, err = r.RunSelection(ctx, e.officer, e.program.ID)
		wantCode(t, err, seedbed.ECONFLICT, "normalise")
		_, err = r.AssignReviewers(ctx, e.officer, e.program.ID, 1)
		e.must(err)
		list, err := r.FindAssignments(ctx, seedbed.AssignmentFilter{ReviewerID: rev.UserID})
		e.must(err)
		as := list[0]
		_, err = r.DeclareConflict(ctx, rev, as.ID, seedbed.Declaration{})
		e.must(err)
		_, err = r.ScoreApplication(ctx, rev, as.ID, seedbed.ScoreSheet{Scores: map[string]float64{"originality": 99}})
		if err == nil {
			t.Fatal("a score off the rubric's scale was accepted")
		}
		got, err := r.GetAssignment(ctx, as.ID)
		e.must(err)
		if got.State != seedbed.AssignmentOpen || got.Total != nil {
			t.Fatalf("a refused score was stored: %+v", got)
		}
		if n := refusals(t, a, "review.score"); n != 1 {
			t.Fatalf("%d refused scores audited, want 1", n)
		}
		evs, err := a.Store().FindEvents(ctx, seedbed.EventFilter{Subject: seedbed.ApplicationSubject(as.ApplicationID), Kind: seedbed.EventScore})
		e.must(err)
		if len(evs) != 0 {
			t.Fatalf("a refused score was recorded: %+v", evs)
		}
	})
}

// TestRunSelectionRanked selects in rank order within the budget, once, and only on a current
// normalisation.
func TestRunSelectionRanked(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		e := newReviewEnv(t, a, 3, 2, seedbed.SelectionRanked, 100_000)
		ctx, r := e.ctx, a.Reviews
		e.apply(50_000, 50_000, 50_000)
		e.review([]float64{5, 4, 2})
		// A score revised after the normalisation makes it stale.
		e.clock.add(time.Minute)
		list, err := r.FindAssignments(ctx, seedbed.AssignmentFilter{ReviewerID: e.reviewers[0].UserID})
		e.must(err)
		_, err = r.ScoreApplication(ctx, e.reviewers[0], list[0].ID, seedbed.ScoreSheet{Scores: map[string]float64{
			"originality": 5, "team_drive": 5, "leverage": 5, "next_step": 5}})
		e.must(err)
		_, err = r.RunSelection(ctx, e.officer, e.program.ID)
		wantCode(t, err, seedbed.ECONFLICT, "normalise again")
		if ps, err := r.ProgramSelection(ctx, e.program.ID); err != nil || ps.Selection != nil {
			t.Fatalf("a refused selection was stored: %+v %v", ps, err)
		}
		e.clock.add(time.Minute)
		_, err = r.NormaliseScores(ctx, e.officer, e.program.ID)
		e.must(err)
		ps, err := r.RunSelection(ctx, e.officer, e.program.ID)
		e.must(err)
		if ps.Mode != seedbed.SelectionRanked || ps.Selection.Spent != 100_000 || len(ps.Selection.Decisions) != 3 {
			t.Fatalf("selection %+v", ps.Selection)
		}
		for i, d := range ps.Selection.Decisions {
			if d.AppID != seedbed.AppCode(e.apps[i]) || d.Outcome.Granted() != (i < 2) {
				t.Errorf("decision %d: %+v", i, d)
			}
		}
		_, err = r.RunSelection(ctx, e.officer, e.program.ID)
		wantCode(t, err, seedbed.ECONFLICT, "")
		_, err = r.NormaliseScores(ctx, e.officer, e.program.ID)
		wantCode(t, err, seedbed.ECONFLICT, "review is over")
	})
}

// TestLotteryClearlyBelowTold checks that applications clearly below the funding line of a
// partial lottery are left out of the draw and told so, on their application, and that no
// application is told it "cannot be told apart" from the line unless its interval overlaps the
// line application's.
func TestLotteryClearlyBelowTold(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		e := newReviewEnv(t, a, 8, 2, seedbed.SelectionLottery, 150_000)
		ctx, r := e.ctx, a.Reviews
		e.apply(50_000, 50_000, 50_000, 50_000, 50_000, 50_000, 50_000, 50_000)
		e.must(a.Store().ExecForTest(ctx, `UPDATE programs SET quality_bar = -10 WHERE id = $1`, e.program.ID))
		e.review([]float64{5, 5, 5, 5, 2, 2, 2, 2})
		ps, err := r.RunSelection(ctx, e.officer, e.program.ID)
		e.must(err)
		if len(ps.Plan.Entrants) != 4 {
			t.Fatalf("draw group %v, want the four applications scored like the line", ps.Plan.Entrants)
		}
		line := ps.Plan.LineApp
		var lineLower float64
		for _, d := range ps.Selection.Decisions {
			if d.AppID == line {
				lineLower = d.Lower
			}
		}
		below := 0
		for i, id := range e.apps {
			app, err := a.Programs.GetApplication(ctx, id)
			e.must(err)
			d := ps.Selection.Decisions[slices.IndexFunc(ps.Selection.Decisions, func(d selection.Decision) bool { return d.AppID == seedbed.AppCode(id) })]
			apart := strings.Contains(app.OutcomeReason.En, "cannot be told apart") || strings.Contains(app.OutcomeReason.Zh, "无法区分")
			if i >= 4 {
				below++
				if app.Outcome != string(selection.OutcomeNoBudget) || apart || d.Upper >= lineLower ||
					!strings.Contains(app.OutcomeReason.Zh, "明显低于资助线") || !strings.Contains(app.OutcomeReason.En, "wholly below") {
					t.Errorf("%s (interval %.2f–%.2f, line's lower end %.2f): %s, %q", d.AppID, d.Lower, d.Upper, lineLower, app.Outcome, app.OutcomeReason.En)
				}
			}
			if app.Outcome == string(selection.OutcomeDrawPending) && !apart {
				t.Errorf("%s is in the draw without being told why: %q", d.AppID, app.OutcomeReason.En)
			}
		}
		if below != 4 {
			t.Fatalf("%d clearly below", below)
		}
	})
}
