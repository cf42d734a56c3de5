package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"time"

	"seedbed"
	"seedbed/app"
	"seedbed/evaluation"
	"seedbed/selection"
)

// seedAwardLifeDemo shows the life of awards after they are made: a patient-funding program for
// small teams with multi-year awards (one with its yearly report accepted, one with it overdue,
// one with an extension approved and its report waiting for review); the reports of the other
// programs' awards submitted and accepted around their dates; a completed award closed out with
// its final assessment and an outcome for the impact evaluation; an award ended early as an
// honest failure; and the reminders of reports due and overdue in the recipients' inboxes.
func seedAwardLifeDemo(ctx context.Context, a *app.App, spec demoSpec, out io.Writer) error {
	store := a.Store()
	d := &demoPrograms{ctx: ctx, s: store, p: a.Programs, policies: a.Policies, r: a.Reviews, acc: a.Accounts, x: a.Exemptions, approvals: a.Approvals, notices: a.Notices,
		mon: a.Monitoring, rng: rand.New(rand.NewPCG(spec.seed, 14)), quality: map[int64]float64{}, harsh: map[int64]float64{}}
	t0 := spec.clock()
	d.now = t0.AddDate(0, 0, -520)
	saved := store.Now
	store.Now = func() time.Time { return d.now }
	defer func() { store.Now = saved }()
	actor := func(name string) (seedbed.Actor, error) {
		u, _, err := store.UserByName(ctx, name)
		if err != nil {
			return seedbed.Actor{}, err
		}
		return seedbed.Actor{UserID: u.ID, Username: u.Username, Role: u.Role, InnovatorID: u.InnovatorID}, nil
	}
	var err error
	if d.officer, err = actor("officer"); err != nil {
		return err
	}
	if d.payer, err = actor("officer2"); err != nil {
		return err
	}
	if d.applicant, err = actor("applicant"); err != nil {
		return err
	}
	for _, r := range demoReviewers {
		rv, err := actor(r.name)
		if err != nil {
			return err
		}
		d.reviewers = append(d.reviewers, rv)
		d.harsh[rv.UserID] = d.rng.NormFloat64() * 0.6
	}
	patient, err := d.patientProgram(t0)
	if err != nil {
		return fmt.Errorf("patient funding: %w", err)
	}
	if err := d.reportsOnTime(t0, patient); err != nil {
		return fmt.Errorf("reports: %w", err)
	}
	if err := d.closeOutOne(t0); err != nil {
		return fmt.Errorf("closeout: %w", err)
	}
	if err := d.endOneHonestly(t0, patient); err != nil {
		return fmt.Errorf("termination: %w", err)
	}
	d.now = t0
	n, err := a.Programs.RemindReports(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "demo: patient funding over three years, reporting schedules, an extension, a closeout, an honest early end, %d reminders\n", n)
	return nil
}

