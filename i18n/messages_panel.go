package i18n

// The panel stage: the reviewers' discussion of an application, its recorded outcome and
// triage; reviewer invitations; the program's expertise weighting.
func init() {
	Register(Zh, map[string]string{
		"panel.discussion_heading": "评审组讨论",
		"panel.discussion_lead":    "已评分的评审专家在此交流意见，由项目主管主持；讨论结论（达成一致、如实记录分歧，或对明显落后的申请分流）记入决策账本，并与综述意见一并告知申请人。",
		"panel.no_notes":           "还没有讨论意见。",
		"panel.by":                 "%s · %s",
		"panel.note":               "您的讨论意见",
		"panel.note_submit":        "发表意见",
		"panel.note_added":         "讨论意见已记录。",
		"panel.kind":               "记录的内容",
		"panel.body":               "内容",
		"panel.body_hint":          "讨论意见供评审组内部交流；结论须写明达成一致的要点或各方的分歧；分流须写明理由（只有得分区间整体低于全部申请中位数、无明显分歧且无人力荐的申请才能分流）。",
		"panel.submit":             "记录",
		"panel.outcome_recorded":   "评审组结论已记录，并记入决策账本。",
		"panel.recorded_at":        "记录于 %s",
		"panel.console_outcome":    "评审组结论",
		"pf.expertise_weight":      "专业匹配权重（0 到 1）",
		"ph.expertise_weight":      "分配评审专家时专业匹配与工作量均衡的取舍：0 先均衡工作量，1 先让专业对口的专家评审（工作量只用于同等匹配时的取舍），中间值允许对口专家多承担相应比例的评审",
		"program.load_first":       "先均衡各位专家的工作量，再考虑专业匹配",
		"program.expertise_some":   "对口专家可多承担一些评审，以换取更好的专业匹配",
		"program.expertise_first":  "优先让专业对口的专家评审",
	})
	Register(En, map[string]string{
		"panel.discussion_heading": "Panel discussion",
		"panel.discussion_lead":    "The reviewers whose scores are in discuss the application here, moderated by the officer; the outcome (a consensus, a disagreement kept on record, or triage of an application clearly below the others) is recorded in the decision ledger and reaches the applicant with the summary statement.",
		"panel.no_notes":           "No notes yet.",
		"panel.by":                 "%s · %s",
		"panel.note":               "Your note to the panel",
		"panel.note_submit":        "Add the note",
		"panel.note_added":         "Your note was added to the discussion.",
		"panel.kind":               "What to record",
		"panel.body":               "Text",
		"panel.body_hint":          "Notes are the panel's own exchange; an outcome states what the panel agreed on or where it disagrees; a triage states the reason (only an application whose whole interval lies below the median score, without marked disagreement and without a champion, can be triaged).",
		"panel.submit":             "Record",
		"panel.outcome_recorded":   "The panel's outcome was recorded in the decision ledger.",
		"panel.recorded_at":        "recorded on %s",
		"panel.console_outcome":    "Panel outcome",
		"pf.expertise_weight":      "Expertise weight (0 to 1)",
		"ph.expertise_weight":      "How the assignment of reviewers trades matching expertise against balanced load: 0 balances the load first, 1 gives applications reviewers of their field first (load only breaks ties), values between let matching experts take proportionally more reviews",
		"program.load_first":       "the reviewers' load is balanced first, then expertise is matched",
		"program.expertise_some":   "matching experts may take somewhat more reviews for a better match",
		"program.expertise_first":  "reviewers of the application's field come first",
	})
}
