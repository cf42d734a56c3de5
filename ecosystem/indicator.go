package ecosystem

import (
	"fmt"

	"seedbed"
	"seedbed/evaluation"
)

// Units of indicator values.
const (
	UnitCount  = "count" // a number of things
	UnitShare  = "share" // a fraction from 0 to 1
	UnitBits   = "bits"  // Shannon entropy, base 2
	UnitIndex  = "index" // a concentration index from 0 to 1 (Gini, HHI)
	UnitDays   = "days"
	UnitMonths = "months"
	UnitRate   = "rate" // a number per something, such as reports per award
)

// Groups of indicators, in the order the dashboard shows them.
const (
	GroupFormation = "formation"
	GroupBreadth   = "breadth"
	GroupDiversity = "diversity"
	GroupRetry     = "retry"
	GroupHorizon   = "horizon"
	GroupOutcomes  = "outcomes"
	GroupBurden    = "burden"
)

// Groups lists the groups with their labels.
var Groups = seedbed.OptionSet{
	{Code: GroupFormation, Label: seedbed.Label{Zh: "创新主体的形成", En: "Formation"}},
	{Code: GroupBreadth, Label: seedbed.Label{Zh: "支持的广度", En: "Breadth of support"}},
	{Code: GroupDiversity, Label: seedbed.Label{Zh: "路径多样性", En: "Diversity of paths"}},
	{Code: GroupRetry, Label: seedbed.Label{Zh: "失败后再尝试", En: "Retry after failure"}},
	{Code: GroupHorizon, Label: seedbed.Label{Zh: "资助的时间跨度", En: "Horizon of funding"}},
	{Code: GroupOutcomes, Label: seedbed.Label{Zh: "标志性成果", En: "Landmark outcomes"}},
	{Code: GroupBurden, Label: seedbed.Label{Zh: "平台自身带来的负担", En: "Burden the platform imposes"}},
}

// MinBase is the smallest base (awards, applicants, awardees, failed innovators) a share, a
// concentration or an entropy is computed on; below it the indicator has not enough data.
const MinBase = 5

// Indicator is one figure of the environment for one scope.
type Indicator struct {
	Key    string            `json:"key"`
	Group  string            `json:"group"`
	Label  seedbed.Label     `json:"label"`
	Value  *float64          `json:"value"` // nil when Status is not ok
	Unit   string            `json:"unit"`
	Period string            `json:"period"`
	Status evaluation.Status `json:"status"`
	Base   int               `json:"base"`   // how many things the figure is computed over
	Awards bool              `json:"awards"` // Behind lists the awards behind the figure
}

// Definition says what an indicator is and how it is computed over a frame.
type Definition struct {
	Key    string
	Group  string
	Label  seedbed.Label
	Unit   string
	Awards bool // the figure is computed over awards, which Behind lists
	// compute returns the value, the size of its base and whether the base carries a figure.
	compute func(f *frame) (value float64, base int, ok bool)
	// counted reports, for an indicator over awards, whether an award of the base counts
	// towards the figure's numerator (all of them for a concentration).
	counted func(f *frame, a *Award) bool
}

