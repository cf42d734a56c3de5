package seedbed

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Application states.
const (
	AppDraft     = "draft"
	AppSubmitted = "submitted"
	AppWithdrawn = "withdrawn"
)

// AppStates lists the application states with their labels.
var AppStates = OptionSet{
	{AppDraft, Label{"草稿", "Draft"}},
	{AppSubmitted, Label{"已提交", "Submitted"}},
	{AppWithdrawn, Label{"已撤回", "Withdrawn"}},
}

// OutcomeIneligible is the outcome of an application that failed the program's eligibility
// policies; the other outcomes are the selection engine's (funded, declined, drawn_in …).
const OutcomeIneligible = "ineligible"

// Outcomes lists every selection outcome with its label.
var Outcomes = OptionSet{
	{"funded", Label{"资助", "Funded"}},
	{"declined", Label{"不予资助", "Declined"}},
	{"draw_pending", Label{"待抽签", "In the draw"}},
	{"drawn_in", Label{"抽签中选", "Drawn in"}},
	{"drawn_out", Label{"抽签未中", "Drawn out"}},
	{"not_funded_budget", Label{"因预算不足未获资助", "Not funded: budget exhausted"}},
	{OutcomeIneligible, Label{"不符合申报条件", "Not eligible"}},
}

// Limits of the light application form: direction, not a detailed plan.
const (
	MaxAppTitle     = 100
	MaxAppDirection = 2000
	MaxAppTeam      = 1000
	MaxAppUnlocks   = 1000
	MaxAppPeople    = 30
	MaxCoApplicants = 5
	MaxAppTags      = 8
)

// applicationCoreFields are the light form's own keys, which program questions may not reuse.
var applicationCoreFields = map[string]bool{"title": true, "direction": true, "team": true, "unlocks": true,
	"amount": true, "field": true, "tags": true, "people": true}

// Application is an innovator's application to a program: a light form (the direction and idea,
// the team, what the money unlocks, the amount), the program's own questions, and what was
// decided about it with the reasons.
type Application struct {
	ID             int64             `json:"id"`
	ProgramID      int64             `json:"program_id"`
	ProgramTitle   string            `json:"program_title"`
	InnovatorID    int64             `json:"innovator_id"`
	InnovatorName  string            `json:"innovator_name"`
	Title          string            `json:"title"`
	Direction      string            `json:"direction"` // 方向与思路
	Team           string            `json:"team"`      // 团队
	Unlocks        string            `json:"unlocks"`   // 这笔钱能做成什么
	Amount         int64             `json:"amount"`    // requested, yuan
	Field          string            `json:"field"`
	Tags           []string          `json:"tags"`
	People         []string          `json:"people"` // names of the team members, for conflict checks
	CoApplicantIDs []int64           `json:"coapplicant_ids"`
	Extra          map[string]string `json:"extra"` // answers to the program's questions
	State          string            `json:"state"`
	Eligibility    *Eligibility      `json:"eligibility,omitempty"`
	SubmittedAt    *time.Time        `json:"submitted_at,omitempty"`
	Outcome        string            `json:"outcome"`
	OutcomeReason  Label             `json:"outcome_reason"`
	Rank           int               `json:"rank"`
	Score          *float64          `json:"score,omitempty"` // normalised
	Granted        int64             `json:"granted"`
	Version        int               `json:"version"`
	CreatedBy      string            `json:"created_by"`
	CreatedAt      time.Time         `json:"created_at"`
	UpdatedAt      time.Time         `json:"updated_at"`
	Attachments    []Attachment      `json:"attachments"`
}

// Attachment is a file attached to an application (its bytes are fetched separately).
type Attachment struct {
	ID            int64     `json:"id"`
	ApplicationID int64     `json:"application_id"`
	Filename      string    `json:"filename"`
	ContentType   string    `json:"content_type"`
	Size          int64     `json:"size"`
	SHA256        string    `json:"sha256"`
	CreatedAt     time.Time `json:"created_at"`
}

// Attachment limits: size, count and the types accepted (sniffed from the bytes, not the name).
const (
	MaxAttachmentSize = 5 << 20
	MaxAttachments    = 5
)

// AttachmentTypes maps the accepted sniffed content types to the name shown.
var AttachmentTypes = map[string]string{
	"application/pdf":           "PDF",
	"image/png":                 "PNG",
	"image/jpeg":                "JPEG",
	"text/plain; charset=utf-8": "text",
}

// ApplicationFilter selects applications.
type ApplicationFilter struct {
	ProgramID    int64
	InnovatorIDs []int64 // restrict to these organisations (an applicant sees only its own)
	IDs          []int64 // restrict to these applications (a reviewer sees only those assigned)
	State        string
	Outcome      string
	Order        Order // by ApplicationSorts
	Offset       int
	Limit        int
}

