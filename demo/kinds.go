package demo

import (
	"math"
	"math/rand/v2"
	"strings"

	"seedbed"
)

// fieldWeight weights one technical field within a kind of innovator.
type fieldWeight struct {
	field  string
	weight int
}

// Fields by kind: firms lean to the digital economy and AI, institutes and universities to
// materials, life sciences and frontier fields, teams and individuals to AI, software and
// robotics, where little capital is needed to start.
var (
	enterpriseFields = []fieldWeight{{"digital", 22}, {"ai", 14}, {"equipment", 12}, {"biomedicine", 10}, {"new_materials", 8}, {"new_energy", 8}, {"semiconductor", 7}, {"robotics", 6}, {"agritech", 5}, {"other", 5}, {"aerospace", 2}, {"quantum", 1}}
	researchFields   = []fieldWeight{{"biomedicine", 14}, {"new_materials", 14}, {"ai", 12}, {"new_energy", 10}, {"quantum", 8}, {"semiconductor", 8}, {"equipment", 8}, {"aerospace", 6}, {"digital", 6}, {"agritech", 6}, {"robotics", 5}, {"other", 3}}
	teamFields       = []fieldWeight{{"ai", 35}, {"digital", 20}, {"robotics", 15}, {"biomedicine", 6}, {"equipment", 6}, {"agritech", 5}, {"new_energy", 4}, {"semiconductor", 4}, {"aerospace", 3}, {"quantum", 1}, {"new_materials", 1}}
	individualFields = []fieldWeight{{"ai", 25}, {"digital", 25}, {"equipment", 15}, {"agritech", 10}, {"robotics", 10}, {"new_materials", 5}, {"biomedicine", 5}, {"new_energy", 5}}
)

// industryFor draws the SME-rule sector of a firm in field: AI and software firms are in
// software and IT services, hardware fields mostly in industry, some in research services.
func (g *gen) industryFor(field string) string {
	switch field {
	case "ai":
		return g.choose("software", 85, "research", 15)
	case "digital":
		return g.choose("software", 70, "telecom", 10, "wholesale", 10, "retail", 10)
	case "biomedicine":
		return g.choose("industry", 60, "research", 30, "wholesale", 10)
	case "quantum":
		return g.choose("research", 50, "industry", 50)
	case "agritech":
		return g.choose("other", 50, "industry", 30, "research", 20)
	case "other":
		return g.choose("research", 50, "other", 50)
	}
	return g.choose("industry", 85, "research", 15)
}

// revenuePerHead is the median operating revenue per employee by sector, in 10,000 yuan.
var revenuePerHead = map[string]float64{"software": 40, "industry": 60, "telecom": 80, "wholesale": 300, "retail": 100, "research": 25, "other": 30}

