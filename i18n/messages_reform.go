package i18n

// The reform comparison of a policy version.
func init() {
	Register(Zh, map[string]string{
		"policy.reform.link":         "改革对比",
		"policy.reform.title":        "《%s》第 %d 版的改革对比",
		"policy.reform.lead":         "按第 %d 版（现行）与第 %d 版的规则，在新版施行首日（%s）评估登记库中的每个主体：谁新获或失去资格，谁获得的资助增加或减少。",
		"policy.reform.lead_new":     "第 %d 版之前没有现行版本：按其规则在施行首日（%s）评估登记库中的每个主体。",
		"policy.reform.note":         "两版在同一天评估，只有规则不同；需要监测指标的条件按“无法判定”计，不当作不符合。金额为万元。",
		"policy.reform.by_segment":   "按主体类别统计",
		"policy.reform.segment":      "类别",
		"policy.reform.total":        "主体数",
		"policy.reform.money_delta":  "资助变化（万元）",
		"policy.reform.list":         "受影响的主体",
		"policy.reform.innovator":    "主体",
		"policy.reform.change":       "变化",
		"policy.reform.before_after": "现行 → 新版",
		"policy.reform.money":        "资助（万元）",
		"policy.reform.truncated":    "只列出前 %d 个受影响的主体；统计包括全部。",
		"policy.reform.none":         "没有主体的资格或资助因新版而改变。",
	})
	Register(En, map[string]string{
		"policy.reform.link":         "Reform comparison",
		"policy.reform.title":        "Reform comparison of %s, version %d",
		"policy.reform.lead":         "Every innovator in the registry, evaluated on the new version's first day (%[3]s) under version %[1]d (in force) and version %[2]d: who gains or loses eligibility, who is granted more or less.",
		"policy.reform.lead_new":     "No version was in force before version %d: every innovator in the registry evaluated under it on its first day (%s).",
		"policy.reform.note":         "Both versions are evaluated on the same day, so only the rules differ; a condition that needs monitoring indicators counts as undecided, never as not met. Amounts in 10k CNY.",
		"policy.reform.by_segment":   "By segment of the registry",
		"policy.reform.segment":      "Segment",
		"policy.reform.total":        "Innovators",
		"policy.reform.money_delta":  "Change in money (10k CNY)",
		"policy.reform.list":         "Innovators affected",
		"policy.reform.innovator":    "Innovator",
		"policy.reform.change":       "Change",
		"policy.reform.before_after": "In force → new",
		"policy.reform.money":        "Money (10k CNY)",
		"policy.reform.truncated":    "Only the first %d innovators affected are listed; the counts cover all.",
		"policy.reform.none":         "No innovator's eligibility or money changes under the new version.",
	})
}
