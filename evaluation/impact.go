package evaluation

import (
	"math"
	"sort"
	"strings"

	"seedbed"
)

// Outcome kinds.
const (
	OutcomeProduct     = "product"
	OutcomeAdoption    = "adoption"
	OutcomeRevenue     = "revenue"
	OutcomeFollowOn    = "follow_on_funding"
	OutcomePatent      = "patent"
	OutcomePaper       = "paper"
	OutcomeStandard    = "standard"
	OutcomeOSSAdoption = "oss_adoption"
	OutcomeRecognition = "recognition"
)

// OutcomeKind describes a kind of outcome and the measure its Value holds. Values are only
// ever compared within one kind, so each kind keeps its own unit.
type OutcomeKind struct {
	Code    string        `json:"code"`
	Label   seedbed.Label `json:"label"`
	Measure seedbed.Label `json:"measure"`
}

// OutcomeKinds lists the outcome kinds in display order.
var OutcomeKinds = []OutcomeKind{
	{OutcomeProduct, seedbed.Label{Zh: "产品", En: "Product"}, seedbed.Label{Zh: "用户数或销量", En: "users or units sold"}},
	{OutcomeAdoption, seedbed.Label{Zh: "推广应用", En: "Adoption"}, seedbed.Label{Zh: "采用单位数", En: "adopting organisations"}},
	{OutcomeRevenue, seedbed.Label{Zh: "销售收入", En: "Revenue"}, seedbed.Label{Zh: "万元", En: "10,000 yuan"}},
	{OutcomeFollowOn, seedbed.Label{Zh: "后续融资", En: "Follow-on funding"}, seedbed.Label{Zh: "万元", En: "10,000 yuan"}},
	{OutcomePatent, seedbed.Label{Zh: "专利", En: "Patent"}, seedbed.Label{Zh: "被引次数与许可数之和", En: "citations plus licences"}},
	{OutcomePaper, seedbed.Label{Zh: "论文", En: "Paper"}, seedbed.Label{Zh: "被引次数", En: "citations"}},
	{OutcomeStandard, seedbed.Label{Zh: "标准", En: "Standard"}, seedbed.Label{Zh: "级别：1 团体/行业，2 国家，3 国际", En: "level: 1 association or industry, 2 national, 3 international"}},
	{OutcomeOSSAdoption, seedbed.Label{Zh: "开源采用", En: "Open-source adoption"}, seedbed.Label{Zh: "下游依赖项目数", En: "dependent projects"}},
	{OutcomeRecognition, seedbed.Label{Zh: "奖励与认可", En: "Recognition"}, seedbed.Label{Zh: "级别：1 市，2 省，3 国家，4 国际", En: "level: 1 city, 2 province, 3 national, 4 international"}},
}

var outcomeKindIndex = func() map[string]int {
	m := map[string]int{}
	for j, k := range OutcomeKinds {
		m[k.Code] = j
	}
	return m
}()

// Award is a funded award as the impact evaluation sees it.
type Award struct {
	ID          int64   `json:"id"`
	InnovatorID int64   `json:"innovator_id"`
	ProgramID   int64   `json:"program_id"`
	Field       string  `json:"field"`
	Cohort      int     `json:"cohort"`  // the award year
	Funding     float64 `json:"funding"` // 万元
}

// Outcome is one result attributed to an award, with the kind's measure of its size.
// InnovatorID, Field and Cohort may be left empty; they are then taken from the award, and when
// given they must agree with it.
type Outcome struct {
	InnovatorID int64   `json:"innovator_id"`
	AwardID     int64   `json:"award_id"`
	Field       string  `json:"field"`
	Cohort      int     `json:"cohort"`
	Kind        string  `json:"kind"`
	Value       float64 `json:"value"`
	Period      Quarter `json:"period"` // when the outcome was achieved
}

// ImpactParams are the settings of the impact evaluation; DefaultImpactParams gives the
// documented defaults.
type ImpactParams struct {
	LandmarkPercentile float64 // an outcome at or above this percentile is a landmark
	HitPercentile      float64 // an award whose score reaches this is a hit
	Floor              float64 // outcomes below this percentile earn no credit
	MinGroupSize       int     // smallest reference group; smaller groups are pooled
	TopShare           float64 // the "top" fraction of awards for the value-concentration share
	LorenzPoints       int     // most points returned for a Lorenz curve
}

