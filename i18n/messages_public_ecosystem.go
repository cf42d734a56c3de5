package i18n

// The public portal's view of the innovation environment.
func init() {
	Register(Zh, map[string]string{
		"public.eco_title":     "创新生态",
		"public.eco_lead":      "本地区创新环境的主要指标：创新主体的形成、支持的广度、路径多样性、失败后再尝试、资助的时间跨度和标志性成果。为保护小团队和个人，计算基数少于 %d 个的数字不公布。",
		"public.eco_json":      "以 JSON 下载这些数字",
		"public.eco_methods":   "每个指标的定义和计算方法",
		"public.eco_card_lead": "创新环境是否在变好：各地区、各领域、各年份的指标。",
		"public.eco_open":      "查看创新生态指标",
		"read.eco.withheld":    "计算基数少于 %d 个，为保护其中的团队和个人，不公布",
	})
	Register(En, map[string]string{
		"public.eco_title":     "Innovation environment",
		"public.eco_lead":      "The main figures of the region's innovation environment: formation of innovators, breadth of support, diversity of paths, retry after failure, horizon of funding and landmark outcomes. To protect small teams and individuals, figures computed over fewer than %d are not published.",
		"public.eco_json":      "Download these figures as JSON",
		"public.eco_methods":   "How each figure is defined and computed",
		"public.eco_card_lead": "Is the environment getting better: the figures by region, field and year.",
		"public.eco_open":      "See the environment's figures",
		"read.eco.withheld":    "computed over fewer than %d: withheld to protect the teams and people behind it",
	})
}