// patientProgram is the patient-funding program for small teams: three yearly tranches against
// light, technical milestones and one short report a year. It returns the program's id.
func (d *demoPrograms) patientProgram(t0 time.Time) (int64, error) {
	p := &seedbed.Program{Title: "小团队长期稳定支持计划（2025—2028）", InnovationType: "grassroots", Kind: seedbed.ProgramPatient,
		Summary:   "面向三到十人的草根技术团队：连续三年、每年一批资金，里程碑只看技术进展（可运行的版本、可复现的结果），每年只交一份一页纸的技术进展报告，不要求年度财务审计以外的材料。",
		PolicyIDs: []string{"grassroots-seed"}, Budget: 1_800_000, MaxRequest: 600_000, SelectionMode: seedbed.SelectionRanked, ReviewersPerApp: 3,
		ReportCap: 2, EndsAt: t0.AddDate(3, 6, 0),
		Stages: []seedbed.Stage{
			{Name: "第一年：打基础", NameEn: "Year 1: foundations", Share: 30, Months: 12, Milestone: "签署一页任务书", MilestoneEn: "one-page agreement signed"},
			{Name: "第二年：可运行", NameEn: "Year 2: running", Share: 35, Months: 12, Milestone: "开源可运行的第一版，附复现说明", MilestoneEn: "a first running version, open source, with instructions to reproduce"},
			{Name: "第三年：可复现", NameEn: "Year 3: reproduced", Share: 35, Months: 12, Milestone: "第三方复现关键结果", MilestoneEn: "key result reproduced by a third party"}}}
	if err := d.program(p, 20, true); err != nil {
		return 0, err
	}
	teams, err := d.applicants(seedbed.InnovatorFilter{Kind: seedbed.KindTeam, Offset: 30}, 6, false)
	if err != nil {
		return 0, err
	}
	if len(teams) < 4 { // a small demo region
		if teams, err = d.applicants(seedbed.InnovatorFilter{Kind: seedbed.KindTeam}, 6, false); err != nil {
			return 0, err
		}
	}
	if _, err := d.apply(p, teams, []int64{600_000, 450_000, 500_000}, func(int) bool { return true }); err != nil {
		return 0, err
	}
	if err := d.review(p, nil); err != nil {
		if seedbed.ErrorCode(err) == seedbed.EINVALID {
			return p.ID, nil // no eligible team in a small region: the call stays in review
		}
		return 0, err
	}
	awards, err := d.decide(p, selection.SeedSource{}, "")
	if err != nil {
		return 0, err
	}
	if len(awards) < 3 {
		return p.ID, nil // too few teams funded in a small region for the stories below
	}
	for i, aw := range awards {
		if err := d.milestone(aw, 1, 3, fmt.Sprintf("一页任务书已签署，编号 CQ-2025-%03d", i+1)); err != nil {
			return 0, err
		}
	}
	recipient := func(aw *seedbed.Award) seedbed.Actor {
		return seedbed.Actor{Username: fmt.Sprintf("applicant-%d", aw.InnovatorID), Role: seedbed.RoleApplicant, InnovatorID: &aw.InnovatorID}
	}
	yearly := func(aw *seedbed.Award) (*seedbed.Report, error) {
		got, err := d.p.GetAward(d.ctx, aw.ID)
		if err != nil {
			return nil, err
		}
		return &got.Reports[0], nil
	}
	// The first team reports on time and reaches its second milestone.
	r, err := yearly(awards[0])
	if err != nil {
		return 0, err
	}
	d.at(r.DueAt.AddDate(0, 0, -5))
	if _, err := d.p.SubmitReport(d.ctx, recipient(awards[0]), r.ID, "第一年：完成数据管线与基线模型，开源仓库已有 3 家单位试用；下一年目标是可运行的第一版。"); err != nil {
		return 0, err
	}
	d.tick(48 * time.Hour)
	if _, err := d.p.ReviewReport(d.ctx, d.officer, r.ID, seedbed.ReportReview{Decision: seedbed.MilestoneAccept}); err != nil {
		return 0, err
	}
	aw0, err := d.p.GetAward(d.ctx, awards[0].ID)
	if err != nil {
		return 0, err
	}
	if err := d.milestone(aw0, 2, 3, "v0.1 已开源：代码仓库与复现说明见 https://git.example.org/team/v0.1"); err != nil {
		return 0, err
	}
	// The third asks for two more months (equipment late), approved by another officer, and has
	// reported within the new date: the report waits for review.
	r, err = yearly(awards[2])
	if err != nil {
		return 0, err
	}
	d.at(r.DueAt.AddDate(0, 0, -20))
	c, err := d.p.RequestChange(d.ctx, recipient(awards[2]), awards[2].ID, seedbed.AwardChangeInput{Kind: seedbed.ChangeExtension, ReportID: r.ID,
		NewDueAt: r.DueAt.AddDate(0, 2, 0), Reason: "关键测试设备到货延迟两个月，年度技术进展需待首轮测试完成后报告"})
	if err != nil {
		return 0, err
	}
	d.tick(30 * time.Hour)
	if _, err := d.p.DecideChange(d.ctx, d.payer, c.ID, seedbed.AwardChangeDecision{Decision: seedbed.ChangeApprove, Note: "理由属实，同意延期两个月"}); err != nil {
		return 0, err
	}
	aw2, err := d.p.GetAward(d.ctx, awards[2].ID)
	if err != nil {
		return 0, err
	}
	c, err = d.p.RequestChange(d.ctx, recipient(awards[2]), awards[2].ID, seedbed.AwardChangeInput{Kind: seedbed.ChangeExtension, TrancheID: aw2.Tranches[1].ID,
		NewDueAt: aw2.Tranches[1].DueAt.AddDate(0, 6, 0), Reason: "同一原因：首轮测试推迟，可运行版本顺延半年"})
	if err != nil {
		return 0, err
	}
	d.tick(26 * time.Hour)
	if _, err := d.p.DecideChange(d.ctx, d.payer, c.ID, seedbed.AwardChangeDecision{Decision: seedbed.ChangeApprove, Note: "同意顺延"}); err != nil {
		return 0, err
	}
	d.at(r.DueAt.AddDate(0, 1, 20))
	if _, err := d.p.SubmitReport(d.ctx, recipient(awards[2]), r.ID, "第一年：测试设备到货后完成首轮测试，关键指标达到预期的八成；第二年集中解决稳定性问题。"); err != nil {
		return 0, err
	}
	// The second team has not reported: its yearly report reads overdue.
	return p.ID, nil
}

