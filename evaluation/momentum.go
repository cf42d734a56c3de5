package evaluation

import (
	"fmt"
	"math"
	"strings"

	"seedbed"
)

// MomentumParams are the settings of the momentum score; DefaultMomentumParams gives the
// documented defaults.
type MomentumParams struct {
	Window      int     // quarters ending at the reference quarter (inclusive)
	MinQuarters int     // values an indicator needs in the window to count
	Cap         float64 // annual log growth is clipped to [−Cap, Cap] before weighting
	// Weights of the three components; a component without enough data is left out and the
	// others' weights are rescaled to sum to one.
	WeightTechnical, WeightMarket, WeightOwnMoney float64
}

// DefaultMomentumParams returns the defaults documented in docs/methods.md.
func DefaultMomentumParams() MomentumParams {
	return MomentumParams{Window: 8, MinQuarters: 4, Cap: 1, WeightTechnical: 0.5, WeightMarket: 0.3, WeightOwnMoney: 0.2}
}

func (mp MomentumParams) validate() error {
	switch {
	case mp.MinQuarters < 2 || mp.Window < mp.MinQuarters || mp.Window > MaxPanelQuarters:
		return seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "动能参数无效：需 2 ≤ 最少季度 ≤ 窗口", En: "momentum: need 2 ≤ MinQuarters ≤ Window"})
	case !(mp.Cap > 0) || math.IsInf(mp.Cap, 0):
		return seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "动能参数无效：上限须为正数", En: "momentum: Cap must be positive"})
	case !(mp.WeightTechnical > 0) || !(mp.WeightMarket >= 0) || !(mp.WeightOwnMoney >= 0) ||
		math.IsInf(mp.WeightTechnical+mp.WeightMarket+mp.WeightOwnMoney, 0):
		return seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "动能参数无效：技术权重须为正，其他权重不能为负", En: "momentum: the technical weight must be positive and the others non-negative"})
	}
	return nil
}

// Component is one part of the momentum score with the numbers behind it.
type Component struct {
	Status     Status  `json:"status"`
	Value      float64 `json:"value"`      // the component on [−1, 1], as weighted into the score
	Growth     float64 `json:"growth"`     // annual log growth (4 × slope per quarter), before clipping
	SE         float64 `json:"se"`         // standard error of Growth
	Weight     float64 `json:"weight"`     // share of the score after rescaling; 0 when left out
	Indicators int     `json:"indicators"` // indicators with enough data
	Quarters   int     `json:"quarters"`   // most values any indicator of the component has in the window
}

// MomentumResult is an innovator's momentum before it applies: a score from 0 to 100, where 50
// means flat, with each component and the data window behind it.
type MomentumResult struct {
	InnovatorID int64     `json:"innovator_id"`
	Status      Status    `json:"status"`
	Need        int       `json:"need,omitempty"` // quarters needed, when there is not enough data
	Have        int       `json:"have,omitempty"` // quarters present, when there is not enough data
	From        Quarter   `json:"from"`
	To          Quarter   `json:"to"`
	Score       float64   `json:"score"`
	Technical   Component `json:"technical"`
	Market      Component `json:"market"`
	OwnMoney    Component `json:"own_money"`
	// The window's sums behind the own-money component (万元) and the public share of R&D.
	RDSpend       float64 `json:"rd_spend"`
	PublicFunding float64 `json:"public_funding"`
	PublicShare   float64 `json:"public_share"`
	// Mid-rank percentile of Score among innovators of the same field with a score, and how many
	// there are; set by Evaluate only.
	FieldPercentile float64 `json:"field_percentile"`
	FieldPeers      int     `json:"field_peers"`
}

// Momentum computes the momentum of innovator row i of the panel over the Window quarters
// ending at asOf (the last complete quarter before it applies).
func Momentum(p *Panel, i int, asOf Quarter, mp MomentumParams) (MomentumResult, error) {
	if err := mp.validate(); err != nil {
		return MomentumResult{}, err
	}
	if i < 0 || i >= p.Len() {
		return MomentumResult{}, seedbed.Errorf(seedbed.ENOTFOUND, "panel row %d out of range", i)
	}
	w := newWorkspace(p.T)
	w.load(p, i)
	return momentumAt(w, p, i, asOf, mp), nil
}

// component turns a category trend into a momentum component.
func component(c categoryFit, capv float64) Component {
	g := 4 * c.Slope
	return Component{Status: StatusOK, Growth: g, SE: 4 * c.SE, Value: math.Max(-capv, math.Min(capv, g)) / capv,
		Indicators: c.Indicators, Quarters: c.MaxN}
}

