package seedbed

// AuditActions names every action the audit log records, in words. An action missing here is
// shown as AuditActionOther, never as its code.
var AuditActions = OptionSet{
	{"login", Label{"登录", "Signed in"}},
	{"login.password", Label{"登录（密码已验证）", "Signed in (password checked)"}},
	{"denied", Label{"被拒绝的访问", "Access refused"}},
	{"personal.read", Label{"查看个人信息", "Read personal data"}},
	{"personal.export", Label{"导出个人信息（依个人申请）", "Exported personal data (on the person's request)"}},
	{"personal.erase", Label{"删除个人信息（依个人申请）", "Erased personal data (on the person's request)"}},
	{"survey.wave", Label{"开启一轮文化调查", "Opened a culture-survey wave"}},
	{"survey.invite", Label{"发出文化调查邀请", "Issued culture-survey invitations"}},
	{"innovator.create", Label{"登记创新主体", "Registered an innovator"}},
	{"innovator.update", Label{"修改创新主体", "Changed an innovator"}},
	{"innovator.import", Label{"批量导入创新主体", "Imported innovators"}},
	{"innovator.export", Label{"导出创新主体库", "Exported the registry"}},
	{"policy.upload", Label{"上传政策文件", "Uploaded a policy"}},
	{"policy.publish", Label{"发布政策", "Published a policy"}},
	{"procedure.publish", Label{"发布决策程序", "Published a procedure"}},
	{"program.create", Label{"创建计划", "Created a program"}},
	{"program.update", Label{"修改计划", "Changed a program"}},
	{"program.transition", Label{"变更计划状态", "Moved a program to its next state"}},
	{"program.select", Label{"运行遴选", "Ran the selection"}},
	{"application.create", Label{"创建申报", "Started an application"}},
	{"application.update", Label{"修改申报", "Changed an application"}},
	{"application.submit", Label{"提交申报", "Submitted an application"}},
	{"application.withdraw", Label{"撤回申报", "Withdrew an application"}},
	{"attachment.add", Label{"上传附件", "Added an attachment"}},
	{"attachment.delete", Label{"删除附件", "Removed an attachment"}},
	{"review.assign", Label{"分配评审专家", "Assigned reviewers"}},
	{"review.declare", Label{"声明利益冲突", "Declared on conflicts of interest"}},
	{"review.score", Label{"评分", "Scored an application"}},
	{"review.normalise", Label{"标准化评分", "Normalised the scores"}},
	{"review.reveal", Label{"揭示匿名评审的申请人身份", "Revealed the applicants of a blind review"}},
	{"review.reply_window", Label{"开启答复期", "Opened the reply window"}},
	{"application.reply", Label{"答复评审意见", "Replied to the reviews"}},
	{"review.champion", Label{"力荐申请", "Championed an application"}},
	{"review.summary", Label{"撰写评审综述意见", "Wrote a summary statement"}},
	{"review.panel_note", Label{"评审组讨论意见", "Wrote a panel note"}},
	{"review.panel_outcome", Label{"记录评审组结论或分流", "Recorded a panel outcome or triage"}},
	{"review.decline", Label{"谢绝评审邀请", "Declined an invitation to review"}},
	{"review.replace", Label{"替换评审专家", "Replaced a reviewer"}},
	{"reviewer.profile", Label{"修改专家档案", "Changed a reviewer profile"}},
	{"lottery.commit", Label{"公布抽签承诺", "Committed to a draw"}},
	{"lottery.draw", Label{"抽签", "Drew the lottery"}},
	{"award.create", Label{"作出资助决定", "Made an award"}},
	{"award.fail", Label{"以诚实失败结题", "Closed an award as an honest failure"}},
	{"tranche.evidence", Label{"提交里程碑证明", "Submitted milestone evidence"}},
	{"tranche.review", Label{"审核里程碑", "Reviewed a milestone"}},
	{"approval.propose", Label{"提请双人复核", "Proposed a decision for approval"}},
	{"approval.approved", Label{"复核同意", "Approved a proposed decision"}},
	{"approval.rejected", Label{"复核驳回", "Rejected a proposed decision"}},
	{"policy.succeed", Label{"政策由新版本接续", "Ended a policy version on its successor"}},
	{"eligibility.override", Label{"改判资格", "Overrode an eligibility decision"}},
	{"risk_filing.file", Label{"容错备案", "Filed a risk in advance"}},
	{"risk_filing.review", Label{"复核容错备案", "Reviewed a risk filing"}},
	{"program.reopen", Label{"重新遴选", "Reopened a selection"}},
	{"milestone.accept", Label{"验收里程碑", "Accepted a milestone"}},
	{"tranche.release", Label{"拨付资金", "Released a tranche"}},
	{"report.schedule", Label{"增加报告安排", "Scheduled a report"}},
	{"report.submit", Label{"提交报告", "Submitted a report"}},
	{"report.review", Label{"审核报告", "Reviewed a report"}},
	{"award.change_request", Label{"申请延期或变更", "Asked for an extension or variation"}},
	{"award.change_decide", Label{"审批延期或变更", "Decided an extension or variation"}},
	{"award.closeout", Label{"结题评价", "Closed an award out"}},
	{"award.terminate", Label{"提前终止资助", "Ended an award early"}},
	{"message.read", Label{"将消息标为已读", "Marked messages read"}},
	{"account.email", Label{"修改邮件地址", "Changed the e-mail address"}},
	{"observation.add", Label{"填报监测数据", "Added indicator values"}},
	{"observation.correct", Label{"更正监测数据", "Corrected an indicator value"}},
	{"outcome.add", Label{"登记成果", "Recorded an outcome"}},
	{"monitoring.flags", Label{"重新计算预警", "Recomputed the warnings"}},
	{"flag.resolve", Label{"处理预警", "Resolved a warning"}},
	{"exemption.open", Label{"立案容错免责", "Opened an exemption case"}},
	{"exemption.redraft", Label{"重新起草免责认定", "Redrafted an exemption case"}},
	{"exemption.decide", Label{"作出免责决定", "Decided an exemption case"}},
	{"ledger.key", Label{"登记账本签名密钥", "Registered a ledger key"}},
	{"notice.publish", Label{"发布公示", "Published a notice"}},
	{"notice.close", Label{"结束公示", "Closed a notice"}},
	{"objection.submit", Label{"提出异议", "Raised an objection"}},
	{"objection.answer", Label{"答复异议", "Answered an objection"}},
	{"consultation.open", Label{"发布政策草案征求意见", "Opened a draft policy for comment"}},
	{"consultation.conclude", Label{"结束征求意见", "Concluded a consultation"}},
	{"comment.submit", Label{"对政策草案提出意见", "Commented on a draft policy"}},
	{"comment.answer", Label{"答复意见", "Answered a comment"}},
	{"lab.run", Label{"运行生态实验", "Ran the ecosystem lab"}},
	{"user.create", Label{"创建账号", "Created an account"}},
	{"user.role", Label{"变更账号角色或状态", "Changed an account's role or state"}},
	{"user.password", Label{"修改本人密码", "Changed one's password"}},
	{"user.password_reset", Label{"重置他人密码", "Reset a password"}},
	{"token.create", Label{"创建 API 令牌", "Created an API token"}},
	{"token.revoke", Label{"撤销 API 令牌", "Revoked an API token"}},
	{"session.revoke", Label{"结束登录会话", "Ended a session"}},
	{"totp.enrol", Label{"启用两步验证", "Turned on two-step verification"}},
	{"totp.reset", Label{"重置两步验证", "Reset two-step verification"}},
}

