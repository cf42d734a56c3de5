package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"seedbed"
)

var (
	officer  = seedbed.Actor{UserID: 1, Username: "officer1", Role: seedbed.RoleOfficer}
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
}

func newProgramFixture(t *testing.T, a *App) *programFixture {
	t.Helper()
	f := &programFixture{a: a, ctx: context.Background(), now: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	a.Store().Now = func() time.Time { return f.now }
	in := &seedbed.Innovator{Name: "草根团队", Kind: seedbed.KindTeam, Field: "ai"}
	must(t, a.Store().CreateInnovator(f.ctx, seedbed.System, in))
	f.org = in.ID
	f.applicant = seedbed.Actor{UserID: 2, Username: "app01", Role: seedbed.RoleApplicant, InnovatorID: &in.ID}
	f.program = &seedbed.Program{Title: "草根创新种子计划", PolicyIDs: []string{"grassroots-seed"}, Budget: 100_000,
		Deadline: f.now.Add(24 * time.Hour), SelectionMode: seedbed.SelectionRanked, ReviewersPerApp: 1, QualityBar: -1,
		Stages: []seedbed.Stage{{Name: "第一阶段", Share: 40, Months: 6, Milestone: "签署任务书"}, {Name: "第二阶段", Share: 60, Months: 12, Milestone: "关键假设已验证"}}}
	must(t, a.Store().CreateProgram(f.ctx, officer, f.program))
	_, err := a.Store().TransitionProgram(f.ctx, officer, f.program.ID, seedbed.ProgramOpen, "")
	must(t, err)
	return f
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
