package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"seedbed"
	"seedbed/app"
	"seedbed/sqlstore"
)

// The ledger's demo: a frontier program decided by the standard procedure (version 2, in
// force from 2026), whose two funded projects later fail honestly. Both decisions went through
// every step the procedure requires — three independent reviews (the second application's first
// reviewer declared a conflict and was replaced), declarations, a collective decision, a
// seven-day notice, the official's declaration — since the workflow takes no decision without
// them; both cases draft 予以免责, and the first is confirmed. The step runs after the programs
// step (demoOrder), whose reviewers and policies it uses.
// ledgerDemo builds the demo on its own clock, running from eleven months ago to a month ago.
type ledgerDemo struct {
	ctx       context.Context
	s         *sqlstore.Store
	p         *app.Programs
	x         *app.Exemptions
	policies  *app.Policies
	r         *app.Reviews
	approvals *app.Approvals
	risk      *app.RiskFilings
	acc       *app.Accounts
	m         *app.Monitoring
	now       time.Time
	officer   seedbed.Actor
	payer     seedbed.Actor // the second officer, who approves and releases money (two-person rules)
	auditor   seedbed.Actor
	reviewers []seedbed.Actor
}

func (d *ledgerDemo) at(t time.Time) { d.now = t }

func seedLedgerDemo(ctx context.Context, a *app.App, spec demoSpec, out io.Writer) error {
	store := a.Store()
	if err := ensureDemoLedger(ctx, store, out); err != nil {
		return err
	}
	d := &ledgerDemo{ctx: ctx, s: store, p: a.Programs, x: a.Exemptions, policies: a.Policies, r: a.Reviews, acc: a.Accounts, approvals: a.Approvals, m: a.Monitoring, risk: a.RiskFilings}
	t0 := spec.clock()
	real := store.Now
	store.Now = func() time.Time { return d.now }
	defer func() { store.Now = real }()
	d.at(t0.AddDate(0, 0, -330))
	if err := d.accounts(); err != nil {
		return err
	}
	awards, err := d.program(t0)
	if err != nil {
		return err
	}
	good, other := awards[0], awards[1]
	d.at(t0.AddDate(0, 0, -60))
	if _, err := a.Exemptions.CloseAwardAsFailed(ctx, d.officer, good.ID, seedbed.FailureInput{Category: seedbed.FailureTechnical,
		Lesson: "稀疏注意力在端侧芯片上的精度损失在放大实验中无法弥补；下一步先做量化误差的理论上界。"}); err != nil {
		return err
	}
	d.at(d.now.Add(2 * time.Hour))
	if _, err := a.Exemptions.CloseAwardAsFailed(ctx, d.officer, other.ID, seedbed.FailureInput{Category: seedbed.FailureMarket,
		Lesson: "目标客户（中小制造企业）的付费意愿没有形成，样机验证通过但无人采购。"}); err != nil {
		return err
	}
	d.at(t0.AddDate(0, 0, -30))
	c1, err := a.Exemptions.OpenCase(ctx, d.auditor, good.ID)
	if err != nil {
		return err
	}
	d.at(d.now.Add(time.Hour))
	c2, err := a.Exemptions.OpenCase(ctx, d.auditor, other.ID)
	if err != nil {
		return err
	}
	d.at(t0.AddDate(0, 0, -23))
	if _, err := a.Exemptions.DecideCase(ctx, d.auditor, c1.ID, seedbed.ExemptionDecision{Decision: seedbed.ExemptionConfirm, Version: c1.Version,
		Reason:    "经核对账本证据，资助决定履行了决定时有效的标准程序全部步骤，失败源于技术路线，损失已及时控制，予以容错免责。",
		Committee: "市科技局容错免责认定委员会：赵审计（召集人）、钱委员、孙委员"}); err != nil {
		return err
	}
	fmt.Fprintf(out, "demo: exemption case %d (award %d) %s, confirmed; case %d (award %d) drafted %s: %s\n",
		c1.ID, good.ID, c1.DraftOutcome, c2.ID, other.ID, c2.DraftOutcome, c2.Draft.Summary.Zh)
	return nil
}

