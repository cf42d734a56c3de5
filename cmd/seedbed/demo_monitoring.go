package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"sort"
	"time"

	"seedbed"
	"seedbed/app"
	"seedbed/evaluation"
	"seedbed/sqlstore"
)

// demoMonitoringQuarters is how many quarters of indicator series the demo holds, ending at the
// last complete quarter.
const demoMonitoringQuarters = 40

// awardee behaviour after an award in the demo: most keep advancing; some carry on as before;
// some settle into comfort (死于安乐): technical output declines while reports, applications and
// official visits multiply.
const (
	behaviourAdvance = iota
	behaviourFlat
	behaviourComplacent
)

// demoMonitoring builds the monitoring demo: past programs' awards (made through the programs
// module, on a clock set back to their year), 40 quarters of series for the awardees, the
// applicants of this year's calls and a comparison group, and heavy-tailed outcomes.
type demoMonitoring struct {
	ctx       context.Context
	s         *sqlstore.Store
	p         *app.Programs
	r         *app.Reviews
	rng       *rand.Rand
	seed      uint64
	spec      demoSpec
	now       time.Time
	officer   seedbed.Actor
	second    seedbed.Actor // the second officer (two-person rules)
	approvals *app.Approvals
	reviewers map[int64]seedbed.Actor
	first     evaluation.Quarter // first quarter of the series
	last      evaluation.Quarter // last complete quarter
	awardQ    map[int64]evaluation.Quarter
	behaviour map[int64]int
	quality   map[int64]float64 // latent quality of an awardee, for its outcomes
	used      map[int64]bool
	amount    map[int64]int64 // first award's amount, yuan
	founded   map[int64]int   // founding year (0 unknown)
	// Honest failures and retries: some past awards end as failures, and some of their teams
	// apply again in a later year (drawn from their own generator, so that the rest of the
	// demo's draws stay as they were).
	x       *app.Exemptions
	inbox   *app.Inbox
	failRng *rand.Rand
	retry   []int64 // failed innovators that will apply again, in order
	// what became of the past awards (demo_past_life.go): closed out, failed, final report missing
	closedOut, failed, silent int
}

