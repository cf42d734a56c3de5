package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"sort"
	"time"

	"seedbed"
	"seedbed/app"
)

// seedCultureDemo runs the culture survey twice through its use cases: a wave a year ago and
// one open now, each invited region by region, about a third of the invitees answering. The
// answers are drawn from a seeded source with a lean by kind of innovator (grassroots teams and
// individuals find the environment less open to them than firms do) and, in the second wave, a
// rise in tolerance of failure and results-minded policy after the reforms, and a slight fall in
// the long-term rhythm.
func seedCultureDemo(ctx context.Context, ap *app.App, spec demoSpec, out io.Writer) error {
	officer, err := demoActor(ctx, ap, "officer")
	if err != nil {
		return err
	}
	store := ap.Store()
	saved := store.Now
	defer func() { store.Now = saved }()
	var now time.Time
	store.Now = func() time.Time { return now }
	var regions []string
	seen := map[string]int{}
	if err := ap.Registry.EachInnovator(ctx, func(in *seedbed.Innovator) error {
		if in.Region != "" {
			if seen[in.Region] == 0 {
				regions = append(regions, in.Region)
			}
			seen[in.Region]++
		}
		return nil
	}); err != nil {
		return err
	}
	sort.Strings(regions)
	// A district of more than 500 innovators (a large demo region) is surveyed by a random
	// sample of 200 of them.
	sampleOf := func(region string) int {
		if seen[region] > 500 {
			return 200
		}
		return 0
	}
	r := rand.New(rand.NewPCG(spec.seed, spec.seed^0xC0171DE))
	today := spec.today
	waves := []struct {
		title        string
		opens, close time.Time
		answerAt     time.Time
		rate         float64
		shift        map[string]float64
	}{
		{fmt.Sprint(today.AddDate(-1, 0, 0).Year()), today.AddDate(-1, -1, 0), today.AddDate(-1, 0, 0), today.AddDate(-1, 0, -10), 0.33,
			map[string]float64{}},
		{fmt.Sprint(today.Year()), today.AddDate(0, 0, -30), today.AddDate(0, 0, 20), today.AddDate(0, 0, -5), 0.38,
			map[string]float64{"tolerance": 0.45, "results": 0.3, "long_term": -0.15}},
	}
	texts := []string{
		"希望评审更看重技术本身，而不是团队的名气和单位背景。",
		"项目过程中的报表和检查太多，占用了研发时间。",
		"失败之后还能再申请，这一点很重要，希望继续保持。",
		"希望有三到五年的长期支持，而不是一年一考核。",
		"政策文件很多，希望有一个地方把申请条件说清楚。",
		"小团队很难找到愿意试用新产品的第一批客户，希望政府采购能开放一些。",
		"抽签分配让我们这样的新团队也有了机会。",
		"希望里程碑考核看实际进展，不要看材料写得好不好。",
	}
	base := map[string]float64{"market": 3.6, "grassroots": 3.0, "long_term": 2.8, "tolerance": 2.7, "results": 3.1}
	lean := map[string]float64{seedbed.KindTeam: -0.35, seedbed.KindIndividual: -0.4, seedbed.KindEnterprise: 0.1,
		seedbed.KindInstitute: 0.15, seedbed.KindUniversity: 0.2}
	q := seedbed.CurrentQuestionnaire()
	for _, wv := range waves {
		now = wv.opens.UTC().Add(time.Hour)
		w := &seedbed.SurveyWave{Title: wv.title, OpensOn: wv.opens, ClosesOn: wv.close}
		if err := ap.Culture.CreateWave(ctx, officer, w); err != nil {
			return err
		}
		var links []seedbed.SurveyInvitation
		for _, region := range regions {
			ls, err := ap.Culture.Invite(ctx, officer, w.ID, region, sampleOf(region))
			if err != nil {
				return err
			}
			links = append(links, ls...)
		}
		kinds := map[int64]string{}
		if err := ap.Registry.EachInnovator(ctx, func(in *seedbed.Innovator) error { kinds[in.ID] = in.Kind; return nil }); err != nil {
			return err
		}
		now = wv.answerAt.UTC()
		answered := 0
		for _, l := range links {
			if r.Float64() >= wv.rate {
				continue
			}
			a := seedbed.SurveyAnswers{Likert: map[string]int{}, Text: map[string]string{}}
			for _, qu := range q.Questions {
				if qu.Kind != seedbed.QuestionLikert {
					continue
				}
				v := base[qu.Dimension] + lean[kinds[l.InnovatorID]] + wv.shift[qu.Dimension] + r.NormFloat64()*0.9
				a.Likert[qu.Key] = min(seedbed.LikertMax, max(seedbed.LikertMin, int(v+0.5)))
			}
			if r.Float64() < 0.2 {
				a.Text["change_one_thing"] = texts[r.IntN(len(texts))]
			}
			if err := ap.Culture.Respond(ctx, l.Token, a); err != nil {
				return err
			}
			answered++
		}
		fmt.Fprintf(out, "demo: culture survey %q: %d invited, %d answered\n", wv.title, len(links), answered)
	}
	return nil
}
