package i18n

// Lists: sortable headings, orders of lists that are not tables, list filters; and long work
// that runs as a job, with its progress.
func init() {
	Register(Zh, map[string]string{
		"lists.flag_z":             "偏离程度（z 值）",
		"lists.order":              "排序：",
		"lists.inbox.newest":       "最新的在前",
		"lists.inbox.oldest":       "最早的在前",
		"lists.inbox.unread_first": "未读的在前",
		"lists.users.search":       "按登录名或姓名查找",
		"lists.users.count":        "共 %d 个账号",
	})
	Register(En, map[string]string{
		"lists.flag_z":             "Distance from peers (z)",
		"lists.order":              "Order:",
		"lists.inbox.newest":       "newest first",
		"lists.inbox.oldest":       "oldest first",
		"lists.inbox.unread_first": "unread first",
		"lists.users.search":       "Find by sign-in or display name",
		"lists.users.count":        "%d accounts",
	})
}
