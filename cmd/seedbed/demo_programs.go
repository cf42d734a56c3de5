package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"seedbed"
	"seedbed/app"
	"seedbed/selection"
	"seedbed/sqlstore"
)

// demoReviewers are the demo's review experts; "reviewer" is the demo login, the others are
// created here with the demo password. org names a registry kind whose first innovator the
// reviewer works for, so that assignment has real conflicts to avoid.
var demoReviewers = []struct {
	name, display, org string
	expertise          []string
}{
	{"reviewer", "", "", []string{"ai", "人工智能", "robotics"}},
	{"reviewer2", "王教授（高校）", seedbed.KindUniversity, []string{"ai", "semiconductor", "集成电路"}},
	{"reviewer3", "陈研究员（科研院所）", seedbed.KindInstitute, []string{"biomedicine", "new_materials"}},
	{"reviewer4", "赵总工（企业）", "", []string{"robotics", "equipment", "digital"}},
	{"reviewer5", "孙博士（投资机构）", "", []string{"ai", "digital", "大模型"}},
	{"reviewer6", "周研究员（能源所）", "", []string{"new_energy", "new_materials"}},
	{"reviewer7", "吴教授（量子中心）", "", []string{"quantum", "semiconductor", "aerospace"}},
	{"reviewer8", "郑研究员（农科院）", "", []string{"agritech", "biomedicine", "other"}},
}

// demoDirections are application directions by field: direction, not detailed plans.
var demoDirections = map[string][]string{
	"ai": {"不依赖大规模标注数据的稀疏混合专家训练方法", "端侧小模型的低比特量化推理", "面向工业质检的小样本视觉模型",
		"开源中文代码大模型的长上下文训练", "用合成数据训练的数学推理模型"},
	"semiconductor": {"面向存算一体的阻变存储器阵列", "开源 RISC-V 处理器的低功耗设计", "碳化硅功率器件的国产化封装"},
	"biomedicine":   {"基于单细胞测序的早筛标志物发现", "低成本即时检测的微流控芯片", "小分子药物的 AI 辅助筛选"},
	"robotics":      {"腿足机器人的低成本柔性关节", "家用服务机器人的触觉手爪", "仓储场景的多机协同调度"},
	"new_materials": {"可降解的高阻隔包装薄膜", "钠离子电池硬碳负极材料"},
	"new_energy":    {"分布式光伏的低成本储能控制器", "氢燃料电池的非贵金属催化剂"},
	"quantum":       {"室温量子传感的金刚石色心探头"},
	"digital":       {"中小企业的开源低代码数据平台"},
	"agritech":      {"茶园病虫害的无人机识别"},
	"equipment":     {"五轴数控机床的国产数控系统"},
}

// demoPrograms builds the demo's programs on a clock that runs from fourteen months ago to now.
type demoPrograms struct {
	ctx       context.Context
	s         *sqlstore.Store
	p         *app.Programs
	policies  *app.Policies
	r         *app.Reviews
	acc       *app.Accounts
	x         *app.Exemptions
	approvals *app.Approvals
	notices   *app.Notices
	// mon, when set, lets an officer look into an award's open complacency flags before accepting
	// its milestone, as the platform requires (the award-life story, whose flags depend on the date).
	mon      *app.Monitoring
	onNotice *seedbed.Program // the program whose funded list is on notice now
	// lateConflict is the program whose selection is reopened after a reviewer's late conflict
	// (demo_reopen.go).
	lateConflict int64
	now          time.Time
	officer      seedbed.Actor
	payer        seedbed.Actor // the second officer, who approves and releases money (two-person rules)
	applicant    seedbed.Actor
	reviewers    []seedbed.Actor
	rng          *rand.Rand
	quality      map[int64]float64 // latent quality of each application
	harsh        map[int64]float64 // each reviewer's harshness
}

