package seedbed

import (
	"encoding/json"
	"fmt"
	"time"
)

// The rights of a person under China's Personal Information Protection Law (PIPL, arts. 45 and
// 47): to receive a copy of what is held about them, and to have it erased where no law
// requires it kept. The person is an individual innovator (个人) or a grassroots team (草根团队),
// or the contact person of any innovator. An officer or administrator acts on the person's
// request; both the export and the erasure are audited.

// Erasure scopes: the whole person (an individual or a team), or only an organisation's
// contact person.
const (
	ErasePerson  = "person"
	EraseContact = "contact"
)

// EraseScopes lists the erasure scopes with their labels.
var EraseScopes = OptionSet{
	{ErasePerson, Label{"个人或团队的全部个人信息", "everything personal about an individual or a team"}},
	{EraseContact, Label{"仅联系人信息", "only the contact person's details"}},
}

// PersonalData is everything seedbed holds about one innovator and the people behind it, as
// given to the person on request.
type PersonalData struct {
	ExportedAt   time.Time         `json:"exported_at"`
	ExportedBy   string            `json:"exported_by"`
	Scope        string            `json:"scope"`
	Innovator    Innovator         `json:"innovator"`
	History      []Change          `json:"history"`
	Accounts     []User            `json:"accounts"`
	Applications []Application     `json:"applications"`
	Attachments  []Attachment      `json:"attachments"`
	Awards       []Award           `json:"awards"`
	Failures     []Failure         `json:"failures"`
	Observations json.RawMessage   `json:"observations"`
	Events       []Event           `json:"decision_events"`
	Audit        []AuditEntry      `json:"audit_log"`
	Notes        map[string]string `json:"notes"`
}

// Erasure is what an erasure did: the fields blanked in each table, and what was kept by law.
type Erasure struct {
	InnovatorID int64          `json:"innovator_id"`
	Scope       string         `json:"scope"`
	Pseudonym   string         `json:"pseudonym"`
	Erased      map[string]int `json:"erased"` // table.field -> rows changed
	Kept        []Label        `json:"kept"`
}

// ErasedName is the name an erased person's row carries from then on: a pseudonym that says
// nothing about the person and is the same in every language.
func ErasedName(id int64) string { return fmt.Sprintf("#%d", id) }

// CheckErasable refuses an erasure the law does not allow yet, or that would erase an
// organisation: scope person only for individuals and teams; nothing while an application
// is being decided or an award is running, since those records are needed to finish them.
func CheckErasable(in *Innovator, scope string, openApplications, runningAwards int) error {
	if !EraseScopes.Has(scope) {
		return FieldError("scope", Label{Zh: "未知的删除范围 %q", En: "unknown erasure scope %q"}, scope)
	}
	if scope == ErasePerson && in.Kind != KindIndividual && in.Kind != KindTeam {
		return FieldError("scope", Label{Zh: "主体 %d 是单位而非个人：只能删除其联系人信息", En: "innovator %d is an organisation, not a person: only its contact person can be erased"}, in.ID)
	}
	if openApplications > 0 {
		return Errorf(ECONFLICT, Label{Zh: "主体 %d 有 %d 份申请尚在评审中：评审结束后才能删除", En: "innovator %d has %d applications still being decided: erase after the decision"}, in.ID, openApplications)
	}
	if scope == ErasePerson && runningAwards > 0 {
		return Errorf(ECONFLICT, Label{Zh: "主体 %d 有 %d 项资助尚在执行：结项后才能删除", En: "innovator %d has %d awards still running: erase after they close"}, in.ID, runningAwards)
	}
	return nil
}

// EventActor is the name a decision event, and so the ledger, records for the actor. Staff
// (officers, reviewers, auditors, administrators) act in office and are named; an applicant's
// account belongs to a person or stands for one, so the append-only ledger holds a pseudonym,
// "applicant#<account id>", which an erasure unlinks by renaming the account.
func EventActor(a Actor) string {
	if a.Role == RoleApplicant && a.UserID > 0 {
		return fmt.Sprintf("applicant#%d", a.UserID)
	}
	return a.Username
}