// ensureDemoLedger gives the store the data folder's ledger key when nothing did before (the
// demo command may not have called setupLedger), so that the demo's entries are signed.
func ensureDemoLedger(ctx context.Context, store *sqlstore.Store, out io.Writer) error {
	held, err := newApp(store).Ledger.KeyHeld(ctx)
	if err != nil || held {
		return err
	}
	data := env("data", "./seedbed-data")
	if store.Path != "" {
		data = filepath.Dir(store.Path)
	}
	return setupLedger(ctx, store, data, ledgerFlags{key: env("ledger_key", ""), alg: env("ledger_alg", "ed25519")}, out)
}

// accounts finds the officer and the auditor and four reviewers (created if the programs demo
// did not make them).
func (d *ledgerDemo) accounts() error {
	actor := func(name, role, display string) (seedbed.Actor, error) {
		u, _, err := d.s.UserByName(d.ctx, name)
		if seedbed.ErrorCode(err) == seedbed.ENOTFOUND {
			if err := d.acc.CreateUser(d.ctx, seedbed.System, &seedbed.User{Username: name, DisplayName: display, Role: role}, demoPassword); err != nil {
				return seedbed.Actor{}, err
			}
			u, _, err = d.s.UserByName(d.ctx, name)
		}
		if err != nil {
			return seedbed.Actor{}, err
		}
		return seedbed.Actor{UserID: u.ID, Username: u.Username, Role: u.Role}, nil
	}
	var err error
	if d.officer, err = actor("officer", seedbed.RoleOfficer, ""); err != nil {
		return err
	}
	if d.auditor, err = actor("auditor", seedbed.RoleAuditor, ""); err != nil {
		return err
	}
	if d.payer, err = actor("officer2", seedbed.RoleOfficer, "钱主管（拨付复核）"); err != nil {
		return err
	}
	pool, err := d.s.ReviewerPool(d.ctx)
	if err != nil {
		return err
	}
	for i := len(pool); i < 4; i++ {
		r, err := actor(fmt.Sprintf("reviewer-ledger%d", i+1), seedbed.RoleReviewer, fmt.Sprintf("演示专家 %d", i+1))
		if err != nil {
			return err
		}
		if err := d.r.SaveReviewerProfile(d.ctx, d.officer, &seedbed.ReviewerProfile{UserID: r.UserID, Expertise: []string{"ai"}}); err != nil {
			return err
		}
		pool = append(pool, seedbed.ReviewerProfile{UserID: r.UserID, Username: r.Username})
	}
	for _, p := range pool {
		d.reviewers = append(d.reviewers, seedbed.Actor{UserID: p.UserID, Username: p.Username, Role: seedbed.RoleReviewer})
	}
	return nil
}

// applicants picks four eligible teams; the first is one that applied again in a later call,
// so that its application shows the failure as context.
func (d *ledgerDemo) applicants(policyIDs []string) ([]seedbed.Innovator, error) {
	var first []int64
	ps, _, err := d.p.FindPrograms(d.ctx, seedbed.ProgramFilter{State: seedbed.ProgramInReview, Limit: 10})
	if err != nil {
		return nil, err
	}
	for _, p := range ps {
		apps, _, err := d.p.FindApplications(d.ctx, seedbed.ApplicationFilter{ProgramID: p.ID, Limit: 20})
		if err != nil {
			return nil, err
		}
		for _, a := range apps {
			first = append(first, a.InnovatorID)
		}
	}
	var cands []seedbed.Innovator
	for _, id := range first {
		if in, err := d.s.GetInnovator(d.ctx, id); err == nil && in.Kind == seedbed.KindTeam {
			cands = append(cands, *in)
			break
		}
	}
	// teams the other programs did not draw first, then any team, then individuals
	for _, f := range []seedbed.InnovatorFilter{{Kind: seedbed.KindTeam, Offset: 30, Limit: 40}, {Kind: seedbed.KindTeam, Limit: 30},
		{Kind: seedbed.KindIndividual, Limit: 40}} {
		more, _, err := d.s.FindInnovators(d.ctx, f)
		if err != nil {
			return nil, err
		}
		cands = append(cands, more...)
	}
	var out []seedbed.Innovator
	seen := map[int64]bool{}
	for _, in := range cands {
		if seen[in.ID] {
			continue
		}
		seen[in.ID] = true
		// A team whose earlier award carries an open complacency flag would have its milestone
		// held until an officer looks at the flag; the frontier program's story needs none.
		if flags, _, err := d.s.FindFlags(d.ctx, seedbed.FlagFilter{InnovatorID: in.ID, Status: seedbed.FlagOpen, Limit: 1}); err != nil {
			return nil, err
		} else if len(flags) > 0 {
			continue
		}
		el, err := d.policies.CheckEligibility(d.ctx, &in, policyIDs, d.now)
		if err == nil && el.Status == seedbed.Eligible {
			out = append(out, in)
		}
		if len(out) == 4 {
			return out, nil
		}
	}
	return nil, fmt.Errorf("ledger demo: only %d eligible applicants", len(out))
}

