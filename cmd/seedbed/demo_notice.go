package main

import (
	"math/rand/v2"
	"time"

	"seedbed"
)

// The demo's program on public notice now: an SME call reviewed and selected a month ago
// (noticeReviewed), whose funded list went on notice three days ago and drew two objections, one
// answered (noticeOpen).

// noticeReviewed is the SME market-driven R&D call: open, reviewed and selected, not decided.
func (d *demoPrograms) noticeReviewed(t0 time.Time) error {
	// Its own random stream, so that the programs after it draw what they drew before it existed.
	saved := d.rng
	d.rng = rand.New(rand.NewPCG(uint64(t0.Unix()), 13))
	defer func() { d.rng = saved }()
	d.at(t0.AddDate(0, 0, -45))
	p := &seedbed.Program{Title: "2026 年中小企业市场导向研发专项（择优）", Driver: "market_demand",
		Summary:   "支持中小企业针对明确的市场需求开展研发，按评审排名择优资助；资助名单在决定前公示，接受社会监督。",
		PolicyIDs: []string{"sme-market-rnd"}, Budget: 1_200_000, MaxRequest: 400_000, SelectionMode: seedbed.SelectionRanked, ReviewersPerApp: 3,
		Stages: []seedbed.Stage{
			{Name: "第一阶段", NameEn: "Phase I", Share: 40, Months: 6, Milestone: "签署任务书", MilestoneEn: "agreement signed"},
			{Name: "第二阶段", NameEn: "Phase II", Share: 60, Months: 12, Milestone: "样品通过用户试用", MilestoneEn: "sample passed a customer trial"}}}
	if err := d.program(p, 15, true); err != nil {
		return err
	}
	// Enterprises past the first sixty, which the other programs use; a small demo region takes
	// its last eight.
	_, firms, err := d.s.FindInnovators(d.ctx, seedbed.InnovatorFilter{Kind: seedbed.KindEnterprise, Limit: 1})
	if err != nil {
		return err
	}
	ins, err := d.applicants(seedbed.InnovatorFilter{Kind: seedbed.KindEnterprise, Offset: max(0, min(60, firms-8))}, 8, false)
	if err != nil {
		return err
	}
	if _, err := d.apply(p, ins, []int64{400_000, 250_000, 300_000, 200_000}, func(int) bool { return true }); err != nil {
		return err
	}
	if err := d.review(p, nil); err != nil {
		return err
	}
	d.tick(24 * time.Hour)
	if _, err := d.r.NormaliseScores(d.ctx, d.officer, p.ID); err != nil {
		return err
	}
	d.tick(2 * time.Hour)
	_, err = d.r.RunSelection(d.ctx, d.officer, p.ID)
	d.tick(time.Hour)
	if err := demoApprove(d.ctx, d.approvals, err, d.payer, "已与评分表核对"); err != nil {
		return err
	}
	d.onNotice = p
	return nil
}

// noticeOpen puts the SME call's funded list on notice from three days ago; one objection asks
// about an applicant's size and is answered, another waits for its answer.
func (d *demoPrograms) noticeOpen(t0 time.Time) error {
	p := d.onNotice
	d.at(t0.AddDate(0, 0, -3))
	n, err := d.notices.PublishNotice(d.ctx, d.officer, p.ID, seedbed.NoticePeriod{AllowAnonymous: true,
		Note: "公示期内，任何单位和个人均可对名单提出异议；请写明事实和理由。匿名异议同样受理，留下联系方式便于核实。"})
	if err != nil {
		return err
	}
	d.tick(10 * time.Hour)
	first := n.Entries[0].ApplicationID
	o, err := d.notices.Objection(d.ctx, "203.0.113.17", n.ID, seedbed.CommentInput{ApplicationID: first, Contact: "jiandu@example.cn",
		Text: "据了解该企业去年营业收入已超过中小企业标准，是否还符合本专项的申报条件？"})
	if err != nil {
		return err
	}
	d.tick(4 * time.Hour)
	if _, err := d.notices.Objection(d.ctx, "198.51.100.42", n.ID, seedbed.CommentInput{
		Text: "建议公开各项目的评审得分，便于社会监督。"}); err != nil {
		return err
	}
	d.tick(3 * time.Hour)
	_, err = d.notices.AnswerObjection(d.ctx, d.officer, n.ID, o.ID,
		"经核查，该企业申报时提交的上一年度营业收入和从业人员数均在中小企业划型标准以内（以税务申报数据为准），符合申报条件，维持原名单。")
	return err
}
