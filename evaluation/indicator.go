package evaluation

import (
	"strings"

	"seedbed"
)

// Category groups indicators by what they measure.
type Category string

// Indicator categories.
const (
	Technical    Category = "technical"     // technical effort and output (技术投入与产出)
	Market       Category = "market"        // market traction (市场)
	NonTechnical Category = "non_technical" // reports, applications, visits, honours (非技术活动)
	Funding      Category = "funding"       // public money received (财政资助)
)

// Categories lists the categories with their labels.
var Categories = seedbed.OptionSet{
	{Code: string(Technical), Label: seedbed.Label{Zh: "技术投入与产出", En: "Technical effort and output"}},
	{Code: string(Market), Label: seedbed.Label{Zh: "市场表现", En: "Market traction"}},
	{Code: string(NonTechnical), Label: seedbed.Label{Zh: "非技术活动", En: "Non-technical effort"}},
	{Code: string(Funding), Label: seedbed.Label{Zh: "财政资助", En: "Public funding"}},
}

// Unit codes. Values are never converted between units: a value in the wrong unit is refused.
const (
	UnitWanYuan = "wan_yuan" // 万元, 10,000 yuan
	UnitPersons = "persons"  // 人
	UnitCount   = "count"    // 件/个/项/次
)

// Units lists the unit codes with their labels.
var Units = seedbed.OptionSet{
	{Code: UnitWanYuan, Label: seedbed.Label{Zh: "万元", En: "10,000 yuan"}},
	{Code: UnitPersons, Label: seedbed.Label{Zh: "人", En: "persons"}},
	{Code: UnitCount, Label: seedbed.Label{Zh: "个", En: "count"}},
}

// unitAliases maps how people write units in spreadsheets to unit codes.
var unitAliases = map[string]string{
	"万元": UnitWanYuan, "万": UnitWanYuan, "10k yuan": UnitWanYuan, "10,000 yuan": UnitWanYuan, "10k_cny": UnitWanYuan,
	"人": UnitPersons, "名": UnitPersons, "person": UnitPersons, "people": UnitPersons,
	"个": UnitCount, "件": UnitCount, "项": UnitCount, "次": UnitCount, "份": UnitCount, "家": UnitCount,
	"items": UnitCount, "number": UnitCount,
}

// ParseUnit maps a unit code or a common way of writing it ("万元", "件", "人") to the unit code.
func ParseUnit(text string) (string, bool) {
	t := strings.TrimSpace(text)
	if code, ok := Units.Parse(t); ok {
		return code, true
	}
	code, ok := unitAliases[strings.ToLower(t)]
	return code, ok
}

// Indicator describes one series in the catalogue.
type Indicator struct {
	Code     string        `json:"code"`
	Label    seedbed.Label `json:"label"`
	Category Category      `json:"category"`
	Unit     string        `json:"unit"`   // unit code, see Units
	Count    bool          `json:"count"`  // values must be whole numbers
	Weight   float64       `json:"weight"` // weight within its category's trend
}

// Indicator codes.
const (
	RDSpend             = "rd_spend"
	TechStaff           = "tech_staff"
	PatentsFiled        = "patents_filed"
	PatentsGranted      = "patents_granted"
	SoftwareReleases    = "software_releases"
	OSSCommits          = "oss_commits"
	ProductLaunches     = "product_launches"
	Revenue             = "revenue"
	PayingCustomers     = "paying_customers"
	PrivateInvestment   = "private_investment"
	ReportsSubmitted    = "reports_submitted"
	AwardApplications   = "award_applications"
	SubsidyApplications = "subsidy_applications"
	OfficialEvents      = "official_events"
	HonoursSought       = "honours_sought"
	PublicFunding       = "public_funding"
)

