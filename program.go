package seedbed

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Program states (计划状态): a program is drafted, opened for applications, reviewed, decided and
// closed, in that order; each step is taken by an officer and recorded as a decision event.
const (
	ProgramDraft    = "draft"
	ProgramOpen     = "open"
	ProgramInReview = "in_review"
	ProgramDecided  = "decided"
	ProgramClosed   = "closed"
)

// ProgramStates lists the states in lifecycle order with their labels.
var ProgramStates = OptionSet{
	{ProgramDraft, Label{"草稿", "Draft"}},
	{ProgramOpen, Label{"申报中", "Open for applications"}},
	{ProgramInReview, Label{"评审中", "In review"}},
	{ProgramDecided, Label{"已决定", "Decided"}},
	{ProgramClosed, Label{"已结束", "Closed"}},
}

// NextProgramState returns the state a program in state moves to, or "" when it is closed.
func NextProgramState(state string) string {
	for i, o := range ProgramStates {
		if o.Code == state && i+1 < len(ProgramStates) {
			return ProgramStates[i+1].Code
		}
	}
	return ""
}

// Selection modes: rank within budget, fund everything above a threshold, or a partial lottery
// among the applications review cannot honestly separate.
const (
	SelectionRanked    = "ranked"
	SelectionThreshold = "threshold"
	SelectionLottery   = "lottery"
)

// SelectionModes lists the selection modes with their labels.
var SelectionModes = OptionSet{
	{SelectionRanked, Label{"按排名择优", "Ranked within budget"}},
	{SelectionThreshold, Label{"达标即资助", "Threshold"}},
	{SelectionLottery, Label{"部分随机抽签", "Partial lottery"}},
}

// ProgramCode names a program in lottery commitments: "P-3".
func ProgramCode(id int64) string { return "P-" + strconv.FormatInt(id, 10) }

// Limits on programs.
const (
	MaxProgramBudget = 10_000_000_000_000 // yuan; the selection engine's limit
	MaxStages        = 6
	MaxExtraFields   = 10
	MaxPolicies      = 20
	MaxReplyDays     = 60
)

// Program is a funding program (计划/专项): an open call with the policies that define who may
// apply, a budget, a deadline, how applications are selected and how awards are staged.
// Amounts are whole yuan.
type Program struct {
	ID              int64     `json:"id"`
	Title           string    `json:"title"`
	Summary         string    `json:"summary"`
	InnovationType  string    `json:"innovation_type"` // the type it targets (国家队/草根型); "" for any
	Driver          string    `json:"driver"`          // the driver it targets; "" for any
	PolicyIDs       []string  `json:"policy_ids"`
	Budget          int64     `json:"budget"`
	Committed       int64     `json:"committed"`   // awarded and not given back; never above Budget
	MaxRequest      int64     `json:"max_request"` // the most one application may request; 0 for the budget
	Deadline        time.Time `json:"deadline"`
	SelectionMode   string    `json:"selection_mode"`
	Threshold       float64   `json:"threshold"`   // threshold mode: normalised score funded at or above
	QualityBar      float64   `json:"quality_bar"` // partial lottery: normalised score declined below
	FillGaps        bool      `json:"fill_gaps"`   // go on past an application the budget cannot cover
	ReviewersPerApp int       `json:"reviewers_per_app"`
	// BlindReview hides who applied (name, credit code, region, team) from reviewers until the
	// scores are final and an officer reveals the identities.
	BlindReview bool `json:"blind_review"`
	// ReplyDays is how many days applicants have to answer the anonymised reviews before the
	// selection; 0 for no reply window.
	ReplyDays int `json:"reply_days"`
	// ExpertiseWeight weighs reviewers' expertise against their load when reviewers are
	// assigned: 0 balances the load first, 1 puts matching expertise first.
	ExpertiseWeight float64 `json:"expertise_weight"`
	// ChampionRule is what a reviewer's champion gets in a partial lottery: ChampionDraw (a
	// place in the draw whatever its score) or ChampionFund (funded directly while the budget
	// allows). Empty means ChampionDraw.
	ChampionRule  string      `json:"champion_rule"`
	RevealedAt    *time.Time  `json:"revealed_at,omitempty"`     // identities revealed (read only)
	ReplyOpenedAt *time.Time  `json:"reply_opened_at,omitempty"` // the reply window (read only)
	ReplyClosesAt *time.Time  `json:"reply_closes_at,omitempty"`
	Rubric        []Criterion `json:"rubric"`
	Fields        []FormField `json:"fields"` // questions this program adds to the light form
	Stages        []Stage     `json:"stages"`
	Kind          string      `json:"kind"`             // standard or patient (ProgramKinds)
	EndsAt        time.Time   `json:"ends_at,omitzero"` // the end of the program's period; zero for End's default
	ReportCap     int         `json:"report_cap"`       // scheduled reports one award may owe in an award year
	State         string      `json:"state"`
	Version       int         `json:"version"`
	CreatedBy     string      `json:"created_by"`
	CreatedAt     time.Time   `json:"created_at"`
	UpdatedAt     time.Time   `json:"updated_at"`
	Applications  int         `json:"applications"` // submitted applications (read only)
}

