package evaluation

import (
	"fmt"
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
		add := func(field, format string, args ...any) {
			es = append(es, &seedbed.Error{Code: seedbed.EINVALID, Field: field, Line: line, Message: fmt.Sprintf(format, args...)})
		}
		if o.InnovatorID <= 0 {
			add("innovator_id", "主体ID必须是正整数 / innovator_id must be a positive integer")
		}
		ind, known := LookupIndicator(o.Indicator)
		if !known {
			add("indicator", "未知的指标 %q，应为 %s / unknown indicator %q", o.Indicator, strings.Join(IndicatorCodes(), ", "), o.Indicator)
		}
		if msg := periodProblem(o.Period, cur); msg != "" {
			add("period", "%s", msg)
		}
		switch v := o.Value; {
		case math.IsNaN(v) || math.IsInf(v, 0):
			add("value", "数值无效 / value is not a number")
		case v < 0:
			add("value", "数值不能为负数（%g）/ value cannot be negative (%g)", v, v)
		case v > MaxValue:
			add("value", "数值 %g 超出合理范围 / value %g is implausibly large", v, v)
		case known && ind.Count && v != math.Trunc(v):
			add("value", "%s 是计数指标，数值应为整数（%g）/ %s is a count, the value must be a whole number (%g)", ind.Label.Zh, v, ind.Code, v)
		}
		if known && o.Unit != ind.Unit {
			want := Units.Label(ind.Unit)
			add("unit", "%s 的单位应为 %s，而不是 %q / the unit of %s must be %s, not %q", ind.Label.Zh, want.Zh, o.Unit, ind.Code, want.En, o.Unit)
		}
		if !Sources.Has(o.Source) {
			add("source", "未知的数据来源 %q，应为 %s / unknown source %q", o.Source, strings.Join(Sources.Codes(), ", "), o.Source)
		}
		if o.InnovatorID > 0 && known && o.Period.Valid() {
			k := obsKey{o.InnovatorID, o.Indicator, o.Period}
			if first, dup := seen[k]; dup {
				add("period", "主体 %d 的 %s 在 %s 已有数值（第 %d 行）/ duplicate: innovator %d already has %s for %s (line %d)",
					o.InnovatorID, ind.Label.Zh, o.Period.Zh(), first, o.InnovatorID, ind.Code, o.Period, first)
			} else {
				seen[k] = line
			}
		}
	}
	return es
}
