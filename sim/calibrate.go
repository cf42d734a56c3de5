package sim

import "math"

// RegionFacts are the figures of a real region the lab is calibrated from and checked against
// (the ecosystem indicators' data: the registry, the awards, and the landmark outcomes of the
// impact evaluation). Amounts are in yuan.
type RegionFacts struct {
	Innovators int     `json:"innovators"` // registered innovators
	Years      int     `json:"years"`      // years the awards span, to now
	Awards     int     `json:"awards"`     // awards made
	Money      float64 `json:"money"`      // their total
	// Median award to small innovators (every innovator but large enterprises) and to the
	// others; 0 when there is none.
	MedianSmall float64 `json:"median_small"`
	MedianOther float64 `json:"median_other"`
	Ended       int     `json:"ended"`     // awards that have ended
	Failed      int     `json:"failed"`    // of them, those that ended without success
	Landmarks   int     `json:"landmarks"` // landmark outcomes of awardees
	// Shares of the landmarks made by small innovators and by innovators off the mainstream paths.
	LandmarkSmall         float64 `json:"landmark_small"`
	LandmarkNonMainstream float64 `json:"landmark_nonmainstream"`
}

// Calibration is the lab calibrated from a region's own data and checked against it: the figures
// it was calibrated from, the reference configuration with the funding those figures set (and
// how each parameter was set), and the model's predictions for the strategy standing for the
// region's practice beside what the region shows.
type Calibration struct {
	Facts       RegionFacts  `json:"facts"`
	Config      Config       `json:"config"`
	Derivations []Derivation `json:"derivations"`
	Strategy    string       `json:"strategy"`
	Fit         []FitRow     `json:"fit"`
}

// Derivation says how one parameter of a calibrated configuration was set: its key, the
// reference value, the value used, and the rule, in words; Calibrated is false when the region's
// data could not set it and the reference value stands.
type Derivation struct {
	Key        string  `json:"key"`
	Reference  float64 `json:"reference"`
	Value      float64 `json:"value"`
	Calibrated bool    `json:"calibrated"`
	Rule       Label   `json:"rule"`
}

// Calibrate sets the funding of base from the region: the grant of the picking strategies in
// proportion to the small grant as the region's median award to larger innovators is to its
// median award to small ones, and the budget to the region's money per year over the
// configuration's quarters, scaled to the model's population, in the model's unit of money.
//
// The model's unit is a quarter of a small venture's spending and its small grant is four of
// them (a year); the region's median award to small innovators is taken to be that year. This is
// an assumption, stated with the results, not a measurement: the registry holds no burn rates.
func Calibrate(base Config, f RegionFacts) (Config, []Derivation) {
	cfg := base
	unit := 0.0 // yuan per model unit
	if f.MedianSmall > 0 {
		unit = f.MedianSmall / base.Funding.SmallGrantSize
	}
	grant := Derivation{Key: "funding.grant_size", Reference: base.Funding.GrantSize, Value: base.Funding.GrantSize,
		Rule: Label{Zh: "小额资助 × 本地区大中型主体资助额中位数 ÷ 小微主体资助额中位数",
			En: "the small grant × the region's median award to larger innovators ÷ its median award to small ones"}}
	if unit > 0 && f.MedianOther > 0 {
		grant.Value, grant.Calibrated = round(f.MedianOther/unit, 1), true
		cfg.Funding.GrantSize = grant.Value
	}
	budget := Derivation{Key: "funding.budget", Reference: base.Funding.Budget, Value: base.Funding.Budget,
		Rule: Label{Zh: "本地区年均资助总额 × 模拟年数 × 模拟主体数 ÷ 本地区主体数，以小额资助为一年支出折算",
			En: "the region's money per year × the years simulated × the model's innovators ÷ the region's, with a small grant as a year's spending"}}
	if unit > 0 && f.Years > 0 && f.Innovators > 0 && f.Money > 0 {
		years := float64(base.Quarters) / 4
		perInnovator := f.Money / float64(f.Years) * years / float64(f.Innovators)
		budget.Value, budget.Calibrated = round(perInnovator*float64(base.Population.Innovators)/unit, 0), true
		cfg.Funding.Budget = budget.Value
	}
	return cfg, []Derivation{grant, budget}
}

// FitRow compares one of the model's predictions with what the region shows. Comparable is
// false where the two are measured differently (said in About); Ratio is predicted ÷ observed (0
// when the region shows none),
// and Verdict "close" within a factor of 1.5, "rough" within 3, "poor" beyond, "no_data" when the
// region has none.
type FitRow struct {
	Key        string   `json:"key"`
	Label      Label    `json:"label"`
	About      Label    `json:"about"`
	Observed   float64  `json:"observed"`
	HasData    bool     `json:"has_data"`
	Predicted  Estimate `json:"predicted"`
	Ratio      float64  `json:"ratio"`
	Verdict    string   `json:"verdict"`
	Comparable bool     `json:"comparable"`
	Unit       string   `json:"unit"` // "share" (a fraction from 0 to 1) or "per_thousand"
}