// Criterion is one line of a program's scoring rubric; the selection engine's Criterion has the
// same fields.
type Criterion struct {
	ID     string  `json:"id"`
	Name   Label   `json:"name"`
	Guide  Label   `json:"guide"`
	Weight float64 `json:"weight"`
	Min    float64 `json:"min"`
	Max    float64 `json:"max"`
}

// FormField is a question a program adds to the light application form.
type FormField struct {
	Key      string `json:"key"`
	Label    Label  `json:"label"`
	Required bool   `json:"required"`
	MaxLen   int    `json:"max_len"` // characters; 0 for 1000
}

// Stage is one stage of an award (Phase I, Phase II …): the share of the award its tranche pays,
// how long it runs, and the milestone whose accepted evidence releases the tranche. The
// milestone of every stage after the first is a go/no-go gate. The name and the milestone are
// in Chinese, with an English text beside each (shown in Chinese when it is empty).
type Stage struct {
	Name        string `json:"name"`
	NameEn      string `json:"name_en,omitempty"`
	Share       int    `json:"share"` // percent of the award; the shares add up to 100
	Months      int    `json:"months"`
	Milestone   string `json:"milestone"`
	MilestoneEn string `json:"milestone_en,omitempty"`
}

// NameLabel is the stage's name in both languages.
func (s Stage) NameLabel() Label { return Label{Zh: s.Name, En: s.NameEn} }

// MilestoneLabel is the stage's milestone in both languages.
func (s Stage) MilestoneLabel() Label { return Label{Zh: s.Milestone, En: s.MilestoneEn} }

// DefaultStages is the stage structure of a program that names none: one tranche, paid when the
// agreement is signed.
func DefaultStages() []Stage {
	return []Stage{{Name: "全额资助", NameEn: "Single stage", Share: 100, Months: 12, Milestone: "签署任务书", MilestoneEn: "agreement signed"}}
}

// ProgramFilter selects programs.
type ProgramFilter struct {
	State         string
	States        []string // any of these (an applicant sees only programs past draft)
	Query         string
	Order         Order // by ProgramSorts
	Offset, Limit int
}