// DefaultImpactParams returns the defaults documented in docs/methods.md.
func DefaultImpactParams() ImpactParams {
	return ImpactParams{LandmarkPercentile: 99, HitPercentile: 90, Floor: 10, MinGroupSize: 50, TopShare: 0.10, LorenzPoints: 101}
}

func (ip ImpactParams) validate() error {
	if !(ip.Floor >= 0 && ip.Floor <= ip.HitPercentile && ip.HitPercentile <= ip.LandmarkPercentile && ip.LandmarkPercentile < 100) ||
		ip.MinGroupSize < 1 || !(ip.TopShare > 0 && ip.TopShare < 1) || ip.LorenzPoints < 2 {
		return seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "影响评价参数无效：需 0 ≤ 下限 ≤ 命中 ≤ 标志性 < 100，最小组 ≥ 1，0 < 头部比例 < 1，洛伦兹点数 ≥ 2", En: "impact parameters: need 0 ≤ Floor ≤ HitPercentile ≤ LandmarkPercentile < 100, MinGroupSize ≥ 1, 0 < TopShare < 1, LorenzPoints ≥ 2"})
	}
	return nil
}

// Reference bases: the group an outcome was ranked in.
const (
	BasisFieldCohort = "field_cohort" // awards of the same field and cohort
	BasisFieldPooled = "field_pooled" // awards of the same field, all cohorts (cohort group too small)
	BasisAll         = "all"          // every award (field group too small as well)
)

// OutcomeScore is the percentile of one outcome.
type OutcomeScore struct {
	Status     Status  `json:"status"` // NotEnoughData when no reference group is large enough
	Percentile float64 `json:"percentile"`
	Basis      string  `json:"basis,omitempty"`
	GroupSize  int     `json:"group_size"` // awards in the reference group
	Landmark   bool    `json:"landmark"`
	Credited   bool    `json:"credited"` // at or above the floor, so it counts towards its award's score
}

// AwardScore is the impact of one award: the percentile of its best credited outcome.
type AwardScore struct {
	AwardID   int64   `json:"award_id"`
	Score     float64 `json:"score"` // 0–100; 0 when no outcome is credited
	Value     float64 `json:"value"` // rarity 100/(100 − Score), "one in so many"; 0 when Score is 0
	Best      int     `json:"best"`  // index in the outcomes of the best credited outcome, or −1
	Outcomes  int     `json:"outcomes"`
	Landmarks int     `json:"landmarks"`
	Hit       bool    `json:"hit"`
}

// Impact holds the scored outcomes and awards of a portfolio, in input order.
type Impact struct {
	Params        ImpactParams
	Awards        []Award
	Outcomes      []Outcome // with InnovatorID, Field and Cohort filled from the award
	OutcomeScores []OutcomeScore
	AwardScores   []AwardScore
}

