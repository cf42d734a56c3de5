package seedbed

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Event kinds of the standard decision procedure that the programs module does not record:
// publishing a procedure version, the collective decision (集体决策), the public notice (公示)
// and the deciding official's declaration of interests.
const (
	EventProcedurePublished  = "procedure_published"
	EventCollectiveDecision  = "collective_decision"
	EventPublicNotice        = "public_notice"
	EventInterestDeclaration = "interest_declaration"
)

// DateLayout is how procedure records write dates.
const DateLayout = "2006-01-02"

// ProcedureInfo is a published version of a standard decision procedure.
type ProcedureInfo struct {
	ID            string    `json:"id"`
	Version       int       `json:"version"`
	Title         Label     `json:"title"`
	EffectiveFrom string    `json:"effective_from"`
	EffectiveTo   string    `json:"effective_to,omitempty"`
	SHA256        string    `json:"sha256"`
	PublishedAt   time.Time `json:"published_at"`
	PublishedBy   string    `json:"published_by"`
	Source        string    `json:"source,omitempty"`
}

// CollectiveDecision is the record of the meeting that decided a program's funding list
// collectively: who could vote, who was present, and how they voted.
type CollectiveDecision struct {
	ProgramID      int64   `json:"program_id"`
	Body           string  `json:"body"`    // e.g. 局党组会、专项资金评审委员会
	HeldOn         string  `json:"held_on"` // date
	Members        int     `json:"members"`
	Present        int     `json:"present"`
	For            int     `json:"for"`
	Against        int     `json:"against"`
	Abstain        int     `json:"abstain"`
	ApplicationIDs []int64 `json:"application_ids"` // the decisions it covers; empty for the whole list
	Resolution     string  `json:"resolution"`
}

// Validate checks the record, returning every problem.
func (d *CollectiveDecision) Validate() error {
	var es Errors
	d.Body, d.Resolution = strings.TrimSpace(d.Body), strings.TrimSpace(d.Resolution)
	if d.ProgramID <= 0 {
		es = append(es, FieldError("program_id", Label{Zh: "缺少计划", En: "the program is missing"}))
	}
	if n := utf8.RuneCountInString(d.Body); n == 0 || n > 100 {
		es = append(es, FieldError("body", Label{Zh: "请写明决策机构（1–100 字）", En: "name the deciding body (1 to 100 characters)"}))
	}
	es = append(es, checkDate("held_on", d.HeldOn)...)
	switch {
	case d.Members < 1 || d.Members > 1000:
		es = append(es, FieldError("members", Label{Zh: "应到人数应为 1 到 1000", En: "members must be from 1 to 1000"}))
	case d.Present < 0 || d.Present > d.Members:
		es = append(es, FieldError("present", Label{Zh: "实到人数应在 0 到应到人数之间", En: "present must be between 0 and the members"}))
	case d.For < 0 || d.Against < 0 || d.Abstain < 0 || d.For+d.Against+d.Abstain > d.Present:
		es = append(es, FieldError("for", Label{Zh: "赞成、反对、弃权票之和不能超过实到人数", En: "for, against and abstentions cannot exceed those present"}))
	}
	es = append(es, checkIDs("application_ids", d.ApplicationIDs)...)
	if utf8.RuneCountInString(d.Resolution) > 2000 {
		es = append(es, FieldError("resolution", Label{Zh: "决议过长（最多 2000 字）", En: "resolution too long (at most 2000 characters)"}))
	}
	if len(es) > 0 {
		return es
	}
	return nil
}

// PublicNotice is the record of a funding list's public notice period (公示) and the
// objections it drew.
type PublicNotice struct {
	ProgramID      int64   `json:"program_id"`
	Channel        string  `json:"channel"` // where it was published
	StartOn        string  `json:"start_on"`
	EndOn          string  `json:"end_on"`
	ApplicationIDs []int64 `json:"application_ids"` // the decisions on notice; empty for the whole list
	Objections     int     `json:"objections"`
	Resolved       int     `json:"resolved"`
	Note           string  `json:"note"`
}