// reportsOnTime has the recipients of the other programs' awards submit the reports due before
// today a few days early, and an officer accept them, so that what is overdue stands out.
func (d *demoPrograms) reportsOnTime(t0 time.Time, skip int64) error {
	awards, _, err := d.p.FindAwards(d.ctx, seedbed.AwardFilter{Limit: 5000})
	if err != nil {
		return err
	}
	for i := len(awards) - 1; i >= 0; i-- {
		aw := awards[i]
		// The past years' awards lived their life in the monitoring step, on its clock; the few
		// reports still missing there stay overdue.
		if aw.ProgramID == skip || aw.AwardedAt.Before(t0.AddDate(-2, 0, 0)) || (aw.Status != seedbed.AwardActive && aw.Status != seedbed.AwardCompleted) {
			continue
		}
		who := seedbed.Actor{Username: fmt.Sprintf("applicant-%d", aw.InnovatorID), Role: seedbed.RoleApplicant, InnovatorID: &aw.InnovatorID}
		if d.applicant.InnovatorID != nil && *d.applicant.InnovatorID == aw.InnovatorID {
			who = d.applicant
		}
		for _, r := range aw.Reports {
			if r.Status != seedbed.ReportDue || !r.DueAt.Before(t0) || r.Kind == seedbed.ReportFinal {
				continue
			}
			d.now = r.DueAt.AddDate(0, 0, -3)
			text := map[string]string{
				seedbed.ReportProgress:  "本期按计划推进：关键实验已完成，结果与数据见仓库与测试报告编号；下一期重点是放大验证。",
				seedbed.ReportFinancial: "本年度资金按任务书用于算力租用、样品采购和第三方测试，明细与票据编号附后。",
			}[r.Kind]
			if _, err := d.p.SubmitReport(d.ctx, who, r.ID, text); err != nil {
				return err
			}
			d.now = r.DueAt.AddDate(0, 0, 2)
			if _, err := d.p.ReviewReport(d.ctx, d.officer, r.ID, seedbed.ReportReview{Decision: seedbed.MilestoneAccept}); err != nil {
				return err
			}
		}
	}
	return nil
}

// closeOutOne closes out the first completed award: its final report, accepted, then the final
// assessment with an outcome confirmed for the impact evaluation.
func (d *demoPrograms) closeOutOne(t0 time.Time) error {
	done, _, err := d.p.FindAwards(d.ctx, seedbed.AwardFilter{Status: seedbed.AwardCompleted, Limit: 100})
	if err != nil || len(done) == 0 {
		return err
	}
	aw := done[len(done)-1]
	who := seedbed.Actor{Username: fmt.Sprintf("applicant-%d", aw.InnovatorID), Role: seedbed.RoleApplicant, InnovatorID: &aw.InnovatorID}
	if d.applicant.InnovatorID != nil && *d.applicant.InnovatorID == aw.InnovatorID {
		who = d.applicant
	}
	d.now = t0.AddDate(0, 0, -21)
	for _, r := range aw.Reports {
		if r.Kind != seedbed.ReportFinal {
			continue
		}
		if _, err := d.p.SubmitReport(d.ctx, who, r.ID, "结题报告：两个阶段目标均已完成，样机经第三方测试，已有三家单位试用；未完成的是量产工艺验证，原因与下一步计划见附件。"); err != nil {
			return err
		}
		d.tick(50 * time.Hour)
		if _, err := d.p.ReviewReport(d.ctx, d.officer, r.ID, seedbed.ReportReview{Decision: seedbed.MilestoneAccept}); err != nil {
			return err
		}
	}
	d.tick(72 * time.Hour)
	outcome := []evaluation.OutcomeRecord{{Kind: evaluation.OutcomeAdoption, Value: 3, Period: evaluation.CurrentQuarter(d.now),
		Evidence: "三家单位试用协议，编号 SY-01、SY-02、SY-03"}}
	_, err = d.p.CloseOut(d.ctx, d.officer, aw.ID, seedbed.CloseoutInput{Rating: seedbed.RatingMet,
		Summary: "关键假设已验证，样机通过第三方测试并有三家单位试用；量产工艺尚未验证。按任务书认真实施，达到预期。"}, outcome)
	return err
}

// endOneHonestly ends a running award whose stage failed on the merits, as an honest failure.
func (d *demoPrograms) endOneHonestly(t0 time.Time, skip int64) error {
	active, _, err := d.p.FindAwards(d.ctx, seedbed.AwardFilter{Status: seedbed.AwardActive, Limit: 5000})
	if err != nil {
		return err
	}
	for _, aw := range active {
		if aw.ProgramID == skip || aw.AwardedAt.Before(t0.AddDate(-1, 0, 0)) || aw.Released == 0 ||
			d.applicant.InnovatorID != nil && aw.InnovatorID == *d.applicant.InnovatorID {
			continue
		}
		d.now = t0.AddDate(0, 0, -9)
		_, err := d.p.Terminate(d.ctx, d.officer, aw.ID, seedbed.TerminationInput{Reason: seedbed.FailureTechnical,
			Account: "中试中发现核心材料在高湿环境下性能衰减，三种改性方案均未解决，团队主动申请停止；已拨资金按任务书使用，数据已公开"})
		return err
	}
	return nil
}
