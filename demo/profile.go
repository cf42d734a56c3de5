package demo

import (
	"math"
	"slices"
	"strconv"

	"seedbed"
)

// Path tags. Every tagged innovator carries one route tag, 主流路线 or 非主流路线, and one to three
// more: from its field's tags and the general ones on the mainstream route, from the rarer tags
// of the paths few take on the other (so that the paths off the mainstream are visible as such
// in the indicators, which judge a path by how common its tags are).
var (
	nicheTags   = []string{"类脑计算", "光子计算", "可逆计算", "生物制造", "液态金属", "拓扑材料", "开放硬件", "极端环境材料"}
	generalTags = []string{"开源", "硬科技", "平台型", "国产替代", "原始创新", "交叉学科", "工艺创新", "商业模式创新", "产学研合作"}
	fieldTags   = map[string][]string{
		"ai":            {"大模型", "端侧模型", "混合专家模型", "推理优化", "多模态", "具身智能"},
		"semiconductor": {"自研芯片", "RISC-V", "先进封装", "第三代半导体"},
		"biomedicine":   {"创新药", "基因编辑", "医疗器械", "合成生物"},
		"new_materials": {"碳纤维", "石墨烯", "高分子材料", "绿色材料"},
		"new_energy":    {"储能", "氢能", "钙钛矿", "智能电网"},
		"equipment":     {"工业母机", "精密制造", "智能制造"},
		"robotics":      {"人形机器人", "四足机器人", "具身智能", "灵巧手"},
		"quantum":       {"量子计算", "量子通信", "量子精密测量"},
		"aerospace":     {"商业航天", "低空经济", "卫星互联网"},
		"digital":       {"工业互联网", "SaaS", "数据要素", "隐私计算"},
		"agritech":      {"智慧农业", "种业", "农业无人机"},
		"other":         {"检验检测", "环保技术", "科技服务"},
	}
)

// Route tags.
const (
	tagMainstream    = "主流路线"
	tagNonMainstream = "非主流路线"
)

// Shares used by classify and tags.
const (
	untaggedShare             = 0.08 // innovators without path tags
	nonMainstreamGrassroots   = 0.30 // grassroots innovators on a non-mainstream route
	nonMainstreamNationalTeam = 0.10 // national-team innovators on a non-mainstream route
)

// frontierFields are fields where the state organises much of the work (quantum, space), so
// national-team odds are raised there.
var frontierFields = []string{"quantum", "aerospace"}

// basicFields are fields where firms too are often driven by research questions.
var basicFields = []string{"quantum", "biomedicine", "semiconductor", "new_materials"}

// classify sets the innovation type, driver and path tags. pNational is the chance of being
// national team (raised halfway to certainty in frontier fields, unless it is zero) and pBasic
// the chance of being basic-research-driven (firms in research-heavy fields get +0.25).
func (g *gen) classify(in *seedbed.Innovator, pNational, pBasic float64) {
	if pNational > 0 && slices.Contains(frontierFields, in.Field) {
		pNational += (1 - pNational) / 2
	}
	national := g.chance(pNational)
	in.InnovationType = "grassroots"
	if national {
		in.InnovationType = "national_team"
	}
	if in.Kind == seedbed.KindEnterprise && slices.Contains(basicFields, in.Field) {
		pBasic += 0.25
	}
	in.Driver = "market_demand"
	if g.chance(pBasic) {
		in.Driver = "basic_research"
	}
	in.PathTags = g.tags(in.Field, national)
}

// tags draws path tags for an innovator in field.
func (g *gen) tags(field string, national bool) []string {
	if g.chance(untaggedShare) {
		return nil
	}
	p := nonMainstreamGrassroots
	if national {
		p = nonMainstreamNationalTeam
	}
	route := tagMainstream
	if g.chance(p) {
		route = tagNonMainstream
	}
	tags := []string{route}
	want := 2 + g.r.IntN(3)
	for len(tags) < want {
		pool := generalTags
		if g.chance(0.6) {
			pool = fieldTags[field]
		}
		if route == tagNonMainstream {
			pool = nicheTags
		}
		if t := g.one(pool); !slices.Contains(tags, t) {
			tags = append(tags, t)
		}
	}
	return tags
}

// field draws a field by weight.
func (g *gen) field(ws []fieldWeight) string {
	w := make([]int, len(ws))
	for i, f := range ws {
		w[i] = f.weight
	}
	return ws[g.pickIndex(w)].field
}

// choose draws one of the values given as value, weight, value, weight, ...
func (g *gen) choose(pairs ...any) string {
	w := make([]int, len(pairs)/2)
	for i := range w {
		w[i] = pairs[2*i+1].(int)
	}
	return pairs[2*g.pickIndex(w)].(string)
}

// oneOf returns one of its arguments, uniformly.
func (g *gen) oneOf(s ...string) string { return s[g.r.IntN(len(s))] }

// topic draws something an innovator in field works on.
func (g *gen) topic(field string) string { return g.one(topics[field]) }

// logNormal draws from the log-normal distribution with the given median and log-scale
// spread.
func (g *gen) logNormal(median, sigma float64) float64 {
	return median * math.Exp(float64(sigma*g.r.NormFloat64()))
}

// contact fills the contact person, a well-formed (fake) mobile number and an e-mail address
// under a reserved example domain.
func (g *gen) contact(in *seedbed.Innovator) {
	if in.ContactName == "" {
		name, py := g.person()
		in.ContactName = name
		domain := "example.com"
		switch in.Kind {
		case seedbed.KindInstitute, seedbed.KindUniversity:
			domain = "example.org"
		case seedbed.KindTeam:
			domain = "example.net"
		}
		in.ContactEmail = g.email(py, domain)
	}
	phone := make([]byte, 11)
	phone[0], phone[1] = '1', "3456789"[g.r.IntN(7)]
	for i := 2; i < 11; i++ {
		phone[i] = byte('0' + g.r.IntN(10))
	}
	in.ContactPhone = string(phone)
}

// email returns an address for a person whose name is py in pinyin.
func (g *gen) email(py, domain string) string {
	if g.chance(0.5) {
		py += strconv.Itoa(10 + g.r.IntN(90))
	}
	return py + "@" + domain
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
