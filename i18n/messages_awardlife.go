package i18n

// The life of an award after it is made: what is overdue, the to-do counts, reporting schedules,
// extensions and variations, closeout and termination.
func init() {
	Register(Zh, map[string]string{
		"award.overdue":        "已逾期",
		"award.overdue_since":  "已逾期：应于 %s 前提交",
		"todo.title":           "待办",
		"todo.milestones":      "%d 项里程碑证明待验收",
		"todo.release":         "%d 批资金待拨付",
		"todo.overdue":         "%d 项里程碑证明逾期未交",
		"todo.none":            "没有待办事项",
		"todo.open_awards":     "查看资助与拨付",
		"todo.applicant_title": "本单位的资助待办",
	})
	Register(En, map[string]string{
		"award.overdue":        "Overdue",
		"award.overdue_since":  "Overdue: due by %s",
		"todo.title":           "To do",
		"todo.milestones":      "%d milestone submissions to review",
		"todo.release":         "%d tranches to release",
		"todo.overdue":         "%d milestones overdue",
		"todo.none":            "Nothing waiting",
		"todo.open_awards":     "Open awards and tranches",
		"todo.applicant_title": "Your organisation's awards: to do",
	})
}
