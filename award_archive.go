package seedbed

import "time"

// ArchivedAward is one award of a program run before the platform, as a bureau's archive records
// it: who received how much, when, for what. Importing an archive brings that history in so that
// monitoring and impact can compare awardees with the rest of the region; the archive's
// applications are recorded as funded and its awards as completed, with no tranches or reports
// to follow, since the money was paid and accounted for outside the platform.
type ArchivedAward struct {
	InnovatorID int64     `json:"innovator_id"`
	Title       string    `json:"title"`  // the project's title
	Amount      int64     `json:"amount"` // yuan
	AwardedAt   time.Time `json:"awarded_at"`
}

// MaxArchivedAwards is how many archived awards one import may hold.
const MaxArchivedAwards = 100_000

// CheckArchive checks an archive's program and awards before anything is stored: the program
// needs a title and a deadline, and each award an innovator, a title, a positive amount and an
// award date after the deadline and no later than now. Problems carry their 1-based row.
func CheckArchive(p *Program, awards []ArchivedAward, now time.Time) error {
	var es Errors
	if p.Title == "" {
		es = append(es, FieldError("title", Label{Zh: "请填写计划名称", En: "the program needs a title"}))
	}
	if p.Deadline.IsZero() {
		es = append(es, FieldError("deadline", Label{Zh: "请填写往年计划的申报截止日期", En: "the archived program needs its deadline"}))
	}
	if len(awards) == 0 {
		es = append(es, FieldError("awards", Label{Zh: "档案中没有资助记录", En: "the archive holds no awards"}))
	}
	if len(awards) > MaxArchivedAwards {
		es = append(es, Errorf(ETOOLARGE, Label{Zh: "一次最多导入 %d 项往年资助", En: "at most %d archived awards at once"}, MaxArchivedAwards))
	}
	for i, aw := range awards {
		line := i + 1
		bad := func(field string, l Label, args ...any) {
			es = append(es, &Error{Code: EINVALID, Field: field, Line: line, Text: l, Args: args})
		}
		if aw.InnovatorID <= 0 {
			bad("innovator_id", Label{Zh: "缺少创新主体编号", En: "the innovator is missing"})
		}
		if aw.Title == "" {
			bad("title", Label{Zh: "缺少项目名称", En: "the project title is missing"})
		}
		if aw.Amount <= 0 {
			bad("amount", Label{Zh: "资助金额必须大于 0，而不是 %d", En: "the amount must be above 0, not %d"}, aw.Amount)
		}
		if aw.AwardedAt.Before(p.Deadline) || aw.AwardedAt.After(now) {
			bad("awarded_at", Label{Zh: "资助日期须在申报截止之后、今天之前", En: "the award date must fall after the deadline and not after today"})
		}
		if len(es) > 100 {
			break
		}
	}
	if len(es) > 0 {
		return es
	}
	return nil
}

func init() {
	AuditActions = append(AuditActions, Option{"program.archive", Label{"导入往年计划的资助档案", "Imported a past program's awards from the archive"}})
}