// momentumAt computes the momentum from a loaded workspace.
func momentumAt(w *workspace, p *Panel, i int, asOf Quarter, mp MomentumParams) MomentumResult {
	r := MomentumResult{InnovatorID: p.IDs[i], From: asOf.Add(1 - mp.Window), To: asOf}
	a, b := int(r.From-p.First), int(asOf-p.First)
	var fits [NumIndicators]Fit
	for _, cat := range [...]Category{Technical, Market} {
		for _, k := range members[cat] {
			fits[k] = w.fit(k, a, b)
		}
	}
	enough := func(k int) bool { return fits[k].N >= mp.MinQuarters }
	tech := combine(Technical, &fits, enough)
	if tech.Indicators == 0 {
		r.Status, r.Need, r.Have = StatusNotEnoughData, mp.MinQuarters, tech.MaxN
		r.Technical = Component{Status: StatusNotEnoughData, Quarters: tech.MaxN}
		return r
	}
	r.Status = StatusOK
	r.Technical = component(tech, mp.Cap)
	if mkt := combine(Market, &fits, enough); mkt.Indicators > 0 {
		r.Market = component(mkt, mp.Cap)
	} else {
		r.Market = Component{Status: StatusNotEnoughData, Quarters: mkt.MaxN}
	}

	// Progress on own money: technical growth discounted by the public share of R&D spending.
	var nR, nP int
	for t := max(a, 0); t <= min(b, p.T-1); t++ {
		if v := p.series(i, kRDSpend)[t]; v == v {
			nR++
			r.RDSpend += float64(v)
		}
		if v := p.series(i, kPublicFunding)[t]; v == v {
			nP++
			r.PublicFunding += float64(v)
		}
	}
	r.OwnMoney = Component{Status: StatusNotEnoughData, Quarters: min(nR, nP)}
	if nR > 0 && nP > 0 {
		switch {
		case r.RDSpend > 0:
			r.PublicShare = math.Min(1, r.PublicFunding/r.RDSpend)
		case r.PublicFunding > 0:
			r.PublicShare = 1
		}
		r.OwnMoney = r.Technical
		r.OwnMoney.Quarters = min(nR, nP)
		if r.Technical.Value > 0 {
			r.OwnMoney.Value = r.Technical.Value * (1 - r.PublicShare)
		}
	}

	total := mp.WeightTechnical
	if r.Market.Status == StatusOK {
		total += mp.WeightMarket
	}
	if r.OwnMoney.Status == StatusOK {
		total += mp.WeightOwnMoney
	}
	var sum float64
	for _, c := range []struct {
		comp *Component
		w    float64
	}{{&r.Technical, mp.WeightTechnical}, {&r.Market, mp.WeightMarket}, {&r.OwnMoney, mp.WeightOwnMoney}} {
		if c.comp.Status == StatusOK {
			c.comp.Weight = c.w / total
			sum += c.comp.Weight * c.comp.Value
		}
	}
	r.Score = 50 * (1 + sum)
	return r
}

// Reason explains the score, or why there is none, in both working languages.
func (r MomentumResult) Reason() seedbed.Label {
	if r.Status != StatusOK {
		return needQuarters(seedbed.Label{Zh: "技术产出趋势", En: "the technical trend"}, r.Need, r.Have)
	}
	var zh, en []string
	left := func(name seedbed.Label) {
		zh = append(zh, name.Zh+"：数据不足，不计入")
		en = append(en, name.En+": not enough data, left out")
	}
	for _, part := range []struct {
		name seedbed.Label
		c    Component
	}{{seedbed.Label{Zh: "技术产出", En: "technical output"}, r.Technical}, {seedbed.Label{Zh: "市场表现", En: "market traction"}, r.Market}} {
		if part.c.Status != StatusOK {
			left(part.name)
			continue
		}
		pct := signed(100*math.Expm1(part.c.Growth), 0)
		zh = append(zh, fmt.Sprintf("%s：年增长 %s%%（%d 项指标，计入 %s，权重 %.2f）", part.name.Zh, pct, part.c.Indicators, signed(part.c.Value, 2), part.c.Weight))
		en = append(en, fmt.Sprintf("%s: %s%% a year (indicators: %d, counted %s, weight %.2f)", part.name.En, pct, part.c.Indicators, signed(part.c.Value, 2), part.c.Weight))
	}
	own := seedbed.Label{Zh: "自有资金支撑的技术进展", En: "technical progress on own money"}
	if r.OwnMoney.Status != StatusOK {
		left(own)
	} else {
		share := fmt.Sprintf("%.0f", 100*r.PublicShare)
		zh = append(zh, fmt.Sprintf("%s：财政资助占研发投入 %s%%，计入 %s，权重 %.2f", own.Zh, share, signed(r.OwnMoney.Value, 2), r.OwnMoney.Weight))
		en = append(en, fmt.Sprintf("%s: public money %s%% of R&D spending, counted %s, weight %.2f", own.En, share, signed(r.OwnMoney.Value, 2), r.OwnMoney.Weight))
	}
	return seedbed.Label{
		Zh: fmt.Sprintf("动能得分 %.1f（%s–%s）：%s", r.Score, r.From.Zh(), r.To.Zh(), strings.Join(zh, "；")),
		En: fmt.Sprintf("momentum %.1f (%s to %s): %s", r.Score, r.From, r.To, strings.Join(en, "; ")),
	}
}

// IndicatorFit is the line through one indicator's log values over a window, for showing a
// reviewer or officer the series behind a score.
type IndicatorFit struct {
	Indicator string `json:"indicator"`
	Fit
}

// WindowFits returns the line of every catalogue indicator of innovator row i over the
// quarters from to to inclusive (N is 0 for indicators without values there).
func WindowFits(p *Panel, i int, from, to Quarter) []IndicatorFit {
	if i < 0 || i >= p.Len() {
		return nil
	}
	w := newWorkspace(p.T)
	w.load(p, i)
	out := make([]IndicatorFit, NumIndicators)
	for k := range NumIndicators {
		out[k] = IndicatorFit{Indicator: Catalogue[k].Code, Fit: w.fit(k, int(from-p.First), int(to-p.First))}
	}
	return out
}
