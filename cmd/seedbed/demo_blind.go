package main

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"seedbed"
	"seedbed/selection"
)

// blindDecided is a blind grassroots call run end to end: anonymised applications, reviews, a
// conflict found after a score and resolved by replacing the reviewer, a champion, the
// applicants' replies within the window, the panel's discussion and outcomes, the summary
// statements the applicants read, the reveal once the scores were final, and a partial lottery
// over the adjusted scores. The demo applicant's application is one of them.
func (d *demoPrograms) blindDecided(t0 time.Time) error {
	// Its own random stream, so that the programs after it draw what they drew before it existed.
	saved := d.rng
	d.rng = rand.New(rand.NewPCG(uint64(t0.Unix()), 17))
	defer func() { d.rng = saved }()
	d.at(t0.AddDate(0, 0, -195))
	p := &seedbed.Program{Title: "人工智能非共识创新匿名评审试点（部分随机抽签）",
		Summary:   "试点匿名评审、答复权、评审组讨论和力荐：申报书不得出现单位名称、信用代码和团队成员姓名；评审完成后申请人有 2 天答复评审意见；每位评审专家每轮可力荐一项非共识创新，力荐项目无论平均分多少都进入抽签。",
		PolicyIDs: []string{"compute-voucher"}, Budget: 300_000, MaxRequest: 100_000, SelectionMode: seedbed.SelectionLottery,
		QualityBar: -0.8, ReviewersPerApp: 2, Stages: twoStages(), BlindReview: true, ReplyDays: 2, ExpertiseWeight: 0.5}
	if err := d.program(p, 2, true); err != nil {
		return err
	}
	teams, err := d.applicants(seedbed.InnovatorFilter{Field: "ai", Offset: 40}, 6, true)
	if err != nil {
		return err
	}
	apps, err := d.apply(p, teams, []int64{100_000, 80_000, 60_000, 90_000, 50_000, 70_000}, func(int) bool { return true })
	if err != nil {
		return err
	}
	if err := d.review(p, nil); err != nil {
		return err
	}
	byID := actorsByID(d.reviewers)
	list, err := d.s.FindAssignments(d.ctx, seedbed.AssignmentFilter{ProgramID: p.ID})
	if err != nil {
		return err
	}
	// A conflict that appears after the score: the reviewer recuses late, and the officer
	// replaces the reviewer, with the reason; the replacement declares and scores.
	// It is on the second application, one the draw funds, so that the project's exemption case
	// (seedBlindExemptionDemo) finds the replacement in the ledger.
	// A small demo region (a few hundred innovators) may give the pilot a single application.
	late := list[len(list)-1]
	for _, as := range list {
		if len(apps) > 1 && as.ApplicationID == apps[1] {
			late = as
			break
		}
	}
	d.tick(5 * time.Hour)
	err = d.replaceAfterLateConflict(p, byID, late, lateConflict{
		note:    "评分后得知申请团队负责人是本人三年前的博士生",
		reason:  "评审专家评分后申报利益冲突（师生关系），评分不计，另派专家",
		comment: "思路清楚，第一阶段的验证方案可行。",
		gap:     3 * time.Hour,
		score:   func(c seedbed.Criterion, _ seedbed.Assignment) float64 { return max(c.Min, min(c.Max, 3)) },
	})
	if err != nil {
		return err
	}
	// A champion: the reviewer of the weakest-looking application stakes their judgement on it.
	if list, err = d.s.FindAssignments(d.ctx, seedbed.AssignmentFilter{ProgramID: p.ID, State: seedbed.AssignmentScored}); err != nil {
		return err
	}
	slices.SortFunc(list, func(a, b seedbed.Assignment) int {
		return int(*a.Total*100) - int(*b.Total*100)
	})
	d.tick(time.Hour)
	if _, err := d.r.NameChampion(d.ctx, byID[list[0].ReviewerID], list[0].ID,
		"路线与主流相反，其他专家打分偏低；但若成立，可把端侧推理成本降一个数量级，值得用小额资助验证"); err != nil {
		return err
	}
	d.tick(4 * time.Hour)
	if _, err := d.r.NormaliseScores(d.ctx, d.officer, p.ID); err != nil {
		return err
	}
	d.tick(time.Hour)
	if _, err := d.r.OpenReplyWindow(d.ctx, d.officer, p.ID); err != nil {
		return err
	}
	d.tick(4 * time.Hour)
	own := apps[0]
	if _, err := d.r.SubmitReply(d.ctx, d.applicant, own, "感谢评审意见。关于算力来源：团队已与本地智算中心签订折扣协议，第一阶段所需算力有保障；关于验证指标，我们将以公开数据集上的延迟和精度同时作为第一阶段的通过标准。"); err != nil {
		return err
	}
	d.at(d.now.Add(2 * 24 * time.Hour))
	// The panel discusses each application once the window closed: notes, then the outcome and
	// the summary statement.
	discussed := 0
	for _, app := range apps {
		d.tick(30 * time.Minute)
		rs, err := d.s.FindAssignments(d.ctx, seedbed.AssignmentFilter{ApplicationID: app, State: seedbed.AssignmentScored})
		if err != nil {
			return err
		}
		if len(rs) == 0 {
			continue // not eligible, so not reviewed
		}
		if _, err := d.r.AddPanelNote(d.ctx, byID[rs[0].ReviewerID], app, "读了申请人的答复，我对可行性的担心基本消除；分歧主要在市场前景。"); err != nil {
			return err
		}
		kind, body := seedbed.PanelConsensus, "评审组一致认为方向清楚、第一阶段目标可检验，达到质量门槛。"
		discussed++
		if discussed == 2 {
			kind, body = seedbed.PanelDisagreement, "评审组存在分歧：一位专家认为技术路线新颖、值得一试，另一位认为关键假设缺少依据。如实记录，不作平均。"
		}
		d.tick(20 * time.Minute)
		if _, err := d.r.RecordPanelOutcome(d.ctx, d.officer, app, kind, body); err != nil {
			return fmt.Errorf("panel outcome of %s: %w", seedbed.AppCode(app), err)
		}
		if err := d.r.SaveSummary(d.ctx, d.officer, app, "优点：问题真实、路线有特色、第一阶段验证方案可行。疑问：算力与数据来源需要落实。评审组意见见上。"); err != nil {
			return err
		}
	}
	d.tick(3 * time.Hour)
	if _, err := d.r.RevealIdentities(d.ctx, d.officer, p.ID); err != nil {
		return err
	}
	cstZone := time.FixedZone("CST", 8*3600)
	day := d.now.AddDate(0, 0, 2).In(cstZone)
	src := selection.SeedSource{Kind: selection.SeedPublicValue, Description: "中国福利彩票双色球 " + day.Format("2006年1月2日") + " 开奖号码（红球升序，加号后为蓝球）",
		KnownAfter: time.Date(day.Year(), day.Month(), day.Day(), 21, 30, 0, 0, cstZone).UTC()}
	awards, err := d.decide(p, src, "03 09 14 21 27 30 + 11")
	if err != nil {
		return err
	}
	// In the weeks after, each recipient but the last sends its signed agreement and receives
	// the first tranche; the last one's agreement is still missing. The clock goes back after,
	// so that the next story starts when it always did.
	then := d.now
	for i, aw := range awards[:max(0, len(awards)-1)] {
		d.now = aw.AwardedAt.AddDate(0, 0, 6+4*i)
		if err := d.milestone(aw, 1, 3, fmt.Sprintf("任务书已签署，编号 NM-2025-%03d", i+1)); err != nil {
			return err
		}
	}
	d.now = then
	return nil
}
