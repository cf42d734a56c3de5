package i18n

// The public funded list's count and page range.
func init() {
	Register(Zh, map[string]string{
		"public.awards_count": "名单共 %d 项，合计 %s。",
		"public.awards_range": "本页为第 %d 至 %d 项（共 %d 项）。",
	})
	Register(En, map[string]string{
		"public.awards_count": "The list holds %d grants, %s in all.",
		"public.awards_range": "This page shows grants %d to %d of %d.",
	})
}
