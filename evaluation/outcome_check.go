package evaluation

import (
	"math"
	"strings"
	"unicode/utf8"

	"seedbed"
)

// outcomeLevels are the outcome kinds measured by a level rather than a quantity, with the highest.
var outcomeLevels = map[string]int{OutcomeStandard: 3, OutcomeRecognition: 4}

// MaxOutcomesAtOnce bounds one batch of outcomes.
const MaxOutcomesAtOnce = 10000

// OutcomeKindCodes returns the codes of OutcomeKinds, in display order.
func OutcomeKindCodes() []string {
	out := make([]string, len(OutcomeKinds))
	for i, k := range OutcomeKinds {
		out[i] = k.Code
	}
	return out
}

// Check trims the outcome's text and checks what needs no award: a known kind; a finite,
// non-negative value (a whole level for standards and recognition); a quarter not after current;
// evidence. Every problem carries line.
func (o *OutcomeRecord) Check(current Quarter, line int) seedbed.Errors {
	var es seedbed.Errors
	add := func(field string, format seedbed.Label, args ...any) {
		es = append(es, &seedbed.Error{Code: seedbed.EINVALID, Field: field, Line: line, Text: format, Args: args})
	}
	o.Kind = strings.TrimSpace(o.Kind)
	o.Evidence = strings.TrimSpace(o.Evidence)
	if _, ok := outcomeKindIndex[o.Kind]; !ok {
		add("kind", seedbed.Label{Zh: "未知的成果类型 %q，应为 %s", En: "unknown outcome kind %[1]q"}, o.Kind, strings.Join(OutcomeKindCodes(), ", "))
	}
	switch v, top := o.Value, outcomeLevels[o.Kind]; {
	case math.IsNaN(v) || math.IsInf(v, 0):
		add("value", seedbed.Label{Zh: "数值无效", En: "value is not a number"})
	case v < 0:
		add("value", seedbed.Label{Zh: "成果数值不能为负数（%g）", En: "outcome value cannot be negative (%g)"}, v)
	case v > MaxValue:
		add("value", seedbed.Label{Zh: "数值 %g 超出合理范围", En: "value %g is implausibly large"}, v)
	case top > 0 && (v != math.Trunc(v) || v < 1 || v > float64(top)):
		add("value", seedbed.Label{Zh: "%s的级别应为 1 到 %d 的整数", En: "the level of a %s must be a whole number from 1 to %d"}, o.Kind, top)
	}
	if !o.Period.Valid() {
		add("period", seedbed.Label{Zh: "缺少或无效的期间", En: "missing or invalid period"})
	} else if o.Period > current {
		add("period", seedbed.Label{Zh: "期间 %[1]s 在未来（当前为 %[2]s）", En: "period %[3]s is in the future (current quarter %[4]s)"}, o.Period.Zh(), current.Zh(), o.Period, current)
	}
	switch n := utf8.RuneCountInString(o.Evidence); {
	case n == 0:
		add("evidence", seedbed.Label{Zh: "请提供佐证（如专利号、用户数来源、链接）", En: "give the evidence (a patent number, the source of the user count, a link)"})
	case n > MaxEvidenceLen:
		add("evidence", seedbed.Label{Zh: "佐证过长（最多 %d 字）", En: "evidence too long (at most %d characters)"}, MaxEvidenceLen)
	}
	return es
}

// CheckAward attributes the outcome to its award (nil when the award does not exist): the
// innovator, taken from the award when left 0, must be the award's, and the outcome cannot
// predate the award. Every problem carries line.
func (o *OutcomeRecord) CheckAward(aw *seedbed.Award, line int) seedbed.Errors {
	var es seedbed.Errors
	add := func(field string, format seedbed.Label, args ...any) {
		es = append(es, &seedbed.Error{Code: seedbed.EINVALID, Field: field, Line: line, Text: format, Args: args})
	}
	if aw == nil {
		add("award_id", seedbed.Label{Zh: "资助 %d 不存在", En: "award %d does not exist"}, o.AwardID)
		return es
	}
	if o.InnovatorID == 0 {
		o.InnovatorID = aw.InnovatorID
	} else if o.InnovatorID != aw.InnovatorID {
		add("innovator_id", seedbed.Label{Zh: "成果主体 %d 与资助 %d 的主体 %d 不一致", En: "innovator %d does not match award %d's innovator %d"}, o.InnovatorID, aw.ID, aw.InnovatorID)
	}
	if start := QuarterOf(aw.AwardedAt.In(BureauZone)); o.Period.Valid() && o.Period < start {
		add("period", seedbed.Label{Zh: "成果期间 %[1]s 早于资助（%[2]s），不能归于该资助", En: "the outcome (%[3]s) predates the award (%[4]s) and cannot be attributed to it"}, o.Period.Zh(), start.Zh(), o.Period, start)
	}
	return es
}
