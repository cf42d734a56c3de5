package i18n

// What a policy draft's page and an award's page say instead of a button that would be refused
// while a decision awaits a second officer (two-person rule).
func init() {
	Register(Zh, map[string]string{
		"policy.publish_own_waiting":   "您已于 %s 提出发布此版本，正在等待另一位政策管理人员复核；复核通过后即发布。",
		"policy.publish_waiting":       "%s 已提出发布此版本，正在等待另一位政策管理人员复核。",
		"policy.publish_other_waiting": "%s 已提出发布本政策的另一版本，正在等待复核；该事项处理完毕后才能发布此版本。",
		"policy.publish_other_link":    "查看待复核的版本",
		"policy.publish_approve_hint":  "%s 于 %s 提出发布此版本。双人复核：由您复核通过后即发布，发布前平台会再次检查并运行测试。",
		"policy.publish_approve":       "复核通过并发布",
		"policy.publish_approval_link": "查看复核事项",
		"monitoring.flag.own_waiting":  "您已于 %s 提出处理意见，正在等待另一位项目主管复核。",
		"monitoring.flag.waiting":      "%s 已就该资助的预警提出处理意见，正在等待另一位项目主管复核；复核完成前不能再提出处理意见。",
		"monitoring.flag.approve_hint": "%s 于 %s 提出以下处理意见；双人复核：由您复核通过后生效。",
		"monitoring.flag.approve":      "复核通过处理意见",
		"award.accept_own_waiting":     "您已于 %s 提出通过该里程碑材料，正在等待另一位项目主管复核；您仍可退回或终止。",
		"award.accept_waiting":         "%s 已提出通过该里程碑材料，正在等待另一位项目主管复核。",
		"award.accept_approve_hint":    "%s 于 %s 提出通过该里程碑材料。双人复核：由您复核通过后生效。",
		"award.accept_approve":         "复核通过该里程碑",
		"award.release_not_yours":      "本批资金暂不能由您拨付：%s",
	})
	Register(En, map[string]string{
		"policy.publish_own_waiting":   "You proposed publishing this version on %s; it awaits approval by another policy officer and is published once approved.",
		"policy.publish_waiting":       "%s proposed publishing this version; it awaits approval by another policy officer.",
		"policy.publish_other_waiting": "%s proposed publishing another version of this policy, which awaits approval; this version can be published once that is decided.",
		"policy.publish_other_link":    "see the version awaiting approval",
		"policy.publish_approve_hint":  "%s proposed publishing this version on %s. Two-person rule: it is published once you approve; the platform checks and tests it again first.",
		"policy.publish_approve":       "Approve and publish",
		"policy.publish_approval_link": "see the approval",
		"monitoring.flag.own_waiting":  "You proposed a resolution on %s; it awaits approval by another officer.",
		"monitoring.flag.waiting":      "%s proposed a resolution of a flag on this award; it awaits approval by another officer, and no other resolution can be proposed until then.",
		"monitoring.flag.approve_hint": "%s proposed this resolution on %s; two-person rule: it takes effect once you approve.",
		"monitoring.flag.approve":      "Approve the resolution",
		"award.accept_own_waiting":     "You proposed accepting this milestone's evidence on %s; it awaits approval by another officer. You may still return it or stop the award.",
		"award.accept_waiting":         "%s proposed accepting this milestone's evidence; it awaits approval by another officer.",
		"award.accept_approve_hint":    "%s proposed accepting this milestone's evidence on %s. Two-person rule: it takes effect once you approve.",
		"award.accept_approve":         "Approve the milestone",
		"award.release_not_yours":      "You cannot release this tranche: %s",
	})
}