// Definitions lists every indicator in display order; every list of indicators derives from it.
var Definitions = []Definition{
	{Key: "new_innovators", Group: GroupFormation, Unit: UnitCount,
		Label:   seedbed.Label{Zh: "新登记创新主体", En: "New innovators registered"},
		compute: func(f *frame) (float64, int, bool) { return float64(len(f.registered)), len(f.registered), true }},
	{Key: "new_grassroots_teams", Group: GroupFormation, Unit: UnitCount,
		Label: seedbed.Label{Zh: "新登记草根团队", En: "New grassroots teams"},
		compute: func(f *frame) (float64, int, bool) {
			n := 0
			for _, in := range f.registered {
				if in.Kind == seedbed.KindTeam {
					n++
				}
			}
			return float64(n), len(f.registered), true
		}},

	{Key: "teams_became_firms", Group: GroupFormation, Unit: UnitCount,
		Label: seedbed.Label{Zh: "草根团队转为企业", En: "Grassroots teams that became firms"},
		compute: func(f *frame) (float64, int, bool) {
			n := 0
			for i := range f.d.list {
				if in := &f.d.list[i]; f.s.has(in) && f.s.during(in.firmYear) {
					n++
				}
			}
			return float64(n), n, true
		}},

	{Key: "sme_share_applicants", Group: GroupBreadth, Unit: UnitShare,
		Label:   seedbed.Label{Zh: "申报主体中的中小企业占比", En: "SME share of applicants"},
		compute: func(f *frame) (float64, int, bool) { return innovatorShare(f.applicants, (*Innovator).SME) }},
	{Key: "sme_share_awards", Group: GroupBreadth, Unit: UnitShare, Awards: true,
		Label:   seedbed.Label{Zh: "资助项数中的中小企业占比", En: "SME share of awards"},
		compute: func(f *frame) (float64, int, bool) { return awardShare(f, isSME, false) },
		counted: isSME},
	{Key: "sme_share_money", Group: GroupBreadth, Unit: UnitShare, Awards: true,
		Label:   seedbed.Label{Zh: "资助金额中的中小企业占比", En: "SME share of money"},
		compute: func(f *frame) (float64, int, bool) { return awardShare(f, isSME, true) },
		counted: isSME},
	{Key: "grassroots_share_applicants", Group: GroupBreadth, Unit: UnitShare,
		Label:   seedbed.Label{Zh: "申报主体中的草根团队和个人占比", En: "Grassroots share of applicants"},
		compute: func(f *frame) (float64, int, bool) { return innovatorShare(f.applicants, (*Innovator).Grassroots) }},
	{Key: "grassroots_share_awards", Group: GroupBreadth, Unit: UnitShare, Awards: true,
		Label:   seedbed.Label{Zh: "资助项数中的草根团队和个人占比", En: "Grassroots share of awards"},
		compute: func(f *frame) (float64, int, bool) { return awardShare(f, isGrassroots, false) },
		counted: isGrassroots},
	{Key: "grassroots_share_money", Group: GroupBreadth, Unit: UnitShare, Awards: true,
		Label:   seedbed.Label{Zh: "资助金额中的草根团队和个人占比", En: "Grassroots share of money"},
		compute: func(f *frame) (float64, int, bool) { return awardShare(f, isGrassroots, true) },
		counted: isGrassroots},
	{Key: "first_time_share_awards", Group: GroupBreadth, Unit: UnitShare, Awards: true,
		Label:   seedbed.Label{Zh: "首次获资助者占比", En: "First-time awardees' share of awards"},
		compute: func(f *frame) (float64, int, bool) { return awardShare(f, isFirst, false) },
		counted: isFirst},
	{Key: "first_time_share_money", Group: GroupBreadth, Unit: UnitShare, Awards: true,
		Label:   seedbed.Label{Zh: "资助金额中首次获资助者占比", En: "First-time awardees' share of money"},
		compute: func(f *frame) (float64, int, bool) { return awardShare(f, isFirst, true) },
		counted: isFirst},
	{Key: "funding_top10_share", Group: GroupBreadth, Unit: UnitShare, Awards: true,
		Label: seedbed.Label{Zh: "资助最多的 10 个主体所得金额占比", En: "Share of money to the top 10 recipients"},
		compute: func(f *frame) (float64, int, bool) {
			v, ok := TopNShare(f.moneyByAwardee(), 10)
			return v, len(f.moneyByAwardee()), ok
		},
		counted: func(f *frame, a *Award) bool { return f.top10()[a.InnovatorID] }},
	{Key: "funding_gini", Group: GroupBreadth, Unit: UnitIndex, Awards: true,
		Label:   seedbed.Label{Zh: "资助金额在主体间的基尼系数", En: "Gini coefficient of money across recipients"},
		compute: func(f *frame) (float64, int, bool) { return concentration(f, Gini) },
		counted: all},
	{Key: "funding_hhi", Group: GroupBreadth, Unit: UnitIndex, Awards: true,
		Label:   seedbed.Label{Zh: "资助金额集中度（HHI）", En: "Concentration of money (HHI)"},
		compute: func(f *frame) (float64, int, bool) { return concentration(f, HHI) },
		counted: all},

	{Key: "path_entropy_applicants", Group: GroupDiversity, Unit: UnitBits,
		Label:   seedbed.Label{Zh: "申报主体技术路径熵", En: "Entropy of applicants' technical paths"},
		compute: func(f *frame) (float64, int, bool) { return pathEntropy(f.applicants) }},
	{Key: "path_entropy_awardees", Group: GroupDiversity, Unit: UnitBits, Awards: true,
		Label:   seedbed.Label{Zh: "获资助主体技术路径熵", En: "Entropy of awardees' technical paths"},
		compute: func(f *frame) (float64, int, bool) { return pathEntropy(f.awardees()) },
		counted: all},
	{Key: "field_entropy_awardees", Group: GroupDiversity, Unit: UnitBits, Awards: true,
		Label:   seedbed.Label{Zh: "获资助主体技术领域熵", En: "Entropy of awardees' fields"},
		compute: func(f *frame) (float64, int, bool) { return fieldEntropy(f.awardees()) },
		counted: all},
	{Key: "nonmainstream_share_money", Group: GroupDiversity, Unit: UnitShare, Awards: true,
		Label:   seedbed.Label{Zh: "资助金额中非主流技术路径占比", En: "Share of money on non-mainstream paths"},
		compute: func(f *frame) (float64, int, bool) { return awardShare(f, nonMainstream, true) },
		counted: nonMainstream},
	{Key: "selection_narrowing", Group: GroupDiversity, Unit: UnitBits,
		Label: seedbed.Label{Zh: "遴选对路径多样性的影响（获资助减申报，负值为收窄）", En: "Effect of selection on path diversity (awardees minus applicants; negative narrows)"},
		compute: func(f *frame) (float64, int, bool) {
			aw, n, ok1 := pathEntropy(f.awardees())
			ap, _, ok2 := pathEntropy(f.applicants)
			return aw - ap, n, ok1 && ok2
		}},

	{Key: "failures", Group: GroupRetry, Unit: UnitCount, Awards: true,
		Label:   seedbed.Label{Zh: "诚实失败或中止的资助", En: "Awards ended as failures or stopped"},
		compute: func(f *frame) (float64, int, bool) { return float64(len(f.failed)), len(f.failed), true },
		counted: all},
	{Key: "retry_rate", Group: GroupRetry, Unit: UnitShare, Awards: true,
		Label:   seedbed.Label{Zh: "失败后再次申报的主体占比", En: "Share of failed innovators that applied again"},
		compute: func(f *frame) (float64, int, bool) { return retryShare(f, f.d.appTimes) },
		counted: func(f *frame, a *Award) bool { _, ok := after(f.d.appTimes[a.InnovatorID], a.Closed); return ok }},
	{Key: "refunded_rate", Group: GroupRetry, Unit: UnitShare, Awards: true,
		Label:   seedbed.Label{Zh: "失败后再次获资助的主体占比", En: "Share of failed innovators funded again"},
		compute: func(f *frame) (float64, int, bool) { return retryShare(f, f.d.awardTimes) },
		counted: func(f *frame, a *Award) bool { _, ok := after(f.d.awardTimes[a.InnovatorID], a.Closed); return ok }},
	{Key: "retry_days_median", Group: GroupRetry, Unit: UnitDays, Awards: true,
		Label:   seedbed.Label{Zh: "失败到再次申报的天数（中位数）", En: "Days from failure to the next application (median)"},
		compute: retryDays,
		counted: func(f *frame, a *Award) bool { _, ok := after(f.d.appTimes[a.InnovatorID], a.Closed); return ok }},

	{Key: "horizon_months_median", Group: GroupHorizon, Unit: UnitMonths, Awards: true,
		Label:   seedbed.Label{Zh: "资助期限（月，中位数）", En: "Funding horizon in months (median)"},
		compute: horizonMedian,
		counted: func(f *frame, a *Award) bool { _, ok := a.HorizonMonths(); return ok }},
	{Key: "multiyear_small_share_money", Group: GroupHorizon, Unit: UnitShare, Awards: true,
		Label:   seedbed.Label{Zh: "资助金额中对中小企业和草根的多年期支持占比", En: "Share of money in multi-year support of SMEs and grassroots teams"},
		compute: func(f *frame) (float64, int, bool) { return awardShare(f, multiYearSmall, true) },
		counted: multiYearSmall},

	{Key: "landmarks", Group: GroupOutcomes, Unit: UnitCount, Awards: true,
		Label:   seedbed.Label{Zh: "标志性成果数", En: "Landmark outcomes"},
		compute: landmarks,
		counted: func(f *frame, a *Award) bool { return f.landmarkAwards()[a.ID] }},
	{Key: "first_landmark_days_median", Group: GroupOutcomes, Unit: UnitDays, Awards: true,
		Label:   seedbed.Label{Zh: "首次资助到首个标志性成果的天数（中位数）", En: "Days from first award to first landmark (median)"},
		compute: firstLandmarkDays,
		counted: func(f *frame, a *Award) bool { return f.landmarkAwards()[a.ID] }},

	{Key: "reports_per_award", Group: GroupBurden, Unit: UnitRate, Awards: true,
		Label: seedbed.Label{Zh: "每项资助要求的里程碑报告数", En: "Milestone reports demanded per award"},
		compute: func(f *frame) (float64, int, bool) {
			reports, _ := burden(f)
			v, ok := Share(float64(reports), float64(len(f.awards)))
			return v, len(f.awards), ok && len(f.awards) >= MinBase
		},
		counted: all},
	{Key: "reports_per_million_yuan", Group: GroupBurden, Unit: UnitRate, Awards: true,
		Label: seedbed.Label{Zh: "每百万元资助要求的里程碑报告数", En: "Milestone reports demanded per million yuan"},
		compute: func(f *frame) (float64, int, bool) {
			reports, money := burden(f)
			v, ok := Share(float64(reports), money/1e6)
			return v, len(f.awards), ok && len(f.awards) >= MinBase
		},
		counted: all},
}