// seedProgramsDemo fills the programs module: programs in every state, dozens of applications
// with eligibility checked by the published policies, reviewers with declarations and scores, a
// completed verifiable lottery, and awards whose tranches are partly released.
func seedProgramsDemo(ctx context.Context, a *app.App, spec demoSpec, out io.Writer) error {
	store := a.Store()
	d := &demoPrograms{ctx: ctx, s: store, p: a.Programs, policies: a.Policies, r: a.Reviews, acc: a.Accounts, x: a.Exemptions, approvals: a.Approvals, notices: a.Notices, rng: rand.New(rand.NewPCG(spec.seed, 4)), quality: map[int64]float64{}, harsh: map[int64]float64{}}
	t0 := spec.clock()
	d.now = t0.AddDate(0, 0, -430)
	saved := store.Now
	store.Now = func() time.Time { return d.now }
	defer func() { store.Now = saved }()
	if err := d.accounts(); err != nil {
		return err
	}
	steps := []func(t0 time.Time) error{d.closedLottery, d.blindDecided, d.decidedInstitute, d.decidedVouchers, d.noticeReviewed, d.inReview, d.noticeOpen,
		d.openCall, d.draft}
	for _, step := range steps {
		if err := step(t0); err != nil {
			return err
		}
	}
	fmt.Fprintf(out, "demo: 8 programs (every state), %d reviewers, a verifiable lottery, a funded list on notice and staged awards\n", len(d.reviewers))
	return nil
}

// at moves the demo clock forward to t (never backward).
func (d *demoPrograms) at(t time.Time) {
	if t.After(d.now) {
		d.now = t
	}
}

func (d *demoPrograms) tick(step time.Duration) { d.now = d.now.Add(step) }

