package seedbed

import (
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// Event kinds of the public notice of a funding list (资助名单公示) and of a consultation on a
// draft policy (征求意见). Closing a notice records EventPublicNotice, the step of the standard
// procedure, with the objections it drew and how many were answered.
const (
	EventNoticePublished       = "notice_published"
	EventObjectionAnswered     = "objection_answered"
	EventConsultationOpened    = "consultation_opened"
	EventCommentAnswered       = "comment_answered"
	EventConsultationConcluded = "consultation_concluded"
)

// Notice states, as of a day: before its first day, during it, after its last day, and closed
// by an officer (its end recorded in the ledger).
const (
	NoticeUpcoming = "upcoming"
	NoticeOpen     = "open"
	NoticeEnded    = "ended"
	NoticeClosed   = "closed"
)

// NoticeWorkingDays is the default length of a notice period, in working days (Monday to
// Friday), when the procedure in force asks for no longer.
const NoticeWorkingDays = 5

// Limits of what a member of the public may send: a comment or objection's text, and a contact.
const (
	CommentMaxRunes = 2000
	ContactMaxRunes = 200
)

// FundingNotice is a program's proposed funded list on public notice for a period: the list as
// it was published, the period (calendar days in China, both ends included) and whether
// objections may be lodged without a contact.
type FundingNotice struct {
	ID             int64         `json:"id"`
	ProgramID      int64         `json:"program_id"`
	ProgramTitle   string        `json:"program_title"`
	StartOn        string        `json:"start_on"`
	EndOn          string        `json:"end_on"`
	AllowAnonymous bool          `json:"allow_anonymous"`
	Note           string        `json:"note"`
	Entries        []NoticeEntry `json:"entries"`
	PublishedAt    time.Time     `json:"published_at"`
	PublishedBy    string        `json:"published_by,omitempty"`
	ClosedAt       *time.Time    `json:"closed_at,omitempty"`
	ClosedBy       string        `json:"closed_by,omitempty"`
	Objections     int           `json:"objections"`
	Answered       int           `json:"answered"`
}

// NoticeEntry is one application on a notice's list with the amount proposed.
type NoticeEntry struct {
	ApplicationID int64 `json:"application_id"`
	InnovatorID   int64 `json:"innovator_id"`
	Amount        int64 `json:"amount"`
}

// State is the notice's state on day (a date written YYYY-MM-DD).
func (n *FundingNotice) State(day string) string {
	return periodState(n.ClosedAt != nil, n.StartOn, n.EndOn, day)
}

// Days is the length of the period, counting both ends.
func (n *FundingNotice) Days() int { return (&PublicNotice{StartOn: n.StartOn, EndOn: n.EndOn}).Days() }

// HasEntry reports whether an application is on the notice's list.
func (n *FundingNotice) HasEntry(applicationID int64) bool {
	for _, e := range n.Entries {
		if e.ApplicationID == applicationID {
			return true
		}
	}
	return false
}

func periodState(closed bool, start, end, day string) string {
	switch {
	case closed:
		return NoticeClosed
	case day < start:
		return NoticeUpcoming
	case day > end:
		return NoticeEnded
	}
	return NoticeOpen
}

// NoticePeriod is what an officer asks for when publishing a notice or opening a consultation:
// the first and last day (the last may be empty for the default) and a note to the public.
type NoticePeriod struct {
	StartOn        string `json:"start_on"`
	EndOn          string `json:"end_on"`
	AllowAnonymous bool   `json:"allow_anonymous"`
	Note           string `json:"note"`
}

// Validate checks the period against today (a date): it may not start in the past, must last
// at least minDays calendar days, and an empty end becomes DefaultNoticeEnd.
func (p *NoticePeriod) Validate(today string, minDays int) error {
	var es Errors
	p.StartOn, p.EndOn, p.Note = strings.TrimSpace(p.StartOn), strings.TrimSpace(p.EndOn), strings.TrimSpace(p.Note)
	if p.StartOn == "" {
		p.StartOn = today
	}
	es = append(es, checkDate("start_on", p.StartOn)...)
	if len(es) == 0 && p.StartOn < today {
		es = append(es, FieldError("start_on", Label{Zh: "开始日期 %s 早于今天（%s）", En: "the start %s is before today (%s)"}, p.StartOn, today))
	}
	if len(es) == 0 && p.EndOn == "" {
		p.EndOn = DefaultNoticeEnd(p.StartOn, minDays)
	}
	if p.EndOn != "" {
		if e := checkDate("end_on", p.EndOn); e != nil {
			es = append(es, e...)
		}
	}
	if len(es) == 0 {
		days := (&PublicNotice{StartOn: p.StartOn, EndOn: p.EndOn}).Days()
		switch {
		case days < 1:
			es = append(es, FieldError("end_on", Label{Zh: "结束日期早于开始日期", En: "the period ends before it starts"}))
		case days < minDays:
			es = append(es, FieldError("end_on", Label{Zh: "公示期仅 %d 天，少于程序要求的 %d 天", En: "the period lasts %d days, fewer than the %d the procedure requires"}, days, minDays))
		case days > 90:
			es = append(es, FieldError("end_on", Label{Zh: "期限最长 90 天", En: "the period lasts at most 90 days"}))
		}
	}
	if utf8.RuneCountInString(p.Note) > CommentMaxRunes {
		es = append(es, FieldError("note", Label{Zh: "说明过长（最多 %d 字）", En: "note too long (at most %d characters)"}, CommentMaxRunes))
	}
	if len(es) > 0 {
		return es
	}
	return nil
}

// DefaultNoticeEnd is the last day of a period starting on start (YYYY-MM-DD) that lasts
// NoticeWorkingDays working days (Monday to Friday; public holidays are not known here, so an
// officer extends the period over them) and at least minDays calendar days.
func DefaultNoticeEnd(start string, minDays int) string {
	d, err := time.Parse(DateLayout, start)
	if err != nil {
		return ""
	}
	first := d
	for worked := 0; ; d = d.AddDate(0, 0, 1) {
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			worked++
		}
		if worked == NoticeWorkingDays {
			break
		}
	}
	if min := first.AddDate(0, 0, minDays-1); minDays > 0 && d.Before(min) {
		d = min
	}
	return d.Format(DateLayout)
}

