package demo

import (
	"fmt"
	"strings"
)

// Word lists for names. Every list is a slice, never a map, so that generation is deterministic.
var (
	// brandFirst and brandSecond make two-character trade names (字号) such as 云途 or 恒芯.
	brandFirst  = []string{"云", "海", "星", "天", "恒", "华", "宇", "博", "智", "创", "睿", "聚", "中", "正", "新", "远", "光", "明", "凯", "瑞", "卓", "极", "思", "元", "锐", "启", "鼎", "鸿", "泽", "安", "图", "领", "晶", "微", "数", "联", "德", "信", "迅", "英", "诺", "飞", "腾", "宏", "金", "青", "蓝", "群", "深", "灵"}
	brandSecond = []string{"深", "途", "达", "辰", "为", "驰", "越", "承", "澜", "航", "铭", "川", "研", "源", "景", "帆", "舟", "策", "衡", "拓", "芯", "和", "盛", "泰", "峰", "岳", "桥", "石", "禾", "森", "朗", "阳", "辉", "锋", "致", "维", "通", "捷", "迈", "恩", "易", "鑫", "嘉", "格", "力", "核", "树", "擎", "觉", "象"}
	// localBrands are trade names taken from places and landmarks of the region.
	localBrands = []string{"西子", "钱塘", "之江", "湖畔", "云栖", "良渚", "天目", "富春", "四明", "甬江", "瓯江", "南湖", "兰亭", "鉴湖", "双龙", "西溪", "梦溪", "九溪", "龙井", "东海", "雁荡", "莫干", "千岛", "会稽"}
	// firmWords are what a firm says it does, by field.
	firmWords = map[string][]string{
		"ai":            {"智能科技", "人工智能科技", "智能信息技术", "数据智能科技"},
		"semiconductor": {"半导体", "微电子", "集成电路", "芯片科技"},
		"biomedicine":   {"生物医药", "生物科技", "医药科技", "基因科技"},
		"new_materials": {"新材料", "新材料科技", "材料科技"},
		"new_energy":    {"新能源", "能源科技", "储能科技", "光伏科技"},
		"equipment":     {"精密机械", "智能装备", "装备制造", "机电科技"},
		"robotics":      {"机器人", "机器人科技", "智能机器人"},
		"quantum":       {"量子科技", "量子信息科技"},
		"aerospace":     {"航天科技", "航空科技", "卫星科技"},
		"digital":       {"网络科技", "信息技术", "数字科技", "软件"},
		"agritech":      {"农业科技", "生态农业", "种业科技"},
		"other":         {"科技", "技术服务"},
	}
	// disciplines name institutes and describe universities, by field.
	disciplines = map[string][]string{
		"ai":            {"人工智能", "智能感知", "机器智能", "智能计算"},
		"semiconductor": {"集成电路", "微电子", "半导体器件"},
		"biomedicine":   {"生物医学", "药物创新", "基因组学", "医学工程"},
		"new_materials": {"先进材料", "纳米材料", "高分子材料"},
		"new_energy":    {"新能源", "储能技术", "氢能"},
		"equipment":     {"智能制造", "精密装备", "工业技术"},
		"robotics":      {"机器人", "智能机器人"},
		"quantum":       {"量子信息", "量子精密测量", "量子计算"},
		"aerospace":     {"航空航天", "空天信息", "卫星应用"},
		"digital":       {"数字经济", "数据科学", "工业互联网"},
		"agritech":      {"现代农业", "农业科学", "种业"},
		"other":         {"环境科学", "海洋科学", "标准化"},
	}
	// topics are what teams work on and descriptions talk about, by field.
	topics = map[string][]string{
		"ai":            {"大模型推理优化", "多模态理解", "端侧智能", "智能体", "语音识别", "大模型训练框架", "医学影像识别"},
		"semiconductor": {"RISC-V 处理器", "芯片验证", "先进封装", "功率器件", "存算一体芯片"},
		"biomedicine":   {"合成生物", "基因编辑", "创新药筛选", "手术机器人", "可穿戴医疗"},
		"new_materials": {"石墨烯", "碳纤维复合材料", "可降解材料", "柔性电子材料"},
		"new_energy":    {"钠离子电池", "钙钛矿光伏", "氢燃料电池", "虚拟电厂"},
		"equipment":     {"数控机床", "工业视觉检测", "精密减速器", "智能产线"},
		"robotics":      {"四足机器人", "人形机器人", "具身智能", "灵巧手", "协作机器人"},
		"quantum":       {"量子计算", "量子通信", "量子精密测量"},
		"aerospace":     {"商业航天", "低空飞行器", "卫星遥感", "无人机"},
		"digital":       {"工业互联网", "开源数据库", "隐私计算", "跨境电商系统", "低代码平台"},
		"agritech":      {"智慧农业", "育种", "农业无人机", "植物工厂"},
		"other":         {"环境监测", "检验检测", "科技服务"},
	}
	teamQualifiers = []string{"开源", "轻量化", "低成本", "高效", "分布式", "边缘", "新型", "国产", "青年", "大学生", "跨学科", "极客"}
	teamSuffixes   = []string{"团队", "团队", "团队", "工作室", "创新实验室", "创客团队", "青年创新团队"}
	collegeWords   = []string{"科技", "理工", "工业", "电子科技", "医科", "师范", "农林", "财经", "海洋", "信息", "传媒", "交通"}
	vocationTrades = []string{"机电", "信息", "交通", "建设", "经贸", "医药", "农业", "电子", "工商", "艺术", "轻工", "数字"}
)