// accounts finds the demo officer and applicant and creates the reviewers with their profiles.
func (d *demoPrograms) accounts() error {
	actor := func(name string) (seedbed.Actor, error) {
		u, _, err := d.s.UserByName(d.ctx, name)
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
	// One after the other, so that the accounts get the same ids on every run.
	for _, r := range demoReviewers[1:] {
		if err := d.acc.CreateUser(d.ctx, seedbed.System, &seedbed.User{Username: r.name, DisplayName: r.display, Role: seedbed.RoleReviewer}, demoPassword); err != nil {
			return fmt.Errorf("reviewer %s: %w", r.name, err)
		}
	}
	for _, r := range demoReviewers {
		a, err := actor(r.name)
		if err != nil {
			return err
		}
		p := &seedbed.ReviewerProfile{UserID: a.UserID, Expertise: r.expertise}
		if r.org != "" {
			ins, _, err := d.s.FindInnovators(d.ctx, seedbed.InnovatorFilter{Kind: r.org, Limit: 1})
			if err != nil {
				return err
			}
			if len(ins) > 0 {
				p.OrgID = &ins[0].ID
			}
		}
		if err := d.r.SaveReviewerProfile(d.ctx, d.officer, p); err != nil {
			return err
		}
		d.reviewers = append(d.reviewers, a)
		d.harsh[a.UserID] = d.rng.NormFloat64() * 0.6
	}
	return nil
}

// program creates and publishes a program; its deadline is days after now.
func (d *demoPrograms) program(p *seedbed.Program, days int, publish bool) error {
	p.Deadline = d.now.AddDate(0, 0, days).Truncate(time.Hour)
	if err := d.p.CreateProgram(d.ctx, d.officer, p); err != nil {
		return fmt.Errorf("program %s: %w", p.Title, err)
	}
	if !publish {
		return nil
	}
	d.tick(2 * time.Hour)
	_, err := d.p.TransitionProgram(d.ctx, d.officer, p.ID, seedbed.ProgramOpen, "公开征集，不预设技术路线")
	return err
}

// applicants picks innovators of a kind (with the demo applicant's organisation first when
// withOwn), skipping the first few so that programs draw different organisations. A small
// region may have too few of the kind past those few, or none of it: then the first of the kind
// apply, or failing them, the first of any kind, so that every program has its applicants at
// any size.
func (d *demoPrograms) applicants(f seedbed.InnovatorFilter, n int, withOwn bool) ([]seedbed.Innovator, error) {
	f.Limit = n
	ins, _, err := d.s.FindInnovators(d.ctx, f)
	if err != nil {
		return nil, err
	}
	for _, wider := range []seedbed.InnovatorFilter{{Kind: f.Kind, SizeClass: f.SizeClass, Field: f.Field}, {}} {
		if len(ins) > 0 {
			break
		}
		wider.Limit = n
		if ins, _, err = d.s.FindInnovators(d.ctx, wider); err != nil {
			return nil, err
		}
	}
	if withOwn && d.applicant.InnovatorID != nil {
		own, err := d.s.GetInnovator(d.ctx, *d.applicant.InnovatorID)
		if err != nil {
			return nil, err
		}
		out := []seedbed.Innovator{*own}
		for _, in := range ins {
			if in.ID != own.ID && len(out) < n {
				out = append(out, in)
			}
		}
		ins = out
	}
	return ins, nil
}

// apply writes an application for each innovator (submitting it unless draft is set) and
// returns their ids.
func (d *demoPrograms) apply(p *seedbed.Program, ins []seedbed.Innovator, amounts []int64, submit func(i int) bool) ([]int64, error) {
	// Lists of two kinds may name the same organisation in a small region (applicants); it
	// applies once.
	seen := map[int64]bool{}
	ins = slices.DeleteFunc(slices.Clone(ins), func(in seedbed.Innovator) bool {
		dup := seen[in.ID]
		seen[in.ID] = true
		return dup
	})
	var ids []int64
	for i, in := range ins {
		d.tick(5 * time.Hour)
		field := in.Field
		if demoDirections[field] == nil {
			field = "ai"
		}
		dirs := demoDirections[field]
		dir := dirs[d.rng.IntN(len(dirs))]
		a := seedbed.Actor{Username: fmt.Sprintf("applicant-%d", in.ID), Role: seedbed.RoleApplicant, InnovatorID: &in.ID}
		if d.applicant.InnovatorID != nil && *d.applicant.InnovatorID == in.ID {
			a = d.applicant
		}
		members := 2 + d.rng.IntN(6)
		app := &seedbed.Application{ProgramID: p.ID, InnovatorID: in.ID, Title: dir, Field: in.Field, Amount: amounts[i%len(amounts)],
			Direction: "方向：" + dir + "。关键想法是走一条被主流忽视的路线，先用最小实验验证核心假设，再决定是否放大。",
			Team:      fmt.Sprintf("%d 名全职成员，核心成员此前已用自有资金完成原型，失败后调整过一次路线。", members),
			Unlocks:   "用于租用算力、购买样品和测试服务，完成原本做不成的关键验证实验。",
			Tags:      in.PathTags, People: []string{fmt.Sprintf("成员%d-1", in.ID), fmt.Sprintf("成员%d-2", in.ID)}}
		if len(app.Tags) > seedbed.MaxAppTags {
			app.Tags = app.Tags[:seedbed.MaxAppTags]
		}
		if err := d.p.CreateApplication(d.ctx, a, app); err != nil {
			return nil, fmt.Errorf("application of %s: %w", in.Name, err)
		}
		d.quality[app.ID] = d.rng.NormFloat64()
		ids = append(ids, app.ID)
		if !submit(i) {
			continue
		}
		el, err := d.policies.CheckEligibility(d.ctx, &in, p.PolicyIDs, d.now)
		if err != nil {
			el = seedbed.Eligibility{Status: seedbed.Undecided}
		}
		if _, err := d.p.SubmitCheckedApplication(d.ctx, a, app.ID, el, d.now); err != nil {
			return nil, err
		}
	}
	return ids, nil
}

// review closes the call, assigns reviewers, and has them declare and score; keep lets some
// assignments stay unfinished (keep returns the state to leave an assignment in, or "").
func (d *demoPrograms) review(p *seedbed.Program, keep func(seedbed.Assignment) string) error {
	d.at(p.Deadline.Add(time.Hour))
	if _, err := d.p.TransitionProgram(d.ctx, d.officer, p.ID, seedbed.ProgramInReview, "申报截止"); err != nil {
		return err
	}
	if _, err := d.r.AssignReviewers(d.ctx, d.officer, p.ID, uint64(p.ID)); err != nil {
		return err
	}
	byID := actorsByID(d.reviewers)
	list, err := d.s.FindAssignments(d.ctx, seedbed.AssignmentFilter{ProgramID: p.ID})
	if err != nil {
		return err
	}
	for _, as := range list {
		d.tick(37 * time.Minute)
		stay := ""
		if keep != nil {
			stay = keep(as)
		}
		rv := byID[as.ReviewerID]
		if stay == seedbed.AssignmentAssigned {
			continue
		}
		if stay == seedbed.AssignmentRecused {
			_, err := d.r.DeclareConflict(d.ctx, rv, as.ID, seedbed.Declaration{Conflict: true, Note: "与申请团队负责人曾在同一课题组"})
			if err != nil {
				return err
			}
			continue
		}
		if _, err := d.r.DeclareConflict(d.ctx, rv, as.ID, seedbed.Declaration{}); err != nil {
			return err
		}
		if stay == seedbed.AssignmentOpen {
			continue
		}
		scores := map[string]float64{}
		for _, c := range p.Rubric {
			v := math.Round(3 + 0.9*d.quality[as.ApplicationID] + d.harsh[as.ReviewerID] + 0.5*d.rng.NormFloat64())
			scores[c.ID] = math.Max(c.Min, math.Min(c.Max, v))
		}
		if _, err := d.r.ScoreApplication(d.ctx, rv, as.ID, seedbed.ScoreSheet{Scores: scores}); err != nil {
			return err
		}
	}
	return nil
}

// decide normalises, selects and, for a partial lottery, commits and draws; records the steps of
// the procedure in force that follow selection; then confirms the decision and makes the awards.
func (d *demoPrograms) decide(p *seedbed.Program, source selection.SeedSource, seed string) ([]*seedbed.Award, error) {
	d.tick(24 * time.Hour)
	if _, err := d.r.NormaliseScores(d.ctx, d.officer, p.ID); err != nil {
		return nil, err
	}
	d.tick(2 * time.Hour)
	_, err := d.r.RunSelection(d.ctx, d.officer, p.ID)
	d.tick(time.Hour)
	if err := demoApprove(d.ctx, d.approvals, err, d.payer, "已与评分表核对"); err != nil {
		return nil, err
	}
	if p.ID == d.lateConflict {
		if err := d.reopenAfterLateConflict(p); err != nil {
			return nil, err
		}
	}
	ps, err := d.r.ProgramSelection(d.ctx, p.ID)
	if err != nil {
		return nil, err
	}
	if ps.Plan != nil && len(ps.Plan.Entrants) > 0 {
		d.tick(time.Hour)
		if _, err := d.r.CommitLottery(d.ctx, d.officer, p.ID, source); err != nil {
			return nil, err
		}
		d.tick(3 * 24 * time.Hour)
		d.at(source.KnownAfter.Add(time.Hour))
		if _, err := d.r.DrawLottery(d.ctx, d.officer, p.ID, seed); err != nil {
			return nil, err
		}
	}
	d.tick(24 * time.Hour)
	after, err := demoProcedureSteps(d.ctx, d.x, d.notices, d.officer, p.ID, d.now, d.at)
	if err != nil {
		return nil, err
	}
	d.at(after)
	if _, err := d.p.TransitionProgram(d.ctx, d.officer, p.ID, seedbed.ProgramDecided, "遴选结果公示"); err != nil {
		return nil, err
	}
	apps, _, err := d.p.FindApplications(d.ctx, seedbed.ApplicationFilter{ProgramID: p.ID, Limit: 1000})
	if err != nil {
		return nil, err
	}
	var awards []*seedbed.Award
	for _, a := range apps {
		if !seedbed.OutcomeGranted(a.Outcome) {
			continue
		}
		d.tick(time.Hour)
		aw, err := d.p.CreateAward(d.ctx, d.officer, p.ID, seedbed.AwardInput{ApplicationID: a.ID})
		if err != nil {
			return nil, err
		}
		awards = append(awards, aw)
	}
	return awards, nil
}

// milestone runs one tranche as far as step says: 0 nothing, 1 evidence submitted, 2 accepted,
// 3 released, -1 no-go (the award stops), -2 evidence returned for more.
// lookIntoFlags has the officer resolve the award's open complacency flags, as one does after
// talking to the team, so that its milestone may be accepted.
func (d *demoPrograms) lookIntoFlags(awardID int64) error {
	flags, err := d.mon.OpenFlagsForAward(d.ctx, awardID)
	if err != nil {
		return err
	}
	for _, f := range flags {
		d.tick(time.Hour)
		_, err := d.mon.ResolveFlag(d.ctx, d.officer, f.ID, seedbed.FlagResolution{
			Resolution: "已与团队面谈核实：技术产出放缓源于关键设备到货延迟，不属于“死于安乐”，继续支持并在下一阶段复查"})
		if err := demoApprove(d.ctx, d.approvals, err, d.payer, "核实记录完整，同意"); err != nil {
			return fmt.Errorf("flag %d: %w", f.ID, err)
		}
	}
	return nil
}

func (d *demoPrograms) milestone(aw *seedbed.Award, seq, step int, evidence string) error {
	if step == 0 || seq > len(aw.Tranches) {
		return nil
	}
	t := aw.Tranches[seq-1]
	recipient := seedbed.Actor{Username: fmt.Sprintf("applicant-%d", aw.InnovatorID), Role: seedbed.RoleApplicant, InnovatorID: &aw.InnovatorID}
	if d.applicant.InnovatorID != nil && *d.applicant.InnovatorID == aw.InnovatorID {
		recipient = d.applicant
	}
	d.tick(3 * time.Hour)
	if _, err := d.p.SubmitEvidence(d.ctx, recipient, t.ID, evidence); err != nil {
		return err
	}
	if step == 1 {
		return nil
	}
	d.tick(26 * time.Hour)
	m := seedbed.MilestoneReview{Decision: seedbed.MilestoneAccept, Note: "材料可核查，通过"}
	switch step {
	case -1:
		m = seedbed.MilestoneReview{Decision: seedbed.MilestoneStop, Note: "关键假设未能验证，阶段评审决定终止；属诚实失败"}
	case -2:
		m = seedbed.MilestoneReview{Decision: seedbed.MilestoneReturn, Note: "请补充测试报告编号"}
	}
	if m.Decision == seedbed.MilestoneAccept && d.mon != nil {
		if err := d.lookIntoFlags(aw.ID); err != nil {
			return err
		}
	}
	_, err := d.p.ReviewMilestone(d.ctx, d.officer, t.ID, m)
	d.tick(2 * time.Hour)
	if err := demoApprove(d.ctx, d.approvals, err, d.payer, "复核材料无误"); err != nil {
		return err
	}
	if step != 3 {
		return nil
	}
	d.tick(48 * time.Hour)
	_, err = d.p.ReleaseTranche(d.ctx, d.payer, t.ID)
	return err
}

// twoStages is the stage structure of the seed programs: a small first tranche, a larger second
// one behind a go/no-go gate.
func twoStages() []seedbed.Stage {
	return []seedbed.Stage{
		{Name: "第一阶段：概念验证", NameEn: "Phase I: proof of concept", Share: 40, Months: 6, Milestone: "签署任务书", MilestoneEn: "agreement signed"},
		{Name: "第二阶段：放大验证", NameEn: "Phase II: scale-up", Share: 60, Months: 12, Milestone: "第一阶段关键假设已验证（阶段评审）", MilestoneEn: "Phase I's key assumption tested (stage gate)"},
	}
}

// closedLottery is last year's grassroots seed call: a partial lottery, drawn in public, its
// awards through both stages (one stopped at the gate, one sent back for more evidence).
func (d *demoPrograms) closedLottery(t0 time.Time) error {
	d.at(t0.AddDate(0, 0, -430))
	p := &seedbed.Program{Title: "2025 年草根创新种子计划（部分随机抽签）", InnovationType: "grassroots",
		Summary:   "面向草根团队、个人和成立不久的小微企业：轻申请、小额度、不预设技术路线。明显优秀的直接资助，低于质量门槛的不资助，评审无法区分的达标申请公开抽签。",
		PolicyIDs: []string{"grassroots-seed"}, Budget: 1_200_000, MaxRequest: 300_000, SelectionMode: seedbed.SelectionLottery,
		QualityBar: -0.8, ReviewersPerApp: 3, Stages: twoStages()}
	if err := d.program(p, 30, true); err != nil {
		return err
	}
	teams, err := d.applicants(seedbed.InnovatorFilter{Kind: seedbed.KindTeam}, 10, true)
	if err != nil {
		return err
	}
	firms, err := d.applicants(seedbed.InnovatorFilter{Kind: seedbed.KindEnterprise, SizeClass: seedbed.SizeMicro, Offset: 5}, 4, false)
	if err != nil {
		return err
	}
	if _, err := d.apply(p, append(teams, firms...), []int64{300_000, 200_000, 150_000, 250_000, 100_000, 200_000, 300_000}, func(int) bool { return true }); err != nil {
		return err
	}
	if err := d.review(p, nil); err != nil {
		return err
	}
	// The Double Colour Ball is drawn at 21:15 China Standard Time and its numbers published
	// right after; the seed is known after 21:30 on the draw day, four days from now.
	cstZone := time.FixedZone("CST", 8*3600)
	day := d.now.AddDate(0, 0, 4).In(cstZone)
	drawDay := day.Format("2006年1月2日")
	src := selection.SeedSource{Kind: selection.SeedPublicValue, Description: "中国福利彩票双色球 " + drawDay + " 开奖号码（红球升序，加号后为蓝球）",
		KnownAfter: time.Date(day.Year(), day.Month(), day.Day(), 21, 30, 0, 0, cstZone).UTC()}
	awards, err := d.decide(p, src, "05 11 17 23 28 32 + 04")
	if err != nil {
		return err
	}
	for i, aw := range awards {
		if err := d.milestone(aw, 1, 3, fmt.Sprintf("任务书已签署，合同编号 KJ-2025-%03d", i+1)); err != nil {
			return err
		}
	}
	if _, err := d.p.TransitionProgram(d.ctx, d.officer, p.ID, seedbed.ProgramClosed, "资助已全部作出"); err != nil {
		return err
	}
	d.at(t0.AddDate(0, 0, -200))
	for i, aw := range awards {
		if aw, err = d.p.GetAward(d.ctx, aw.ID); err != nil {
			return err
		}
		step := map[int]int{1: -1, 2: -2, 3: 1}[i]
		if step == 0 {
			step = 3
		}
		if err := d.milestone(aw, 2, step, "第一阶段关键假设验证报告已提交，第三方测试报告编号 CS-2025-"+fmt.Sprint(100+i)); err != nil {
			return err
		}
	}
	return nil
}

// decidedInstitute is the institutes' proof-of-concept call: ranked, its selection made again
// after a reviewer's late conflict, decided, first tranches partly released.
func (d *demoPrograms) decidedInstitute(t0 time.Time) error {
	d.at(t0.AddDate(0, 0, -170))
	p := &seedbed.Program{Title: "科研院所概念验证专项", Driver: "basic_research",
		Summary:   "支持科研院所和高校把实验室成果做成可验证的样机、样品或中试方案，打通「基础研究—技术创新—产业化」的第一步。",
		PolicyIDs: []string{"institute-poc"}, Budget: 2_000_000, MaxRequest: 500_000, SelectionMode: seedbed.SelectionRanked, ReviewersPerApp: 3,
		Stages: []seedbed.Stage{
			{Name: "第一阶段：样机", NameEn: "Phase I: prototype", Share: 50, Months: 6, Milestone: "签署任务书", MilestoneEn: "agreement signed"},
			{Name: "第二阶段：中试", NameEn: "Phase II: pilot", Share: 50, Months: 12, Milestone: "样机通过第三方测试（阶段评审）", MilestoneEn: "prototype passed a third-party test (stage gate)"}}}
	if err := d.program(p, 45, true); err != nil {
		return err
	}
	inst, err := d.applicants(seedbed.InnovatorFilter{Kind: seedbed.KindInstitute, Offset: 1}, 7, true)
	if err != nil {
		return err
	}
	unis, err := d.applicants(seedbed.InnovatorFilter{Kind: seedbed.KindUniversity, Offset: 1}, 4, false)
	if err != nil {
		return err
	}
	// Institutes the registry knows no technical path of cannot be found eligible (the policy asks
	// for one), and the procedure decides only on eligibility checked and met: they do not apply.
	inst = slices.DeleteFunc(inst, func(in seedbed.Innovator) bool { return len(in.PathTags) == 0 })
	if _, err := d.apply(p, append(inst, unis...), []int64{500_000, 300_000, 400_000, 200_000, 350_000}, func(int) bool { return true }); err != nil {
		return err
	}
	if err := d.review(p, nil); err != nil {
		return err
	}
	d.lateConflict = p.ID
	awards, err := d.decide(p, selection.SeedSource{}, "")
	if err != nil {
		return err
	}
	for i, aw := range awards {
		step := []int{3, 3, 2, 1}
		if i < len(step) {
			if err := d.milestone(aw, 1, step[i], fmt.Sprintf("任务书已签署，合同编号 POC-2026-%03d", i+1)); err != nil {
				return err
			}
		}
	}
	return nil
}

// voucherProgram is the compute-voucher call: threshold mode, one tranche, three reviews per
// application as the standard procedure requires of threshold grants.
func voucherProgram(title string) *seedbed.Program {
	return &seedbed.Program{Title: title, Summary: "面向从事人工智能的中小企业、草根团队和个人：达标即资助，额度小、覆盖广，以算力券形式在合作智算中心使用。",
		PolicyIDs: []string{"compute-voucher"}, Budget: 3_000_000, MaxRequest: 100_000, SelectionMode: seedbed.SelectionThreshold, Threshold: -0.3,
		ReviewersPerApp: 3, Stages: []seedbed.Stage{{Name: "算力券", NameEn: "compute voucher", Share: 100, Months: 12, Milestone: "签署算力券使用承诺书", MilestoneEn: "voucher terms signed"}},
		Fields: []seedbed.FormField{{Key: "open_source", Label: seedbed.Label{Zh: "成果是否计划开源？", En: "Will the results be open-sourced?"}}}}
}

// decidedVouchers is the first compute-voucher call: threshold mode, decided; the demo
// applicant's organisation won a voucher and has yet to send the evidence for its tranche.
func (d *demoPrograms) decidedVouchers(t0 time.Time) error {
	d.at(t0.AddDate(0, 0, -100))
	p := voucherProgram("人工智能算力券普惠计划（第一期）")
	if err := d.program(p, 30, true); err != nil {
		return err
	}
	ins, err := d.applicants(seedbed.InnovatorFilter{Field: "ai", Offset: 40}, 9, true)
	if err != nil {
		return err
	}
	ids, err := d.apply(p, ins, []int64{100_000, 50_000, 80_000}, func(int) bool { return true })
	if err != nil {
		return err
	}
	d.quality[ids[0]] = 1.8
	if err := d.review(p, nil); err != nil {
		return err
	}
	awards, err := d.decide(p, selection.SeedSource{}, "")
	if err != nil {
		return err
	}
	for i, aw := range awards {
		step := 3
		if i%3 == 2 {
			step = 1
		}
		if d.applicant.InnovatorID != nil && aw.InnovatorID == *d.applicant.InnovatorID {
			step = 0
		}
		if err := d.milestone(aw, 1, step, "算力券使用承诺书已签署，编号 CV-2026-"+fmt.Sprint(200+i)); err != nil {
			return err
		}
	}
	return nil
}

// inReview is this year's grassroots seed call, in review and blind (reviewers see no applicant
// until the scores are final), with a reply window: the demo reviewer has applications to
// declare and to score, and one reviewer recused.
func (d *demoPrograms) inReview(t0 time.Time) error {
	d.at(t0.AddDate(0, 0, -19))
	p := &seedbed.Program{Title: "2026 年草根创新种子计划（部分随机抽签）", InnovationType: "grassroots",
		Summary:   "第二期：放宽企业成立年限，提高资助额度；继续采用轻申请和部分随机抽签，诚实失败的团队可以再次申请。本期实行匿名评审：申报书的名称、方向与思路、资金用途中不得出现单位名称、信用代码和团队成员姓名，评分定稿后再向评审组揭示申请人；评审完成后申请人有 7 天答复评审意见。",
		PolicyIDs: []string{"grassroots-seed"}, Budget: 1_500_000, MaxRequest: 300_000, SelectionMode: seedbed.SelectionLottery,
		QualityBar: -0.8, ReviewersPerApp: 3, Stages: twoStages(), BlindReview: true, ReplyDays: 7}
	if err := d.program(p, 10, true); err != nil {
		return err
	}
	teams, err := d.applicants(seedbed.InnovatorFilter{Kind: seedbed.KindTeam, Offset: 10}, 10, true)
	if err != nil {
		return err
	}
	people, err := d.applicants(seedbed.InnovatorFilter{Kind: seedbed.KindIndividual}, 2, false)
	if err != nil {
		return err
	}
	if _, err := d.apply(p, append(teams, people...), []int64{200_000, 300_000, 150_000, 250_000}, func(int) bool { return true }); err != nil {
		return err
	}
	demo, other := d.reviewers[0].UserID, d.reviewers[4].UserID
	seen := map[int64]int{}
	return d.review(p, func(as seedbed.Assignment) string {
		seen[as.ReviewerID]++
		switch n := seen[as.ReviewerID]; {
		case as.ReviewerID == demo && n <= 2:
			return seedbed.AssignmentAssigned
		case as.ReviewerID == demo && n <= 4:
			return seedbed.AssignmentOpen
		case as.ReviewerID == other && n == 1:
			return seedbed.AssignmentRecused
		}
		return ""
	})
}

// openCall is the compute-voucher call, open now; the demo applicant has a draft to finish.
func (d *demoPrograms) openCall(t0 time.Time) error {
	d.at(t0.AddDate(0, 0, -2))
	p := voucherProgram("人工智能算力券普惠计划（第二期）")
	if err := d.program(p, 30, true); err != nil {
		return err
	}
	ins, err := d.applicants(seedbed.InnovatorFilter{Field: "ai", Offset: 20}, 8, true)
	if err != nil {
		return err
	}
	_, err = d.apply(p, ins, []int64{100_000, 50_000, 80_000}, func(i int) bool { return i > 0 && i < 7 })
	return err
}

// draft is the national-team basic research program, still being drafted.
func (d *demoPrograms) draft(t0 time.Time) error {
	d.at(t0.Add(-time.Hour))
	p := &seedbed.Program{Title: "国家队基础研究长周期项目", InnovationType: "national_team", Driver: "basic_research",
		Summary:   "面向需要大科学装置和长期投入的基础研究，由科研院所牵头、有组织推进；资助周期五年，按阶段评审决定继续或终止。",
		PolicyIDs: []string{"national-basic-research"}, Budget: 20_000_000, MaxRequest: 5_000_000, SelectionMode: seedbed.SelectionRanked,
		ReviewersPerApp: 5, Stages: []seedbed.Stage{
			{Name: "第一阶段", NameEn: "Phase I", Share: 20, Months: 24, Milestone: "签署任务书", MilestoneEn: "agreement signed"},
			{Name: "第二阶段", NameEn: "Phase II", Share: 40, Months: 24, Milestone: "中期评估通过（阶段评审）", MilestoneEn: "mid-term review passed (stage gate)"},
			{Name: "第三阶段", NameEn: "Phase III", Share: 40, Months: 12, Milestone: "装置或平台开放共享（阶段评审）", MilestoneEn: "facility open to others (stage gate)"}}}
	return d.program(p, 60, false)
}
