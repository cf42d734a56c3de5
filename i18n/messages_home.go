package i18n

// Home: each role's work — what waits for the person signed in, with counts that open the list
// they count.
func init() {
	Register(Zh, map[string]string{
		"home.work.programs":           "需要处理的计划",
		"home.work.programs_none":      "没有需要处理的计划。",
		"home.work.drafts":             "草稿待发布",
		"home.work.open":               "申报中",
		"home.work.in_review":          "评审中",
		"home.work.decided":            "已决定",
		"home.work.deadline_passed":    "申报已截止，可转入评审",
		"home.work.to_select":          "评审中：查看评分、运行遴选",
		"home.work.milestones":         "里程碑与拨付",
		"home.work.milestones_none":    "没有待审核的证明，也没有逾期的里程碑。",
		"home.work.evidence_to_review": "证明待审核",
		"home.work.to_release":         "已验收待拨付",
		"home.work.overdue":            "里程碑已逾期",
		"home.work.reports":            "应交的进展报告",
		"home.work.reports_none":       "目前没有应交的里程碑证明。",
		"home.work.reports_due":        "待提交证明",
		"home.work.evidence_waiting":   "证明审核中",
		"home.work.flags":              "“死于安乐”预警",
		"home.work.flags_none":         "没有未处理的预警。",
		"home.work.flags_open":         "预警待处理",
		"home.work.exemptions":         "容错免责案件",
		"home.work.exemptions_none":    "没有待决定的免责案件。",
		"home.work.cases_open":         "待决定",
		"home.work.cases_decided":      "已决定",
		"home.work.draft_outcome":      "草拟结论：%s",
		"home.work.reviews":            "我的评审任务",
		"home.work.reviews_none":       "目前没有分配给您的评审任务。",
		"home.work.to_declare":         "待声明利益冲突",
		"home.work.to_score":           "待评分",
		"home.work.reviews_done":       "已完成",
		"home.work.applications":       "我的申报",
		"home.work.applications_none":  "还没有申报。",
		"home.work.app_drafts":         "草稿未提交",
		"home.work.app_submitted":      "已提交待结果",
		"home.work.app_decided":        "已有结果",
		"home.work.calls":              "可申报的计划",
		"home.work.calls_none":         "目前没有本单位可申报的开放计划。",
		"home.work.calls_open":         "可申报",
		"home.work.oversight":          "账本与访问",
		"home.work.refusals_none":      "最近没有被拒绝的访问。",
		"home.work.ledger_entries":     "账本事件",
		"home.work.refusals":           "被拒绝的访问",
		"home.work.accounts":           "账号与系统",
		"home.work.accounts_none":      "还没有账号。",
		"home.work.users":              "账号",
		"home.work.users_disabled":     "已停用",
		"home.work.users_no_factor":    "须两步验证但未启用",
		"home.work.health_ok":          "运行正常",
		"home.work.health_down":        "无法连接",
		"home.work.database":           "数据库：%s",
		"home.work.ledger":             "决策账本：%d 条事件",
		"home.work.ledger_verify":      "核验账本",
		"home.work.due":                "截止 %s",
		"home.work.was_due":            "应于 %s 完成",
		"home.work.more":               "查看全部",
		"home.link.reviews":            "全部评审任务",
		"home.link.profile":            "我的专业领域",
		"home.link.new_program":        "新建计划",
		"home.link.reviewers":          "评审专家库",
		"home.link.impact":             "影响评价",
		"home.link.ledger_verify":      "核验决策账本",
		"home.link.failures":           "诚实失败记录",
		"home.link.audit":              "审计日志",
		"home.link.users":              "账号管理",
		"home.link.account":            "我的账号与两步验证",
		"home.link.ecosystem":          "创新生态仪表盘",
	})
	Register(En, map[string]string{
		"home.work.programs":           "Programs needing action",
		"home.work.programs_none":      "No program needs action.",
		"home.work.drafts":             "drafts to open",
		"home.work.open":               "open for applications",
		"home.work.in_review":          "in review",
		"home.work.decided":            "decided",
		"home.work.deadline_passed":    "deadline passed: ready for review",
		"home.work.to_select":          "in review: see the scores, run the selection",
		"home.work.milestones":         "Milestones and payments",
		"home.work.milestones_none":    "No evidence to review and no milestone overdue.",
		"home.work.evidence_to_review": "evidence to review",
		"home.work.to_release":         "accepted, to release",
		"home.work.overdue":            "milestones overdue",
		"home.work.reports":            "Reports due",
		"home.work.reports_none":       "No milestone evidence is due now.",
		"home.work.reports_due":        "evidence to submit",
		"home.work.evidence_waiting":   "evidence being reviewed",
		"home.work.flags":              "Complacency warnings",
		"home.work.flags_none":         "No open warning.",
		"home.work.flags_open":         "warnings to resolve",
		"home.work.exemptions":         "Exemption cases",
		"home.work.exemptions_none":    "No exemption case waits for a decision.",
		"home.work.cases_open":         "to decide",
		"home.work.cases_decided":      "decided",
		"home.work.draft_outcome":      "draft: %s",
		"home.work.reviews":            "My review assignments",
		"home.work.reviews_none":       "No application is assigned to you now.",
		"home.work.to_declare":         "conflicts to declare",
		"home.work.to_score":           "to score",
		"home.work.reviews_done":       "done",
		"home.work.applications":       "My applications",
		"home.work.applications_none":  "No application yet.",
		"home.work.app_drafts":         "drafts not submitted",
		"home.work.app_submitted":      "submitted, awaiting the result",
		"home.work.app_decided":        "with a result",
		"home.work.calls":              "Calls you can apply to",
		"home.work.calls_none":         "No open call your organisation can apply to now.",
		"home.work.calls_open":         "open to you",
		"home.work.oversight":          "Ledger and access",
		"home.work.refusals_none":      "No access refused lately.",
		"home.work.ledger_entries":     "ledger events",
		"home.work.refusals":           "access refused",
		"home.work.accounts":           "Accounts and system",
		"home.work.accounts_none":      "No account yet.",
		"home.work.users":              "accounts",
		"home.work.users_disabled":     "disabled",
		"home.work.users_no_factor":    "need two-step verification, not on",
		"home.work.health_ok":          "working",
		"home.work.health_down":        "not answering",
		"home.work.database":           "Database: %s",
		"home.work.ledger":             "Decision ledger: %d events",
		"home.work.ledger_verify":      "verify the ledger",
		"home.work.due":                "due %s",
		"home.work.was_due":            "was due %s",
		"home.work.more":               "See all",
		"home.link.reviews":            "All my assignments",
		"home.link.profile":            "My fields of expertise",
		"home.link.new_program":        "New program",
		"home.link.reviewers":          "Reviewer pool",
		"home.link.impact":             "Impact",
		"home.link.ledger_verify":      "Verify the decision ledger",
		"home.link.failures":           "Honest failures",
		"home.link.audit":              "Audit log",
		"home.link.users":              "Manage accounts",
		"home.link.account":            "My account and two-step verification",
		"home.link.ecosystem":          "Ecosystem dashboard",
	})
}