// Comment kinds: an objection to a funding notice, a comment on a draft policy.
const (
	CommentObjection = "objection"
	CommentPolicy    = "comment"
)

// PublicComment is what a member of the public sent during a notice or consultation period: an
// objection (异议) to a funding list, or a comment on a draft policy, and the bureau's answer.
// Contact is personal data: only officers and auditors see it, and never on a public page.
type PublicComment struct {
	ID             int64      `json:"id"`
	Kind           string     `json:"kind"`
	NoticeID       int64      `json:"notice_id,omitempty"`
	ConsultationID int64      `json:"consultation_id,omitempty"`
	ApplicationID  int64      `json:"application_id,omitempty"` // the entry an objection concerns; 0: the whole list
	Text           string     `json:"text"`
	Contact        string     `json:"contact,omitempty"`
	SubmittedAt    time.Time  `json:"submitted_at"`
	Answer         string     `json:"answer,omitempty"`
	AnsweredAt     *time.Time `json:"answered_at,omitempty"`
	AnsweredBy     string     `json:"answered_by,omitempty"`
}

// CommentInput is what the public form or API sends.
type CommentInput struct {
	Text          string `json:"text"`
	Contact       string `json:"contact"`
	ApplicationID int64  `json:"application_id"`
}

// contactPattern finds what looks like contact details or an identity number in a text that
// may be published: a mainland mobile or landline number, an e-mail address, an ID-card number.
var contactPattern = regexp.MustCompile(`(?:^|[^0-9])(?:1[3-9][0-9]{9}|0[1-9][0-9]{1,2}-?[0-9]{7,8}|[1-9][0-9]{16}[0-9Xx])(?:$|[^0-9])|[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}`)

// HasContactDetails reports whether s carries what looks like a phone number, an e-mail
// address or an ID-card number.
func HasContactDetails(s string) bool { return contactPattern.MatchString(s) }

// Validate checks an input: a text of 1 to CommentMaxRunes characters without contact details
// (the text may be published; contacts go in the contact field), a contact of at most
// ContactMaxRunes characters, required unless anonymous input is allowed.
func (in *CommentInput) Validate(anonymousAllowed bool) error {
	var es Errors
	in.Text, in.Contact = strings.TrimSpace(in.Text), strings.TrimSpace(in.Contact)
	switch n := utf8.RuneCountInString(in.Text); {
	case n == 0:
		es = append(es, FieldError("text", Label{Zh: "请填写意见内容", En: "write what you have to say"}))
	case n > CommentMaxRunes:
		es = append(es, FieldError("text", Label{Zh: "内容过长：%d 字，最多 %d 字", En: "too long: %d characters, at most %d"}, n, CommentMaxRunes))
	case !utf8.ValidString(in.Text):
		es = append(es, FieldError("text", Label{Zh: "内容含有无效字符", En: "the text has invalid characters"}))
	case HasContactDetails(in.Text):
		es = append(es, FieldError("text", Label{Zh: "内容可能公开：请勿在内容中写电话、电子邮箱或身份证号，联系方式请填在“联系方式”一栏",
			En: "the text may be published: leave phone numbers, e-mail addresses and ID numbers out of it and put your contact in the contact field"}))
	}
	switch n := utf8.RuneCountInString(in.Contact); {
	case n > ContactMaxRunes:
		es = append(es, FieldError("contact", Label{Zh: "联系方式过长（最多 %d 字）", En: "contact too long (at most %d characters)"}, ContactMaxRunes))
	case n == 0 && !anonymousAllowed:
		es = append(es, FieldError("contact", Label{Zh: "本次公示不接受匿名异议，请留下联系方式", En: "this notice takes no anonymous objections: leave a contact"}))
	}
	if in.ApplicationID < 0 {
		es = append(es, FieldError("application_id", Label{Zh: "编号应为正整数", En: "ids must be positive"}))
	}
	if len(es) > 0 {
		return es
	}
	return nil
}