// program runs the frontier program from the call to the second-stage gate and returns the two
// awards that fail there.
func (d *ledgerDemo) program(t0 time.Time) ([]*seedbed.Award, error) {
	ctx := d.ctx
	p := &seedbed.Program{Title: "2026 年前沿技术探索专项（择优资助）", InnovationType: "grassroots",
		Summary:   "支持草根团队探索主流之外的技术路线：择优资助、分两阶段拨付，第二阶段前进行阶段评审。按《科技计划项目资助决策标准程序》第 2 版决策。",
		PolicyIDs: []string{"grassroots-seed"}, Budget: 1_200_000, MaxRequest: 400_000, SelectionMode: seedbed.SelectionRanked,
		ReviewersPerApp: 3, Stages: twoStages(), Deadline: d.now.AddDate(0, 0, 30).Truncate(time.Hour)}
	if err := d.p.CreateProgram(ctx, d.officer, p); err != nil {
		return nil, err
	}
	d.at(d.now.Add(2 * time.Hour))
	if _, err := d.p.TransitionProgram(ctx, d.officer, p.ID, seedbed.ProgramOpen, "公开征集"); err != nil {
		return nil, err
	}
	teams, err := d.applicants(p.PolicyIDs)
	if err != nil {
		return nil, err
	}
	titles := []string{"端侧芯片上的稀疏注意力推理", "中小制造企业的低成本视觉质检盒子", "开源中文代码模型的长上下文训练", "用合成数据训练的几何推理模型"}
	var apps []int64
	for i, in := range teams {
		d.at(d.now.Add(5 * time.Hour))
		a := seedbed.Actor{Username: fmt.Sprintf("applicant-%d", in.ID), Role: seedbed.RoleApplicant, InnovatorID: &in.ID}
		app := &seedbed.Application{ProgramID: p.ID, InnovatorID: in.ID, Title: titles[i], Field: "ai", Amount: 400_000,
			Direction: "方向：" + titles[i] + "。先用最小实验验证核心假设，再决定是否放大。", Team: "4 名全职成员，此前用自有资金完成了原型。",
			Unlocks: "租用算力、购买样品和第三方测试。", People: []string{fmt.Sprintf("成员%d-1", in.ID)}}
		if err := d.p.CreateApplication(ctx, a, app); err != nil {
			return nil, err
		}
		el, err := d.policies.CheckEligibility(ctx, &in, p.PolicyIDs, d.now)
		if err != nil {
			return nil, err
		}
		if _, err := d.p.SubmitCheckedApplication(ctx, a, app.ID, el, d.now); err != nil {
			return nil, err
		}
		apps = append(apps, app.ID)
	}
	if err := d.review(p, apps); err != nil {
		return nil, err
	}
	return d.decide(p, apps)
}

