package app

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"seedbed"
)

func allAnswers(v int) seedbed.SurveyAnswers {
	a := seedbed.SurveyAnswers{Likert: map[string]int{}, Text: map[string]string{}}
	for _, q := range seedbed.CurrentQuestionnaire().Questions {
		if q.Kind == seedbed.QuestionLikert {
			a.Likert[q.Key] = v
		}
	}
	return a
}

// TestCultureSurvey opens a wave, invites two regions, answers through the links, and checks
// every refusal (out of range, unknown question, a second answer on one link, an expired link,
// an unknown link) changes nothing, that the answers cannot be joined to the links, and that
// results appear only for groups of at least K.
func TestCultureSurvey(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		ctx, s := context.Background(), a.Store()
		now := time.Date(2026, 3, 10, 2, 0, 0, 0, time.UTC)
		s.Now = func() time.Time { return now }
		a.Culture.K = 3
		for i := 0; i < 6; i++ {
			region := "余杭区"
			if i >= 4 {
				region = "滨江区"
			}
			must(t, a.Registry.CreateInnovator(ctx, officer, &seedbed.Innovator{Name: fmt.Sprintf("团队%d", i), Kind: seedbed.KindTeam, Region: region}))
		}
		err := a.Culture.CreateWave(ctx, officer, &seedbed.SurveyWave{Title: "2026 春", OpensOn: day("2026-03-15"), ClosesOn: day("2026-03-01")})
		wantCode(t, err, seedbed.EINVALID, "closing date")
		w := &seedbed.SurveyWave{Title: "2026 春", OpensOn: day("2026-03-01"), ClosesOn: day("2026-03-31")}
		must(t, a.Culture.CreateWave(ctx, officer, w))
		_, err = a.Culture.Invite(ctx, seedbed.Actor{Username: "l", Role: seedbed.RoleLeader}, w.ID, "", 0)
		wantCode(t, err, seedbed.EFORBIDDEN, "")
		_, err = a.Culture.Invite(ctx, officer, w.ID, "无此区", 0)
		wantCode(t, err, seedbed.EINVALID, "region")
		inv, err := a.Culture.Invite(ctx, officer, w.ID, "", 0)
		must(t, err)
		if len(inv) != 6 {
			t.Fatalf("%d invitations, want 6", len(inv))
		}

		bad := allAnswers(4)
		bad.Likert["market_motive"] = 6
		wantCode(t, a.Culture.Respond(ctx, inv[0].Token, bad), seedbed.EINVALID, "from 1 to 5")
		missing := allAnswers(4)
		delete(missing.Likert, "results_rules")
		wantCode(t, a.Culture.Respond(ctx, inv[0].Token, missing), seedbed.EINVALID, "answer")
		extra := allAnswers(4)
		extra.Text["salary"] = "x"
		wantCode(t, a.Culture.Respond(ctx, inv[0].Token, extra), seedbed.EINVALID, "no such open question")
		wantCode(t, a.Culture.Respond(ctx, "sbs_nonsense", allAnswers(4)), seedbed.ENOTFOUND, "not valid")
		count := func() (n int64) {
			must(t, s.QueryRowForTest(ctx, `SELECT count(*) FROM survey_responses`).Scan(&n))
			return n
		}
		if count() != 0 {
			t.Fatal("a refused answer was stored")
		}
		for i, x := range inv {
			ans := allAnswers(2 + i%3)
			ans.Text["change_one_thing"] = fmt.Sprintf("少填表 %d", i)
			must(t, a.Culture.Respond(ctx, x.Token, ans))
			if i == 0 {
				wantCode(t, a.Culture.Respond(ctx, x.Token, allAnswers(5)), seedbed.ECONFLICT, "already been answered")
			}
		}
		if count() != 6 {
			t.Fatalf("%d responses, want 6", count())
		}
		// nothing joins a response to its invitation: no shared column but the wave and group
		var joinable int64
		must(t, s.QueryRowForTest(ctx, `SELECT count(*) FROM survey_responses r JOIN survey_invitations i ON i.token_hash = r.id`).Scan(&joinable))
		if joinable != 0 {
			t.Fatal("a response id is an invitation's token hash")
		}

		// an expired link
		inv2, err := a.Culture.Invite(ctx, officer, w.ID, "滨江区", 0)
		must(t, err)
		now = time.Date(2026, 4, 1, 2, 0, 0, 0, time.UTC) // 1 April in Beijing
		wantCode(t, a.Culture.Respond(ctx, inv2[0].Token, allAnswers(3)), seedbed.ECONFLICT, "expired")
		if count() != 6 {
			t.Fatal("an expired link stored an answer")
		}
		_, err = a.Culture.Invite(ctx, officer, w.ID, "", 0)
		wantCode(t, err, seedbed.ECONFLICT, "closed")

		rep, err := a.Culture.Results(ctx, "region")
		must(t, err)
		r := rep.Results[0]
		// 滨江区 has 2 < K and is suppressed; 6 − 4 would give it away, so 余杭区 goes too
		if r.Total.N != 6 || len(r.Groups) != 0 || len(r.Texts) != 6 || r.Total.Dimensions["market"] != 3 {
			t.Fatalf("results by region: %+v", r)
		}
		if _, err := a.Culture.Results(ctx, "age"); seedbed.ErrorCode(err) != seedbed.EINVALID {
			t.Fatalf("an unknown breakdown: %v", err)
		}
	})
}

