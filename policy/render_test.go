package policy

import "testing"

func TestRenderExpr(t *testing.T) {
	cases := []struct {
		expr, zh, en string
	}{
		{"employees < 200", "员工数 小于 200", "employees is less than 200"},
		{"revenue >= 1000.5", "营业收入（万元） 不少于 1000.5", "revenue (10k CNY) is at least 1000.5"},
		{`kind == "team"`, "主体类型 为 草根团队", "kind is Grassroots team"},
		{`"team" != kind`, "草根团队 不为 主体类型", "Grassroots team is not kind"},
		{`kind in ["team", "individual"]`, "主体类型 为 草根团队、个人 之一", "kind is one of Grassroots team, Individual"},
		{`!(field in ["ai", "other"])`, "技术领域 不为 人工智能、其他 中任何一项", "technical field is none of Artificial intelligence, Other"},
		{`"开源" in path_tags`, "技术路径标签 包含 “开源”", "path tags include \"开源\""},
		{`!("开源" in path_tags)`, "技术路径标签 不包含 “开源”", "path tags do not include \"开源\""},
		{"is_sme", "属于中小企业", "is an SME"},
		{"!is_sme", "不属于中小企业", "is not an SME"},
		{`is_sme && driver == "market_demand"`, "属于中小企业，且 驱动类型 为 市场需求驱动", "is an SME and driver is Market-demand-driven"},
		{`kind == "team" || is_sme && age_years <= 3`, "主体类型 为 草根团队，或 （属于中小企业，且 成立年限（年） 不超过 3）",
			"kind is Grassroots team or (is an SME and age (years) is at most 3)"},
		{`(kind == "team" || is_sme) && age_years <= 3`, "（主体类型 为 草根团队，或 属于中小企业），且 成立年限（年） 不超过 3",
			"(kind is Grassroots team or is an SME) and age (years) is at most 3"},
		{"size(path_tags) >= 2", "技术路径标签 的数量 不少于 2", "the number of path tags is at least 2"},
		{"path_tags.size() > 0", "技术路径标签 的数量 大于 0", "the number of path tags is greater than 0"},
		{"size(description) > 10", "简介 的长度 大于 10", "the length of description is greater than 10"},
		{`path_tags.exists(t, t == "llm")`, "技术路径标签 中至少有一项 t 满足：t 为 “llm”", "path tags: some t satisfies t is \"llm\""},
		{`path_tags.all(t, t != "x")`, "技术路径标签 中每一项 t 都满足：t 不为 “x”", "path tags: every t satisfies t is not \"x\""},
		{`indicators["momentum"] > 0.5`, "指标「momentum」 大于 0.5", "indicator “momentum” is greater than 0.5"},
		{`has(indicators.misconduct)`, "已填写经查实的科研不端（次）", "proven research misconduct (cases) is present"},
		{`!has(indicators.misconduct)`, "未填写经查实的科研不端（次）", "proven research misconduct (cases) is absent"},
		{`"x" in indicators`, "已填写指标「x」", "indicator “x” is present"},
		{"min(revenue * 0.1, 500.0)", "营业收入（万元） × 0.1 与 500 中较小者", "the smaller of revenue (10k CNY) × 0.1 and 500"},
		{"max(double(employees), 1.0)", "员工数 与 1 中较大者", "the larger of employees and 1"},
		{"(revenue + 10.0) * 2.0", "（营业收入（万元） + 10） × 2", "(revenue (10k CNY) + 10) × 2"},
		{"revenue - (10.0 - 2.0)", "营业收入（万元） − （10 − 2）", "revenue (10k CNY) − (10 − 2)"},
		{`kind == "team" ? 20.0 : 30.0`, "若 主体类型 为 草根团队 则 20，否则 30", "if kind is Grassroots team then 20, otherwise 30"},
		{`region.startsWith("杭州")`, "地区 以 “杭州” 开头", "region starts with \"杭州\""},
		{"-employees < 0", "−员工数 小于 0", "−employees is less than 0"},
	}
	for _, c := range cases {
		l, ok := RenderExpr(c.expr)
		if !ok || l.Zh != c.zh || l.En != c.en {
			t.Errorf("%s:\n got %q / %q (%v)\nwant %q / %q", c.expr, l.Zh, l.En, ok, c.zh, c.en)
		}
	}
}

func TestRenderFallsBack(t *testing.T) {
	for _, expr := range []string{"[1, 2].map(x, x * 2).size() > 1", `{"a": 1}["a"] == 1`, "employees <"} {
		l, ok := RenderExpr(expr)
		if ok || l.Zh != expr || l.En != expr {
			t.Errorf("%s: got %q / %q (%v), want the raw expression", expr, l.Zh, l.En, ok)
		}
	}
	// A clause with written text falls back to it.
	c := withConditions(t, "  - id: odd\n    text: {zh: 映射, en: mapped}\n    expr: '[1, 2].map(x, x * 2).size() > 1'\n", "")
	r := c.Rules()[0]
	if r.Rendered || r.Sentence.Zh != "映射" || r.Sentence.En != "mapped" {
		t.Errorf("rule = %+v", r)
	}
}

func TestRules(t *testing.T) {
	c := withConditions(t, clause("small", "employees < 200"), `  - id: grant
    kind: grant
    name: {zh: 资助, en: Grant}
    when: is_sme
    amount: min(revenue * 0.1, 50.0)
    cap: 50
    unit: wan_yuan
    cofunding: {ratio: 1, own: 'indicators["own"]'}
`)
	rules := c.Rules()
	want := []struct{ kind, zh string }{
		{"condition", "员工数 小于 200"}, {"when", "属于中小企业"}, {"amount", "营业收入（万元） × 0.1 与 50 中较小者"}, {"own", "指标「own」"},
	}
	if len(rules) != len(want) {
		t.Fatalf("got %d rules, want %d", len(rules), len(want))
	}
	for i, w := range want {
		if rules[i].Kind != w.kind || rules[i].Sentence.Zh != w.zh || !rules[i].Rendered {
			t.Errorf("rule %d = %+v, want %s %q", i, rules[i], w.kind, w.zh)
		}
	}
}