// Days is the length of the notice period, counting both ends.
func (n *PublicNotice) Days() int {
	s, err1 := time.Parse(DateLayout, n.StartOn)
	e, err2 := time.Parse(DateLayout, n.EndOn)
	if err1 != nil || err2 != nil {
		return 0
	}
	return int(e.Sub(s).Hours()/24) + 1
}

// Validate checks the record, returning every problem.
func (n *PublicNotice) Validate() error {
	var es Errors
	n.Channel, n.Note = strings.TrimSpace(n.Channel), strings.TrimSpace(n.Note)
	if n.ProgramID <= 0 {
		es = append(es, FieldError("program_id", Label{Zh: "缺少计划", En: "the program is missing"}))
	}
	if c := utf8.RuneCountInString(n.Channel); c == 0 || c > 200 {
		es = append(es, FieldError("channel", Label{Zh: "请写明公示渠道（1–200 字）", En: "name where the notice was published (1 to 200 characters)"}))
	}
	es = append(es, checkDate("start_on", n.StartOn)...)
	es = append(es, checkDate("end_on", n.EndOn)...)
	if len(es) == 0 && n.Days() < 1 {
		es = append(es, FieldError("end_on", Label{Zh: "公示结束日期早于开始日期", En: "the notice ends before it starts"}))
	}
	if n.Objections < 0 || n.Resolved < 0 || n.Resolved > n.Objections {
		es = append(es, FieldError("resolved", Label{Zh: "已处理的异议数应在 0 到异议数之间", En: "resolved objections must be between 0 and the objections"}))
	}
	es = append(es, checkIDs("application_ids", n.ApplicationIDs)...)
	if utf8.RuneCountInString(n.Note) > 2000 {
		es = append(es, FieldError("note", Label{Zh: "说明过长（最多 2000 字）", En: "note too long (at most 2000 characters)"}))
	}
	if len(es) > 0 {
		return es
	}
	return nil
}

// InterestDeclaration is the deciding official's statement that they have, or have no,
// personal interest in a program's applicants.
type InterestDeclaration struct {
	ProgramID int64  `json:"program_id"`
	Interest  bool   `json:"interest"`
	Note      string `json:"note"`
}

// Validate checks the declaration: an interest must be described.
func (d *InterestDeclaration) Validate() error {
	d.Note = strings.TrimSpace(d.Note)
	var es Errors
	if d.ProgramID <= 0 {
		es = append(es, FieldError("program_id", Label{Zh: "缺少计划", En: "the program is missing"}))
	}
	if d.Interest && d.Note == "" {
		es = append(es, FieldError("note", Label{Zh: "声明存在利害关系时须说明", En: "describe the interest you declare"}))
	}
	if utf8.RuneCountInString(d.Note) > 1000 {
		es = append(es, FieldError("note", Label{Zh: "说明过长（最多 1000 字）", En: "note too long (at most 1000 characters)"}))
	}
	if len(es) > 0 {
		return es
	}
	return nil
}

func checkDate(field, v string) Errors {
	t, err := time.Parse(DateLayout, v)
	if err != nil || t.Year() < 2000 || t.Year() > 2100 {
		return Errors{FieldError(field, Label{Zh: "请按 2026-03-01 的格式填写日期", En: "write the date as 2026-03-01"})}
	}
	return nil
}

func checkIDs(field string, ids []int64) Errors {
	if len(ids) > 1000 {
		return Errors{FieldError(field, Label{Zh: "最多 1000 项", En: "at most 1000 items"})}
	}
	for _, id := range ids {
		if id <= 0 {
			return Errors{FieldError(field, Label{Zh: "编号应为正整数", En: "ids must be positive"})}
		}
	}
	return nil
}