func day(s string) time.Time {
	t, _ := time.Parse(seedbed.DateLayout, s)
	return t
}

// TestCultureSurveySample surveys a district of more than one batch: inviting everyone is
// refused with the way out named, a sample out of range is refused, and a sample invites that
// many distinct innovators of the district, drawn again the same from the same key, and another
// draw at the next call.
func TestCultureSurveySample(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		ctx, s := context.Background(), a.Store()
		now := time.Date(2026, 3, 10, 2, 0, 0, 0, time.UTC)
		s.Now = func() time.Time { return now }
		ins := make([]seedbed.Innovator, 620)
		for i := range ins {
			region := "西湖区"
			if i%31 == 0 {
				region = "滨江区"
			}
			ins[i] = seedbed.Innovator{Name: fmt.Sprintf("抽样团队%d", i), Kind: seedbed.KindTeam, Region: region}
		}
		_, err := a.Registry.ImportInnovators(ctx, seedbed.System, ins, nil)
		must(t, err)
		w := &seedbed.SurveyWave{Title: "2026 抽样", OpensOn: day("2026-03-01"), ClosesOn: day("2026-03-31")}
		must(t, a.Culture.CreateWave(ctx, officer, w))
		_, err = a.Culture.Invite(ctx, officer, w.ID, "西湖区", 0)
		wantCode(t, err, seedbed.EINVALID, "draw a sample")
		for _, n := range []int{-1, 501} {
			_, err = a.Culture.Invite(ctx, officer, w.ID, "西湖区", n)
			wantCode(t, err, seedbed.EINVALID, "sample")
		}
		ids, err := s.InnovatorIDs(ctx, seedbed.InnovatorFilter{Region: "西湖区"})
		must(t, err)
		if len(ids) != 600 {
			t.Fatalf("%d innovators in the district, want 600", len(ids))
		}
		first, err := a.Culture.Invite(ctx, officer, w.ID, "西湖区", 40)
		must(t, err)
		picked := map[int64]bool{}
		for _, l := range first {
			in, err := a.Registry.Innovator(ctx, l.InnovatorID)
			must(t, err)
			if in.Region != "西湖区" || picked[l.InnovatorID] {
				t.Fatalf("invitation for %d (%s), picked before: %v", l.InnovatorID, in.Region, picked[l.InnovatorID])
			}
			picked[l.InnovatorID] = true
		}
		if len(picked) != 40 {
			t.Fatalf("%d innovators invited, want 40", len(picked))
		}
		again := sampleIDs(ids, 40, sampleSeed(w.ID, "西湖区", 40, 0))
		for _, id := range again {
			if !picked[id] {
				t.Fatalf("the sample drawn again from its key differs (%d)", id)
			}
		}
		second, err := a.Culture.Invite(ctx, officer, w.ID, "西湖区", 40)
		must(t, err)
		same := 0
		for _, l := range second {
			if picked[l.InnovatorID] {
				same++
			}
		}
		if len(second) != 40 || same > 15 {
			t.Errorf("the second sample: %d invitations, %d of them in the first", len(second), same)
		}
		// a sample larger than the district invites everyone in it
		all, err := a.Culture.Invite(ctx, officer, w.ID, "滨江区", 100)
		must(t, err)
		if len(all) != 20 {
			t.Errorf("%d invitations for a district of 20 and a sample of 100", len(all))
		}
		ws, err := a.Culture.Waves(ctx)
		must(t, err)
		if ws[len(ws)-1].Invited != 100 {
			t.Errorf("the wave counts %d invitations, want 100", ws[len(ws)-1].Invited)
		}
	})
}

// TestCultureSamplesAtOnce draws samples of one district at the same time: each must be keyed by
// a different count of the wave's invitations, so no two are the same draw.
func TestCultureSamplesAtOnce(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		ctx := context.Background()
		ins := make([]seedbed.Innovator, 300)
		for i := range ins {
			ins[i] = seedbed.Innovator{Name: fmt.Sprintf("并发抽样团队%d", i), Kind: seedbed.KindTeam, Region: "上城区"}
		}
		_, err := a.Registry.ImportInnovators(ctx, seedbed.System, ins, nil)
		must(t, err)
		now := a.Store().Now()
		w := &seedbed.SurveyWave{Title: "并发抽样", OpensOn: now.AddDate(0, 0, -1), ClosesOn: now.AddDate(0, 1, 0)}
		must(t, a.Culture.CreateWave(ctx, officer, w))
		const draws = 6
		samples := make([][]seedbed.SurveyInvitation, draws)
		errs := atOnce(draws, func(i int) (err error) {
			samples[i], err = a.Culture.Invite(ctx, officer, w.ID, "上城区", 30)
			return err
		})
		seen := map[string]int{}
		for i, s := range samples {
			must(t, errs[i])
			ids := make([]string, len(s))
			for j, l := range s {
				ids[j] = strconv.FormatInt(l.InnovatorID, 10)
			}
			key := strings.Join(ids, ",")
			if j, ok := seen[key]; ok {
				t.Fatalf("samples %d and %d drawn at once are the same draw", j, i)
			}
			seen[key] = i
		}
		ws, err := a.Culture.Waves(ctx)
		must(t, err)
		if ws[len(ws)-1].Invited != draws*30 {
			t.Errorf("the wave counts %d invitations, want %d", ws[len(ws)-1].Invited, draws*30)
		}
	})
}
