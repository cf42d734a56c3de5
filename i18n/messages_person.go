package i18n

// A person's rights under PIPL: the export of what is held and its erasure.
func init() {
	Register(Zh, map[string]string{
		"person.link":           "个人信息权利",
		"person.title":          "个人信息权利：%s",
		"person.lead":           "依据《个人信息保护法》第四十五条和第四十七条，个人可以查阅、复制其个人信息，并在法律允许时要求删除。请在收到本人书面申请并核实身份后操作；导出和删除都记入审计日志。",
		"person.export":         "导出全部信息",
		"person.export_lead":    "一个 JSON 文件，包含平台持有的与该主体及其联系人有关的全部信息：登记信息及其修改历史、关联账号、申请及附件清单、资助、失败结题、监测数据、相关决策事件和审计记录。",
		"person.export_button":  "下载个人信息副本",
		"person.export_audited": "每次下载都作为个人信息查阅记入审计日志。",
		"person.erase":          "删除个人信息",
		"person.erase_lead":     "删除后，姓名换为编号，联系方式、简介、团队成员、附件内容和修改历史中的个人信息被清空，关联账号被改名、停用并注销会话和令牌。以下内容依法保留：",
		"person.kept_money":     "资助金额、日期、项目和决策：财政资金档案须依法保存，仅以主体编号指代。",
		"person.kept_ledger":    "决策账本：只追加、不可修改；其中没有姓名或联系方式，申请人账号以化名记录，删除后账本仍可验证。",
		"person.kept_audit":     "审计日志：依网络安全法留存，且以哈希链防篡改。",
		"person.scope":          "删除范围",
		"person.scope_person":   "个人或草根团队的全部个人信息",
		"person.scope_contact":  "仅联系人信息（单位本身保留）",
		"person.reason":         "删除依据",
		"person.reason_hint":    "写明本人申请的日期和编号，例如“2026年11月30日书面申请，编号 2026-017”。",
		"person.confirm":        "我已核实申请人身份，明白删除不可撤销",
		"person.erase_button":   "删除个人信息",
		"person.erased":         "个人信息已删除，账本验证不受影响",
	})
	Register(En, map[string]string{
		"person.link":           "Personal data rights",
		"person.title":          "Personal data rights: %s",
		"person.lead":           "Under articles 45 and 47 of the Personal Information Protection Law a person may obtain a copy of their personal data and, where the law allows, have it erased. Act on a written request after checking who is asking; both the export and the erasure are recorded in the audit log.",
		"person.export":         "Export everything",
		"person.export_lead":    "One JSON file with everything the platform holds about this innovator and its contact person: the registry record and its history, linked accounts, applications and their attachments listed, awards, failures, monitoring data, the decision events about them and the audit entries.",
		"person.export_button":  "Download a copy of the personal data",
		"person.export_audited": "Every download is recorded in the audit log as a read of personal data.",
		"person.erase":          "Erase personal data",
		"person.erase_lead":     "Erasure replaces the name by a number and blanks the contact details, the description, the team members, the attachments' contents and the personal values in the change history; linked accounts are renamed, disabled and signed out, their tokens revoked. The law requires these kept:",
		"person.kept_money":     "amounts, dates, programs and decisions: records of public funds, naming the innovator by number only.",
		"person.kept_ledger":    "the decision ledger: append-only; it holds no names or contact details, applicant accounts appear under a pseudonym, and it still verifies after an erasure.",
		"person.kept_audit":     "the audit log: kept under the Cybersecurity Law and hash-chained against tampering.",
		"person.scope":          "What to erase",
		"person.scope_person":   "everything personal about an individual or a grassroots team",
		"person.scope_contact":  "only the contact person's details (the organisation stays)",
		"person.reason":         "Ground for erasure",
		"person.reason_hint":    "Give the date and number of the person's request, such as \"written request of 30 November 2026, no. 2026-017\".",
		"person.confirm":        "I have checked who is asking and understand that erasure cannot be undone",
		"person.erase_button":   "Erase personal data",
		"person.erased":         "Personal data erased; the ledger still verifies",
	})
}
