package seedbed

import (
	"path"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// cst is China Standard Time, in which messages show times.
var cst = time.FixedZone("CST", 8*3600)

// FormatCST shows a time as messages do: to the minute, in China Standard Time.
func FormatCST(t time.Time) string { return t.In(cst).Format("2006-01-02 15:04") }

// CheckCallOpen refuses work on applications unless the program is open and its deadline, at
// now, still ahead.
func (p *Program) CheckCallOpen(now time.Time) error {
	if p.State != ProgramOpen {
		return Errorf(ECONFLICT, Label{Zh: "计划「%[1]s」当前%[2]s，不接受申报", En: "program %[1]q is %[3]s and takes no applications"}, p.Title, p.StateLabel().Zh, strings.ToLower(p.StateLabel().En))
	}
	if now.After(p.Deadline) {
		return Errorf(ECONFLICT, Label{Zh: "申报已于 %s 截止，逾期不予受理", En: "the call closed at %s; late applications are not accepted"}, FormatCST(p.Deadline))
	}
	return nil
}

// CheckEditable refuses changes to an application that is no longer a draft.
func (a *Application) CheckEditable() error {
	if a.State != AppDraft {
		return Errorf(ECONFLICT, Label{Zh: "申请已%[1]s，不能再修改", En: "the application is %[2]s and can no longer change"}, AppStates.Label(a.State).Zh, a.State)
	}
	return nil
}

// CheckSubmittable refuses to submit an application twice or after its withdrawal.
func (a *Application) CheckSubmittable() error {
	if a.State == AppSubmitted {
		return Errorf(ECONFLICT, Label{Zh: "申请已于 %s 提交，不能重复提交", En: "the application was already submitted at %s"}, FormatCST(*a.SubmittedAt))
	}
	if a.State != AppDraft {
		return Errorf(ECONFLICT, Label{Zh: "申请已撤回，不能提交", En: "the application was withdrawn and cannot be submitted"})
	}
	return nil
}

// CheckWithdrawable refuses a withdrawal once the application is withdrawn or the selection has
// decided about it, and a reason longer than 1000 characters.
func (a *Application) CheckWithdrawable(reason string) error {
	if a.State == AppWithdrawn {
		return Errorf(ECONFLICT, Label{Zh: "申请已撤回", En: "the application was already withdrawn"})
	}
	if a.Outcome != "" {
		return Errorf(ECONFLICT, Label{Zh: "遴选结果已产生，不能撤回", En: "the selection has been made; the application can no longer be withdrawn"})
	}
	if len([]rune(reason)) > 1000 {
		return FieldError("reason", Label{Zh: "理由过长（最多 1000 字）", En: "reason too long (at most 1000 characters)"})
	}
	return nil
}

// ValidEligibilityStatus reports whether status is a verdict an application may be submitted with.
func ValidEligibilityStatus(status string) bool {
	return status == Eligible || status == Ineligible || status == Undecided
}

// CheckAttachment refuses a file of a type not in AttachmentTypes, an empty one, or one larger
// than MaxAttachmentSize; count is how many files the application already has.
func CheckAttachment(contentType string, size, count int) error {
	if _, ok := AttachmentTypes[contentType]; !ok {
		return FieldError("file", Label{Zh: "不支持的文件类型 %s，只接受 PDF、PNG、JPEG 和纯文本", En: "file type %s is not accepted; use PDF, PNG, JPEG or plain text"}, contentType)
	}
	if size == 0 {
		return FieldError("file", Label{Zh: "文件为空", En: "the file is empty"})
	}
	if size > MaxAttachmentSize {
		return &Error{Code: ETOOLARGE, Field: "file", Text: Label{Zh: "文件超过 5 MiB", En: "the file is larger than 5 MiB"}}
	}
	if count >= MaxAttachments {
		return FieldError("file", Label{Zh: "每份申请最多 %d 个附件", En: "at most %d attachments per application"}, MaxAttachments)
	}
	return nil
}

// CleanFilename keeps the base name, without control characters or quotes, at most 120 characters.
func CleanFilename(name string) string {
	name = path.Base(strings.ReplaceAll(name, `\`, "/"))
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '"' || r == '/' || r == utf8.RuneError {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	if r := []rune(name); len(r) > 120 {
		name = strings.TrimSpace(string(r[len(r)-120:]))
	}
	if name == "" || name == "." || name == ".." {
		name = "attachment"
	}
	return name
}

// ProgramSubject names a program as the subject of decision events.
func ProgramSubject(id int64) string { return "program:" + strconv.FormatInt(id, 10) }

// ApplicationSubject names an application as the subject of decision events.
func ApplicationSubject(id int64) string { return "application:" + strconv.FormatInt(id, 10) }

// AwardSubject names an award as the subject of decision events.
func AwardSubject(id int64) string { return "award:" + strconv.FormatInt(id, 10) }