// ValidateAnswer checks an officer's answer: 1 to CommentMaxRunes characters, published as
// written, so without contact details.
func ValidateAnswer(answer string) (string, error) {
	answer = strings.TrimSpace(answer)
	switch n := utf8.RuneCountInString(answer); {
	case n == 0:
		return "", FieldError("answer", Label{Zh: "请填写答复", En: "write the answer"})
	case n > CommentMaxRunes:
		return "", FieldError("answer", Label{Zh: "答复过长：%d 字，最多 %d 字", En: "answer too long: %d characters, at most %d"}, n, CommentMaxRunes)
	case HasContactDetails(answer):
		return "", FieldError("answer", Label{Zh: "答复将公开发布，请勿写入电话、电子邮箱或身份证号", En: "the answer is published: leave phone numbers, e-mail addresses and ID numbers out of it"})
	}
	return answer, nil
}

// Consultation is a draft policy version open for public comment (征求意见) for a period; it
// is concluded when the bureau has answered every comment, and names the version finally
// published, if any.
type Consultation struct {
	ID           int64      `json:"id"`
	PolicyID     string     `json:"policy_id"`
	Version      int        `json:"version"`
	Title        Label      `json:"title"`
	StartOn      string     `json:"start_on"`
	EndOn        string     `json:"end_on"`
	Note         string     `json:"note"`
	OpenedAt     time.Time  `json:"opened_at"`
	OpenedBy     string     `json:"opened_by,omitempty"`
	ConcludedAt  *time.Time `json:"concluded_at,omitempty"`
	ConcludedBy  string     `json:"concluded_by,omitempty"`
	FinalVersion int        `json:"final_version,omitempty"`
	Conclusion   string     `json:"conclusion,omitempty"`
	Comments     int        `json:"comments"`
	Answered     int        `json:"answered"`
}

// State is the consultation's state on day (a date written YYYY-MM-DD).
func (c *Consultation) State(day string) string {
	return periodState(c.ConcludedAt != nil, c.StartOn, c.EndOn, day)
}

// PublishedNotice is a funding notice as the public sees it: the period and the list, each
// entry in the published form of a grant (nothing personal about an individual or a team named
// after people), and the answered objections without anything about the objectors.
type PublishedNotice struct {
	ID             int64           `json:"id"`
	ProgramID      int64           `json:"program_id"`
	ProgramTitle   string          `json:"program_title"`
	StartOn        string          `json:"start_on"`
	EndOn          string          `json:"end_on"`
	State          string          `json:"state"`
	AllowAnonymous bool            `json:"allow_anonymous"`
	Note           string          `json:"note"`
	PublishedAt    time.Time       `json:"published_at"`
	ClosedAt       *time.Time      `json:"closed_at,omitempty"`
	Objections     int             `json:"objections"`
	Answered       int             `json:"answered"`
	Total          int64           `json:"total"`
	List           []NoticedGrant  `json:"list,omitempty"`
	Answers        []PublicComment `json:"answers,omitempty"`
}

// NoticedGrant is one entry of a published notice's list.
type NoticedGrant struct {
	ApplicationID int64     `json:"application_id"`
	Title         string    `json:"title"`
	Amount        int64     `json:"amount"`
	Recipient     Recipient `json:"recipient"`
	ToIndividual  bool      `json:"to_individual"`
	NameWithheld  bool      `json:"name_withheld,omitempty"`
}

// Published is the notice as the public sees it on day, its list drawn from the applications
// and innovators given by id (entries whose rows are missing are listed without a recipient).
func (n *FundingNotice) Published(day string, apps map[int64]Application, ins map[int64]Innovator, answers []PublicComment) PublishedNotice {
	p := PublishedNotice{ID: n.ID, ProgramID: n.ProgramID, ProgramTitle: n.ProgramTitle, StartOn: n.StartOn, EndOn: n.EndOn,
		State: n.State(day), AllowAnonymous: n.AllowAnonymous, Note: n.Note, PublishedAt: n.PublishedAt, ClosedAt: n.ClosedAt,
		Objections: n.Objections, Answered: n.Answered, List: []NoticedGrant{}, Answers: answers}
	for _, e := range n.Entries {
		g := PublicGrantOf(Award{ProgramID: n.ProgramID, ApplicationTitle: apps[e.ApplicationID].Title, Amount: e.Amount}, ins[e.InnovatorID])
		p.List = append(p.List, NoticedGrant{ApplicationID: e.ApplicationID, Title: g.Title, Amount: e.Amount, Recipient: g.Recipient,
			ToIndividual: g.ToIndividual, NameWithheld: g.NameWithheld})
		p.Total += e.Amount
	}
	return p
}