// surname is a family name and its pinyin, for e-mail addresses.
type surname struct{ zh, py string }

// surnames are common family names, most common first, with Zhejiang's 楼, 应 and 俞.
var surnames = []surname{
	{"王", "wang"}, {"李", "li"}, {"张", "zhang"}, {"刘", "liu"}, {"陈", "chen"}, {"杨", "yang"}, {"黄", "huang"}, {"赵", "zhao"},
	{"吴", "wu"}, {"周", "zhou"}, {"徐", "xu"}, {"孙", "sun"}, {"马", "ma"}, {"朱", "zhu"}, {"胡", "hu"}, {"郭", "guo"},
	{"何", "he"}, {"林", "lin"}, {"罗", "luo"}, {"高", "gao"}, {"郑", "zheng"}, {"梁", "liang"}, {"谢", "xie"}, {"宋", "song"},
	{"唐", "tang"}, {"许", "xu"}, {"韩", "han"}, {"冯", "feng"}, {"邓", "deng"}, {"曹", "cao"}, {"彭", "peng"}, {"曾", "zeng"},
	{"肖", "xiao"}, {"田", "tian"}, {"董", "dong"}, {"潘", "pan"}, {"袁", "yuan"}, {"蔡", "cai"}, {"蒋", "jiang"}, {"余", "yu"},
	{"于", "yu"}, {"杜", "du"}, {"叶", "ye"}, {"程", "cheng"}, {"魏", "wei"}, {"苏", "su"}, {"吕", "lv"}, {"丁", "ding"},
	{"任", "ren"}, {"沈", "shen"}, {"姚", "yao"}, {"卢", "lu"}, {"钟", "zhong"}, {"姜", "jiang"}, {"崔", "cui"}, {"陆", "lu"},
	{"范", "fan"}, {"汪", "wang"}, {"金", "jin"}, {"钱", "qian"}, {"方", "fang"}, {"邵", "shao"}, {"应", "ying"}, {"楼", "lou"},
	{"俞", "yu"}, {"孔", "kong"}, {"戴", "dai"}, {"严", "yan"}, {"夏", "xia"}, {"顾", "gu"},
}

// givenChars are characters of given names with their pinyin.
var givenChars = []surname{
	{"伟", "wei"}, {"芳", "fang"}, {"娜", "na"}, {"敏", "min"}, {"静", "jing"}, {"丽", "li"}, {"强", "qiang"}, {"磊", "lei"},
	{"军", "jun"}, {"洋", "yang"}, {"勇", "yong"}, {"艳", "yan"}, {"杰", "jie"}, {"涛", "tao"}, {"明", "ming"}, {"超", "chao"},
	{"秀", "xiu"}, {"霞", "xia"}, {"平", "ping"}, {"刚", "gang"}, {"华", "hua"}, {"鹏", "peng"}, {"浩", "hao"}, {"宇", "yu"},
	{"轩", "xuan"}, {"涵", "han"}, {"欣", "xin"}, {"怡", "yi"}, {"梓", "zi"}, {"晨", "chen"}, {"子", "zi"}, {"睿", "rui"},
	{"博", "bo"}, {"文", "wen"}, {"雨", "yu"}, {"思", "si"}, {"佳", "jia"}, {"嘉", "jia"}, {"琪", "qi"}, {"航", "hang"},
	{"宁", "ning"}, {"凯", "kai"}, {"鑫", "xin"}, {"婷", "ting"}, {"雪", "xue"}, {"晓", "xiao"}, {"建", "jian"}, {"国", "guo"},
	{"志", "zhi"}, {"海", "hai"}, {"峰", "feng"}, {"亮", "liang"}, {"斌", "bin"}, {"辉", "hui"}, {"颖", "ying"}, {"慧", "hui"},
	{"琳", "lin"}, {"倩", "qian"}, {"晶", "jing"}, {"瑶", "yao"}, {"悦", "yue"}, {"诗", "shi"}, {"一", "yi"}, {"可", "ke"},
	{"天", "tian"}, {"泽", "ze"}, {"锐", "rui"}, {"俊", "jun"}, {"豪", "hao"}, {"晗", "han"}, {"铭", "ming"}, {"昊", "hao"},
	{"远", "yuan"}, {"楠", "nan"}, {"丹", "dan"}, {"璐", "lu"}, {"蕾", "lei"}, {"欢", "huan"}, {"坤", "kun"}, {"振", "zhen"},
}