// review has three experts declare and score each application; the second application's first
// reviewer declares a conflict, and a replacement is assigned who reviews it.
func (d *ledgerDemo) review(p *seedbed.Program, apps []int64) error {
	ctx, s := d.ctx, d.s
	d.at(p.Deadline.Add(time.Hour))
	if _, err := d.p.TransitionProgram(ctx, d.officer, p.ID, seedbed.ProgramInReview, "申报截止"); err != nil {
		return err
	}
	byID := actorsByID(d.reviewers)
	quality := map[int64]float64{apps[0]: 5, apps[1]: 5, apps[2]: 4, apps[3]: 2}
	recused := false
	// The second round assigns a replacement for the reviewer who declared a conflict.
	for round := 0; round < 2; round++ {
		if _, err := d.r.AssignReviewers(ctx, d.officer, p.ID, uint64(p.ID)+uint64(round)); err != nil {
			return err
		}
		list, err := s.FindAssignments(ctx, seedbed.AssignmentFilter{ProgramID: p.ID})
		if err != nil {
			return err
		}
		for _, as := range list {
			if as.State != seedbed.AssignmentAssigned {
				continue
			}
			d.at(d.now.Add(41 * time.Minute))
			rv, ok := byID[as.ReviewerID]
			if !ok {
				return fmt.Errorf("ledger demo: reviewer %d is not a demo reviewer", as.ReviewerID)
			}
			if as.ApplicationID == apps[1] && !recused {
				recused = true
				if _, err := d.r.DeclareConflict(ctx, rv, as.ID, seedbed.Declaration{Conflict: true, Note: "曾与申请团队负责人合作发表论文"}); err != nil {
					return err
				}
				continue
			}
			if _, err := d.r.DeclareConflict(ctx, rv, as.ID, seedbed.Declaration{}); err != nil {
				return err
			}
			v := quality[as.ApplicationID]
			if _, err := d.r.ScoreApplication(ctx, rv, as.ID, seedbed.ScoreSheet{Scores: map[string]float64{"originality": v, "team_drive": v, "leverage": v, "next_step": v},
				Comment: "思路清晰，值得一试"}); err != nil {
				return err
			}
		}
	}
	return nil
}

// decide selects, records the procedure's own steps (the official's declaration, the
// collective decision, the public notice), makes the awards and runs their milestones: the
// first two stop at the second-stage gate, the third goes on.
func (d *ledgerDemo) decide(p *seedbed.Program, apps []int64) ([]*seedbed.Award, error) {
	ctx := d.ctx
	d.at(d.now.Add(24 * time.Hour))
	if _, err := d.r.NormaliseScores(ctx, d.officer, p.ID); err != nil {
		return nil, err
	}
	if _, err := d.x.DeclareInterest(ctx, d.officer, seedbed.InterestDeclaration{ProgramID: p.ID, Note: "与各申报团队无亲属、投资或雇佣关系"}); err != nil {
		return nil, err
	}
	d.at(d.now.Add(2 * time.Hour))
	_, err := d.r.RunSelection(ctx, d.officer, p.ID)
	d.at(d.now.Add(time.Hour))
	if err := demoApprove(ctx, d.approvals, err, d.payer, "已与评分表核对"); err != nil {
		return nil, err
	}
	// The sparse-attention project is the riskiest of the three: the officer files the risk
	// before the decision (容错备案) and the second officer approves it; its exemption case,
	// once it fails, reads the filing as a record of a deliberate, reviewed risk.
	d.at(d.now.Add(3 * time.Hour))
	rf, err := d.risk.File(ctx, d.officer, seedbed.RiskFilingInput{ProgramID: p.ID, ApplicationID: apps[0],
		Risk:    "稀疏注意力在端侧芯片上的精度损失从未在放大规模下验证过；团队此前只做过小模型实验。",
		Worth:   "若成功，端侧设备可离线运行中文大模型，摆脱对云端算力的依赖；主流厂商不会押注这条路线，只有资助草根团队才能验证。",
		Failure: "第一阶段放大实验中精度损失超过 5% 且无法通过量化校准弥补：届时在阶段评审中终止第二阶段，未拨付资金退回。"})
	if err != nil {
		return nil, err
	}
	d.at(d.now.Add(2 * time.Hour))
	if _, err := d.risk.Review(ctx, d.payer, rf.ID, true, "风险、价值与止损点均已写明，分阶段拨付可控制损失，同意备案。"); err != nil {
		return nil, err
	}
	d.at(d.now.Add(24 * time.Hour))
	day := func(t time.Time) string { return t.In(time.FixedZone("CST", 8*3600)).Format(seedbed.DateLayout) }
	if _, err := d.x.RecordCollectiveDecision(ctx, d.officer, seedbed.CollectiveDecision{ProgramID: p.ID, Body: "局务会",
		HeldOn: day(d.now), Members: 9, Present: 7, For: 7, Resolution: "同意按评审排名资助前三项"}); err != nil {
		return nil, err
	}
	start := d.now.AddDate(0, 0, 1)
	d.at(start.AddDate(0, 0, 8))
	if _, err := d.x.RecordPublicNotice(ctx, d.officer, seedbed.PublicNotice{ProgramID: p.ID, Channel: "市科技局门户网站",
		StartOn: day(start), EndOn: day(start.AddDate(0, 0, 7)), Objections: 1, Resolved: 1,
		Note: "一件异议（对评审专家资格的询问）已书面答复"}); err != nil {
		return nil, err
	}
	if _, err := d.p.TransitionProgram(ctx, d.officer, p.ID, seedbed.ProgramDecided, "公示期满"); err != nil {
		return nil, err
	}
	var awards []*seedbed.Award
	for _, id := range apps[:3] {
		d.at(d.now.Add(time.Hour))
		aw, err := d.p.CreateAward(ctx, d.officer, p.ID, seedbed.AwardInput{ApplicationID: id})
		if err != nil {
			return nil, err
		}
		awards = append(awards, aw)
	}
	for i, aw := range awards {
		if err := d.tranche(aw, 0, "任务书已签署，合同编号 QY-2026-"+fmt.Sprint(i+1), seedbed.MilestoneAccept); err != nil {
			return nil, err
		}
	}
	d.at(d.now.AddDate(0, 6, 0))
	notes := []string{"放大实验中精度损失超过 8%，关键假设未能验证，终止第二阶段",
		"样机验证通过，但三家试点企业均未采购，市场假设未能验证，终止第二阶段", ""}
	for i, aw := range awards {
		decision := seedbed.MilestoneStop
		if i == 2 {
			decision = seedbed.MilestoneAccept
		}
		if err := d.tranche(aw, 1, "第一阶段验证报告，第三方测试编号 T-2026-"+fmt.Sprint(40+i)+"；"+notes[i], decision); err != nil {
			return nil, err
		}
	}
	return awards[:2], nil
}

