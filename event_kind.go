package seedbed

// EventKinds names every kind of event the decision ledger records, in words, so that no page
// shows a kind by its code. A kind missing here is shown as EventKindOther; the test beside this
// file reads the code for kinds and fails on one without a name.
var EventKinds = OptionSet{
	{"program_published", Label{"发布计划", "Program published"}},
	{"program_state", Label{"计划状态变更", "Program state changed"}},
	{"program_terms", Label{"计划条款", "Program terms"}},
	{"eligibility", Label{"资格审查结果", "Eligibility result"}},
	{"eligibility_override", Label{"改判资格", "Eligibility overridden"}},
	{"withdrawal", Label{"撤回申请", "Application withdrawn"}},
	{"conflict_declaration", Label{"利益冲突声明", "Conflict-of-interest declaration"}},
	{"reviewer_relations", Label{"评审专家关联关系", "Reviewers' relations"}},
	{"assignment", Label{"分配评审专家", "Reviewers assigned"}},
	{"score", Label{"评分", "Score"}},
	{"normalisation", Label{"评分标准化", "Scores normalised"}},
	{"selection", Label{"遴选", "Selection"}},
	{"funding_decision", Label{"资助决定", "Funding decision"}},
	{"rejection", Label{"不予资助", "Declined"}},
	{"lottery_commitment", Label{"抽签承诺", "Lottery commitment"}},
	{"draw", Label{"抽签", "Draw"}},
	{"award", Label{"作出资助", "Award made"}},
	{"milestone_review", Label{"里程碑验收", "Milestone review"}},
	{"stage_gate", Label{"阶段评审", "Stage gate"}},
	{"tranche_release", Label{"拨付资金", "Tranche released"}},
	{"award_status", Label{"资助状态变更", "Award status changed"}},
	{"award_failed", Label{"以诚实失败结题", "Closed as an honest failure"}},
	{"report_scheduled", Label{"增加报告安排", "Report scheduled"}},
	{"report_review", Label{"审核报告", "Report reviewed"}},
	{"award_change", Label{"延期或变更审批", "Extension or variation decided"}},
	{"policy.published", Label{"发布政策", "Policy published"}},
	{"policy.succeeded", Label{"政策由新版本接续施行", "Policy succeeded by a new version"}},
	{"procedure_published", Label{"发布决策程序", "Procedure published"}},
	{"collective_decision", Label{"集体决策", "Collective decision"}},
	{"public_notice", Label{"公示", "Public notice"}},
	{"interest_declaration", Label{"利益申报", "Declaration of interests"}},
	{"notice_published", Label{"发布公示", "Notice published"}},
	{"objection_answered", Label{"答复异议", "Objection answered"}},
	{"consultation_opened", Label{"开始征求意见", "Consultation opened"}},
	{"comment_answered", Label{"答复意见", "Comment answered"}},
	{"consultation_concluded", Label{"结束征求意见", "Consultation concluded"}},
	{"exemption_opened", Label{"立案容错免责", "Exemption case opened"}},
	{"exemption_redrafted", Label{"重新起草免责认定", "Exemption case redrafted"}},
	{"exemption_determined", Label{"作出免责决定", "Exemption decided"}},
	{"complacency_flag", Label{"“死于安乐”预警", "Complacency warning raised"}},
	{"complacency_flag_resolved", Label{"处理预警", "Complacency warning resolved"}},
	{"identity_reveal", Label{"向评审组揭示申报者身份", "Applicants' identities revealed to the panel"}},
	{"reply_window", Label{"开启申请人答复期", "Reply window opened"}},
	{"reply", Label{"申请人答复评审意见", "Applicant replied to the reviews"}},
	{"champion", Label{"评审专家力荐", "Reviewer's champion named"}},
	{"summary_statement", Label{"评审综述意见", "Summary statement written"}},
	{"panel_outcome", Label{"评审组讨论结论", "Panel outcome recorded"}},
	{"triage", Label{"评审组分流（明显低于其他申请）", "Application triaged by the panel"}},
	{"invitation_declined", Label{"评审专家谢绝评审邀请", "Reviewer declined the invitation"}},
	{"reviewer_replaced", Label{"替换评审专家", "Reviewer replaced"}},
	{"approval_proposed", Label{"提请复核", "Approval requested"}},
	{"approval_decided", Label{"复核决定", "Approval decided"}},
	{"risk_filed", Label{"容错备案", "Risk filed in advance"}},
	{"risk_filing_reviewed", Label{"复核容错备案", "Risk filing reviewed"}},
	{"selection_reopened", Label{"重新遴选（原结果作废但保留）", "Selection reopened (the first result superseded, kept)"}},
	{"user_role", Label{"账号角色变更", "Account role changed"}},
	{"audit_anchor", Label{"审计日志锚定", "Audit log anchored"}},
	{"ledger_key", Label{"账本签名密钥", "Ledger signing key"}},
}

// EventKindOther is how a kind without a name is shown.
var EventKindOther = Label{"其他事件", "Other event"}

// EventKindLabel returns a ledger event kind in words.
func EventKindLabel(kind string) Label {
	if EventKinds.Has(kind) {
		return EventKinds.Label(kind)
	}
	return EventKindOther
}
