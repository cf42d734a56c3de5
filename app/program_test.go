package app

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"seedbed"
	"seedbed/sqlstore"
)

var (
	officer  = seedbed.Actor{UserID: 1, Username: "officer1", Role: seedbed.RoleOfficer}
	officer2 = seedbed.Actor{UserID: 2, Username: "officer2", Role: seedbed.RoleOfficer}
	eligible = seedbed.Eligibility{Status: seedbed.Eligible, Policies: []seedbed.PolicyEligibility{{PolicyID: "grassroots-seed",
		Version: "2", Title: seedbed.Label{Zh: "草根种子", En: "Grassroots seed"}, Status: seedbed.Eligible}}}
)

// programFixture is an open program and one applicant organisation, on a clock tests move.
type programFixture struct {
	a         *App
	ctx       context.Context
	now       time.Time
	program   *seedbed.Program
	org       int64
	applicant seedbed.Actor
	orgs      []int64         // org and the others
	actors    []seedbed.Actor // one applicant per organisation
}

// draft creates the applicant organisation's draft application to the program.
func (f *programFixture) draft(t *testing.T) *seedbed.Application {
	t.Helper()
	app := &seedbed.Application{ProgramID: f.program.ID, InnovatorID: f.org, Title: "草稿"}
	must(t, f.a.Programs.CreateApplication(f.ctx, f.applicant, app))
	return app
}

func newProgramFixture(t *testing.T, a *App) *programFixture {
	return newProgramFixtureN(t, a, 1, 100_000)
}

