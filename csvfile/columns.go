package csvfile

import (
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"

	"seedbed"
)

// column is one CSV column: the Innovator field it carries, the headers written on export and
// the spellings accepted on import.
type column struct {
	idx     int      // position in columns
	key     string   // the Innovator field's JSON name; Validate names fields by it
	zh, en  string   // headers written on export
	aliases []string // further headers accepted on import
	// options is set for coded columns; values are written as codes or labels and read from
	// either, together with codeAliases.
	options     seedbed.OptionSet
	codeAliases map[string]string
	// derived columns are written for the reader's benefit and ignored on import: the size
	// class follows from kind, industry, employees and revenue.
	derived bool
	set     func(in *seedbed.Innovator, v string) error // v is trimmed and non-empty
	get     func(in *seedbed.Innovator) string          // the code or text to write
}

// columns lists the CSV columns in export order.
var columns = []*column{
	{key: "id", zh: "编号", en: "id", aliases: []string{"ID"},
		set: func(in *seedbed.Innovator, v string) error {
			n, err := parseWhole(v, "编号", "id")
			if err == nil && n < 0 {
				err = seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "编号不能为负数", En: "id cannot be negative"})
			}
			in.ID = n
			return err
		},
		get: func(in *seedbed.Innovator) string {
			if in.ID == 0 {
				return ""
			}
			return strconv.FormatInt(in.ID, 10)
		}},
	{key: "name", zh: "名称", en: "name", aliases: []string{"主体名称", "单位名称", "企业名称", "机构名称"},
		set: func(in *seedbed.Innovator, v string) error { in.Name = v; return nil },
		get: func(in *seedbed.Innovator) string { return in.Name }},
	{key: "kind", zh: "主体类型", en: "kind", aliases: []string{"类型", "创新主体类型", "主体类别"},
		options: seedbed.Kinds,
		codeAliases: map[string]string{
			"公司": seedbed.KindEnterprise, "企业法人": seedbed.KindEnterprise, "company": seedbed.KindEnterprise,
			"科研机构": seedbed.KindInstitute, "研究院": seedbed.KindInstitute, "研究所": seedbed.KindInstitute, "院所": seedbed.KindInstitute,
			"大学": seedbed.KindUniversity, "高等院校": seedbed.KindUniversity, "院校": seedbed.KindUniversity,
			"团队": seedbed.KindTeam, "创新团队": seedbed.KindTeam,
			"自然人": seedbed.KindIndividual, "person": seedbed.KindIndividual,
		},
		set: func(in *seedbed.Innovator, v string) error { in.Kind = v; return nil },
		get: func(in *seedbed.Innovator) string { return in.Kind }},
	{key: "credit_code", zh: "统一社会信用代码", en: "credit_code", aliases: []string{"信用代码", "社会信用代码", "uscc", "unified_social_credit_code"},
		set: func(in *seedbed.Innovator, v string) error { in.CreditCode = v; return nil },
		get: func(in *seedbed.Innovator) string { return in.CreditCode }},
	{key: "industry", zh: "行业", en: "industry", aliases: []string{"所属行业", "行业类别", "sector"},
		options: seedbed.Industries,
		codeAliases: map[string]string{
			"制造业": "industry", "软件": "software", "信息技术": "software", "软件和信息技术服务": "software",
			"电信": "telecom", "批发": "wholesale", "零售": "retail", "科研": "research",
			"科技服务": "research", "科学研究和技术服务": "research", "其他": "other",
		},
		set: func(in *seedbed.Innovator, v string) error { in.Industry = v; return nil },
		get: func(in *seedbed.Innovator) string { return in.Industry }},
	{key: "employees", zh: "从业人员", en: "employees", aliases: []string{"从业人员数", "从业人数", "员工数", "员工人数", "职工人数", "人数", "headcount"},
		set: func(in *seedbed.Innovator, v string) error {
			n, err := parseWhole(v, "从业人员", "employees")
			in.Employees = &n
			return err
		},
		get: func(in *seedbed.Innovator) string {
			if in.Employees == nil {
				return ""
			}
			return strconv.FormatInt(*in.Employees, 10)
		}},
	{key: "revenue", zh: "营业收入（万元）", en: "revenue", aliases: []string{"营业收入", "营收（万元）", "营收", "revenue（万元）", "revenue_10k_yuan", "operating_revenue"},
		set: func(in *seedbed.Innovator, v string) error {
			f, err := parseAmount(v)
			in.Revenue = &f
			return err
		},
		get: func(in *seedbed.Innovator) string {
			if in.Revenue == nil {
				return ""
			}
			return strconv.FormatFloat(*in.Revenue, 'f', -1, 64)
		}},
	{key: "size_class", zh: "企业规模", en: "size_class", aliases: []string{"规模", "size"},
		options: seedbed.SizeClasses, derived: true,
		get: func(in *seedbed.Innovator) string { return in.SizeClass }},
	{key: "innovation_type", zh: "创新类型", en: "innovation_type", aliases: []string{"创新主体性质"},
		options:     seedbed.InnovationTypes,
		codeAliases: map[string]string{"草根": "grassroots", "national": "national_team"},
		set:         func(in *seedbed.Innovator, v string) error { in.InnovationType = v; return nil },
		get:         func(in *seedbed.Innovator) string { return in.InnovationType }},
	{key: "driver", zh: "驱动类型", en: "driver", aliases: []string{"驱动方式", "创新驱动类型"},
		options:     seedbed.Drivers,
		codeAliases: map[string]string{"基础研究": "basic_research", "市场需求": "market_demand", "市场": "market_demand"},
		set:         func(in *seedbed.Innovator, v string) error { in.Driver = v; return nil },
		get:         func(in *seedbed.Innovator) string { return in.Driver }},
	{key: "field", zh: "技术领域", en: "field", aliases: []string{"领域", "technical_field", "tech_field"},
		options: seedbed.Fields,
		codeAliases: map[string]string{
			"半导体": "semiconductor", "芯片": "semiconductor", "生物": "biomedicine", "医药": "biomedicine",
			"材料": "new_materials", "能源": "new_energy", "装备": "equipment", "量子": "quantum",
			"航天": "aerospace", "航空": "aerospace", "数字": "digital", "农业": "agritech",
		},
		set: func(in *seedbed.Innovator, v string) error { in.Field = v; return nil },
		get: func(in *seedbed.Innovator) string { return in.Field }},
	{key: "path_tags", zh: "技术路径标签", en: "path_tags", aliases: []string{"技术路径", "路径标签", "标签", "tags"},
		set: func(in *seedbed.Innovator, v string) error { in.PathTags = splitTags(v); return nil },
		get: func(in *seedbed.Innovator) string { return strings.Join(in.PathTags, ";") }},
	{key: "region", zh: "地区", en: "region", aliases: []string{"所在地区", "区域", "所在地"},
		set: func(in *seedbed.Innovator, v string) error { in.Region = v; return nil },
		get: func(in *seedbed.Innovator) string { return in.Region }},
	{key: "founded_year", zh: "成立年份", en: "founded_year", aliases: []string{"成立年度", "成立时间", "founded", "year_founded"},
		set: func(in *seedbed.Innovator, v string) error {
			n, err := parseWhole(v, "成立年份", "founded year")
			if err == nil && (n < math.MinInt32 || n > math.MaxInt32) {
				err = seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "成立年份 %d 不合理", En: "founded year %d out of range"}, n)
			}
			in.FoundedYear = int(n)
			return err
		},
		get: func(in *seedbed.Innovator) string {
			if in.FoundedYear == 0 {
				return ""
			}
			return strconv.Itoa(in.FoundedYear)
		}},
	{key: "description", zh: "简介", en: "description", aliases: []string{"描述", "简要介绍", "主体简介"},
		set: func(in *seedbed.Innovator, v string) error { in.Description = v; return nil },
		get: func(in *seedbed.Innovator) string { return in.Description }},
	{key: "contact_name", zh: "联系人", en: "contact_name", aliases: []string{"联系人姓名", "contact"},
		set: func(in *seedbed.Innovator, v string) error { in.ContactName = v; return nil },
		get: func(in *seedbed.Innovator) string { return in.ContactName }},
	{key: "contact_phone", zh: "联系电话", en: "contact_phone", aliases: []string{"电话", "手机", "手机号", "phone"},
		set: func(in *seedbed.Innovator, v string) error { in.ContactPhone = v; return nil },
		get: func(in *seedbed.Innovator) string { return in.ContactPhone }},
	{key: "contact_email", zh: "邮箱", en: "contact_email", aliases: []string{"电子邮箱", "联系邮箱", "电子邮件", "email", "e-mail"},
		set: func(in *seedbed.Innovator, v string) error { in.ContactEmail = v; return nil },
		get: func(in *seedbed.Innovator) string { return in.ContactEmail }},
}