// tranche submits the evidence of a tranche, reviews it and, when accepted, releases it.
func (d *ledgerDemo) tranche(aw *seedbed.Award, seq int, evidence, decision string) error {
	ctx := d.ctx
	t := aw.Tranches[seq]
	recipient := seedbed.Actor{Username: fmt.Sprintf("applicant-%d", aw.InnovatorID), Role: seedbed.RoleApplicant, InnovatorID: &aw.InnovatorID}
	d.at(d.now.Add(3 * time.Hour))
	if _, err := d.p.SubmitEvidence(ctx, recipient, t.ID, evidence); err != nil {
		return err
	}
	d.at(d.now.Add(26 * time.Hour))
	if decision == seedbed.MilestoneAccept {
		// A go waits until the complacency flags on the recipient are looked at: the officer
		// proposes a resolution after a visit, the second officer approves it.
		flags, err := d.m.OpenFlagsForAward(ctx, aw.ID)
		if err != nil {
			return err
		}
		for _, f := range flags {
			_, err := d.m.ResolveFlag(ctx, d.officer, f.ID, seedbed.FlagResolution{Resolution: "已走访核实：研发投入下降系设备采购周期所致，技术进展如期"})
			d.at(d.now.Add(time.Hour))
			if err := demoApprove(ctx, d.approvals, err, d.payer, "走访记录已核"); err != nil {
				return err
			}
		}
	}
	note := "材料可核查，通过"
	if decision == seedbed.MilestoneStop {
		note = "阶段评审不通过，按诚实失败处理"
	}
	_, err := d.p.ReviewMilestone(ctx, d.officer, t.ID, seedbed.MilestoneReview{Decision: decision, Note: note})
	d.at(d.now.Add(2 * time.Hour))
	if err := demoApprove(ctx, d.approvals, err, d.payer, "复核材料无误"); err != nil {
		return err
	}
	if decision != seedbed.MilestoneAccept {
		return nil
	}
	d.at(d.now.Add(48 * time.Hour))
	_, err = d.p.ReleaseTranche(ctx, d.payer, t.ID)
	return err
}