// enterprise generates a firm. Headcounts are log-normal around a dozen people, with 2% of
// established firms around 1,200, so most firms are micro or small and a few are large;
// revenue is headcount times a log-normal revenue per head, lower in a firm's first years, and
// missing for 3% (which leaves the size unclassified, as in real registries).
func (g *gen) enterprise() seedbed.Innovator {
	d := g.district()
	field := g.field(enterpriseFields)
	industry := g.industryFor(field)
	var emp float64
	var year int
	if g.chance(0.02) {
		emp = g.logNormal(1200, 0.7)
		year = 1985 + g.r.IntN(31)
	} else {
		emp = g.logNormal(12, 1.15)
		year = max(1990, RefYear-int(g.r.ExpFloat64()*6))
	}
	young := RefYear-year <= 1
	if young {
		emp /= 2
	}
	employees := max(1, int64(math.Round(emp)))
	var revenue *float64
	if !g.chance(0.03) {
		r := float64(employees) * g.logNormal(revenuePerHead[industry], 0.7)
		if young {
			r *= 0.3
		}
		revenue = ptr(math.Round(r*100) / 100)
	}
	size := seedbed.ClassifySize(seedbed.KindEnterprise, industry, &employees, revenue)
	place, division := d.prefix, d.code
	big := size == seedbed.SizeLarge || size == seedbed.SizeMedium
	if (size == seedbed.SizeLarge && g.chance(0.6)) || (size == seedbed.SizeMedium && g.chance(0.2)) || g.chance(0.02) {
		place, division = "浙江", divisionZhejiang
	}
	jointStock := (size == seedbed.SizeLarge && g.chance(0.6)) || (big && g.chance(0.25)) || g.chance(0.04)
	style := orgDigits
	if year >= 2015 {
		style = orgMA
	}
	in := seedbed.Innovator{
		Name:        g.unique(func() string { return g.firmName(place, field, jointStock) }),
		Kind:        seedbed.KindEnterprise,
		CreditCode:  g.newCreditCode(regEnterprise, division, style),
		Industry:    industry,
		Employees:   &employees,
		Revenue:     revenue,
		Field:       field,
		Region:      d.region,
		FoundedYear: year,
	}
	// National-team firms are the large ones, and are commoner in state-led frontier fields.
	var p float64
	switch size {
	case seedbed.SizeLarge:
		p = 0.5
	case seedbed.SizeMedium:
		p = 0.12
	case seedbed.SizeSmall, seedbed.SizeMicro:
		p = 0.03
	}
	g.classify(&in, p, 0.15)
	in.Description = g.oneOf(
		"专注于"+g.topic(field)+"的研发与产业化。",
		"从事"+g.topic(field)+"相关产品研发，面向"+g.one(customers)+"提供解决方案。",
		"以"+g.topic(field)+"为核心方向的科技型企业。",
	)
	return in
}

// customers are whom firms say they serve.
var customers = []string{"制造业企业", "医疗机构", "能源企业", "中小企业", "政府和公共机构", "海外客户", "科研院所", "农业经营主体"}

// institute generates a research institute: Chinese Academy of Sciences institutes (registered
// centrally, always national team), provincial and municipal institutes (public, 事业单位), and
// new-type R&D institutes, a third of them private non-profits (民办非企业单位).
func (g *gen) institute() seedbed.Innovator {
	d := g.district()
	field := g.field(researchFields)
	var cas, province bool
	name := g.unique(func() string {
		n, c, p := g.instituteName(d.prefix, field)
		cas, province = c, p
		return n
	})
	prefix, division, style := regPublicInst, d.city, orgDigits
	switch {
	case cas:
		division = divisionNational
	case province:
		division = divisionZhejiang
	case g.chance(0.35):
		prefix, style = regPrivateNonp, orgMJ
	}
	median, year := 120.0, 1955+g.r.IntN(60)
	if cas {
		median = 400
	}
	if style == orgMJ || g.chance(0.3) {
		year = 2015 + g.r.IntN(RefYear-2015+1)
	}
	in := seedbed.Innovator{
		Name:        name,
		Kind:        seedbed.KindInstitute,
		CreditCode:  g.newCreditCode(prefix, division, style),
		Industry:    "research",
		Employees:   ptr(max(5, int64(math.Round(g.logNormal(median, 0.8))))),
		Field:       field,
		Region:      d.region,
		FoundedYear: year,
	}
	p := 0.45
	if cas {
		p = 1
	}
	g.classify(&in, p, 0.8)
	in.Description = "围绕" + g.topic(field) + "开展基础研究与关键技术攻关。"
	return in
}

