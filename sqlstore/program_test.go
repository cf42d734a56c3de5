package sqlstore

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"seedbed"
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
