package i18n

// Pickers of records: the applications a procedure record covers, the award an outcome belongs
// to — chosen by name, never typed as numbers.
func init() {
	Register(Zh, map[string]string{
		"forms.awarded_on":          "%s 立项",
		"forms.label_colon":         "%s：",
		"forms.choose_award":        "请选择资助",
		"forms.no_awards_to_credit": "还没有可以登记成果的资助。",
		"procedure.no_applications": "这个计划还没有已提交的申请：记录将涉及整份资助名单。",
	})
	Register(En, map[string]string{
		"forms.awarded_on":          "awarded %s",
		"forms.label_colon":         "%s: ",
		"forms.choose_award":        "Choose an award",
		"forms.no_awards_to_credit": "There is no award to credit an outcome to yet.",
		"procedure.no_applications": "This program has no submitted application yet: the record will cover the whole funding list.",
	})
}