// university generates a higher-education institution: universities (research-intensive, often
// national team), colleges, and vocational colleges (applied, market-driven); a fifth are
// private (民办).
func (g *gen) university() seedbed.Innovator {
	d := g.district()
	field := g.field(researchFields)
	var kind int
	name := g.unique(func() string {
		kind = g.pickIndex([]int{35, 35, 30})
		return g.universityName(d.prefix, kind)
	})
	prefix, division, style := regPublicInst, d.city, orgDigits
	if strings.HasPrefix(name, "浙江") {
		division = divisionZhejiang
	}
	if g.chance(0.2) {
		prefix, style = regPrivateNonp, orgMJ
	}
	median := []float64{2200, 900, 600}[kind]
	year := []int{1950 + g.r.IntN(60), 1970 + g.r.IntN(45), 1998 + g.r.IntN(20)}[kind]
	in := seedbed.Innovator{
		Name:        name,
		Kind:        seedbed.KindUniversity,
		CreditCode:  g.newCreditCode(prefix, division, style),
		Employees:   ptr(max(50, int64(math.Round(g.logNormal(median, 0.5))))),
		Field:       field,
		Region:      d.region,
		FoundedYear: year,
	}
	g.classify(&in, []float64{0.45, 0.12, 0.03}[kind], []float64{0.85, 0.7, 0.3}[kind])
	in.Description = "设有" + g.one(disciplines[field]) + "等学科，开展" + g.topic(field) + "研究与人才培养。"
	return in
}

// team generates a grassroots team of two to a few dozen people, started since 2018; a third
// are driven by research questions rather than a market.
func (g *gen) team() seedbed.Innovator {
	d := g.district()
	field := g.field(teamFields)
	size := min(30, 2+int64(g.r.ExpFloat64()*3))
	var topic string
	in := seedbed.Innovator{
		Name: g.unique(func() string {
			topic = g.topic(field)
			return g.teamName(d.prefix, topic)
		}),
		Kind:        seedbed.KindTeam,
		Employees:   &size,
		Field:       field,
		Region:      d.region,
		FoundedYear: 2018 + g.r.IntN(RefYear-2018+1),
	}
	g.classify(&in, 0, 0.35)
	in.Description = g.oneOf(
		"由"+itoa(size)+"名成员组成，致力于"+topic+"。",
		"源自高校和开源社区的团队，探索"+topic+"的新路线。",
	)
	return in
}

// individual generates an individual inventor or developer.
func (g *gen) individual() seedbed.Innovator {
	d := g.district()
	field := g.field(individualFields)
	var py string
	in := seedbed.Innovator{
		Name: g.unique(func() string {
			var n string
			n, py = g.person()
			return n
		}),
		Kind:   seedbed.KindIndividual,
		Field:  field,
		Region: d.region,
	}
	g.classify(&in, 0, 0.25)
	in.Description = g.oneOf("独立发明人，长期从事"+g.topic(field)+"。", "独立开发者，业余时间研究"+g.topic(field)+"。")
	in.ContactName = in.Name
	in.ContactEmail = g.email(py, "example.net")
	return in
}

// Incorporate returns team as the firm it became: an enterprise of the same region, field and
// people under a firm's name, with a new credit code, an industry and a first year's revenue.
// The same seed and team give the same firm.
func Incorporate(seed uint64, team seedbed.Innovator) seedbed.Innovator {
	g := &gen{r: rand.New(rand.NewPCG(seed, uint64(team.ID))), names: map[string]bool{}, codes: map[string]bool{}}
	d := districtByRegion(team.Region)
	in := team
	in.Kind = seedbed.KindEnterprise
	in.Name = g.firmName(d.prefix, team.Field, false)
	in.Industry = g.industryFor(team.Field)
	in.CreditCode = g.newCreditCode(regEnterprise, d.code, orgMA)
	employees := int64(3)
	if team.Employees != nil {
		employees = max(employees, *team.Employees)
	}
	in.Employees = &employees
	revenue := math.Round(float64(employees)*g.logNormal(revenuePerHead[in.Industry], 0.7)*0.3*100) / 100
	in.Revenue = &revenue
	in.SizeClass = seedbed.ClassifySize(seedbed.KindEnterprise, in.Industry, &employees, &revenue)
	in.Description = team.Description + "团队已注册为公司。"
	return in
}
