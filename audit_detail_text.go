package seedbed

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
)

// An audit entry's detail is written once, in the words of the record ("award 12, tranche 2,
// 300000 yuan"); people read it in their language. detailForms gives, for the details the use
// cases write, the pattern of the record and its reading in both languages, each part of the
// record in its place — as it is when it is data (a number, a date, a name, a reason someone
// wrote), or as its label when it is a code. A detail that matches no form is shown as recorded.

// detailForm is one way a detail is written: its pattern, its reading (with %s for each part in
// order) and, for each part, the codes it names (nil when the part is data).
type detailForm struct {
	re   *regexp.Regexp
	read Label
	sets []OptionSet
}

func form(pattern string, zh, en string, sets ...OptionSet) detailForm {
	return detailForm{re: regexp.MustCompile("^" + pattern + "$"), read: Label{Zh: zh, En: en}, sets: sets}
}

const (
	num  = `(-?\d+(?:\.\d+)?)`
	word = `([a-z_]+)`
	any_ = `(.+)`
	date = `([0-9-]+)`
)

// detailForms are the details written by each action (an action ending in "." names every
// action of its kind).
var detailForms = map[string][]detailForm{
	"token.revoke": {
		form(`token `+num+` \(`+any_+`\)`, "令牌 %s（%s）", "token %s (%s)", nil, nil),
		form(any_+`: all `+num+` tokens`, "%s：全部 %s 个令牌", "%s: all %s tokens", nil, nil),
	},
	"award.closeout":        {form(word+`, `+num+` outcomes`, "结题评价：%s，成果 %s 项", "closing rating: %s, %s outcomes", Ratings, nil)},
	"review.panel_note":     {form(num+` characters`, "%s 字", "%s characters", nil)},
	"review.panel_outcome":  {form(word, "%s", "%s", PanelKinds)},
	"program.archive":       {form(any_+`: `+num+` archived awards, `+num+` yuan`, "%s：归档资助 %s 项，共 %s 元", "%s: %s awards archived, %s yuan", nil, nil, nil)},
	"account.email":         {form(`e-mail address changed`, "电子邮箱已更改", "e-mail address changed")},
	"approval.":             {form(word+` `+any_, "%s：%s", "%s: %s", TwoPersonRuleSet, nil)},
	"consultation.open":     {form(any_+` v`+num+`: `+date+` – `+date, "%s 第 %s 版：%s 至 %s", "%s version %s: %s to %s", nil, nil, nil, nil)},
	"comment.answer":        {form(`comment `+num, "答复意见 %s", "answer to comment %s", nil)},
	"consultation.conclude": {form(any_+` final v`+num, "%s 定稿为第 %s 版", "%s, final version %s", nil, nil)},
	"observation.correct":   {form(`innovator `+num+` `+any_+` `+any_+`: `+any_+` → `+any_+` \((.*)\)`, "创新主体 %s 的 %s（%s）：%s → %s（%s）", "innovator %s, %s (%s): %s → %s (%s)", nil, nil, nil, nil, nil, nil)},
	"risk_filing.review":    {form(word, "%s", "%s", RiskFilingStatuses)},
	"risk_filing.file":      {form(word+`:`+num, "%s %s", "%s %s", detailNouns, nil)},
	"attachment.delete":     {form(`attachment `+num, "附件 %s", "attachment %s", nil)},
	"procedure.publish":     {form(any_+` v`+num, "%s 第 %s 版", "%s version %s", nil, nil)},
	"award.change_request":  {form(word+` `+num, "%s（第 %s 号）", "%s (no. %s)", ChangeKinds, nil)},
	"report.schedule":       {form(word+` report `+num+` due `+any_, "%s报告（第 %s 号），%s 到期", "%s report (no. %s), due %s", ReportKinds, nil, nil)},
	"report.submit":         {form(`award `+num+`, `+word+` report`, "资助 %s 的%s报告", "award %s, %s report", nil, ReportKinds)},
	"innovator.import":      {form(num+` rows`, "%s 行", "%s rows", nil)},
	"award.create":          {form(`application `+num+`, `+num+` yuan`, "申请 %s，%s 元", "application %s, %s yuan", nil, nil)},
	"award.":                {form(`refused: open complacency flag`, "已拒绝：有未处理的“死于安乐”预警", "refused: a complacency flag is open")},
	"tranche.evidence":      {form(`award `+num+`, tranche `+num, "资助 %s，第 %s 期", "award %s, tranche %s", nil, nil)},
	"tranche.release":       {form(`award `+num+`, tranche `+num+`, `+num+` yuan`, "资助 %s，第 %s 期，%s 元", "award %s, tranche %s, %s yuan", nil, nil, nil)},
	"review.assign":         {form(num+` pairs, `+num+` problems`, "分配 %s 对，问题 %s 个", "%s pairs assigned, %s problems", nil, nil)},
	"review.declare":        {form(`late conflict`, "事后申报利益冲突", "conflict declared late")},
	"review.score":          {form(num, "总分 %s", "total %s", nil)},
	"review.replace":        {form(`([^:]+): (.*)`, "更换评审专家 %s：%s", "reviewer %s replaced: %s", nil, nil)},
	"review.normalise":      {form(num+` scores`, "%s 个评分", "%s scores", nil)},
	"policy.succeed":        {form(any_+` v`+num+` ends `+date+`, succeeded by v`+num, "%s 第 %s 版于 %s 终止，由第 %s 版接续", "%s version %s ends %s, succeeded by version %s", nil, nil, nil, nil)},
	"lottery.draw":          {form(`seed `+any_+`, `+num+` funded`, "种子 %s，抽中资助 %s 项", "seed %s, %s funded", nil, nil)},
	"personal.erase":        {form(word+`: `+any_, "%s：%s", "%s: %s", EraseScopes, nil)},
	"review.reply_window":   {form(num+` days`, "%s 天", "%s days", nil)},
	"application.reply":     {form(num+` characters`, "%s 字", "%s characters", nil)},
	"review.summary":        {form(num+` characters`, "%s 字", "%s characters", nil)},
	"program.select":        {form(word+`: `+num+` decisions, spent `+num+` of `+num, "%s：决定 %s 项，已用 %s 元（预算 %s 元）", "%s: %s decisions, %s of %s yuan spent", SelectionModes, nil, nil, nil)},
	"review.reveal":         {form(num+` applications`, "%s 项申请", "%s applications", nil)},
	"monitoring.flags":      {form(`data [^:]+: `+num+` assessed, `+num+` flagged, `+num+` new, `+num+` cleared`, "评估 %s 个，预警 %s 个，新增 %s 个，解除 %s 个", "%s assessed, %s flagged, %s new, %s cleared", nil, nil, nil, nil)},
	"notice.publish":        {form(`notice `+num+`: `+date+` – `+date, "公示 %s：%s 至 %s", "notice %s: %s to %s", nil, nil, nil)},
	"objection.answer":      {form(`objection `+num, "答复异议 %s", "answer to objection %s", nil)},
	"notice.close":          {form(num+` objections, `+num+` answered`, "异议 %s 件，已答复 %s 件", "%s objections, %s answered", nil, nil)},
	"survey.invite":         {form(num+` invitations, region (.*)`, "邀请 %s 份，地区 %s", "%s invitations, region %s", nil, nil)},
	"outcome.add":           {form(num+` outcomes, award `+num+` first`, "成果 %s 项（首项属资助 %s）", "%s outcomes (the first of award %s)", nil, nil)},
	"user.create":           {form(`([^ ]+) \(`+word+`\)`, "%s（%s）", "%s (%s)", nil, Roles)},
	"user.role":             {form(word+` → `+word, "%s → %s", "%s → %s", Roles, Roles)},
	"login": {
		form(`totp`, "以验证器动态码登录", "signed in with an authenticator code"),
		form(`recovery code`, "以恢复码登录", "signed in with a recovery code"),
		form(`second factor`, "第二重验证未通过", "second factor failed"),
		form(`second factor owed`, "待第二重验证", "second factor still owed"),
	},
	"personal.read": {
		form(`contact details`, "联系方式", "contact details"),
		form(`commenters' contacts`, "征求意见人的联系方式", "commenters' contacts"),
		form(`objectors' contacts`, "异议人的联系方式", "objectors' contacts"),
		form(`personal data export`, "个人数据导出", "personal data export"),
		form(`full registry including contact details \(personal data\)`, "完整主体库，含联系方式（个人数据）", "the full registry with contact details (personal data)"),
	},
	"denied": {
		form(`application list`, "申请列表", "the application list"),
		form(`apply without an organisation`, "未关联创新主体即申报", "applying without an organisation"),
		form(`policy segment evaluation`, "政策分段评估", "policy segment evaluation"),
		form(`program oversight`, "计划监管", "program oversight"),
		form(`([a-z_.]+)`, "缺少权限：%s", "lacking the right to %s", Permissions),
		form(`([a-z_.]+) innovator `+num, "%s：创新主体 %s", "%s: innovator %s", nil, nil),
		form(`(application|award|tranche|report|assignment) `+num+` of (innovator|reviewer) `+num, "%s %s（属%s %s）", "%s %s of %s %s", detailNouns, nil, detailNouns, nil),
		form(`change application `+num+` of innovator `+num, "修改申请 %s（属创新主体 %s）", "changing application %s of innovator %s", nil, nil),
		form(`change of award `+num, "变更资助 %s", "a change of award %s", nil),
		form(`draft program `+num, "草稿计划 %s", "draft program %s", nil),
		form(`letter on application `+num, "申请 %s 的通知书", "the letter on application %s", nil),
		form(`momentum of innovator `+num+` \(not an opened assignment\)`, "创新主体 %s 的发展动能（不是已开启的评审任务）", "the momentum of innovator %s (not an opened assignment)", nil),
		form(`panel discussion of application `+num, "申请 %s 的评审组讨论", "the panel discussion of application %s", nil),
		form(`reviews of application `+num, "申请 %s 的评审意见", "the reviews of application %s", nil),
	},
}