// AuditActionOther is how an action without a label is shown.
var AuditActionOther = Label{"其他操作", "Other action"}

// AuditActionLabel returns an audit action in words.
func AuditActionLabel(action string) Label {
	if AuditActions.Has(action) {
		return AuditActions.Label(action)
	}
	return AuditActionOther
}

// AuditEntities names the kinds of record the audit log refers to.
var AuditEntities = OptionSet{
	{"session", Label{"登录会话", "Session"}},
	{"user", Label{"账号", "Account"}},
	{"innovator", Label{"创新主体", "Innovator"}},
	{"policy_version", Label{"政策版本", "Policy version"}},
	{"procedure", Label{"决策程序", "Procedure"}},
	{"program", Label{"计划", "Program"}},
	{"application", Label{"申报", "Application"}},
	{"assignment", Label{"评审任务", "Review assignment"}},
	{"award", Label{"资助", "Award"}},
	{"tranche", Label{"拨付批次", "Tranche"}},
	{"report", Label{"报告", "Report"}},
	{"award_change", Label{"延期或变更申请", "Extension or variation"}},
	{"risk_filing", Label{"容错备案", "Risk filing"}},
	{"message", Label{"消息", "Message"}},
	{"observation", Label{"监测数据", "Indicator value"}},
	{"outcome", Label{"成果", "Outcome"}},
	{"monitoring_flag", Label{"预警", "Warning"}},
	{"exemption_case", Label{"免责案件", "Exemption case"}},
	{"ledger", Label{"决策账本", "Decision ledger"}},
	{"notice", Label{"公示", "Public notice"}},
	{"consultation", Label{"征求意见", "Consultation"}},
	{"survey_wave", Label{"文化调查轮次", "Culture-survey wave"}},
	{"lab_run", Label{"实验运行", "Lab run"}},
}

// AuditEntityLabel returns the kind of record an audit entry refers to in words; a refused
// request's entity is its method and path, shown as it is.
func AuditEntityLabel(entity string) Label {
	if AuditEntities.Has(entity) {
		return AuditEntities.Label(entity)
	}
	return Label{Zh: entity, En: entity}
}
