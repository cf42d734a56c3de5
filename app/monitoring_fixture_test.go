package app

import (
	"context"
	"fmt"
	"testing"
	"time"

	"seedbed"
	"seedbed/evaluation"
	"seedbed/sqlstore"
)

func qtr(year, q int) evaluation.Quarter {
	v, err := evaluation.NewQuarter(year, q)
	if err != nil {
		panic(err)
	}
	return v
}

// fixedClock sets the store's clock to 1 March 2026 (2026Q1).
func fixedClock(s *sqlstore.Store) {
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { return now }
}

// newInnovators creates n innovators of one field and size class and returns their IDs.
func newInnovators(t testing.TB, s *sqlstore.Store, n int, prefix string) []int64 {
	t.Helper()
	ids := make([]int64, n)
	for i := range ids {
		in := &seedbed.Innovator{Name: fmt.Sprintf("%s%02d", prefix, i), Kind: seedbed.KindTeam, Field: "ai"}
		if err := New(s, Options{}).Registry.CreateInnovator(context.Background(), seedbed.System, in); err != nil {
			t.Fatal(err)
		}
		ids[i] = in.ID
	}
	return ids
}

// series builds the observations of one indicator from consecutive quarters.
func series(id int64, indicator string, from evaluation.Quarter, values ...float64) []evaluation.Observation {
	out := make([]evaluation.Observation, len(values))
	for i, v := range values {
		out[i] = evaluation.Observation{InnovatorID: id, Indicator: indicator, Period: from.Add(i), Value: v, Source: evaluation.SourceOfficer}
	}
	return out
}

// fundInnovators runs a whole program — call, applications, review, selection, awards — with the
// store's clock at the given time, and returns one award per innovator, in order. The monitoring
// tests need real awards; they make them the way the bureau does.
func fundInnovators(t testing.TB, a *App, at time.Time, amount int64, ids ...int64) []seedbed.Award {
	t.Helper()
	ctx, s := context.Background(), a.Store()
	saved := s.Now
	defer func() { s.Now = saved }()
	clock := at
	s.Now = func() time.Time { return clock }
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := s.UserByName(ctx, "mon-reviewer"); err != nil {
		rev := &seedbed.User{Username: "mon-reviewer", Role: seedbed.RoleReviewer}
		must(New(s, Options{}).Accounts.CreateUser(ctx, seedbed.System, rev, "reviewer password 1"))
	}
	p := &seedbed.Program{Title: fmt.Sprintf("监测测试计划 %s", at.Format("2006-01")), PolicyIDs: []string{"monitoring-test"}, Budget: amount * int64(len(ids)),
		Deadline: clock.Add(24 * time.Hour), SelectionMode: seedbed.SelectionRanked, ReviewersPerApp: 1, QualityBar: -1,
		Stages: []seedbed.Stage{{Name: "第一阶段", Share: 40, Months: 6, Milestone: "签署任务书"}, {Name: "第二阶段", Share: 60, Months: 12, Milestone: "验证"}}}
	must(a.Programs.CreateProgram(ctx, officer, p))
	_, err := a.Programs.TransitionProgram(ctx, officer, p.ID, seedbed.ProgramOpen, "")
	must(err)
	var apps []int64
	for i, id := range ids {
		app := &seedbed.Application{ProgramID: p.ID, InnovatorID: id, Title: fmt.Sprintf("方向%d", i), Direction: "非主流路线",
			Team: "三人", Unlocks: "租用算力", Amount: amount, Field: "ai"}
		must(a.Programs.CreateApplication(ctx, officer, app))
		_, err := a.Programs.SubmitCheckedApplication(ctx, officer, app.ID, fundEligible, clock)
		must(err)
		apps = append(apps, app.ID)
	}
	clock = clock.Add(25 * time.Hour)
	_, err = a.Programs.TransitionProgram(ctx, officer, p.ID, seedbed.ProgramInReview, "")
	must(err)
	_, err = a.Reviews.AssignReviewers(ctx, officer, p.ID, 1)
	must(err)
	// Whoever the assignment picked scores every application alike.
	list, err := a.Reviews.FindAssignments(ctx, seedbed.AssignmentFilter{ProgramID: p.ID})
	must(err)
	for _, as := range list {
		rv := seedbed.Actor{UserID: as.ReviewerID, Username: fmt.Sprintf("reviewer-%d", as.ReviewerID), Role: seedbed.RoleReviewer}
		_, err := a.Reviews.DeclareConflict(ctx, rv, as.ID, seedbed.Declaration{})
		must(err)
		_, err = a.Reviews.ScoreApplication(ctx, rv, as.ID, seedbed.ScoreSheet{Scores: map[string]float64{
			"originality": 4, "team_drive": 4, "leverage": 4, "next_step": 4}})
		must(err)
	}
	_, err = a.Reviews.NormaliseScores(ctx, officer, p.ID)
	must(err)
	_, err = a.Reviews.RunSelection(ctx, officer, p.ID)
	must(err)
	_, err = a.Programs.TransitionProgram(ctx, officer, p.ID, seedbed.ProgramDecided, "")
	must(err)
	out := make([]seedbed.Award, len(apps))
	for i, app := range apps {
		aw, err := a.Programs.CreateAward(ctx, officer, p.ID, seedbed.AwardInput{ApplicationID: app})
		must(err)
		out[i] = *aw
	}
	return out
}

// fundEligible is the eligibility Fund's applications are submitted with.
var fundEligible = seedbed.Eligibility{Status: seedbed.Eligible, Policies: []seedbed.PolicyEligibility{{PolicyID: "monitoring-test",
	Version: "1", Title: seedbed.Label{Zh: "测试政策", En: "Test policy"}, Status: seedbed.Eligible}}}