// Permissions are the rights a refusal names, as people read them.
var Permissions = OptionSet{
	{string(PermRegistryRead), Label{"查看创新主体库", "read the registry"}},
	{string(PermRegistryWrite), Label{"编辑创新主体", "edit innovators"}},
	{string(PermRegistryImport), Label{"批量导入", "import in bulk"}},
	{string(PermRegistryExport), Label{"批量导出", "export in bulk"}},
	{string(PermPersonalRead), Label{"查看联系方式", "read contact details"}},
	{string(PermPersonalRights), Label{"办理个人信息请求", "act on personal-data requests"}},
	{string(PermSurveyManage), Label{"管理文化调查", "manage culture surveys"}},
	{string(PermAuditRead), Label{"查看审计日志", "read the audit log"}},
	{string(PermUsersManage), Label{"管理账号", "manage accounts"}},
	{string(PermSelf), Label{"管理本人账号", "manage one's own account"}},
	{string(PermPolicyRead), Label{"查看政策", "read policies"}},
	{string(PermPolicyWrite), Label{"编辑政策", "edit policies"}},
	{string(PermProgramRead), Label{"查看计划", "read programs"}},
	{string(PermProgramManage), Label{"管理计划", "manage programs"}},
	{string(PermApply), Label{"申报", "apply"}},
	{string(PermReview), Label{"评审", "review"}},
	{string(PermLedgerRead), Label{"查看决策账本", "read the decision ledger"}},
	{string(PermExemption), Label{"裁定容错免责", "decide exemptions"}},
	{string(PermMonitorRead), Label{"查看监测", "read monitoring"}},
	{string(PermMonitorWrite), Label{"填报监测数据", "report monitoring data"}},
	{string(PermLabUse), Label{"使用政策实验室", "use the policy lab"}},
	{string(PermEcosystemRead), Label{"查看生态指标", "read the ecosystem indicators"}},
	{string(PermNoticeRead), Label{"查看公示与意见", "read notices and comments"}},
}

