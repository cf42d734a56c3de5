package policy

import "seedbed"

// IndicatorLabels names, with their units, the indicators the published policies read from
// indicators["…"]: the facts about an innovator that are not fields of the registry. A policy
// may use an indicator not listed here; it is then shown as 指标「key」, and the starter library's
// test (TestLibraryIndicatorsHaveLabels) keeps every indicator it uses listed.
var IndicatorLabels = map[string]seedbed.Label{
	"honest_failures":    {Zh: "此前诚实失败的项目数（个）", En: "earlier honest failures (projects)"},
	"misconduct":         {Zh: "经查实的科研不端（次）", En: "proven research misconduct (cases)"},
	"contract_value":     {Zh: "技术合同成交额（万元）", En: "technology contract value (10,000 yuan)"},
	"sme_contract_value": {Zh: "其中与中小企业的技术合同额（万元）", En: "technology contracts with SMEs (10,000 yuan)"},
	"sme_partners":       {Zh: "合作攻关的中小企业（家）", En: "SME partners in the project (firms)"},
	"own_investment":     {Zh: "企业自有投入（万元）", En: "the firm's own contribution (10,000 yuan)"},
	"jv_round":           {Zh: "与中小企业合资新设公司的本轮融资（万元）", En: "the SME joint venture's funding round (10,000 yuan)"},
}

// indicatorLabel returns an indicator's name with its unit.
func indicatorLabel(key string) seedbed.Label {
	if l, ok := IndicatorLabels[key]; ok {
		return l
	}
	return seedbed.Label{Zh: "指标「" + key + "」", En: "indicator “" + key + "”"}
}