// Fit compares the result of strategy in r (a run of a calibrated configuration) with the region.
func Fit(f RegionFacts, r *Result, strategy string) []FitRow {
	var s *StrategyResult
	for i := range r.Strategies {
		if r.Strategies[i].ID == strategy {
			s = &r.Strategies[i]
		}
	}
	if s == nil {
		return nil
	}
	n := float64(r.Config.Population.Innovators)
	years := float64(r.Config.Quarters) / 4
	perThousand := func(e Estimate) Estimate {
		k := 1000 / n
		return Estimate{Mean: e.Mean * k, Lo: e.Lo * k, Hi: e.Hi * k, N: e.N, Defined: e.Defined}
	}
	rows := []FitRow{
		{Key: "landmark_rate", Label: Label{Zh: "每千个主体的标志性成果（模拟期内）", En: "Landmarks per 1,000 innovators (over the simulated years)"},
			About: Label{Zh: "本地区只记录获资助主体的标志性成果，按模拟年数折算；模型计入全部主体",
				En: "the region records landmarks of awardees only, scaled to the simulated years; the model counts every innovator's"},
			Predicted: perThousand(s.Landmarks), HasData: f.Innovators > 0 && f.Years > 0, Comparable: false, Unit: "per_thousand"},
		{Key: "landmark_share_small", Label: Label{Zh: "小微主体所占标志性成果比例", En: "Share of landmarks made by small innovators"},
			About:    Label{Zh: "两边都按“除大型企业外”计算", En: "both count every innovator but large enterprises as small"},
			Observed: f.LandmarkSmall, Predicted: point(s.LandmarkShares.Small), HasData: f.Landmarks > 0, Comparable: true, Unit: "share"},
		{Key: "landmark_share_nonmainstream", Label: Label{Zh: "非主流路线主体所占标志性成果比例", En: "Share of landmarks made off the mainstream paths"},
			About: Label{Zh: "本地区按路径标签（最常见的一半之外）判断；模型按技术路线与主流的距离判断",
				En: "the region judges by path tags (outside the commonest half); the model by the approach's distance from the mainstream"},
			Observed: f.LandmarkNonMainstream, Predicted: point(s.LandmarkShares.NonMainstream), HasData: f.Landmarks > 0, Comparable: false, Unit: "share"},
		{Key: "survival", Label: Label{Zh: "存续比例", En: "Share still going"},
			About: Label{Zh: "本地区为已结束的资助中未以失败告终的比例；模型为期末仍在运营的主体比例",
				En: "the region: ended awards that did not end in failure; the model: ventures still active at the end"},
			Observed: 1 - share(f.Failed, f.Ended), Predicted: scaled(s.Survivors, 1/n), HasData: f.Ended > 0, Comparable: false, Unit: "share"},
	}
	if f.Innovators > 0 && f.Years > 0 {
		rows[0].Observed = float64(f.Landmarks) / float64(f.Innovators) * 1000 * years / float64(f.Years)
	}
	for i := range rows {
		rows[i].Verdict = verdict(&rows[i])
	}
	return rows
}

// verdict sets the row's ratio and names how close prediction and observation are.
func verdict(r *FitRow) string {
	if !r.HasData {
		return "no_data"
	}
	switch {
	case r.Observed == 0 && r.Predicted.Mean == 0:
		r.Ratio = 1
	case r.Observed == 0:
		r.Ratio = 0 // undefined: the region shows none where the model predicts some
		return "poor"
	default:
		r.Ratio = r.Predicted.Mean / r.Observed
	}
	off := r.Ratio
	if off < 1 && off > 0 {
		off = 1 / off
	}
	switch {
	case off <= 1.5:
		return "close"
	case off <= 3:
		return "rough"
	default:
		return "poor"
	}
}

// point is an estimate without an interval.
func point(x float64) Estimate { return Estimate{Mean: x, Lo: x, Hi: x, N: 1, Defined: true} }

// scaled multiplies an estimate by k.
func scaled(e Estimate, k float64) Estimate {
	return Estimate{Mean: e.Mean * k, Lo: e.Lo * k, Hi: e.Hi * k, N: e.N, Defined: e.Defined}
}

// share returns n/of, and 0 when of is 0.
func share(n, of int) float64 {
	if of == 0 {
		return 0
	}
	return float64(n) / float64(of)
}

// round rounds x to d decimals.
func round(x float64, d int) float64 {
	p := math.Pow(10, float64(d))
	return math.Round(x*p) / p
}