// ScoreImpact ranks every outcome against the awards of its field and cohort and scores every
// award by its best outcome. Pass every award of the portfolio (including those with no
// outcomes: they are part of the reference), then Summarize any subset, such as one program.
//
// In a reference group each award counts once per kind, with its best value of that kind, or 0
// when it has none; an outcome's percentile is the mid-rank of its value in that list (0 for a
// value of 0). A group with fewer than MinGroupSize awards is pooled with the field's other
// cohorts, then with all awards; if even that is too small the outcome has no percentile.
// Input problems are returned together, each with Line set to the 1-based position in its list.
func ScoreImpact(awards []Award, outcomes []Outcome, ip ImpactParams) (*Impact, error) {
	if err := ip.validate(); err != nil {
		return nil, err
	}
	outs := make([]Outcome, len(outcomes))
	copy(outs, outcomes)
	byID, es := validateImpactInput(awards, outs)
	if len(es) > 0 {
		return nil, es
	}
	nk := len(OutcomeKinds)

	// Reference groups: field and cohort; field; all.
	type fc struct {
		field  string
		cohort int
	}
	groupOf, fieldOf := map[fc]int{}, map[string]int{}
	ag, af := make([]int, len(awards)), make([]int, len(awards))
	var gsize, fsize []int
	for a, aw := range awards {
		g, ok := groupOf[fc{aw.Field, aw.Cohort}]
		if !ok {
			g = len(gsize)
			groupOf[fc{aw.Field, aw.Cohort}] = g
			gsize = append(gsize, 0)
		}
		f, ok := fieldOf[aw.Field]
		if !ok {
			f = len(fsize)
			fieldOf[aw.Field] = f
			fsize = append(fsize, 0)
		}
		ag[a], af[a] = g, f
		gsize[g]++
		fsize[f]++
	}
	best := make([]float64, len(awards)*nk)
	for _, o := range outs {
		a, k := byID[o.AwardID], outcomeKindIndex[o.Kind]
		best[a*nk+k] = math.Max(best[a*nk+k], o.Value)
	}
	// Sorted positive bests per (reference group, kind) at each level.
	gl, fl, al := make([][]float64, len(gsize)*nk), make([][]float64, len(fsize)*nk), make([][]float64, nk)
	for a := range awards {
		for k := range nk {
			if v := best[a*nk+k]; v > 0 {
				gl[ag[a]*nk+k] = append(gl[ag[a]*nk+k], v)
				fl[af[a]*nk+k] = append(fl[af[a]*nk+k], v)
				al[k] = append(al[k], v)
			}
		}
	}
	for _, lists := range [][][]float64{gl, fl, al} {
		for _, l := range lists {
			sort.Float64s(l)
		}
	}

	im := &Impact{Params: ip, Awards: awards, Outcomes: outs,
		OutcomeScores: make([]OutcomeScore, len(outs)), AwardScores: make([]AwardScore, len(awards))}
	for a, aw := range awards {
		im.AwardScores[a] = AwardScore{AwardID: aw.ID, Best: -1}
	}
	for j, o := range outs {
		a, k := byID[o.AwardID], outcomeKindIndex[o.Kind]
		var s OutcomeScore
		switch {
		case gsize[ag[a]] >= ip.MinGroupSize:
			s = OutcomeScore{Basis: BasisFieldCohort, GroupSize: gsize[ag[a]], Percentile: withZeros(gl[ag[a]*nk+k], gsize[ag[a]], o.Value)}
		case fsize[af[a]] >= ip.MinGroupSize:
			s = OutcomeScore{Basis: BasisFieldPooled, GroupSize: fsize[af[a]], Percentile: withZeros(fl[af[a]*nk+k], fsize[af[a]], o.Value)}
		case len(awards) >= ip.MinGroupSize:
			s = OutcomeScore{Basis: BasisAll, GroupSize: len(awards), Percentile: withZeros(al[k], len(awards), o.Value)}
		}
		as := &im.AwardScores[a]
		as.Outcomes++
		if s.Basis == "" {
			s.Status = StatusNotEnoughData
			im.OutcomeScores[j] = s
			continue
		}
		s.Status = StatusOK
		s.Landmark = s.Percentile >= ip.LandmarkPercentile
		s.Credited = s.Percentile > 0 && s.Percentile >= ip.Floor
		im.OutcomeScores[j] = s
		if s.Landmark {
			as.Landmarks++
		}
		if s.Credited && s.Percentile > as.Score {
			as.Score, as.Best = s.Percentile, j
		}
	}
	for a := range im.AwardScores {
		as := &im.AwardScores[a]
		if as.Score > 0 {
			as.Value = 100 / (100 - as.Score)
		}
		as.Hit = as.Score > 0 && as.Score >= ip.HitPercentile
	}
	return im, nil
}

// withZeros is the mid-rank percentile of v among n entries: the ascending positive values pos
// and n − len(pos) zeros. A value of 0 or less gets 0: having nothing earns nothing.
func withZeros(pos []float64, n int, v float64) float64 {
	if v <= 0 || n == 0 {
		return 0
	}
	below, equal := rankCounts(pos, v)
	below += n - len(pos) // the zeros
	return 100 * (float64(below) + 0.5*float64(equal)) / float64(n)
}