// surnameWeights make the common names commoner (roughly Zipf).
var surnameWeights = func() []int {
	w := make([]int, len(surnames))
	for i := range w {
		w[i] = 1000 / (i + 4)
	}
	return w
}()

// person returns a Chinese personal name and its pinyin.
func (g *gen) person() (name, py string) {
	s := surnames[g.pickIndex(surnameWeights)]
	a := givenChars[g.r.IntN(len(givenChars))]
	if g.r.IntN(10) < 4 {
		return s.zh + a.zh, s.py + a.py
	}
	b := givenChars[g.r.IntN(len(givenChars))]
	return s.zh + a.zh + b.zh, s.py + a.py + b.py
}

// brand returns a trade name (字号).
func (g *gen) brand() string {
	if g.r.IntN(100) < 15 {
		return g.one(localBrands)
	}
	a, b := g.one(brandFirst), g.one(brandSecond)
	for a == b {
		b = g.one(brandSecond)
	}
	if g.r.IntN(100) < 6 {
		return a + b + g.one(brandSecond)
	}
	return a + b
}

// firmName names an enterprise: place, trade name, line of business, legal form.
func (g *gen) firmName(place, field string, jointStock bool) string {
	form := "有限公司"
	if jointStock {
		form = "股份有限公司"
	}
	return place + g.brand() + g.one(firmWords[field]) + form
}

// instituteName names a research institute; cas reports a Chinese Academy of Sciences institute
// and province one named after the province, which register centrally or with the province.
func (g *gen) instituteName(place, field string) (name string, cas, province bool) {
	d := g.one(disciplines[field])
	switch n := g.r.IntN(100); {
	case n < 12:
		return "中国科学院" + place + d + "研究所", true, false
	case n < 30:
		return "浙江省" + d + "研究院", false, true
	case n < 50:
		return place + d + "研究院", false, false
	case n < 75:
		return place + g.brand() + d + "研究院", false, false
	case n < 88:
		return g.brand() + "实验室", false, false
	default:
		return "浙江" + g.brand() + d + "研究所", false, true
	}
}

// Kinds of higher-education institution, which differ in size and research intensity.
const (
	uniUniversity = iota // 大学
	uniCollege           // 学院
	uniVocational        // 职业技术学院
)

// universityName names a higher-education institution of the given kind.
func (g *gen) universityName(place string, kind int) string {
	switch kind {
	case uniUniversity:
		if g.r.IntN(2) == 0 {
			return "浙江" + g.brand() + "大学"
		}
		return place + g.brand() + "大学"
	case uniCollege:
		if g.r.IntN(2) == 0 {
			return place + g.one(collegeWords) + "学院"
		}
		return place + g.brand() + g.one(collegeWords) + "学院"
	default:
		return place + g.one(vocationTrades) + "职业技术学院"
	}
}

// teamName names a grassroots team working on topic, often after its founder or a trade name.
func (g *gen) teamName(place, topic string) string {
	var b strings.Builder
	switch n := g.r.IntN(100); {
	case n < 30:
		b.WriteString(g.brand())
	case n < 50:
		name, _ := g.person()
		b.WriteString(name)
	case n < 60:
		b.WriteString(place)
	}
	if g.r.IntN(100) < 55 {
		b.WriteString(g.one(teamQualifiers))
	}
	b.WriteString(strings.ReplaceAll(topic, " ", ""))
	b.WriteString(g.one(teamSuffixes))
	return b.String()
}

// unique returns the first name from next not yet used, trying a few times before numbering
// one, as registries do for namesakes.
func (g *gen) unique(next func() string) string {
	for range 40 {
		if s := next(); !g.names[s] {
			g.names[s] = true
			return s
		}
	}
	base := next()
	for i := 2; ; i++ {
		if s := fmt.Sprintf("%s（%d）", base, i); !g.names[s] {
			g.names[s] = true
			return s
		}
	}
}
