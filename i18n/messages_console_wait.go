package i18n

// What the review console says instead of a button that cannot succeed yet, or that awaits a
// second officer.
func init() {
	Register(Zh, map[string]string{
		"console.select_after_replies": "答复期结束后才能遴选",
		"console.select_own_waiting":   "您已于 %s 提出遴选结果，正在等待另一位项目主管复核确认。",
		"console.select_waiting":       "%s 已提出遴选结果，正在等待另一位项目主管复核确认。",
		"console.select_approve_hint":  "%s 于 %s 提出遴选结果；双人复核：由您确认后生效。",
		"console.select_approve":       "复核确认遴选结果",
	})
	Register(En, map[string]string{
		"console.select_after_replies": "the selection can be made once the reply window has closed",
		"console.select_own_waiting":   "You proposed the selection on %s; it awaits confirmation by another officer.",
		"console.select_waiting":       "%s proposed the selection; it awaits confirmation by another officer.",
		"console.select_approve_hint":  "%s proposed the selection on %s; two-person rule: it takes effect once you confirm it.",
		"console.select_approve":       "Confirm the selection",
	})
}
