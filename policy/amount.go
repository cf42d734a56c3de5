package policy

import (
	"math"

	"seedbed"
)

// Amount is what one instrument grants an eligible innovator.
type Amount struct {
	Instrument string        `json:"instrument"`
	Kind       string        `json:"kind"`
	Name       seedbed.Label `json:"name"`
	Outcome    Outcome       `json:"outcome"` // pass: granted; not_applicable; undecided
	Value      float64       `json:"value"`
	Unit       string        `json:"unit"`
	UnitLabel  seedbed.Label `json:"unit_label"`
	Capped     bool          `json:"capped"`   // the formula exceeded the cap
	Cofunded   bool          `json:"cofunded"` // limited by the matching rule
	Formula    seedbed.Label `json:"formula"`  // the formula in words
	Trace      seedbed.Label `json:"trace"`    // the formula with values and the result
	Missing    []string      `json:"missing,omitempty"`
	Note       seedbed.Label `json:"note"`
}

var invalidAmount = seedbed.Label{Zh: "无法判定：金额公式的结果不是有限的数", En: "cannot decide: the amount formula gave no finite number"}

// evaluate computes an instrument's amount: the formula, floored at zero, capped, and limited
// by the co-funding ratio.
func (ci compiledInstrument) evaluate(x *Input) Amount {
	a := Amount{Instrument: ci.ID, Kind: ci.Kind, Name: ci.Name, Unit: ci.Unit, UnitLabel: Units.Label(ci.Unit),
		Formula: ci.amount.sentence}
	if ci.when != nil {
		out, missing, note := run(ci.when, x)
		switch out {
		case Fail:
			a.Outcome = NotApplicable
			a.Note = seedbed.Label{Zh: "不适用：" + ci.when.sentence.Zh, En: "not applicable: " + ci.when.sentence.En}
			return a
		case Unknown:
			a.Outcome, a.Missing, a.Note = Unknown, missing, note
			return a
		}
	}
	v, err := ci.amount.plan.eval(x)
	out, missing, note := classify(v, err, x)
	if out != Pass {
		a.Outcome, a.Missing, a.Note = Unknown, missing, note
		return a
	}
	amount := toFloat(v)
	if math.IsNaN(amount) || math.IsInf(amount, 0) {
		a.Outcome, a.Note = Unknown, invalidAmount
		return a
	}
	amount = math.Max(0, amount)
	if amount > ci.Cap {
		amount, a.Capped = ci.Cap, true
	}
	if ci.own != nil {
		ov, err := ci.own.plan.eval(x)
		out, missing, note := classify(ov, err, x)
		if out != Pass {
			a.Outcome, a.Missing, a.Note = Unknown, missing, note
			return a
		}
		// The ratio is at most 1 in any parsed document; the clamp guards hand-built ones.
		own := toFloat(ov)
		if math.IsNaN(own) || math.IsInf(own, 0) {
			a.Outcome, a.Note = Unknown, invalidAmount
			return a
		}
		limit := math.Min(ci.Cofunding.Ratio, 1) * math.Max(0, own)
		if amount > limit {
			amount, a.Cofunded = limit, true
		}
	}
	a.Outcome, a.Value = Pass, round4(amount)
	a.Trace = amountTrace(ci, x, a)
	return a
}

func amountTrace(ci compiledInstrument, x *Input, a Amount) seedbed.Label {
	var l seedbed.Label
	for _, lang := range []string{"zh", "en"} {
		s, ok := renderTrace(ci.amount, x, lang)
		if !ok {
			s = ci.amount.expr.Text
		}
		s += " → " + formatNumber(a.Value) + " " + Units.Label(ci.Unit).In(lang)
		if a.Capped {
			s += textOf(lang, "（已按上限 ", " (capped at ") + formatNumber(ci.Cap) + textOf(lang, "）", ")")
		}
		if a.Cofunded {
			s += textOf(lang, "（按配套比例 ", " (limited by the matching ratio ") + formatNumber(ci.Cofunding.Ratio) + textOf(lang, " 封顶）", ")")
		}
		if lang == "zh" {
			l.Zh = s
		} else {
			l.En = s
		}
	}
	return l
}

func round4(f float64) float64 { return math.Round(f*1e4) / 1e4 }
