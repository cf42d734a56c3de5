package main

import (
	"fmt"
	"slices"
	"time"

	"seedbed"
)

// The past years' awards live their life through the same use cases a person uses: the
// recipient sends the evidence of each milestone and each scheduled report a few days before it
// is due, one officer accepts the evidence and a second approves it and releases the money (the
// two officers take turns), reports are accepted, a fifth of the awards end as honest failures
// in the autumn of their first year, and the rest are closed out with a final assessment once
// their final report is accepted. One recipient in each of the two most recent past years goes
// silent before its final report: the officer's to-do shows those, and only those, among the past
// awards.

// pastFailure is a past award that will end as an honest failure, with its lesson.
type pastFailure struct {
	category, lesson string
}

// chooseFailures draws which of a past year's awards end as honest failures (about a fifth, at
// least one) and which of their teams apply again the next year, in the order the draws were
// always made, so that the rest of the demo's draws stay as they were.
func (m *demoMonitoring) chooseFailures(awards []seedbed.Award) map[int64]pastFailure {
	out := map[int64]pastFailure{}
	for i, aw := range awards {
		// In a small region, where a fifth may be none, the year's last award fails if none has.
		if m.failRng.Float64() >= 0.2 && (len(out) > 0 || i < len(awards)-1) {
			continue
		}
		l := demoLessons[m.failRng.IntN(len(demoLessons))]
		out[aw.ID] = pastFailure{l.category, l.lesson}
		if m.failRng.Float64() < 0.65 {
			m.retry = append(m.retry, aw.InnovatorID)
		}
	}
	return out
}

// pastRecipient is the recipient organisation of a past award, as the actor of its submissions.
func pastRecipient(aw *seedbed.Award) seedbed.Actor {
	return seedbed.Actor{Username: fmt.Sprintf("applicant-%d", aw.InnovatorID), Role: seedbed.RoleApplicant, InnovatorID: &aw.InnovatorID}
}

// officers returns who accepts the evidence of the i-th award and who approves and pays it: the
// two officers take turns, so that neither holds every decision.
func (m *demoMonitoring) officers(i int) (accept, pay seedbed.Actor) {
	if i%2 == 1 {
		return m.second, m.officer
	}
	return m.officer, m.second
}

// forEach runs step for each award with the clock at the award's own date moved by offset (and
// a few minutes apart), reading the award afresh; steps run phase by phase across the awards, so
// that the clock moves forward within a phase.
func (m *demoMonitoring) forEach(awards []seedbed.Award, offset func(aw *seedbed.Award) time.Time, step func(i int, aw *seedbed.Award) error) error {
	for i := range awards {
		aw, err := m.p.GetAward(m.ctx, awards[i].ID)
		if err != nil {
			return err
		}
		m.now = offset(aw).Add(time.Duration(i) * 11 * time.Minute)
		if err := step(i, aw); err != nil {
			return fmt.Errorf("award %d: %w", aw.ID, err)
		}
	}
	return nil
}

// pastMilestone has the recipient send the evidence of tranche seq, one officer accept it days
// later (the second approving the acceptance under the two-person rule) and the other release
// the money.
func (m *demoMonitoring) pastMilestone(i int, aw *seedbed.Award, seq int, evidence string) error {
	t := aw.Tranches[seq-1]
	if _, err := m.p.SubmitEvidence(m.ctx, pastRecipient(aw), t.ID, evidence); err != nil {
		return err
	}
	accept, pay := m.officers(i)
	m.now = m.now.Add(50 * time.Hour)
	_, err := m.p.ReviewMilestone(m.ctx, accept, t.ID, seedbed.MilestoneReview{Decision: seedbed.MilestoneAccept, Note: "材料可核查，通过"})
	m.now = m.now.Add(3 * time.Hour)
	if err := demoApprove(m.ctx, m.approvals, err, pay, "复核材料无误"); err != nil {
		return err
	}
	m.now = m.now.Add(46 * time.Hour)
	_, err = m.p.ReleaseTranche(m.ctx, pay, t.ID)
	return err
}

// pastReports has the recipient send each report of kinds still due before until, a few days
// before its date, and an officer accept it a few days after.
func (m *demoMonitoring) pastReports(i int, aw *seedbed.Award, until time.Time, kinds ...string) error {
	accept, _ := m.officers(i)
	for _, r := range aw.Reports {
		if r.Status != seedbed.ReportDue || !r.DueAt.Before(until) || !slices.Contains(kinds, r.Kind) {
			continue
		}
		if at := r.DueAt.AddDate(0, 0, -4).Add(time.Duration(i) * 11 * time.Minute); at.After(m.now) {
			m.now = at
		} else {
			m.now = m.now.Add(2 * time.Hour) // after the milestone's work of the same days
		}
		if _, err := m.p.SubmitReport(m.ctx, pastRecipient(aw), r.ID, demoReportTexts[r.Kind]); err != nil {
			return err
		}
		m.now = m.now.AddDate(0, 0, 6)
		if _, err := m.p.ReviewReport(m.ctx, accept, r.ID, seedbed.ReportReview{Decision: seedbed.MilestoneAccept}); err != nil {
			return err
		}
	}
	return nil
}

// demoReportTexts are the past recipients' reports, by kind.
var demoReportTexts = map[string]string{
	seedbed.ReportProgress:  "本期按计划推进：关键实验已完成，结果与数据见仓库与测试报告编号；下一期重点是放大验证。",
	seedbed.ReportFinancial: "本年度资金按任务书用于算力租用、样品采购和第三方测试，明细与票据编号附后。",
	seedbed.ReportFinal:     "结题报告：两个阶段的技术目标与完成情况、未完成部分的原因、数据与代码的存放位置见附件；经费使用明细附后。",
}