// Normalize trims text and fills defaults (stages, reviewers per application, max field lengths).
func (p *Program) Normalize() {
	p.Title = strings.TrimSpace(p.Title)
	p.Summary = strings.TrimSpace(strings.ReplaceAll(p.Summary, "\r\n", "\n"))
	var ids []string
	seen := map[string]bool{}
	for _, id := range p.PolicyIDs {
		id = strings.TrimSpace(id)
		if id != "" && !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	p.PolicyIDs = ids
	if len(p.Stages) == 0 {
		p.Stages = DefaultStages()
	}
	for i := range p.Stages {
		p.Stages[i].Name = strings.TrimSpace(p.Stages[i].Name)
		p.Stages[i].NameEn = strings.TrimSpace(p.Stages[i].NameEn)
		p.Stages[i].Milestone = strings.TrimSpace(p.Stages[i].Milestone)
		p.Stages[i].MilestoneEn = strings.TrimSpace(p.Stages[i].MilestoneEn)
	}
	for i := range p.Fields {
		p.Fields[i].Key = strings.TrimSpace(p.Fields[i].Key)
		if p.Fields[i].MaxLen <= 0 {
			p.Fields[i].MaxLen = 1000
		}
	}
	if p.ReviewersPerApp == 0 {
		p.ReviewersPerApp = 3
	}
	p.normalizeKind()
	if p.SelectionMode == "" {
		p.SelectionMode = SelectionRanked
	}
	if p.PolicyIDs == nil {
		p.PolicyIDs = []string{}
	}
	if p.Fields == nil {
		p.Fields = []FormField{}
	}
}

// Validate checks every field and returns all problems found, each naming its field. The
// rubric's own rules are the selection engine's and are checked by the store.
func (p *Program) Validate() error {
	var es Errors
	add := func(field string, format Label, args ...any) { es = append(es, FieldError(field, format, args...)) }
	switch n := utf8.RuneCountInString(p.Title); {
	case n == 0:
		add("title", Label{Zh: "名称不能为空", En: "title is required"})
	case n > 200:
		add("title", Label{Zh: "名称过长（最多 200 字）", En: "title too long (at most 200 characters)"})
	}
	if utf8.RuneCountInString(p.Summary) > 4000 {
		add("summary", Label{Zh: "简介过长（最多 4000 字）", En: "summary too long (at most 4000 characters)"})
	}
	if p.InnovationType != "" && !InnovationTypes.Has(p.InnovationType) {
		add("innovation_type", Label{Zh: "未知的创新类型 %q", En: "unknown innovation type %q"}, p.InnovationType)
	}
	if p.Driver != "" && !Drivers.Has(p.Driver) {
		add("driver", Label{Zh: "未知的驱动类型 %q", En: "unknown driver %q"}, p.Driver)
	}
	if len(p.PolicyIDs) > MaxPolicies {
		add("policy_ids", Label{Zh: "最多引用 %d 项政策", En: "at most %d policies"}, MaxPolicies)
	}
	for _, id := range p.PolicyIDs {
		if !validPolicyID(id) {
			add("policy_ids", Label{Zh: "政策编号 %q 格式不正确（小写字母、数字和 -）", En: "policy id %q must hold lower-case letters, digits and -"}, id)
		}
	}
	if p.Budget < 1 || p.Budget > MaxProgramBudget {
		add("budget", Label{Zh: "预算应为 1 到 %d 元之间的整数", En: "the budget must be a whole number of yuan from 1 to %d"}, int64(MaxProgramBudget))
	}
	if p.MaxRequest < 0 || p.MaxRequest > p.Budget {
		add("max_request", Label{Zh: "单项申请上限应在 0 到预算之间", En: "the per-application limit must be between 0 and the budget"})
	}
	if p.Deadline.IsZero() {
		add("deadline", Label{Zh: "请填写申报截止时间", En: "a deadline is required"})
	}
	if !SelectionModes.Has(p.SelectionMode) {
		add("selection_mode", Label{Zh: "未知的遴选方式 %q，应为 %s", En: "unknown selection mode %[1]q"}, p.SelectionMode, strings.Join(SelectionModes.Codes(), ", "))
	}
	for _, x := range []struct {
		field string
		v     float64
	}{{"threshold", p.Threshold}, {"quality_bar", p.QualityBar}} {
		if math.IsNaN(x.v) || x.v < -5 || x.v > 5 {
			add(x.field, Label{Zh: "应为 -5 到 5 之间的标准化分数", En: "must be a normalised score from -5 to 5"})
		}
	}
	if p.ReviewersPerApp < 1 || p.ReviewersPerApp > 10 {
		add("reviewers_per_app", Label{Zh: "每份申请的评审专家数应为 1 到 10", En: "reviewers per application must be from 1 to 10"})
	}
	if math.IsNaN(p.ExpertiseWeight) || p.ExpertiseWeight < 0 || p.ExpertiseWeight > 1 {
		add("expertise_weight", Label{Zh: "专业匹配权重应为 0 到 1 之间的数（0 优先均衡工作量，1 优先专业匹配）", En: "the expertise weight is a number from 0 to 1 (0 balances the load first, 1 puts expertise first)"})
	}
	if p.ChampionRule != "" && !ChampionRules.Has(p.ChampionRule) {
		add("champion_rule", Label{Zh: "力荐规则应为 draw（进入抽签）或 fund（直接资助）", En: "the champion rule is draw (enters the draw) or fund (funded directly)"})
	}
	if p.ReplyDays < 0 || p.ReplyDays > MaxReplyDays {
		add("reply_days", Label{Zh: "答复期应为 0 到 %d 天（0 表示不设答复期）", En: "the reply window is 0 to %d days (0 for none)"}, MaxReplyDays)
	}
	if len(p.Fields) > MaxExtraFields {
		add("fields", Label{Zh: "附加问题最多 %d 个", En: "at most %d extra questions"}, MaxExtraFields)
	}
	keys := map[string]bool{}
	for i, f := range p.Fields {
		field := fmt.Sprintf("fields[%d]", i)
		if !validCode(f.Key) {
			add(field+".key", Label{Zh: "问题代码 %q 应为小写字母开头的字母、数字和下划线", En: "question key %q must be a-z, 0-9 and _, starting with a letter"}, f.Key)
		} else if keys[f.Key] || applicationCoreFields[f.Key] {
			add(field+".key", Label{Zh: "问题代码 %q 重复", En: "question key %q is used twice"}, f.Key)
		}
		keys[f.Key] = true
		if strings.TrimSpace(f.Label.Zh) == "" {
			add(field+".label", Label{Zh: "问题需要中文标题", En: "a question needs a Chinese label"})
		}
		if f.MaxLen > 4000 {
			add(field+".max_len", Label{Zh: "问题长度上限最多 4000 字", En: "a question's length limit is at most 4000"})
		}
	}
	es = append(es, validateStages(p.Stages)...)
	es = append(es, p.validateKind()...)
	if len(es) > 0 {
		return es
	}
	return nil
}

func validateStages(stages []Stage) Errors {
	var es Errors
	if len(stages) == 0 || len(stages) > MaxStages {
		return Errors{FieldError("stages", Label{Zh: "应有 1 到 %d 个阶段", En: "a program has 1 to %d stages"}, MaxStages)}
	}
	sum := 0
	for i, s := range stages {
		field := fmt.Sprintf("stages[%d]", i)
		if s.Name == "" || utf8.RuneCountInString(s.Name) > 100 {
			es = append(es, FieldError(field+".name", Label{Zh: "阶段名称应为 1–100 字", En: "a stage name has 1 to 100 characters"}))
		}
		if utf8.RuneCountInString(s.NameEn) > 100 {
			es = append(es, FieldError(field+".name_en", Label{Zh: "阶段英文名称最多 100 字", En: "a stage's English name has at most 100 characters"}))
		}
		if s.Milestone == "" || utf8.RuneCountInString(s.Milestone) > 500 {
			es = append(es, FieldError(field+".milestone", Label{Zh: "请写明拨付本阶段资金所需的里程碑（最多 500 字）", En: "name the milestone that releases this stage's tranche (at most 500 characters)"}))
		}
		if utf8.RuneCountInString(s.MilestoneEn) > 500 {
			es = append(es, FieldError(field+".milestone_en", Label{Zh: "里程碑的英文说明最多 500 字", En: "a milestone's English text has at most 500 characters"}))
		}
		if s.Share < 1 || s.Share > 100 {
			es = append(es, FieldError(field+".share", Label{Zh: "拨付比例应为 1 到 100", En: "the share must be from 1 to 100 percent"}))
		}
		if s.Months < 1 || s.Months > 120 {
			es = append(es, FieldError(field+".months", Label{Zh: "阶段时长应为 1 到 120 个月", En: "a stage lasts 1 to 120 months"}))
		}
		sum += s.Share
	}
	if len(es) == 0 && sum != 100 {
		es = append(es, FieldError("stages", Label{Zh: "各阶段拨付比例之和应为 100，实际为 %d", En: "the shares must add up to 100, not %d"}, sum))
	}
	return es
}

// Remaining is the budget not yet committed to awards.
func (p *Program) Remaining() int64 { return p.Budget - p.Committed }

// RequestLimit is the most one application may request.
func (p *Program) RequestLimit() int64 {
	if p.MaxRequest > 0 {
		return p.MaxRequest
	}
	return p.Budget
}

// HidesIdentity reports whether a user of role sees this program's applications without the
// applicants' identities: reviewers of a blind program before the identities are revealed.
func (p *Program) HidesIdentity(role string) bool {
	return p.BlindReview && p.RevealedAt == nil && role == RoleReviewer
}

// StateLabel returns the label of the program's state.
func (p *Program) StateLabel() Label { return ProgramStates.Label(p.State) }

// validPolicyID accepts 1–64 lower-case letters, digits and '-', starting with a letter or digit.
func validPolicyID(s string) bool {
	if s == "" || len(s) > 64 || s[0] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// validCode accepts 1–40 characters of a-z, 0-9 and '_', starting with a letter.
func validCode(s string) bool {
	if s == "" || len(s) > 40 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || i > 0 && (c >= '0' && c <= '9' || c == '_')) {
			return false
		}
	}
	return true
}
