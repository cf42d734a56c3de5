package i18n

// What a page says in place of a form that would be refused while a decision asked for earlier
// awaits a second person (two-person rule): reopening a selection, deciding an application's
// eligibility by hand.
func init() {
	Register(Zh, map[string]string{
		"gate.own_waiting":   "您已于 %s 提出此项，正在等待另一位工作人员复核；复核完成前不能再次提出。",
		"gate.waiting":       "%s 已提出此项，正在等待另一位工作人员复核；复核完成前不能再次提出。",
		"gate.approve_hint":  "%s 于 %s 提出此项。双人复核：由您复核通过后生效。",
		"gate.approve":       "复核通过",
		"gate.approval_link": "查看复核事项",
	})
	Register(En, map[string]string{
		"gate.own_waiting":   "You asked for this on %s; it awaits approval by a second person and cannot be asked for again until then.",
		"gate.waiting":       "%s has asked for this; it awaits approval by a second person and cannot be asked for again until then.",
		"gate.approve_hint":  "%s asked for this on %s. Two-person rule: it takes effect when you approve it.",
		"gate.approve":       "Approve",
		"gate.approval_link": "See the approval",
	})
}
