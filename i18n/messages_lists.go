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
		"lists.users.role_set":     "%s 的角色已改为“%s”，已记入决策账本",
		"lists.users.role_h":       "更改角色",
		"lists.users.role_hint":    "角色决定这个账号能看到和能做的事。申请人账号须关联一个创新主体。更改会记入决策账本。",
		"lists.users.role_save":    "更改角色",
		"lists.users.role_self":    "不能更改自己的角色：请另一位管理员操作。",
		"lists.users.end_session":  "结束此会话",
		"lists.admin.manage":       "管理账号：停用或启用、更改角色、重置密码、结束会话、撤销令牌",
		"lists.admin.manage_note":  "在账号列表中点击用户名",
	})
	Register(En, map[string]string{
		"lists.flag_z":             "Distance from peers (z)",
		"lists.order":              "Order:",
		"lists.inbox.newest":       "newest first",
		"lists.inbox.oldest":       "oldest first",
		"lists.inbox.unread_first": "unread first",
		"lists.users.search":       "Find by sign-in or display name",
		"lists.users.count":        "%d accounts",
		"lists.users.role_set":     "%s is now %s; the change is recorded in the decision ledger",
		"lists.users.role_h":       "Change the role",
		"lists.users.role_hint":    "The role decides what this account sees and may do. An applicant account must belong to an organisation. The change is recorded in the decision ledger.",
		"lists.users.role_save":    "Change the role",
		"lists.users.role_self":    "You cannot change your own role: ask another administrator.",
		"lists.users.end_session":  "End this session",
		"lists.admin.manage":       "Manage accounts: disable or enable, change roles, reset passwords, end sessions, revoke tokens",
		"lists.admin.manage_note":  "open an account from the list by its name",
	})
}

func init() {
	Register(Zh, map[string]string{
		"jobs.title":        "运行进度",
		"jobs.lab_run":      "模拟运行中",
		"jobs.running":      "正在运行：已完成 %d / %d 次重复。",
		"jobs.percent":      "已完成 %d%%",
		"jobs.refresh_hint": "本页每 2 秒自动刷新，完成后会直接打开结果。可以离开本页，稍后从实验室页面的运行列表查看结果。",
		"jobs.refresh_now":  "立即刷新",
		"jobs.back_to_lab":  "返回实验室",
		"jobs.failed":       "运行没有完成",
		"jobs.started":      "由 %s 于 %s 开始。",
	})
	Register(En, map[string]string{
		"jobs.title":        "Progress",
		"jobs.lab_run":      "Simulation running",
		"jobs.running":      "Running: %d of %d replications done.",
		"jobs.percent":      "%d%% done",
		"jobs.refresh_hint": "This page refreshes itself every 2 seconds and opens the result when the run is done. You may leave it and find the result later in the lab's list of runs.",
		"jobs.refresh_now":  "Refresh now",
		"jobs.back_to_lab":  "Back to the lab",
		"jobs.failed":       "The run did not finish",
		"jobs.started":      "Started by %s on %s.",
	})
}