// Definition returns the definition of key, and false when there is none.
func DefinitionOf(key string) (Definition, bool) {
	for _, def := range Definitions {
		if def.Key == key {
			return def, true
		}
	}
	return Definition{}, false
}

// Compute returns every indicator of Definitions for the scope, in their order. The scope is
// not checked: call Scope.Validate first when it comes from outside.
func Compute(d *Data, s Scope) []Indicator {
	f := newFrame(d, s)
	out := make([]Indicator, len(Definitions))
	for i, def := range Definitions {
		out[i] = def.evaluate(f)
	}
	return out
}

func (def Definition) evaluate(f *frame) Indicator {
	ind := Indicator{Key: def.Key, Group: def.Group, Label: def.Label, Unit: def.Unit, Period: f.s.Period(),
		Status: evaluation.StatusNotEnoughData, Awards: def.Awards}
	v, base, ok := def.compute(f)
	ind.Base = base
	if ok {
		ind.Value, ind.Status = &v, evaluation.StatusOK
	}
	return ind
}

// Format returns the value as people read it: a count, a percentage, bits or days, or the
// status's label when there is no value.
func (ind Indicator) Format(lang string) string {
	if ind.Value == nil {
		return ind.Status.Label().In(lang)
	}
	v := *ind.Value
	switch ind.Unit {
	case UnitCount:
		return fmt.Sprintf("%.0f", v)
	case UnitShare:
		return fmt.Sprintf("%.1f%%", 100*v)
	case UnitDays, UnitMonths:
		return fmt.Sprintf("%.0f", v)
	}
	return fmt.Sprintf("%.2f", v)
}