// validateImpactInput checks awards and outcomes, fills outcomes' missing fields from their
// awards, and returns the award positions by ID.
func validateImpactInput(awards []Award, outs []Outcome) (map[int64]int, seedbed.Errors) {
	var es seedbed.Errors
	add := func(line int, field string, format seedbed.Label, args ...any) {
		es = append(es, &seedbed.Error{Code: seedbed.EINVALID, Line: line, Field: field, Text: format, Args: args})
	}
	byID := make(map[int64]int, len(awards))
	for a, aw := range awards {
		if aw.ID <= 0 {
			add(a+1, "award.id", seedbed.Label{Zh: "资助ID必须是正整数", En: "award id must be a positive integer"})
		} else if b, dup := byID[aw.ID]; dup {
			add(a+1, "award.id", seedbed.Label{Zh: "资助 %d 重复（第 %d 条）", En: "award %d listed twice (entry %d)"}, aw.ID, b+1)
		} else {
			byID[aw.ID] = a
		}
		if aw.Cohort < MinYear || aw.Cohort > MaxYear {
			add(a+1, "award.cohort", seedbed.Label{Zh: "资助批次（年份）%d 无效", En: "award cohort (year) %d is invalid"}, aw.Cohort)
		}
		if math.IsNaN(aw.Funding) || math.IsInf(aw.Funding, 0) || aw.Funding < 0 || aw.Funding > MaxValue {
			add(a+1, "award.funding", seedbed.Label{Zh: "资助金额必须是非负数", En: "award funding must be a non-negative number"})
		}
	}
	for j := range outs {
		o := &outs[j]
		line := j + 1
		o.Kind = strings.TrimSpace(o.Kind)
		if _, ok := outcomeKindIndex[o.Kind]; !ok {
			codes := make([]string, len(OutcomeKinds))
			for i, k := range OutcomeKinds {
				codes[i] = k.Code
			}
			add(line, "kind", seedbed.Label{Zh: "未知的成果类型 %q，应为 %s", En: "unknown outcome kind %[1]q"}, o.Kind, strings.Join(codes, ", "))
		}
		if math.IsNaN(o.Value) || math.IsInf(o.Value, 0) || o.Value < 0 || o.Value > MaxValue {
			add(line, "value", seedbed.Label{Zh: "成果数值必须是非负数（%g）", En: "outcome value must be a non-negative number (%g)"}, o.Value)
		}
		if !o.Period.Valid() {
			add(line, "period", seedbed.Label{Zh: "缺少或无效的成果期间", En: "missing or invalid outcome period"})
		}
		a, ok := byID[o.AwardID]
		if !ok {
			add(line, "award_id", seedbed.Label{Zh: "成果所属资助 %d 不存在", En: "the outcome's award %d is not in the list"}, o.AwardID)
			continue
		}
		aw := awards[a]
		if o.InnovatorID == 0 {
			o.InnovatorID = aw.InnovatorID
		} else if o.InnovatorID != aw.InnovatorID {
			add(line, "innovator_id", seedbed.Label{Zh: "成果主体 %d 与资助 %d 的主体 %d 不一致", En: "innovator %d does not match award %d's innovator %d"}, o.InnovatorID, aw.ID, aw.InnovatorID)
		}
		if o.Field == "" {
			o.Field = aw.Field
		} else if o.Field != aw.Field {
			add(line, "field", seedbed.Label{Zh: "成果领域 %q 与资助 %d 的领域 %q 不一致", En: "field %q does not match award %d's field %q"}, o.Field, aw.ID, aw.Field)
		}
		if o.Cohort == 0 {
			o.Cohort = aw.Cohort
		} else if o.Cohort != aw.Cohort {
			add(line, "cohort", seedbed.Label{Zh: "成果批次 %d 与资助 %d 的批次 %d 不一致", En: "cohort %d does not match award %d's cohort %d"}, o.Cohort, aw.ID, aw.Cohort)
		}
	}
	return byID, es
}
