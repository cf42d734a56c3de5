package seedbed

import (
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// Innovator kinds (创新主体类型).
const (
	KindEnterprise = "enterprise"
	KindInstitute  = "institute"
	KindUniversity = "university"
	KindTeam       = "team"
	KindIndividual = "individual"
)

// Kinds lists the innovator kinds.
var Kinds = OptionSet{
	{KindEnterprise, Label{"企业", "Enterprise"}},
	{KindInstitute, Label{"科研院所", "Research institute"}},
	{KindUniversity, Label{"高校", "University"}},
	{KindTeam, Label{"草根团队", "Grassroots team"}},
	{KindIndividual, Label{"个人", "Individual"}},
}

// Innovation types from the essay: state-organised "national team" or grassroots.
var InnovationTypes = OptionSet{
	{"national_team", Label{"国家队", "National team"}},
	{"grassroots", Label{"草根型", "Grassroots"}},
}

// Drivers from the essay: basic-research-driven or market-demand-driven.
var Drivers = OptionSet{
	{"basic_research", Label{"基础研究驱动", "Basic-research-driven"}},
	{"market_demand", Label{"市场需求驱动", "Market-demand-driven"}},
}

// Fields are the technical fields (技术领域) the registry classifies by.
var Fields = OptionSet{
	{"ai", Label{"人工智能", "Artificial intelligence"}},
	{"semiconductor", Label{"集成电路", "Integrated circuits"}},
	{"biomedicine", Label{"生物医药", "Biomedicine"}},
	{"new_materials", Label{"新材料", "New materials"}},
	{"new_energy", Label{"新能源", "New energy"}},
	{"equipment", Label{"高端装备", "Advanced equipment"}},
	{"robotics", Label{"机器人", "Robotics"}},
	{"quantum", Label{"量子信息", "Quantum information"}},
	{"aerospace", Label{"航空航天", "Aerospace"}},
	{"digital", Label{"数字经济", "Digital economy"}},
	{"agritech", Label{"现代农业", "Agricultural technology"}},
	{"other", Label{"其他", "Other"}},
}

// Innovator is an innovation subject (创新主体) in the registry: a firm, an institute, a
// university, a grassroots team or an individual.
type Innovator struct {
	ID             int64     `json:"id"`
	Name           string    `json:"name"`
	Kind           string    `json:"kind"`
	CreditCode     string    `json:"credit_code"`
	Industry       string    `json:"industry"`
	Employees      *int64    `json:"employees"`
	Revenue        *float64  `json:"revenue"` // operating revenue, 10,000 yuan (万元)
	SizeClass      string    `json:"size_class"`
	InnovationType string    `json:"innovation_type"`
	Driver         string    `json:"driver"`
	Field          string    `json:"field"`
	PathTags       []string  `json:"path_tags"`
	Region         string    `json:"region"`
	FoundedYear    int       `json:"founded_year,omitempty"`
	Description    string    `json:"description"`
	ContactName    string    `json:"contact_name,omitempty"`
	ContactPhone   string    `json:"contact_phone,omitempty"`
	ContactEmail   string    `json:"contact_email,omitempty"`
	Version        int       `json:"version"`
	CreatedAt      time.Time `json:"created_at"`
	UpdatedAt      time.Time `json:"updated_at"`
}

// Limits on innovator fields.
const (
	MaxNameLen        = 200
	MaxDescriptionLen = 4000
	MaxPathTags       = 12
	MaxTagLen         = 40
)

// Normalize trims spaces, unifies line ends, deduplicates tags and derives the SME size class.
// Call it before Validate. It does not change the credit code's letters: a lower-case code is
// refused by Validate rather than silently repaired.
func (in *Innovator) Normalize() {
	in.Name = strings.TrimSpace(in.Name)
	// Codes pasted from a word processor often come in full-width characters (９１３３…).
	in.CreditCode = width.Narrow.String(strings.TrimSpace(in.CreditCode))
	in.Region = strings.TrimSpace(in.Region)
	in.Description = strings.TrimSpace(strings.ReplaceAll(in.Description, "\r\n", "\n"))
	in.ContactName = strings.TrimSpace(in.ContactName)
	in.ContactPhone = strings.TrimSpace(in.ContactPhone)
	in.ContactEmail = strings.TrimSpace(in.ContactEmail)
	seen := map[string]bool{}
	tags := in.PathTags[:0:0]
	for _, t := range in.PathTags {
		t = strings.TrimSpace(t)
		if t != "" && !seen[t] {
			seen[t] = true
			tags = append(tags, t)
		}
	}
	in.PathTags = tags
	in.SizeClass = ClassifySize(in.Kind, in.Industry, in.Employees, in.Revenue)
}

// Validate checks every field and returns all problems found, each naming its field.
func (in *Innovator) Validate() error {
	var es Errors
	add := func(field string, format Label, args ...any) { es = append(es, FieldError(field, format, args...)) }
	switch n := utf8.RuneCountInString(in.Name); {
	case n == 0:
		add("name", Label{Zh: "名称不能为空", En: "name is required"})
	case n > MaxNameLen:
		add("name", Label{Zh: "名称过长（%d 字，最多 %d）", En: "name too long (%d characters, at most %d)"}, n, MaxNameLen)
	}
	if in.Kind == "" {
		add("kind", Label{Zh: "请选择主体类型", En: "kind is required"})
	} else if !Kinds.Has(in.Kind) {
		add("kind", Label{Zh: "未知的主体类型 %q，应为 %s", En: "unknown kind %q, want one of %s"}, in.Kind, strings.Join(Kinds.Codes(), ", "))
	}
	needsCode := in.Kind == KindEnterprise || in.Kind == KindInstitute || in.Kind == KindUniversity
	switch {
	case needsCode && in.CreditCode == "":
		add("credit_code", Label{Zh: "企业、科研院所和高校必须填写统一社会信用代码", En: "a credit code is required for enterprises, institutes and universities"})
	case !needsCode && in.CreditCode != "" && Kinds.Has(in.Kind):
		add("credit_code", Label{Zh: "团队和个人不填写统一社会信用代码", En: "teams and individuals have no credit code"})
	case in.CreditCode != "":
		var e *Error
		if errors.As(ValidateCreditCode(in.CreditCode), &e) {
			add("credit_code", e.Text, e.Args...) // in each language, not both at once
		}
	}
	if in.Industry != "" && !Industries.Has(in.Industry) {
		add("industry", Label{Zh: "未知的行业 %q，应为 %s", En: "unknown industry %[1]q"}, in.Industry, strings.Join(Industries.Codes(), ", "))
	}
	if in.Employees != nil && *in.Employees < 0 {
		add("employees", Label{Zh: "从业人员不能为负数", En: "employees cannot be negative"})
	}
	if in.Revenue != nil && *in.Revenue < 0 {
		add("revenue", Label{Zh: "营业收入不能为负数", En: "revenue cannot be negative"})
	}
	if in.InnovationType != "" && !InnovationTypes.Has(in.InnovationType) {
		add("innovation_type", Label{Zh: "未知的创新类型 %q，应为 %s", En: "unknown innovation type"}, in.InnovationType, strings.Join(InnovationTypes.Codes(), ", "))
	}
	if in.Driver != "" && !Drivers.Has(in.Driver) {
		add("driver", Label{Zh: "未知的驱动类型 %q，应为 %s", En: "unknown driver"}, in.Driver, strings.Join(Drivers.Codes(), ", "))
	}
	if in.Field != "" && !Fields.Has(in.Field) {
		add("field", Label{Zh: "未知的技术领域 %q，应为 %s", En: "unknown field"}, in.Field, strings.Join(Fields.Codes(), ", "))
	}
	if len(in.PathTags) > MaxPathTags {
		add("path_tags", Label{Zh: "技术路径标签最多 %d 个", En: "at most %d path tags"}, MaxPathTags)
	}
	for _, t := range in.PathTags {
		if utf8.RuneCountInString(t) > MaxTagLen {
			add("path_tags", Label{Zh: "标签 %q 过长", En: "tag too long"}, t)
		}
		if strings.ContainsAny(t, "|｜;；") {
			add("path_tags", Label{Zh: "标签 %q 不能包含 | 或分号", En: "a tag cannot contain | or ;"}, t)
		}
	}
	if utf8.RuneCountInString(in.Region) > 100 {
		add("region", Label{Zh: "地区过长", En: "region too long"})
	}
	if in.FoundedYear != 0 && (in.FoundedYear < 1800 || in.FoundedYear > 2100) {
		add("founded_year", Label{Zh: "成立年份 %d 不合理", En: "founded year %d out of range"}, in.FoundedYear)
	}
	if utf8.RuneCountInString(in.Description) > MaxDescriptionLen {
		add("description", Label{Zh: "简介过长（最多 %d 字）", En: "description too long"}, MaxDescriptionLen)
	}
	if in.ContactEmail != "" && !strings.Contains(in.ContactEmail, "@") {
		add("contact_email", Label{Zh: "邮箱格式不正确", En: "not an email address"})
	}
	if len(es) > 0 {
		return es
	}
	return nil
}

// IsSME reports whether the innovator is a small, medium or micro enterprise.
func (in *Innovator) IsSME() bool {
	return in.SizeClass == SizeMedium || in.SizeClass == SizeSmall || in.SizeClass == SizeMicro
}

// InnovatorFilter selects innovators for listing and search.
type InnovatorFilter struct {
	Query          string // substring of the name or credit code
	Kind           string
	SizeClass      string
	InnovationType string
	Driver         string
	Field          string
	Region         string
	IDs            []int64 // restrict to these (an applicant sees only its own organisation)
	Order          Order   // by InnovatorSorts
	Offset, Limit  int
}

// Change is one entry of an innovator's history: who changed which field, when, from what to what.
type Change struct {
	ID         int64     `json:"id"`
	EntityID   int64     `json:"entity_id"`
	Field      string    `json:"field"`
	OldValue   string    `json:"old_value"`
	NewValue   string    `json:"new_value"`
	Actor      string    `json:"actor"`
	ChangedAt  time.Time `json:"changed_at"`
	ChangeKind string    `json:"change_kind"` // create, update
}