// newProgramFixtureN is an open program with budget and n applicant organisations.
func newProgramFixtureN(t *testing.T, a *App, n int, budget int64) *programFixture {
	t.Helper()
	f := &programFixture{a: a, ctx: context.Background(), now: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	a.Store().Now = func() time.Time { return f.now }
	for i := 0; i < n; i++ {
		in := &seedbed.Innovator{Name: fmt.Sprintf("草根团队%02d", i), Kind: seedbed.KindTeam, Field: "ai"}
		must(t, New(a.Store(), Options{}).Registry.CreateInnovator(f.ctx, seedbed.System, in))
		f.orgs = append(f.orgs, in.ID)
		f.actors = append(f.actors, seedbed.Actor{UserID: int64(100 + i), Username: fmt.Sprintf("app%02d", i), Role: seedbed.RoleApplicant, InnovatorID: &in.ID})
	}
	f.org, f.applicant = f.orgs[0], f.actors[0]
	f.program = &seedbed.Program{Title: "草根创新种子计划", PolicyIDs: []string{"grassroots-seed"}, Budget: budget,
		Deadline: f.now.Add(24 * time.Hour), SelectionMode: seedbed.SelectionRanked, ReviewersPerApp: 1, QualityBar: -1,
		Stages: []seedbed.Stage{{Name: "第一阶段", NameEn: "Phase I", Share: 40, Months: 6, Milestone: "签署任务书", MilestoneEn: "agreement signed"},
			{Name: "第二阶段", Share: 60, Months: 12, Milestone: "关键假设已验证"}}}
	must(t, a.Programs.CreateProgram(f.ctx, officer, f.program))
	_, err := a.Programs.TransitionProgram(f.ctx, officer, f.program.ID, seedbed.ProgramOpen, "")
	must(t, err)
	return f
}

// applyAll submits one application per organisation, each asking amount; it returns their ids.
func (f *programFixture) applyAll(t *testing.T, amount int64) []int64 {
	t.Helper()
	var ids []int64
	for i, org := range f.orgs {
		app := &seedbed.Application{ProgramID: f.program.ID, InnovatorID: org, Title: fmt.Sprintf("方向%d", i),
			Direction: "非主流路线", Team: "三人", Unlocks: "租用算力", Amount: amount, Field: "ai"}
		must(t, f.a.Programs.CreateApplication(f.ctx, f.actors[i], app))
		_, err := f.a.Programs.SubmitCheckedApplication(f.ctx, f.actors[i], app.ID, eligible, f.now)
		must(t, err)
		ids = append(ids, app.ID)
	}
	return ids
}

// decideFunded closes the call and stands in for a selection that funded every application in
// full, so that the program is decided and awards can be made.
func (f *programFixture) decideFunded(t *testing.T) {
	t.Helper()
	f.now = f.now.Add(25 * time.Hour)
	_, err := f.a.Programs.TransitionProgram(f.ctx, officer, f.program.ID, seedbed.ProgramInReview, "")
	must(t, err)
	must(t, f.a.Store().ExecForTest(f.ctx, `INSERT INTO program_selections (program_id, normalised, score_count, normalised_at, normalised_by, mode, selection)
		VALUES ($1, '{}', 0, $2, 'test', 'ranked', '{"mode":"ranked"}')`, f.program.ID, sqlstore.FormatTime(f.now)))
	must(t, f.a.Store().ExecForTest(f.ctx, `UPDATE applications SET outcome = 'funded', granted = amount WHERE program_id = $1`, f.program.ID))
	_, err = f.a.Programs.TransitionProgram(f.ctx, officer, f.program.ID, seedbed.ProgramDecided, "")
	must(t, err)
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func wantCode(t *testing.T, err error, code, contains string) {
	t.Helper()
	if err == nil || seedbed.ErrorCode(err) != code || !strings.Contains(seedbed.ErrorMessage(err), contains) {
		t.Fatalf("got %v (%s), want %s containing %q", err, seedbed.ErrorCode(err), code, contains)
	}
}

// refusals counts the refused attempts of an action in the audit log.
func refusals(t *testing.T, a *App, action string) int {
	t.Helper()
	n := 0
	for _, outcome := range []string{"denied", "invalid"} {
		_, k, err := a.Store().FindAudit(context.Background(), seedbed.AuditFilter{Action: action, Outcome: outcome})
		must(t, err)
		n += k
	}
	return n
}

func TestProgramLifecycleRules(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		ps, ctx := a.Programs, context.Background()
		now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		a.Store().Now = func() time.Time { return now }
		// A bad program is refused, audited and not stored.
		err := ps.CreateProgram(ctx, officer, &seedbed.Program{Title: ""})
		if seedbed.ErrorCode(err) != seedbed.EINVALID {
			t.Fatalf("bad program: %v", err)
		}
		if _, n, _ := ps.FindPrograms(ctx, seedbed.ProgramFilter{}); n != 0 || refusals(t, a, "program.create") != 1 {
			t.Fatalf("%d programs stored, %d refusals", n, refusals(t, a, "program.create"))
		}
		p := &seedbed.Program{Title: "草根创新种子计划", Budget: 100_000, Deadline: now.Add(24 * time.Hour),
			SelectionMode: seedbed.SelectionRanked, ReviewersPerApp: 1, Stages: seedbed.DefaultStages()}
		must(t, ps.CreateProgram(ctx, officer, p))
		if len(p.Rubric) == 0 || p.State != seedbed.ProgramDraft {
			t.Fatalf("created %+v", p)
		}
		// Publishing needs eligibility policies; out of order transitions are refused.
		_, err = ps.TransitionProgram(ctx, officer, p.ID, seedbed.ProgramOpen, "")
		wantCode(t, err, seedbed.EINVALID, "policies")
		_, err = ps.TransitionProgram(ctx, officer, p.ID, seedbed.ProgramDecided, "")
		wantCode(t, err, seedbed.ECONFLICT, "cannot become")
		p.PolicyIDs = []string{"grassroots-seed"}
		must(t, ps.UpdateProgram(ctx, officer, p, 1))
		wantCode(t, ps.UpdateProgram(ctx, officer, p, 1), seedbed.ECONFLICT, "reload")
		got, err := ps.TransitionProgram(ctx, officer, p.ID, seedbed.ProgramOpen, "公开征集")
		must(t, err)
		if got.State != seedbed.ProgramOpen || got.Version != 3 {
			t.Fatalf("opened %+v", got)
		}
		wantCode(t, ps.UpdateProgram(ctx, officer, got, got.Version), seedbed.ECONFLICT, "can no longer change")
		_, err = ps.TransitionProgram(ctx, officer, p.ID, seedbed.ProgramInReview, "")
		wantCode(t, err, seedbed.ECONFLICT, "cannot close early")
		now = now.Add(25 * time.Hour)
		_, err = ps.TransitionProgram(ctx, officer, p.ID, seedbed.ProgramInReview, "")
		must(t, err)
		// Deciding needs a selection.
		_, err = ps.TransitionProgram(ctx, officer, p.ID, seedbed.ProgramDecided, "")
		wantCode(t, err, seedbed.ECONFLICT, "selection has not been made")
		evs, err := a.Store().FindEvents(ctx, seedbed.EventFilter{Kind: seedbed.EventProgramPublished})
		must(t, err)
		if len(evs) != 1 || !strings.Contains(string(evs[0].Payload), `"terms"`) {
			t.Fatalf("published events %v", evs)
		}
	})
}