// firstYear is a past award's first year: the first tranche against its signed agreement, the
// six-month progress report and, for the awards that go on, the stage gate and the second
// tranche; then the honest failures of the autumn.
func (m *demoMonitoring) firstYear(year int, awards []seedbed.Award, fails map[int64]pastFailure) error {
	err := m.forEach(awards, func(aw *seedbed.Award) time.Time { return aw.AwardedAt.AddDate(0, 0, 9) }, func(i int, aw *seedbed.Award) error {
		return m.pastMilestone(i, aw, 1, fmt.Sprintf("任务书已签署，编号 RW-%d-%03d", year, i+1))
	})
	if err != nil {
		return err
	}
	gate := func(aw *seedbed.Award) time.Time { return aw.Tranches[1].DueAt.AddDate(0, 0, -7) }
	err = m.forEach(awards, gate, func(i int, aw *seedbed.Award) error {
		// the key assumption of a failing award did not hold: no evidence for the gate
		if _, failing := fails[aw.ID]; !failing {
			if err := m.pastMilestone(i, aw, 2, fmt.Sprintf("阶段评审材料：第一阶段关键假设验证报告（编号 JD-%d-%03d），第三方测试数据与复现说明附后。", year, i+1)); err != nil {
				return err
			}
		}
		return m.pastReports(i, aw, aw.Tranches[1].DueAt.AddDate(0, 0, 1), seedbed.ReportProgress)
	})
	if err != nil {
		return err
	}
	m.now = time.Date(year, 11, 10, 10, 0, 0, 0, demoZone)
	for _, aw := range awards {
		f, ok := fails[aw.ID]
		if !ok {
			continue
		}
		m.now = m.now.Add(3 * time.Hour)
		if _, err := m.x.CloseAwardAsFailed(m.ctx, m.officer, aw.ID, seedbed.FailureInput{Category: f.category, Lesson: f.lesson}); err != nil {
			return fmt.Errorf("failure of award %d: %w", aw.ID, err)
		}
		m.failed++
	}
	return m.readInboxes(time.Date(year, 11, 30, 9, 0, 0, 0, demoZone))
}

// secondYear is the rest of a past award's life: the yearly progress and financial reports, the
// final report and the closeout with its final assessment. In the two most recent past years one
// recipient goes silent after its last tranche: its final report is overdue to this day.
func (m *demoMonitoring) secondYear(year int, awards []seedbed.Award, fails map[int64]pastFailure) error {
	var going []seedbed.Award
	for _, aw := range awards {
		if _, failed := fails[aw.ID]; !failed {
			going = append(going, aw)
		}
	}
	silent := int64(0)
	if len(going) > 1 && year >= m.last.Year()-4 {
		silent = going[len(going)/2].ID
	}
	last := func(aw *seedbed.Award) time.Time { return aw.Reports[len(aw.Reports)-1].DueAt }
	err := m.forEach(going, func(aw *seedbed.Award) time.Time { return aw.AwardedAt.AddDate(1, 0, 0) }, func(i int, aw *seedbed.Award) error {
		return m.pastReports(i, aw, last(aw), seedbed.ReportProgress, seedbed.ReportFinancial)
	})
	if err != nil {
		return err
	}
	err = m.forEach(going, last, func(i int, aw *seedbed.Award) error {
		if aw.ID == silent {
			m.silent++
			return nil
		}
		if err := m.pastReports(i, aw, last(aw).AddDate(0, 0, 1), seedbed.ReportFinal); err != nil {
			return err
		}
		accept, _ := m.officers(i)
		m.now = last(aw).AddDate(0, 0, 20).Add(time.Duration(i) * 11 * time.Minute)
		in := m.assessment(aw.InnovatorID)
		if _, err := m.p.CloseOut(m.ctx, accept, aw.ID, in, nil); err != nil {
			return err
		}
		m.closedOut++
		return nil
	})
	if err != nil {
		return err
	}
	return m.readInboxes(last(&going[len(going)-1]).AddDate(0, 1, 0))
}

// assessment is the final assessment of a past award, from how its team behaved after it.
func (m *demoMonitoring) assessment(innovatorID int64) seedbed.CloseoutInput {
	switch {
	case m.behaviour[innovatorID] == behaviourComplacent:
		return seedbed.CloseoutInput{Rating: seedbed.RatingPartly,
			Summary: "第一阶段目标完成；第二阶段技术进展明显放缓，汇报与申报活动增多而可核查的技术产出减少。建议后续支持以技术里程碑为准。"}
	case m.behaviour[innovatorID] == behaviourFlat:
		return seedbed.CloseoutInput{Rating: seedbed.RatingPartly,
			Summary: "关键假设部分成立，样机完成但性能未达任务书目标；团队按计划实施，数据与代码已归档。"}
	case m.quality[innovatorID] > 1:
		return seedbed.CloseoutInput{Rating: seedbed.RatingExceeded,
			Summary: "两个阶段目标均已完成并超出预期：关键结果经第三方复现，已有付费用户。"}
	}
	return seedbed.CloseoutInput{Rating: seedbed.RatingMet,
		Summary: "关键假设已验证，两个阶段目标完成，样机通过第三方测试；按任务书认真实施，达到预期。"}
}

// readInboxes marks the officers' messages read at t: they dealt with what the messages asked.
func (m *demoMonitoring) readInboxes(t time.Time) error {
	m.now = t
	for _, o := range []seedbed.Actor{m.officer, m.second} {
		if o.Username == "" {
			continue
		}
		if _, err := m.inbox.MarkRead(m.ctx, o, 0); err != nil {
			return err
		}
	}
	return nil
}
