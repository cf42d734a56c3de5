package ecosystem

import (
	"math"
	"strconv"

	"seedbed/evaluation"
)

// Readings returns the plain-language reading of each indicator of one scope, by key: what the
// figure says, in words and with its unit, read against its neighbours where that is what gives
// it meaning (an award share against the applicant share, a money share against the award
// share). An indicator without a value reads why there is none.
func Readings(inds []Indicator) map[string]evaluation.Reading {
	by := map[string]Indicator{}
	for _, ind := range inds {
		by[ind.Key] = ind
	}
	out := make(map[string]evaluation.Reading, len(inds))
	for _, ind := range inds {
		out[ind.Key] = Read(ind, by)
	}
	return out
}

// Read returns the reading of ind; others holds the scope's other indicators by key.
func Read(ind Indicator, others map[string]Indicator) evaluation.Reading {
	r := evaluation.Reading{Key: "read.eco." + ind.Key, Help: "ecosystem"}
	if ind.Status == evaluation.StatusWithheld {
		r.Key, r.Args = "read.eco.withheld", []any{PublicMinBase}
		return r
	}
	if ind.Value == nil {
		r.Key, r.Args = "read.eco.not_enough", []any{ind.Base, MinBase}
		if ind.Base >= MinBase {
			r.Key, r.Args = "read.eco.undefined", nil
		}
		return r
	}
	v := *ind.Value
	value := func(key string) (float64, bool) {
		o, ok := others[key]
		if !ok || o.Value == nil {
			return 0, false
		}
		return *o.Value, true
	}
	pct := func(x float64) string { return fixed(100*x, 0) }
	// compared reads a share against another share of the same group, in percentage points.
	compared := func(against string) {
		w, ok := value(against)
		if !ok {
			r.Args = []any{pct(v), ind.Base}
			return
		}
		d := 100 * (v - w)
		switch {
		case math.Abs(d) < 5:
			r.Key += ".even"
			r.Args = []any{pct(v), pct(w)}
		case d > 0:
			r.Key += ".more"
			r.Args = []any{pct(v), fixed(d, 0), pct(w)}
		default:
			r.Key += ".less"
			r.Args = []any{pct(v), fixed(-d, 0), pct(w)}
		}
	}
	switch ind.Key {
	case "sme_share_awards":
		compared("sme_share_applicants")
	case "grassroots_share_awards":
		compared("grassroots_share_applicants")
	case "sme_share_money":
		compared("sme_share_awards")
	case "grassroots_share_money":
		compared("grassroots_share_awards")
	case "first_time_share_money":
		compared("first_time_share_awards")
	case "funding_gini":
		switch {
		case v >= 0.6:
			r.Key += ".high"
		case v >= 0.3:
			r.Key += ".mid"
		default:
			r.Key += ".low"
		}
		r.Args = []any{ind.Base}
	case "funding_hhi":
		// 1/HHI is the number of equal recipients with the same concentration.
		r.Args = []any{fixed(1/math.Max(v, 1e-9), 0), ind.Base}
	case "path_entropy_applicants", "path_entropy_awardees", "field_entropy_awardees":
		// 2^H is the number of equally common paths with the same entropy.
		r.Args = []any{fixed(math.Pow(2, v), 1), ind.Base}
	case "selection_narrowing":
		switch {
		case v <= -0.1:
			r.Key += ".narrows"
			r.Args = []any{fixed(-v, 2)}
		case v >= 0.1:
			r.Key += ".widens"
			r.Args = []any{fixed(v, 2)}
		default:
			r.Key += ".keeps"
		}
	case "new_innovators", "teams_became_firms", "failures", "landmarks":
		r.Args = []any{int(math.Round(v))}
	case "new_grassroots_teams":
		r.Args = []any{int(math.Round(v)), ind.Base}
	case "retry_days_median", "first_landmark_days_median":
		r.Args = []any{fixed(v, 0), fixed(v/30.44, 0)}
	case "horizon_months_median":
		r.Args = []any{fixed(v, 0), fixed(v/12, 1)}
	case "reports_per_award", "reports_per_million_yuan":
		r.Args = []any{fixed(v, 1), ind.Base}
	default: // the other shares
		r.Args = []any{pct(v), ind.Base}
	}
	return r
}

// fixed formats x with d decimals; -0 reads 0.
func fixed(x float64, d int) string {
	s := strconv.FormatFloat(x, 'f', d, 64)
	if z := strconv.FormatFloat(0, 'f', d, 64); s == "-"+z {
		return z
	}
	return s
}