// requiredColumns must be present in every file.
var requiredColumns = []string{"name", "kind"}

// byHeader maps a normalised header to its column; byKey maps a field key to its column.
var (
	byHeader = map[string]*column{}
	byKey    = map[string]*column{}
	codeMaps = map[*column]map[string]string{}
)

func init() {
	for i, c := range columns {
		c.idx = i
		byKey[c.key] = c
		for _, h := range append([]string{c.key, c.zh, c.en}, c.aliases...) {
			k := headerKey(h)
			if prev, ok := byHeader[k]; ok && prev != c {
				panic("csvfile: header " + h + " names two columns")
			}
			byHeader[k] = c
		}
		if c.options != nil {
			m := map[string]string{}
			for _, o := range c.options {
				m[valueKey(o.Code)] = o.Code
				m[valueKey(o.Label.Zh)] = o.Code
				m[valueKey(o.Label.En)] = o.Code
			}
			for a, code := range c.codeAliases {
				m[valueKey(a)] = code
			}
			codeMaps[c] = m
		}
	}
}

// bit is the column's bit in a set of columns.
func (c *column) bit() uint64 { return 1 << c.idx }

// headerKey folds a header for matching: full-width to half-width, lower case, and without
// spaces, underscores, hyphens, dots or the asterisk templates use to mark required columns.
func headerKey(s string) string {
	if !isASCII(s) {
		s = width.Fold.String(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if unicode.IsSpace(r) || r == '_' || r == '-' || r == '*' || r == '.' || r == '\ufeff' {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// isASCII reports whether s has only ASCII characters, which width folding leaves alone.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// valueKey folds a coded value the same way as a header.
func valueKey(s string) string { return headerKey(s) }

// parseCode maps a code, a label or a known alias to the column's code.
func (c *column) parseCode(v string) (string, error) {
	if code, ok := c.options.Parse(v); ok {
		return code, nil
	}
	if code, ok := codeMaps[c][valueKey(v)]; ok {
		return code, nil
	}
	var zh, en []string
	for _, o := range c.options {
		zh = append(zh, o.Label.Zh)
		en = append(en, o.Code)
	}
	return "", seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "无法识别的%[1]s“%[2]s”，可填：%[3]s（或对应代码）", En: "unknown %[4]s %[2]q, want one of %[5]s"}, c.zh, v, strings.Join(zh, "、"), c.en, strings.Join(en, ", "))
}

// numberText strips what spreadsheets put into numbers: full-width digits, spaces and
// thousands separators.
func numberText(v string) string {
	if !isASCII(v) {
		v = width.Fold.String(v)
	}
	if !strings.ContainsAny(v, ", \t") {
		return v
	}
	return strings.Map(func(r rune) rune {
		if r == ',' || unicode.IsSpace(r) {
			return -1
		}
		return r
	}, v)
}

// parseWhole reads a whole number, also written as a float with no fraction (12.0), as
// spreadsheets sometimes do.
func parseWhole(v, zh, en string) (int64, error) {
	t := numberText(v)
	if n, err := strconv.ParseInt(t, 10, 64); err == nil {
		return n, nil
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil || f != math.Trunc(f) || f < math.MinInt64 || f >= math.MaxInt64 {
		return 0, seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "%[1]s“%[2]s”不是整数", En: "%[3]s %[2]q is not a whole number"}, zh, v, en)
	}
	return int64(f), nil
}

// parseAmount reads a finite decimal amount.
func parseAmount(v string) (float64, error) {
	f, err := strconv.ParseFloat(numberText(v), 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "营业收入“%s”不是数字（单位：万元）", En: "revenue %q is not a number (unit: 10,000 yuan)"}, v)
	}
	if f == 0 {
		f = 0 // no negative zero
	}
	return f, nil
}

// tagSeparators split the path-tag cell; a tag cannot contain them.
const tagSeparators = ";；|｜"

// splitTags splits a path-tag cell at ; ； | or ｜.
func splitTags(v string) []string {
	var tags []string
	for t := range strings.FieldsFuncSeq(v, func(r rune) bool { return strings.ContainsRune(tagSeparators, r) }) {
		if t = strings.TrimSpace(t); t != "" {
			tags = append(tags, t)
		}
	}
	return tags
}