func seedMonitoringDemo(ctx context.Context, a *app.App, spec demoSpec, out io.Writer) error {
	store := a.Store()
	start := time.Now()
	real := store.Now
	defer func() { store.Now = real }()
	m := &demoMonitoring{ctx: ctx, s: store, p: a.Programs, r: a.Reviews, approvals: a.Approvals, rng: rand.New(rand.NewPCG(spec.seed, 6)), seed: spec.seed, spec: spec, reviewers: map[int64]seedbed.Actor{},
		awardQ: map[int64]evaluation.Quarter{}, behaviour: map[int64]int{}, quality: map[int64]float64{}, used: map[int64]bool{}, amount: map[int64]int64{}, founded: map[int64]int{},
		x: a.Exemptions, inbox: a.Inbox, failRng: rand.New(rand.NewPCG(spec.seed, 61))}
	store.Now = func() time.Time { return m.now }
	m.last = evaluation.QuarterOf(spec.today).Add(-1)
	m.first = m.last.Add(1 - demoMonitoringQuarters)
	if err := m.accounts(); err != nil {
		return err
	}
	var all []seedbed.Innovator
	if err := store.EachInnovator(ctx, func(in *seedbed.Innovator) error { all = append(all, *in); return nil }); err != nil {
		return err
	}
	byID := map[int64]seedbed.Innovator{}
	for _, in := range all {
		byID[in.ID] = in
	}
	pool := m.candidates(all)
	var hist []seedbed.Award
	for _, year := range []int{m.last.Year() - 7, m.last.Year() - 6, m.last.Year() - 5, m.last.Year() - 4, m.last.Year() - 3} {
		aws, err := m.pastProgram(year, pool)
		if err != nil {
			return fmt.Errorf("past program %d: %w", year, err)
		}
		hist = append(hist, aws...)
	}
	m.now = spec.clock()
	// Everyone funded, everyone who applied this year and last, and a comparison group of the same
	// fields.
	members := map[int64]bool{}
	awards, err := allAwards(ctx, a.Programs, seedbed.AwardFilter{})
	if err != nil {
		return err
	}
	// A region larger than the default has its statistics for a sample: at most
	// demoMonitoredMax innovators, awardees first.
	limit, capped := spec.scaled(560), spec.innovators > demoDefaultSize
	if capped {
		limit = min(limit, demoMonitoredMax)
	}
	for _, aw := range awards {
		if !capped || len(members) < limit {
			members[aw.InnovatorID] = true
		}
		q := evaluation.QuarterOf(aw.AwardedAt.In(demoZone))
		if first, ok := m.awardQ[aw.InnovatorID]; !ok || q < first {
			m.awardQ[aw.InnovatorID], m.amount[aw.InnovatorID] = q, aw.Amount
		}
		if _, ok := m.quality[aw.InnovatorID]; !ok {
			m.quality[aw.InnovatorID] = m.rng.NormFloat64()
		}
	}
	apps, err := allApplications(ctx, a.Programs, seedbed.ApplicationFilter{})
	if err != nil {
		return err
	}
	for _, a := range apps {
		if !capped || len(members) < limit {
			members[a.InnovatorID] = true
		}
	}
	for _, id := range pool {
		if len(members) >= limit {
			break
		}
		members[id] = true
	}
	ids := make([]int64, 0, len(members))
	for id := range members {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	// The series go in as the statistics import would send them, in parts of at most
	// demoSeriesPart innovators (one part for the default region).
	values, err := a.Monitoring.AddObservationsInParts(ctx, m.officer, func() []evaluation.Observation {
		if len(ids) == 0 {
			return nil
		}
		part := ids[:min(len(ids), demoSeriesPart)]
		ids = ids[len(part):]
		var obs []evaluation.Observation
		for _, id := range part {
			obs = append(obs, m.series(byID[id])...)
		}
		return obs
	})
	if err != nil {
		return fmt.Errorf("series: %w", err)
	}
	// Storing the series raised the flags; the officer's recompute reports them. Storing the
	// outcomes then changes none of them.
	run, err := a.Monitoring.RecomputeFlags(ctx, m.officer)
	if err != nil {
		return err
	}
	withSeries := awards
	if capped {
		// outcomes are collected for the sample's awards, as its statistics are
		withSeries = nil
		for _, aw := range awards {
			if members[aw.InnovatorID] {
				withSeries = append(withSeries, aw)
			}
		}
	}
	outs := m.outcomes(withSeries, byID)
	rest := outs
	if _, err := a.Monitoring.AddOutcomesInParts(ctx, m.officer, func() []evaluation.OutcomeRecord {
		if len(rest) == 0 {
			return nil
		}
		part := rest[:min(len(rest), evaluation.MaxOutcomesAtOnce)]
		rest = rest[len(part):]
		return part
	}); err != nil {
		return fmt.Errorf("outcomes: %w", err)
	}
	sn, err := a.Monitoring.Snapshot(ctx)
	if err != nil {
		return err
	}
	pf := sn.Portfolio(0)
	fmt.Fprintf(out, "demo: monitoring: %d innovators × %d quarters (%d values), %d past awards (%d closed out, %d honest failures, %d final reports missing), %d outcomes, %d landmarks, %d complacency flags (%.1fs)\n",
		len(members), demoMonitoringQuarters, values, len(hist), m.closedOut, m.failed, m.silent, len(outs), pf.Landmarks, run.Flagged, time.Since(start).Seconds())
	return nil
}

// demoMonitoredMax is how many innovators' series a large region holds: the size of the
// population the monitoring targets are set for (100,000 innovators × 40 quarters), reached at
// about 430,000 innovators; a million-innovator region monitors a sample of that size.
const demoMonitoredMax = 100_000

// demoSeriesPart is how many innovators' series the demo stores in one write: at most 12
// indicators × 40 quarters each, under the import's limit of values per write.
const demoSeriesPart = 1000

// demoPage is how many rows the demo reads per page (the store's largest page).
const demoPage = 5000

// allAwards is every award the filter finds, page by page.
func allAwards(ctx context.Context, p *app.Programs, f seedbed.AwardFilter) ([]seedbed.Award, error) {
	var out []seedbed.Award
	for f.Limit = demoPage; ; f.Offset += demoPage {
		page, _, err := p.FindAwards(ctx, f)
		if err != nil || len(page) < demoPage {
			return append(out, page...), err
		}
		out = append(out, page...)
	}
}

// allApplications is every application the filter finds, page by page.
func allApplications(ctx context.Context, p *app.Programs, f seedbed.ApplicationFilter) ([]seedbed.Application, error) {
	var out []seedbed.Application
	for f.Limit = demoPage; ; f.Offset += demoPage {
		page, _, err := p.FindApplications(ctx, f)
		if err != nil || len(page) < demoPage {
			return append(out, page...), err
		}
		out = append(out, page...)
	}
}

// demoZone is the bureau's time zone.
var demoZone = time.FixedZone("CST", 8*3600)

// accounts finds the officer and the reviewers the programs demo created.
func (m *demoMonitoring) accounts() error {
	users, err := m.s.Users(m.ctx)
	if err != nil {
		return err
	}
	for _, u := range users {
		a := seedbed.Actor{UserID: u.ID, Username: u.Username, Role: u.Role, InnovatorID: u.InnovatorID}
		switch {
		case u.Username == "officer":
			m.officer = a
		case u.Username == "officer2":
			m.second = a
		case u.Role == seedbed.RoleReviewer:
			m.reviewers[u.ID] = a
		}
	}
	if m.officer.Username == "" || len(m.reviewers) == 0 {
		return fmt.Errorf("the demo officer and reviewers must exist before the monitoring demo")
	}
	return nil
}

// candidates are the small firms and teams of the demo's main fields, shuffled: past programs
// fund some of them, the rest compare.
func (m *demoMonitoring) candidates(all []seedbed.Innovator) []int64 {
	fields := map[string]bool{"ai": true, "semiconductor": true, "biomedicine": true, "robotics": true, "digital": true, "new_materials": true}
	var out []int64
	for _, in := range all {
		if fields[in.Field] && (in.Kind == seedbed.KindEnterprise || in.Kind == seedbed.KindTeam) && in.SizeClass != seedbed.SizeLarge {
			out = append(out, in.ID)
		}
		m.founded[in.ID] = in.FoundedYear
	}
	m.rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// pastProgram runs a past year's seed program through the programs module with the clock set
// back: call in March, review, ranked selection, awards in April. Eligibility was checked on
// paper before the platform existed, and is recorded as such.
func (m *demoMonitoring) pastProgram(year int, pool []int64) ([]seedbed.Award, error) {
	quality := map[int64]float64{}
	// Applicants founded at least two years before the call, so that there is a history to
	// compare the award against.
	// Teams whose earlier award failed come back first: retrying is what the region wants. At
	// least a few are picked, so that a small region has a history.
	picked := m.retry
	m.retry = nil
	picked = append(picked, m.pick(pool, year, max(0, max(6, min(m.spec.scaled(36), 36))-len(picked)))...)
	if len(picked) < 4 {
		return nil, nil // a small demo region has too few old firms for another past program
	}
	m.now = time.Date(year, 3, 2, 9, 0, 0, 0, demoZone)
	p := &seedbed.Program{Title: fmt.Sprintf("%d 年小微创新种子计划（往年）", year), InnovationType: "grassroots",
		Summary:   "往年计划的资助记录，供监测与成效评价使用。",
		PolicyIDs: []string{"grassroots-seed"}, Budget: 250_000 * int64(len(picked)), MaxRequest: 500_000, SelectionMode: seedbed.SelectionRanked,
		ReviewersPerApp: 1, QualityBar: -1, Deadline: m.now.AddDate(0, 0, 30), Stages: twoStages()}
	if err := m.p.CreateProgram(m.ctx, m.officer, p); err != nil {
		return nil, err
	}
	if _, err := m.p.TransitionProgram(m.ctx, m.officer, p.ID, seedbed.ProgramOpen, "往年公开征集"); err != nil {
		return nil, err
	}
	elig := seedbed.Eligibility{Status: seedbed.Eligible, Policies: []seedbed.PolicyEligibility{{PolicyID: "paper-record", Version: "1",
		Title:  seedbed.Label{Zh: "平台上线前的纸质资格审查记录", En: "Eligibility checked on paper before the platform"},
		Status: seedbed.Eligible}}}
	for i, id := range picked {
		m.now = m.now.Add(7 * time.Hour)
		app := &seedbed.Application{ProgramID: p.ID, InnovatorID: id, Title: fmt.Sprintf("非主流技术路线验证 %d-%02d", year, i+1), Field: "",
			Amount:    int64(200_000 + 50_000*m.rng.IntN(7)),
			Direction: "走一条被主流忽视的技术路线：先用最小实验验证核心假设，再决定是否放大。",
			Team:      "核心成员全职投入，此前已用自有资金完成原型。", Unlocks: "租用算力、购买样品与测试服务。"}
		a := seedbed.Actor{Username: fmt.Sprintf("applicant-%d", id), Role: seedbed.RoleApplicant, InnovatorID: &id}
		if err := m.p.CreateApplication(m.ctx, a, app); err != nil {
			return nil, err
		}
		if _, err := m.p.SubmitCheckedApplication(m.ctx, a, app.ID, elig, m.now); err != nil {
			return nil, err
		}
		quality[app.ID] = m.rng.NormFloat64()
	}
	m.now = p.Deadline.Add(time.Hour)
	if _, err := m.p.TransitionProgram(m.ctx, m.officer, p.ID, seedbed.ProgramInReview, "申报截止"); err != nil {
		return nil, err
	}
	if _, err := m.r.AssignReviewers(m.ctx, m.officer, p.ID, uint64(year)); err != nil {
		return nil, err
	}
	list, err := m.s.FindAssignments(m.ctx, seedbed.AssignmentFilter{ProgramID: p.ID})
	if err != nil {
		return nil, err
	}
	for _, as := range list {
		m.now = m.now.Add(23 * time.Minute)
		rv := m.reviewers[as.ReviewerID]
		if _, err := m.r.DeclareConflict(m.ctx, rv, as.ID, seedbed.Declaration{}); err != nil {
			return nil, err
		}
		scores := map[string]float64{}
		for _, c := range p.Rubric {
			scores[c.ID] = math.Max(c.Min, math.Min(c.Max, math.Round(3+quality[as.ApplicationID]+0.4*m.rng.NormFloat64())))
		}
		if _, err := m.r.ScoreApplication(m.ctx, rv, as.ID, seedbed.ScoreSheet{Scores: scores}); err != nil {
			return nil, err
		}
	}
	m.now = m.now.Add(24 * time.Hour)
	if _, err := m.r.NormaliseScores(m.ctx, m.officer, p.ID); err != nil {
		return nil, err
	}
	_, err = m.r.RunSelection(m.ctx, m.officer, p.ID)
	if err := demoApprove(m.ctx, m.approvals, err, m.second, "已与评分表核对"); err != nil {
		return nil, err
	}
	m.now = time.Date(year, 4, 15, 10, 0, 0, 0, demoZone)
	if _, err := m.p.TransitionProgram(m.ctx, m.officer, p.ID, seedbed.ProgramDecided, "遴选结果公示"); err != nil {
		return nil, err
	}
	apps, err := allApplications(m.ctx, m.p, seedbed.ApplicationFilter{ProgramID: p.ID})
	if err != nil {
		return nil, err
	}
	var out []seedbed.Award
	for _, a := range apps {
		if !seedbed.OutcomeGranted(a.Outcome) {
			continue
		}
		m.now = m.now.Add(time.Hour)
		aw, err := m.p.CreateAward(m.ctx, m.officer, p.ID, seedbed.AwardInput{ApplicationID: a.ID})
		if err != nil {
			return nil, err
		}
		out = append(out, *aw)
		m.quality[aw.InnovatorID] = quality[a.ID]
		switch r := m.rng.Float64(); {
		case r < 0.11:
			m.behaviour[aw.InnovatorID] = behaviourComplacent
			m.quality[aw.InnovatorID] -= 1.5
		case r < 0.27:
			m.behaviour[aw.InnovatorID] = behaviourFlat
		}
	}
	// The awards' life: the first year up to the stage gate and the autumn's honest failures,
	// the call closed at the year's end, then the second year up to the closeout.
	fails := m.chooseFailures(out)
	if err := m.firstYear(year, out, fails); err != nil {
		return nil, err
	}
	m.now = time.Date(year, 12, 20, 10, 0, 0, 0, demoZone)
	if _, err = m.p.TransitionProgram(m.ctx, m.officer, p.ID, seedbed.ProgramClosed, ""); err != nil {
		return nil, err
	}
	if err := m.secondYear(year, out, fails); err != nil {
		return nil, err
	}
	return out, m.archive(year, pool)
}

// pick takes up to n innovators of the pool not yet funded and founded at least two years
// before the call, so that there is a history to compare an award against.
func (m *demoMonitoring) pick(pool []int64, year, n int) []int64 {
	var picked []int64
	for _, id := range pool {
		if len(picked) == n {
			break
		}
		if !m.used[id] && m.founded[id] <= year-2 {
			m.used[id] = true
			picked = append(picked, id)
		}
	}
	return picked
}

// archive adds, in a region larger than the default, the rest of a past year's funding as the
// bureau's archive holds it: a second program of that year imported closed, with about 96
// awards a year per 2,400 innovators (a fifth of the region funded over the five years), so
// that a large region's monitoring has its awardees without running each of them through
// review and selection. The default region and smaller ones have no archive.
func (m *demoMonitoring) archive(year int, pool []int64) error {
	if m.spec.innovators <= demoDefaultSize {
		return nil
	}
	picked := m.pick(pool, year, m.spec.scaled(96)-36)
	if len(picked) == 0 {
		return nil
	}
	m.now = time.Date(year, 12, 28, 10, 0, 0, 0, demoZone)
	p := &seedbed.Program{Title: fmt.Sprintf("%d 年科技创新券与小额资助（往年档案）", year), InnovationType: "grassroots",
		Summary:   "平台上线前的资助档案，整批导入，供监测与成效评价使用。",
		PolicyIDs: []string{"grassroots-seed"}, MaxRequest: 500_000, SelectionMode: seedbed.SelectionRanked,
		ReviewersPerApp: 1, QualityBar: -1, Deadline: time.Date(year, 3, 31, 17, 0, 0, 0, demoZone), Stages: twoStages()}
	awards := make([]seedbed.ArchivedAward, len(picked))
	for i, id := range picked {
		awards[i] = seedbed.ArchivedAward{InnovatorID: id, Title: fmt.Sprintf("创新券项目 %d-%05d", year, i+1),
			Amount: int64(100_000 + 50_000*m.rng.IntN(5)), AwardedAt: time.Date(year, 4, 20+i%10, 10, 0, 0, 0, demoZone)}
		m.quality[id] = m.rng.NormFloat64()
		switch r := m.rng.Float64(); {
		case r < 0.11:
			m.behaviour[id] = behaviourComplacent
			m.quality[id] -= 1.5
		case r < 0.27:
			m.behaviour[id] = behaviourFlat
		}
	}
	_, err := m.p.ImportArchive(m.ctx, m.officer, p, awards)
	return err
}

// demoLessons are the lessons of the past years' honest failures, by category.
var demoLessons = []struct{ category, lesson string }{
	{seedbed.FailureTechnical, "核心假设在放大实验中没有成立：小样本上的效果来自数据泄漏。下一次先做严格的留出验证。"},
	{seedbed.FailureMarket, "样机通过验证，但目标客户的付费意愿没有形成；下一次先找到愿意预付的首个客户。"},
	{seedbed.FailureTeam, "两位核心成员先后离开，剩下的人无法完成第二阶段；下一次在申报前落实全职投入。"},
}

// poisson draws a Poisson count with mean lambda (a normal approximation above 30).
func poisson(r *rand.Rand, lambda float64) float64 {
	if lambda > 30 {
		return math.Max(0, math.Round(lambda+math.Sqrt(lambda)*r.NormFloat64()))
	}
	l, k, p := math.Exp(-lambda), 0.0, 1.0
	for {
		p *= r.Float64()
		if p <= l {
			return k
		}
		k++
	}
}

// round1 rounds to one decimal, as money in 万元 is reported.
func round1(x float64) float64 { return math.Round(x*10) / 10 }

// series generates an innovator's quarters: a latent technical level that grows at its own
// pace, market figures for firms, a little non-technical activity, and, after an award, the
// awardee's behaviour — advancing faster, carrying on, or settling into comfort with reports
// and visits multiplying. Values before an award come from the statistics import; an
// awardee's later values from its progress reports.
func (m *demoMonitoring) series(in seedbed.Innovator) []evaluation.Observation {
	r := rand.New(rand.NewPCG(m.seed, uint64(in.ID)))
	start := m.first
	if in.FoundedYear > m.first.Year() {
		if q, err := evaluation.NewQuarter(in.FoundedYear, 1+r.IntN(4)); err == nil {
			start = min(max(start, q), m.last.Add(-2))
		}
	}
	scale := map[string]float64{seedbed.SizeMicro: 0.3, seedbed.SizeSmall: 1.0, seedbed.SizeMedium: 1.8, seedbed.SizeLarge: 2.6}[in.SizeClass]
	tech := scale + 0.3*r.NormFloat64()
	market := tech + 2.5 + 0.5*r.NormFloat64()
	g, mg := 0.02+0.02*r.NormFloat64(), 0.03+0.03*r.NormFloat64()
	aq, funded := m.awardQ[in.ID]
	beh := m.behaviour[in.ID]
	soft := in.Field == "ai" || in.Field == "digital" || in.Field == "semiconductor"
	firm := in.Kind == seedbed.KindEnterprise
	var out []evaluation.Observation
	for q := start; q <= m.last; q++ {
		after := funded && q >= aq
		gt, gm, busy, report := g, mg, 1.0, 0.4
		if after {
			report = 1 // awardees report to the bureau
			switch beh {
			case behaviourAdvance:
				gt, gm = g+0.03, mg+0.02
			case behaviourComplacent:
				gt, gm, busy = -0.06, -0.01, 3.5
			}
		}
		tech += gt + 0.05*r.NormFloat64()
		market += gm + 0.08*r.NormFloat64()
		src := evaluation.SourceCSV
		if after {
			src = evaluation.SourceProgressReport
		}
		add := func(code string, v float64) {
			out = append(out, evaluation.Observation{InnovatorID: in.ID, Indicator: code, Period: q, Value: v, Source: src})
		}
		add(evaluation.RDSpend, round1(math.Exp(tech+1.2)))
		add(evaluation.TechStaff, math.Max(1, math.Round(math.Exp(tech+0.7))))
		add(evaluation.PatentsFiled, poisson(r, math.Exp(tech-0.8)))
		if soft {
			add(evaluation.SoftwareReleases, poisson(r, math.Exp(tech-0.6)))
		} else {
			add(evaluation.ProductLaunches, poisson(r, math.Exp(tech-1.5)))
		}
		if firm {
			add(evaluation.Revenue, round1(math.Exp(market)))
			add(evaluation.PayingCustomers, poisson(r, math.Exp(market-2.5)))
		}
		add(evaluation.ReportsSubmitted, poisson(r, report*busy))
		add(evaluation.AwardApplications, poisson(r, 0.3*busy))
		add(evaluation.OfficialEvents, poisson(r, 0.3*busy))
		if after && q < aq.Add(6) {
			add(evaluation.PublicFunding, round1(float64(m.amount[in.ID])/10000/6))
		}
	}
	return out
}

// outcomeModel is how the demo draws an outcome kind's value: lognormal around a median.
type outcomeModel struct {
	kind     string
	median   float64
	sigma    float64
	evidence string
}

var demoOutcomeModels = []outcomeModel{
	{evaluation.OutcomeProduct, 3000, 1.7, "第三方应用商店与用户协议统计"},
	{evaluation.OutcomeOSSAdoption, 25, 1.9, "代码托管平台依赖关系统计"},
	{evaluation.OutcomePaper, 8, 1.3, "论文被引（学术数据库）"},
	{evaluation.OutcomePatent, 2, 1.1, "专利被引与许可登记"},
	{evaluation.OutcomeRevenue, 300, 1.4, "经审计的销售收入"},
	{evaluation.OutcomeFollowOn, 800, 1.5, "投资协议与工商变更登记"},
}

// outcomes draws each award's results: most awards produce a few modest ones, a few produce
// results far beyond the rest; complacent awardees produce little.
func (m *demoMonitoring) outcomes(awards []seedbed.Award, byID map[int64]seedbed.Innovator) []evaluation.OutcomeRecord {
	var out []evaluation.OutcomeRecord
	for _, aw := range awards {
		start := evaluation.QuarterOf(aw.AwardedAt.In(demoZone))
		if start >= m.last {
			continue
		}
		q := m.quality[aw.InnovatorID]
		n := int(poisson(m.rng, 1.1+0.7*math.Max(q, 0)))
		if m.behaviour[aw.InnovatorID] == behaviourComplacent {
			n = int(poisson(m.rng, 0.4))
		}
		for range min(n, 6) {
			om := demoOutcomeModels[m.rng.IntN(len(demoOutcomeModels))]
			if byID[aw.InnovatorID].Field != "ai" && byID[aw.InnovatorID].Field != "digital" && om.kind == evaluation.OutcomeOSSAdoption {
				om = demoOutcomeModels[3] // outside software, patents rather than open-source adoption
			}
			v := math.Round(om.median * math.Exp(om.sigma*m.rng.NormFloat64()+0.5*q))
			when := start.Add(1 + m.rng.IntN(int(m.last-start)))
			out = append(out, evaluation.OutcomeRecord{AwardID: aw.ID, Kind: om.kind, Value: v, Period: when,
				Evidence: fmt.Sprintf("%s，%s", om.evidence, when.Zh())})
		}
	}
	return out
}
