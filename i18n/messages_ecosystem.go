package i18n

// The ecosystem indicators: the leaders' dashboard, its drill-down to awards and the breadth of
// each program's support.
func init() {
	Register(Zh, map[string]string{
		"eco.program_breadth":         "支持的广度",
		"eco.program_breadth_figures": "中小企业 %s · 草根 %s",
		"eco.program_breadth_reading": "本计划 %d 项资助中，%s 给了中小企业，%s 给了草根团队和个人；按金额分别为 %s 和 %s。",
		"eco.program_breadth_none":    "尚未作出资助，还没有中小企业和草根团队的占比。",
	})
	Register(En, map[string]string{
		"eco.program_breadth":         "Breadth of support",
		"eco.program_breadth_figures": "SMEs %s · grassroots %s",
		"eco.program_breadth_reading": "Of this program's %d awards, %s went to small and medium-sized firms and %s to grassroots teams and individuals; by money, %s and %s.",
		"eco.program_breadth_none":    "No awards made yet, so there is no SME or grassroots share.",
	})
}
