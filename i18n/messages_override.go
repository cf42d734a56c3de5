package i18n

// An officer's override of an undecided eligibility (two-person rule).
func init() {
	Register(Zh, map[string]string{
		"application.override.hint":   "规则无法判定该申请的资格（登记信息不全）。项目主管可在核实后改判，须写明理由，并由另一位项目主管复核后生效。",
		"application.override.status": "改判为",
		"application.override.reason": "理由（核实了什么）",
		"application.override.submit": "提请改判",
		"application.override.done":   "资格已改判。",
		"application.override.shown":  "人工改判为“%s”：%s 提出，%s 复核。",
	})
	Register(En, map[string]string{
		"application.override.hint":   "The rules could not decide this application's eligibility (the registry lacks data). An officer may decide it after checking, with the reason; it takes effect when a second officer approves.",
		"application.override.status": "Decide as",
		"application.override.reason": "Reason (what was checked)",
		"application.override.submit": "Propose the decision",
		"application.override.done":   "Eligibility decided.",
		"application.override.shown":  "Decided by hand as %s: proposed by %s, approved by %s.",
	})
}