// Normalize trims text, unifies line ends and deduplicates tags and names.
func (a *Application) Normalize() {
	trim := func(s string) string { return strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n")) }
	a.Title, a.Direction, a.Team, a.Unlocks = trim(a.Title), trim(a.Direction), trim(a.Team), trim(a.Unlocks)
	a.Tags, a.People = dedupe(a.Tags), dedupe(a.People)
	var ids []int64
	seen := map[int64]bool{a.InnovatorID: true}
	for _, id := range a.CoApplicantIDs {
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	a.CoApplicantIDs = ids
	for k, v := range a.Extra {
		a.Extra[k] = trim(v)
	}
	if a.Extra == nil {
		a.Extra = map[string]string{}
	}
}

func dedupe(xs []string) []string {
	out := []string{}
	seen := map[string]bool{}
	for _, x := range xs {
		x = strings.TrimSpace(x)
		if x != "" && !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// Validate checks the fields against the program. A draft only has to respect the limits; a
// submission (complete) must also fill in every required field and request an amount within
// the program's limit.
func (a *Application) Validate(p *Program, complete bool) error {
	var es Errors
	add := func(field string, format Label, args ...any) { es = append(es, FieldError(field, format, args...)) }
	for _, f := range []struct {
		name, value string
		max         int
		zh, en      string
	}{
		{"title", a.Title, MaxAppTitle, "项目名称", "title"},
		{"direction", a.Direction, MaxAppDirection, "方向与思路", "direction and idea"},
		{"team", a.Team, MaxAppTeam, "团队", "team"},
		{"unlocks", a.Unlocks, MaxAppUnlocks, "资金用途", "what the money unlocks"},
	} {
		n := utf8.RuneCountInString(f.value)
		switch {
		case n > f.max:
			add(f.name, Label{Zh: "%[1]s过长（%[2]d 字，最多 %[3]d 字；只需说明方向，不需要详细计划）", En: "%[4]s too long (%[2]d characters, at most %[3]d: a direction, not a detailed plan)"}, f.zh, n, f.max, f.en)
		case n == 0 && complete:
			add(f.name, Label{Zh: "请填写%[1]s", En: "%[2]s is required"}, f.zh, f.en)
		}
	}
	limit := p.RequestLimit()
	switch {
	case a.Amount < 0 || a.Amount > limit:
		add("amount", Label{Zh: "申请金额应在 1 到 %d 元之间", En: "the amount must be from 1 to %d yuan"}, limit)
	case a.Amount == 0 && complete:
		add("amount", Label{Zh: "请填写申请金额（1 到 %d 元）", En: "the amount is required (1 to %d yuan)"}, limit)
	}
	if a.Field != "" && !Fields.Has(a.Field) {
		add("field", Label{Zh: "未知的技术领域 %q", En: "unknown field %q"}, a.Field)
	}
	if len(a.Tags) > MaxAppTags {
		add("tags", Label{Zh: "标签最多 %d 个", En: "at most %d tags"}, MaxAppTags)
	}
	for _, t := range a.Tags {
		if utf8.RuneCountInString(t) > MaxTagLen {
			add("tags", Label{Zh: "标签 %q 过长", En: "tag %q too long"}, t)
		}
	}
	if len(a.People) > MaxAppPeople {
		add("people", Label{Zh: "团队成员最多列 %d 人", En: "at most %d team members"}, MaxAppPeople)
	}
	for _, n := range a.People {
		if utf8.RuneCountInString(n) > 50 {
			add("people", Label{Zh: "姓名 %q 过长", En: "name %q too long"}, n)
		}
	}
	if len(a.CoApplicantIDs) > MaxCoApplicants {
		add("coapplicant_ids", Label{Zh: "合作单位最多 %d 个", En: "at most %d co-applicants"}, MaxCoApplicants)
	}
	known := map[string]bool{}
	for _, f := range p.Fields {
		known[f.Key] = true
		v := a.Extra[f.Key]
		n := utf8.RuneCountInString(v)
		max := f.MaxLen
		if max <= 0 {
			max = 1000
		}
		switch {
		case n > max:
			add("extra."+f.Key, Label{Zh: "「%[1]s」过长（最多 %[2]d 字）", En: "%[3]q too long (at most %[2]d characters)"}, f.Label.Zh, max, f.Label.In("en"))
		case n == 0 && f.Required && complete:
			add("extra."+f.Key, Label{Zh: "请回答「%[1]s」", En: "please answer %[2]q"}, f.Label.Zh, f.Label.In("en"))
		}
	}
	for k := range a.Extra {
		if !known[k] {
			add("extra."+k, Label{Zh: "本计划没有问题 %q", En: "this program has no question %q"}, k)
		}
	}
	if len(es) > 0 {
		return es
	}
	return nil
}

// AppCode names an application in selections and lottery commitments: "A-17".
func AppCode(id int64) string { return fmt.Sprintf("A-%d", id) }

// ParseAppCode returns the id in an application code, or 0 when code is not one.
func ParseAppCode(code string) int64 {
	var id int64
	if n, err := fmt.Sscanf(code, "A-%d", &id); err != nil || n != 1 || AppCode(id) != code || id <= 0 {
		return 0
	}
	return id
}

// OutcomeGranted reports whether an outcome gives the application money.
func OutcomeGranted(outcome string) bool { return outcome == "funded" || outcome == "drawn_in" }