func init() {
	Register(Zh, map[string]string{
		"users.lead":            "点击用户名可停用或启用账号、更改角色、重置密码、结束登录会话、撤销 API 令牌、重置两步验证。",
		"users.state.active":    "在用",
		"users.state.disabled":  "已停用",
		"users.state.no_factor": "须两步验证但未启用",
	})
	Register(En, map[string]string{
		"users.lead":            "Open an account by its name to disable or enable it, change its role, reset its password, end its sessions, revoke its API tokens or reset its two-step verification.",
		"users.state.active":    "In use",
		"users.state.disabled":  "Disabled",
		"users.state.no_factor": "Need two-step verification, not on",
	})
}

// Procedure steps' parameters in words.
func init() {
	Register(Zh, map[string]string{
		"procedure.min":      "至少 %d 名独立评审专家",
		"procedure.min_days": "公示至少 %d 天",
		"procedure.quorum":   "到会不少于 %s，赞成票超过到会人数的 %s",
	})
	Register(En, map[string]string{
		"procedure.min":      "at least %d independent reviewers",
		"procedure.min_days": "on notice for at least %d days",
		"procedure.quorum":   "at least %s of members present, votes for above %s of those present",
	})
}

func init() {
	Register(Zh, map[string]string{"programs.not_before": "申报截止（%s）之后才能转为“%s”。"})
	Register(En, map[string]string{"programs.not_before": "The program can move to “%[2]s” after the deadline (%[1]s)."})
}

// Plain readings of the concentration of value.
func init() {
	Register(Zh, map[string]string{})
	Register(En, map[string]string{})
}
