package evaluation

import (
	"math"
	"strings"
	"time"

	"seedbed"
)

// MaxValue bounds any single observation; larger values are refused as implausible (the
// largest is 10^12 万元 for money, far above any innovator's figures).
const MaxValue = 1e12

// Observation is one value of one indicator for one innovator and quarter, with its source.
type Observation struct {
	InnovatorID int64   `json:"innovator_id"`
	Indicator   string  `json:"indicator"`
	Period      Quarter `json:"period"`
	Value       float64 `json:"value"`
	Unit        string  `json:"unit"`
	Source      string  `json:"source"`
	// Line is the physical line the observation was read from in an imported file, 0 otherwise;
	// validation errors carry it so an importer can pass them straight to the user.
	Line int `json:"-"`
}

// Normalize trims the text fields and maps labels to codes: an indicator's Chinese or English
// name to its code, a unit as people write it ("万元", "件") to its unit code, a source label to
// its code. An empty unit becomes the indicator's catalogue unit. Unknown text is left as it is
// for ValidateObservations to report. Call it before validating.
func (o *Observation) Normalize() {
	o.Indicator = strings.TrimSpace(o.Indicator)
	if code, ok := ParseIndicator(o.Indicator); ok {
		o.Indicator = code
	}
	o.Unit = strings.TrimSpace(o.Unit)
	if o.Unit == "" {
		if ind, ok := LookupIndicator(o.Indicator); ok {
			o.Unit = ind.Unit
		}
	} else if code, ok := ParseUnit(o.Unit); ok {
		o.Unit = code
	}
	o.Source = strings.TrimSpace(o.Source)
	if code, ok := Sources.Parse(o.Source); ok {
		o.Source = code
	}
}

// obsKey identifies the cell an observation fills.
type obsKey struct {
	id  int64
	ind string
	q   Quarter
}

// ValidateObservations checks a batch of normalised observations as one unit and returns every
// problem found, each with Line set to the observation's Line or, when that is zero, its 1-based
// position in obs. It refuses unknown indicators, units other than the catalogue's, negative or
// non-finite values, fractional values of count indicators, invalid or future periods
// (relative to now), unknown sources, and a second value for the same innovator, indicator and
// quarter. A nil result means the whole batch may be stored.
func ValidateObservations(obs []Observation, now time.Time) seedbed.Errors {
	var es seedbed.Errors
	seen := make(map[obsKey]int, len(obs))
	cur := QuarterOf(now)
	for i := range obs {
		o := &obs[i]
		line := o.Line
		if line == 0 {
			line = i + 1
		}
		add := func(field string, format seedbed.Label, args ...any) {
			es = append(es, &seedbed.Error{Code: seedbed.EINVALID, Field: field, Line: line, Text: format, Args: args})
		}
		if o.InnovatorID <= 0 {
			add("innovator_id", seedbed.Label{Zh: "主体ID必须是正整数", En: "innovator_id must be a positive integer"})
		}
		ind, known := LookupIndicator(o.Indicator)
		if !known {
			add("indicator", seedbed.Label{Zh: "未知的指标 %q，应为 %s", En: "unknown indicator %[1]q"}, o.Indicator, strings.Join(IndicatorCodes(), ", "))
		}
		if e := periodProblem(o.Period, cur); e != nil {
			add("period", e.Text, e.Args...)
		}
		switch v := o.Value; {
		case math.IsNaN(v) || math.IsInf(v, 0):
			add("value", seedbed.Label{Zh: "数值无效", En: "value is not a number"})
		case v < 0:
			add("value", seedbed.Label{Zh: "数值不能为负数（%g）", En: "value cannot be negative (%g)"}, v)
		case v > MaxValue:
			add("value", seedbed.Label{Zh: "数值 %g 超出合理范围", En: "value %g is implausibly large"}, v)
		case known && ind.Count && v != math.Trunc(v):
			add("value", seedbed.Label{Zh: "%[1]s 是计数指标，数值应为整数（%[2]g）", En: "%[3]s is a count, the value must be a whole number (%[2]g)"}, ind.Label.Zh, v, ind.Code)
		}
		if known && o.Unit != ind.Unit {
			want := Units.Label(ind.Unit)
			add("unit", seedbed.Label{Zh: "%[1]s 的单位应为 %[2]s，而不是 %[3]q", En: "the unit of %[4]s must be %[5]s, not %[3]q"}, ind.Label.Zh, want.Zh, o.Unit, ind.Code, want.En)
		}
		if !Sources.Has(o.Source) {
			add("source", seedbed.Label{Zh: "未知的数据来源 %q，应为 %s", En: "unknown source %[1]q"}, o.Source, strings.Join(Sources.Codes(), ", "))
		}
		if o.InnovatorID > 0 && known && o.Period.Valid() {
			k := obsKey{o.InnovatorID, o.Indicator, o.Period}
			if first, dup := seen[k]; dup {
				add("period", seedbed.Label{Zh: "主体 %[1]d 的 %[2]s 在 %[3]s 已有数值（第 %[4]d 行）", En: "duplicate: innovator %[1]d already has %[5]s for %[6]s (line %[4]d)"}, o.InnovatorID, ind.Label.Zh, o.Period.Zh(), first, ind.Code, o.Period)
			} else {
				seen[k] = line
			}
		}
	}
	return es
}