// detailNouns are the records a refusal names.
var detailNouns = OptionSet{
	{"application", Label{"申请", "application"}},
	{"award", Label{"资助", "award"}},
	{"tranche", Label{"拨付批次", "tranche"}},
	{"report", Label{"报告", "report"}},
	{"assignment", Label{"评审任务", "assignment"}},
	{"innovator", Label{"创新主体", "innovator"}},
	{"reviewer", Label{"评审专家", "reviewer"}},
	{"program", Label{"计划", "program"}},
}

// detailLists are the details that list codes separated by commas: the fields of an innovator
// an edit changed.
var detailLists = map[string]OptionSet{"innovator.update": InnovatorFields}

// InnovatorFields names the fields of an innovator's record.
var InnovatorFields = OptionSet{
	{"name", Label{"名称", "name"}}, {"kind", Label{"主体类型", "kind"}}, {"credit_code", Label{"统一社会信用代码", "credit code"}},
	{"industry", Label{"行业", "industry"}}, {"employees", Label{"职工人数", "employees"}}, {"revenue", Label{"营业收入", "revenue"}},
	{"size_class", Label{"企业规模", "size"}}, {"innovation_type", Label{"创新类型", "kind of innovation"}}, {"driver", Label{"驱动方式", "driver"}},
	{"field", Label{"领域", "field"}}, {"path_tags", Label{"路线标签", "path tags"}}, {"region", Label{"地区", "region"}},
	{"founded_year", Label{"成立年份", "year founded"}}, {"description", Label{"简介", "description"}},
	{"contact_name", Label{"联系人", "contact name"}}, {"contact_phone", Label{"联系电话", "contact phone"}}, {"contact_email", Label{"联系邮箱", "contact e-mail"}},
}

