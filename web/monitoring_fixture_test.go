package web

import (
	"context"
	"fmt"
	"testing"
	"time"

	"seedbed"
	"seedbed/app"
	"seedbed/evaluation"
	"seedbed/sqlstore"
)

// monitoringScenario is the data the monitoring tests share: the applicant's organisation (own)
// funded in 2021Q1 and complacent after it (the hand-computed case of docs/methods.md §3),
// another funded organisation, three unfunded peers, and the flag the data raise.
type monitoringScenario struct {
	ownAward, otherAward seedbed.Award
	peers                []int64
	ownObs, otherObs     int64 // one stored observation of each organisation
	flagID               int64
}

func mustT(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// fundForTest runs one program through the programs module's exported store API with the clock
// at the given time and returns one award per innovator. The store needs a reviewer account.
func fundForTest(t testing.TB, s *sqlstore.Store, at time.Time, amount int64, ids ...int64) []seedbed.Award {
	t.Helper()
	ctx := context.Background()
	saved := s.Now
	defer func() { s.Now = saved }()
	clock := at
	s.Now = func() time.Time { return clock }
	officer := seedbed.Actor{UserID: 1, Username: "officer1", Role: seedbed.RoleOfficer}
	svc := app.New(s, fixtureOptions)
	ps, rs := svc.Programs, svc.Reviews
	// The test environment's reviewer (u-reviewer) reviews; no account is added, so other
	// modules' fixtures in the same environment see the reviewer pool they expect.
	p := &seedbed.Program{Title: fmt.Sprintf("监测测试计划 %s", at.Format("2006-01")), PolicyIDs: []string{"monitoring-test"},
		Budget: amount * int64(len(ids)), Deadline: clock.Add(24 * time.Hour), SelectionMode: seedbed.SelectionRanked, ReviewersPerApp: 1,
		QualityBar: -1, Stages: []seedbed.Stage{{Name: "第一阶段", Share: 40, Months: 6, Milestone: "签署任务书"}, {Name: "第二阶段", Share: 60, Months: 12, Milestone: "验证"}}}
	mustT(t, ps.CreateProgram(ctx, officer, p))
	_, err := ps.TransitionProgram(ctx, officer, p.ID, seedbed.ProgramOpen, "")
	mustT(t, err)
	elig := seedbed.Eligibility{Status: seedbed.Eligible, Policies: []seedbed.PolicyEligibility{{PolicyID: "monitoring-test", Version: "1",
		Title: seedbed.Label{Zh: "测试政策", En: "Test policy"}, Status: seedbed.Eligible}}}
	var apps []int64
	for i, id := range ids {
		app := &seedbed.Application{ProgramID: p.ID, InnovatorID: id, Title: fmt.Sprintf("方向%d", i), Direction: "非主流路线",
			Team: "三人", Unlocks: "租用算力", Amount: amount, Field: "ai"}
		mustT(t, ps.CreateApplication(ctx, officer, app))
		_, err := ps.SubmitCheckedApplication(ctx, officer, app.ID, elig, clock)
		mustT(t, err)
		apps = append(apps, app.ID)
	}
	clock = clock.Add(25 * time.Hour)
	_, err = ps.TransitionProgram(ctx, officer, p.ID, seedbed.ProgramInReview, "")
	mustT(t, err)
	_, err = rs.AssignReviewers(ctx, officer, p.ID, 1)
	mustT(t, err)
	// Whoever the assignment picked scores every application alike.
	list, err := s.FindAssignments(ctx, seedbed.AssignmentFilter{ProgramID: p.ID})
	mustT(t, err)
	for _, as := range list {
		rv := seedbed.Actor{UserID: as.ReviewerID, Username: fmt.Sprintf("reviewer-%d", as.ReviewerID), Role: seedbed.RoleReviewer}
		_, err := rs.DeclareConflict(ctx, rv, as.ID, seedbed.Declaration{})
		mustT(t, err)
		_, err = rs.ScoreApplication(ctx, rv, as.ID, seedbed.ScoreSheet{Scores: map[string]float64{
			"originality": 4, "team_drive": 4, "leverage": 4, "next_step": 4}})
		mustT(t, err)
	}
	_, err = rs.NormaliseScores(ctx, officer, p.ID)
	mustT(t, err)
	_, err = rs.RunSelection(ctx, officer, p.ID)
	mustT(t, err)
	_, err = ps.TransitionProgram(ctx, officer, p.ID, seedbed.ProgramDecided, "")
	mustT(t, err)
	out := make([]seedbed.Award, len(apps))
	for i, app := range apps {
		aw, err := ps.CreateAward(ctx, officer, p.ID, seedbed.AwardInput{ApplicationID: app})
		mustT(t, err)
		out[i] = *aw
	}
	return out
}

// quarterOf returns a quarter for tests.
func quarterOf(year, q int) evaluation.Quarter {
	v, err := evaluation.NewQuarter(year, q)
	if err != nil {
		panic(err)
	}
	return v
}

func seriesObs(id int64, indicator string, from evaluation.Quarter, values ...float64) []evaluation.Observation {
	out := make([]evaluation.Observation, len(values))
	for i, v := range values {
		out[i] = evaluation.Observation{InnovatorID: id, Indicator: indicator, Period: from.Add(i), Value: v, Source: evaluation.SourceOfficer}
	}
	return out
}

// seedMonitoring builds the scenario in e's store and raises its flag.
func seedMonitoring(t testing.TB, e *testEnv) monitoringScenario {
	t.Helper()
	ctx := context.Background()
	s := e.store
	var sc monitoringScenario
	for i := range 3 {
		in := &seedbed.Innovator{Name: fmt.Sprintf("同类团队%d", i), Kind: seedbed.KindTeam, Field: "ai"}
		mustT(t, testApp(s).Registry.CreateInnovator(ctx, seedbed.System, in))
		sc.peers = append(sc.peers, in.ID)
	}
	awards := fundForTest(t, s, time.Date(2021, 2, 1, 9, 0, 0, 0, time.UTC), 1_000_000, e.ownID, e.otherID)
	sc.ownAward, sc.otherAward = awards[0], awards[1]
	from := quarterOf(2020, 1)
	var obs []evaluation.Observation
	obs = append(obs, seriesObs(e.ownID, "patents_filed", from, 0, 1, 3, 7, 7, 7, 7, 7)...)
	obs = append(obs, seriesObs(e.ownID, "reports_submitted", from, 1, 1, 1, 1, 3, 3, 3, 3)...)
	obs = append(obs, seriesObs(e.otherID, "patents_filed", from, 1, 2, 3, 4)...)
	obs = append(obs, seriesObs(sc.peers[0], "patents_filed", from, 0, 1, 3, 7, 7, 15, 31, 63)...)
	obs = append(obs, seriesObs(sc.peers[1], "patents_filed", from, 0, 1, 3, 7, 7, 31, 127, 511)...)
	obs = append(obs, seriesObs(sc.peers[2], "patents_filed", from, 0, 1, 3, 7, 7, 7, 7, 7)...)
	_, err := e.srv.Monitoring.AddObservations(ctx, seedbed.System, obs) // raises the flag
	mustT(t, err)
	for _, id := range []int64{e.ownID, e.otherID} {
		got, _, err := s.FindObservations(ctx, evaluation.ObservationFilter{InnovatorID: id, Limit: 1})
		mustT(t, err)
		if id == e.ownID {
			sc.ownObs = got[0].ID
		} else {
			sc.otherObs = got[0].ID
		}
	}
	flags, _, err := s.FindFlags(ctx, seedbed.FlagFilter{InnovatorID: e.ownID})
	mustT(t, err)
	if len(flags) != 1 {
		t.Fatalf("scenario raised %d flags on the applicant's organisation, want 1", len(flags))
	}
	sc.flagID = flags[0].ID
	return sc
}

func init() {
	moduleMatrix = append(moduleMatrix, func(e *testEnv) []accessCase {
		sc := seedMonitoring(e.t, e)
		own, other := fmt.Sprint(e.ownID), fmt.Sprint(e.otherID)
		flag, prog := fmt.Sprint(sc.flagID), fmt.Sprint(sc.ownAward.ProgramID)
		ownObs, otherObs := fmt.Sprint(sc.ownObs), fmt.Sprint(sc.otherObs)
		return []accessCase{
			{"GET", "/monitoring", "/monitoring", "aou"},
			{"GET", "/monitoring/flags/{id}", "/monitoring/flags/" + flag, "aou"},
			{"POST", "/monitoring/flags/{id}/resolve", "/monitoring/flags/" + flag + "/resolve", "ao"},
			{"POST", "/monitoring/recompute", "/monitoring/recompute", "ao"},
			{"GET", "/monitoring/import", "/monitoring/import", "aop"},
			{"POST", "/monitoring/import", "/monitoring/import", "aop"},
			{"GET", "/monitoring/observations/{id}/correct", "/monitoring/observations/" + ownObs + "/correct", "aop"},
			{"GET", "/monitoring/observations/{id}/correct", "/monitoring/observations/" + otherObs + "/correct", "ao"},
			{"POST", "/monitoring/observations/{id}/correct", "/monitoring/observations/" + ownObs + "/correct", "aop"},
			{"POST", "/monitoring/observations/{id}/correct", "/monitoring/observations/" + otherObs + "/correct", "ao"},
			{"GET", "/innovators/{id}/monitoring", "/innovators/" + own + "/monitoring", "aopu"},
			{"GET", "/innovators/{id}/monitoring", "/innovators/" + other + "/monitoring", "aou"},
			{"GET", "/innovators/{id}/report", "/innovators/" + own + "/report", "aop"},
			{"GET", "/innovators/{id}/report", "/innovators/" + other + "/report", "ao"},
			{"POST", "/innovators/{id}/report", "/innovators/" + own + "/report", "aop"},
			{"POST", "/innovators/{id}/report", "/innovators/" + other + "/report", "ao"},
			{"GET", "/impact", "/impact", "aou"},
			{"GET", "/impact/programs/{id}", "/impact/programs/" + prog, "aou"},
			{"GET", "/impact/outcomes/new", "/impact/outcomes/new", "aop"},
			{"GET", "/impact/outcomes/new", "/impact/outcomes/new?award=" + fmt.Sprint(sc.ownAward.ID), "aop"},
			{"GET", "/impact/outcomes/new", "/impact/outcomes/new?award=" + fmt.Sprint(sc.otherAward.ID), "ao"},
			{"POST", "/impact/outcomes", "/impact/outcomes", "aop"},
			{"GET", "/api/v1/monitoring/flags", "/api/v1/monitoring/flags", "aou"},
			{"GET", "/api/v1/monitoring/flags/{id}", "/api/v1/monitoring/flags/" + flag, "aou"},
			{"POST", "/api/v1/monitoring/flags/{id}/resolve", "/api/v1/monitoring/flags/" + flag + "/resolve", "ao"},
			{"POST", "/api/v1/monitoring/flags/recompute", "/api/v1/monitoring/flags/recompute", "ao"},
			{"POST", "/api/v1/observations", "/api/v1/observations", "aop"},
			{"POST", "/api/v1/observations/import", "/api/v1/observations/import", "aop"},
			{"PUT", "/api/v1/observations/{id}", "/api/v1/observations/" + ownObs, "aop"},
			{"PUT", "/api/v1/observations/{id}", "/api/v1/observations/" + otherObs, "ao"},
			{"GET", "/api/v1/innovators/{id}/observations", "/api/v1/innovators/" + own + "/observations", "aopu"},
			{"GET", "/api/v1/innovators/{id}/observations", "/api/v1/innovators/" + other + "/observations", "aou"},
			{"GET", "/api/v1/innovators/{id}/momentum", "/api/v1/innovators/" + own + "/momentum", "aorpu"},
			{"GET", "/api/v1/innovators/{id}/momentum", "/api/v1/innovators/" + other + "/momentum", "aoru"},
			{"GET", "/api/v1/innovators/{id}/monitoring", "/api/v1/innovators/" + own + "/monitoring", "aopu"},
			{"GET", "/api/v1/innovators/{id}/monitoring", "/api/v1/innovators/" + other + "/monitoring", "aou"},
			{"GET", "/api/v1/impact/portfolio", "/api/v1/impact/portfolio", "aou"},
			{"GET", "/api/v1/impact/programs/{id}", "/api/v1/impact/programs/" + prog, "aou"},
			{"GET", "/api/v1/outcomes", "/api/v1/outcomes", "aou"},
			{"POST", "/api/v1/outcomes", "/api/v1/outcomes", "aop"},
		}
	})
}
