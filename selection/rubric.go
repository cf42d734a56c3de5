package selection

import (
	"fmt"
	"math"
	"sort"

	"seedbed"
)

// TotalScale is the top of the scale Rubric.Total reports on: totals run from 0 to 100.
const TotalScale = 100

// Criterion is one line of a scoring rubric: what reviewers judge, how much it weighs and the
// scale they score it on.
type Criterion struct {
	ID     string        `json:"id"`
	Name   seedbed.Label `json:"name"`
	Guide  seedbed.Label `json:"guide"`
	Weight float64       `json:"weight"`
	Min    float64       `json:"min"`
	Max    float64       `json:"max"`
}

// Rubric is the list of criteria every reviewer of a program scores.
type Rubric struct {
	Criteria []Criterion `json:"criteria"`
}

// DefaultRubric returns the light rubric the essay asks for: it judges direction, drive and
// what the money makes possible, never the polish of a detailed plan. Every criterion is scored
// 1–5; originality and team drive weigh 3, leverage and the next step 2.
func DefaultRubric() Rubric {
	return Rubric{Criteria: []Criterion{
		{
			ID:   "originality",
			Name: seedbed.Label{Zh: "非共识创新性", En: "Originality (non-consensus)"},
			Guide: seedbed.Label{
				Zh: "是否走了主流之外、别人忽视的技术路径；判断方向是否有独到之处，而非与热门方向重复",
				En: "Does it take a path off the mainstream that others overlook? Judge whether the direction is its own, not a repeat of the crowded one",
			},
			Weight: 3, Min: 1, Max: 5,
		},
		{
			ID:   "team_drive",
			Name: seedbed.Label{Zh: "团队自驱力", En: "Team drive"},
			Guide: seedbed.Label{
				Zh: "团队是否出于内在驱动在推进：已投入的时间和自有资源、没有资助时做成了什么、失败后是否继续尝试",
				En: "Is the team driven from within: the time and own resources already put in, what it achieved without grants, whether it tried again after failing",
			},
			Weight: 3, Min: 1, Max: 5,
		},
		{
			ID:   "leverage",
			Name: seedbed.Label{Zh: "资金撬动作用", En: "What the money unlocks"},
			Guide: seedbed.Label{
				Zh: "这笔钱能让团队做成原本做不成的哪一步；资金是推动技术前进，还是只会用于汇报与关系",
				En: "Which step does this money make possible that otherwise would not happen; will it move the technology forward, or go to reports and relationships",
			},
			Weight: 2, Min: 1, Max: 5,
		},
		{
			ID:   "next_step",
			Name: seedbed.Label{Zh: "下一步可行性", En: "Feasibility of the next step"},
			Guide: seedbed.Label{
				Zh: "只看下一步：能否在资助期内检验关键假设；不要求、也不奖励详尽的长期计划",
				En: "Only the next step: can the key assumption be tested within the grant period? A detailed long-term plan is neither required nor rewarded",
			},
			Weight: 2, Min: 1, Max: 5,
		},
	}}
}

// Validate checks that the rubric has criteria with distinct codes, names in both languages,
// positive weights and a proper scale; it returns a seedbed.Errors listing every problem.
func (r Rubric) Validate() error {
	var errs seedbed.Errors
	if len(r.Criteria) == 0 {
		errs = append(errs, seedbed.FieldError("criteria", seedbed.Label{Zh: "评分表至少需要一个评分项", En: "a rubric needs at least one criterion"}))
	}
	seen := map[string]bool{}
	for i, c := range r.Criteria {
		field := fmt.Sprintf("criteria[%d]", i)
		if err := checkCode(c.ID); err != nil {
			errs = append(errs, seedbed.FieldError(field+".id", "%s", err))
		} else if seen[c.ID] {
			errs = append(errs, seedbed.FieldError(field+".id", seedbed.Label{Zh: "评分项代码 %q 重复", En: "criterion id %q appears twice"}, c.ID))
		}
		seen[c.ID] = true
		if c.Name.Zh == "" || c.Name.En == "" {
			errs = append(errs, seedbed.FieldError(field+".name", seedbed.Label{Zh: "评分项 %q 需要中英文名称", En: "criterion %q needs a Chinese and an English name"}, c.ID))
		}
		if !(c.Weight > 0) || math.IsInf(c.Weight, 0) {
			errs = append(errs, seedbed.FieldError(field+".weight", seedbed.Label{Zh: "评分项 %q 的权重应为正数", En: "the weight of criterion %q must be a positive number"}, c.ID))
		}
		if !finite(c.Min) || !finite(c.Max) || !(c.Min < c.Max) {
			errs = append(errs, seedbed.FieldError(field+".max", seedbed.Label{Zh: "评分项 %q 的分值范围应满足 最低分 < 最高分", En: "criterion %q needs min < max"}, c.ID))
		}
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// Total combines one reviewer's scores of one application into a total on the 0–100 scale:
// each score is placed on its criterion's scale ((score − min)/(max − min)) and the results are
// averaged with the criteria's weights. Missing, unknown and out-of-range scores are refused
// with the criterion named.
func (r Rubric) Total(scores map[string]float64) (float64, error) {
	if err := r.Validate(); err != nil {
		return 0, err
	}
	var errs seedbed.Errors
	known := make(map[string]bool, len(r.Criteria))
	var sum, weights float64
	for _, c := range r.Criteria {
		known[c.ID] = true
		s, ok := scores[c.ID]
		switch {
		case !ok:
			errs = append(errs, seedbed.FieldError("scores."+c.ID, seedbed.Label{Zh: "缺少评分项「%[1]s」的分数", En: "missing a score for %[2]q (%[3]s)"}, c.Name.Zh, c.ID, c.Name.En))
			continue
		case !finite(s) || s < c.Min || s > c.Max:
			errs = append(errs, seedbed.FieldError("scores."+c.ID, seedbed.Label{Zh: "评分项「%[1]s」的分数 %[2]v 不在 %[3]v–%[4]v 之间", En: "the score %[2]v for %[5]q (%[6]s) is outside %[3]v–%[4]v"}, c.Name.Zh, s, c.Min, c.Max, c.ID, c.Name.En))
			continue
		}
		sum += c.Weight * (s - c.Min) / (c.Max - c.Min)
		weights += c.Weight
	}
	var unknown []string
	for id := range scores {
		if !known[id] {
			unknown = append(unknown, id)
		}
	}
	sort.Strings(unknown)
	for _, id := range unknown {
		errs = append(errs, seedbed.FieldError("scores."+id, seedbed.Label{Zh: "评分表中没有评分项 %q", En: "the rubric has no criterion %q"}, id))
	}
	if len(errs) > 0 {
		return 0, errs
	}
	return TotalScale * sum / weights, nil
}

// checkCode accepts an identifier code: 1–64 characters of lower-case ASCII letters, digits and
// '_', starting with a letter.
func checkCode(s string) error {
	if s == "" || len(s) > 64 {
		return seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "代码应为 1–64 个字符", En: "a code must be 1–64 characters"})
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || i > 0 && (c >= '0' && c <= '9' || c == '_')) {
			return seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "代码 %q 只能含小写字母、数字和下划线，并以字母开头", En: "code %q may hold only a-z, 0-9 and '_', starting with a letter"}, s)
		}
	}
	return nil
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