// readDetail reads a detail by the forms of its action, or reports false.
func readDetail(action, detail string) (Label, bool) {
	switch action {
	case "reviewer.profile":
		return readReviewerProfile(detail)
	case "observation.add":
		return readObservationAdd(detail)
	}
	if set, ok := detailLists[action]; ok {
		var zh, en []string
		for _, c := range strings.Split(detail, ",") {
			if !set.Has(c) {
				return Label{Zh: detail, En: detail}, false
			}
			zh, en = append(zh, set.Label(c).Zh), append(en, set.Label(c).En)
		}
		return Label{Zh: strings.Join(zh, "、"), En: strings.Join(en, ", ")}, true
	}
	var forms []detailForm
	for a, fs := range detailForms {
		if a == action || strings.HasSuffix(a, ".") && strings.HasPrefix(action, a) {
			forms = append(forms, fs...)
		}
	}
	for _, f := range forms {
		m := f.re.FindStringSubmatch(detail)
		if m == nil {
			continue
		}
		var zh, en []any
		ok := true
		for i, part := range m[1:] {
			if i < len(f.sets) && f.sets[i] != nil {
				if !f.sets[i].Has(part) {
					ok = false
					break
				}
				l := f.sets[i].Label(part)
				zh, en = append(zh, l.Zh), append(en, l.En)
				continue
			}
			zh, en = append(zh, part), append(en, part)
		}
		if ok {
			return Label{Zh: fmt.Sprintf(f.read.Zh, zh...), En: fmt.Sprintf(f.read.En, en...)}, true
		}
	}
	return Label{Zh: detail, En: detail}, false
}

// readReviewerProfile reads the record of a reviewer's profile edit: expertise by its field
// names (free tags as written), how many relations were declared, and the organisation's number.
func readReviewerProfile(detail string) (Label, bool) {
	var p struct {
		OrgID         *int64   `json:"org_id"`
		Expertise     []string `json:"expertise"`
		DeclaredIDs   []int64  `json:"declared_ids"`
		DeclaredNames []string `json:"declared_names"`
	}
	if err := json.Unmarshal([]byte(detail), &p); err != nil {
		return Label{Zh: detail, En: detail}, false
	}
	var zh, en []string
	for _, e := range p.Expertise {
		l := Label{Zh: e, En: e}
		if Fields.Has(e) {
			l = Fields.Label(e)
		}
		zh, en = append(zh, l.Zh), append(en, l.En)
	}
	org := Label{Zh: "未填", En: "none"}
	if p.OrgID != nil {
		org = Label{Zh: fmt.Sprintf("创新主体 %d", *p.OrgID), En: fmt.Sprintf("innovator %d", *p.OrgID)}
	}
	return Label{
		Zh: fmt.Sprintf("专长：%s；任职单位：%s；声明回避：主体 %d 个，人员或单位 %d 项", strings.Join(zh, "、"), org.Zh, len(p.DeclaredIDs), len(p.DeclaredNames)),
		En: fmt.Sprintf("expertise: %s; works for: %s; declared relations: %d innovators, %d people or bodies", strings.Join(en, ", "), org.En, len(p.DeclaredIDs), len(p.DeclaredNames)),
	}, true
}

// ObservationAddDetail is the audit detail of n indicator values added, counted by source
// (readObservationAdd reads it).
func ObservationAddDetail(n int, sources map[string]int) string {
	return fmt.Sprintf("%d values, sources %v", n, sources)
}

// observationAddRe is the record of indicator values added: how many, and how many came from
// each source ("12 values, sources map[import_csv:9 officer:3]").
var observationAddRe = regexp.MustCompile(`^(\d+) values, sources map\[(.*)\]$`)

// readObservationAdd reads the record of indicator values added with each source by its label:
// "12 个数值：CSV 导入 9 个、项目主管录入 3 个".
func readObservationAdd(detail string) (Label, bool) {
	m := observationAddRe.FindStringSubmatch(detail)
	if m == nil {
		return Label{Zh: detail, En: detail}, false
	}
	var zh, en []string
	for _, part := range strings.Fields(m[2]) {
		code, n, ok := strings.Cut(part, ":")
		if !ok || !ObservationSources.Has(code) || strings.Trim(n, "0123456789") != "" || n == "" {
			return Label{Zh: detail, En: detail}, false
		}
		l := ObservationSources.Label(code)
		zh, en = append(zh, fmt.Sprintf("%s %s 个", l.Zh, n)), append(en, fmt.Sprintf("%s: %s", l.En, n))
	}
	if len(zh) == 0 {
		return Label{Zh: m[1] + " 个数值", En: m[1] + " values"}, true
	}
	return Label{Zh: fmt.Sprintf("%s 个数值：%s", m[1], strings.Join(zh, "、")),
		En: fmt.Sprintf("%s values (%s)", m[1], strings.Join(en, ", "))}, true
}