// Catalogue is the list of indicators. Its order is the row order inside a Panel; every value
// of every indicator is non-negative. Weights are equal within each category by default, the
// most transparent choice; a bureau that wants other weights changes them here, in one place.
var Catalogue = [...]Indicator{
	{RDSpend, seedbed.Label{Zh: "研发投入", En: "R&D spending"}, Technical, UnitWanYuan, false, 1},
	{TechStaff, seedbed.Label{Zh: "技术人员", En: "Technical staff"}, Technical, UnitPersons, true, 1},
	{PatentsFiled, seedbed.Label{Zh: "专利申请", En: "Patents filed"}, Technical, UnitCount, true, 1},
	{PatentsGranted, seedbed.Label{Zh: "专利授权", En: "Patents granted"}, Technical, UnitCount, true, 1},
	{SoftwareReleases, seedbed.Label{Zh: "软件版本发布", En: "Software releases"}, Technical, UnitCount, true, 1},
	{OSSCommits, seedbed.Label{Zh: "开源贡献", En: "Open-source contributions"}, Technical, UnitCount, true, 1},
	{ProductLaunches, seedbed.Label{Zh: "新产品发布", En: "Product launches"}, Technical, UnitCount, true, 1},
	{Revenue, seedbed.Label{Zh: "营业收入", En: "Revenue"}, Market, UnitWanYuan, false, 1},
	{PayingCustomers, seedbed.Label{Zh: "付费客户", En: "Paying customers"}, Market, UnitCount, true, 1},
	{PrivateInvestment, seedbed.Label{Zh: "社会资本投资", En: "Follow-on private investment"}, Market, UnitWanYuan, false, 1},
	{ReportsSubmitted, seedbed.Label{Zh: "提交报告", En: "Reports submitted"}, NonTechnical, UnitCount, true, 1},
	{AwardApplications, seedbed.Label{Zh: "申报奖项", En: "Award applications"}, NonTechnical, UnitCount, true, 1},
	{SubsidyApplications, seedbed.Label{Zh: "申请其他补贴", En: "Subsidy applications elsewhere"}, NonTechnical, UnitCount, true, 1},
	{OfficialEvents, seedbed.Label{Zh: "官方考察与活动", En: "Official visits and events"}, NonTechnical, UnitCount, true, 1},
	{HonoursSought, seedbed.Label{Zh: "申请荣誉称号", En: "Honours sought"}, NonTechnical, UnitCount, true, 1},
	{PublicFunding, seedbed.Label{Zh: "获得财政资助", En: "Public funding received"}, Funding, UnitWanYuan, false, 1},
}

// NumIndicators is the number of indicators in the Catalogue.
const NumIndicators = len(Catalogue)

var (
	indicatorIndex = map[string]int{}
	// members lists the catalogue positions of each category's indicators.
	members                  = map[Category][]int{}
	kRDSpend, kPublicFunding int
)

func init() {
	for k, ind := range Catalogue {
		indicatorIndex[ind.Code] = k
		members[ind.Category] = append(members[ind.Category], k)
	}
	kRDSpend = indicatorIndex[RDSpend]
	kPublicFunding = indicatorIndex[PublicFunding]
}

// IndicatorIndex returns the catalogue position of an indicator code.
func IndicatorIndex(code string) (int, bool) {
	k, ok := indicatorIndex[code]
	return k, ok
}

// LookupIndicator returns the catalogue entry of an indicator code.
func LookupIndicator(code string) (Indicator, bool) {
	k, ok := indicatorIndex[code]
	if !ok {
		return Indicator{}, false
	}
	return Catalogue[k], true
}

// ParseIndicator maps an indicator code or its Chinese or English label to the code.
func ParseIndicator(text string) (string, bool) {
	t := strings.TrimSpace(text)
	for _, ind := range Catalogue {
		if t == ind.Code || t == ind.Label.Zh || strings.EqualFold(t, ind.Label.En) {
			return ind.Code, true
		}
	}
	return "", false
}

// IndicatorCodes lists the catalogue's codes in order, for error messages.
func IndicatorCodes() []string {
	out := make([]string, len(Catalogue))
	for k, ind := range Catalogue {
		out[k] = ind.Code
	}
	return out
}

// Sources of an observation: every value keeps where it came from.
const (
	SourceProgressReport = seedbed.SourceProgressReport // entered by the awardee in a progress report
	SourceOfficer        = seedbed.SourceOfficer        // entered by a programme officer
	SourceCSV            = seedbed.SourceCSV            // imported from a CSV file
	SourceAPI            = seedbed.SourceAPI            // imported through the API
)

// Sources lists the observation sources with their labels.
var Sources = seedbed.ObservationSources
