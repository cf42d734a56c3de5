package web

import (
	"encoding/json"

	"seedbed"
	"seedbed/evaluation"
)

// valuePeriod is the value and the quarter of one row of a batch the API takes (observations,
// outcomes): the value is a pointer so that a missing one is told from 0, the period text so
// that a bad one is reported with its row.
type valuePeriod struct {
	Value  *float64 `json:"value"`
	Period string   `json:"period"`
}

// decode returns the row's value and quarter, adding a problem for each that is missing or bad
// to es, with the row's 1-based line.
func (vp valuePeriod) decode(line int, es *seedbed.Errors) (float64, evaluation.Quarter) {
	var v float64
	if vp.Value == nil {
		*es = append(*es, &seedbed.Error{Code: seedbed.EINVALID, Field: "value", Line: line, Text: seedbed.Label{Zh: "缺少数值", En: "value is missing"}})
	} else {
		v = *vp.Value
	}
	q, err := evaluation.ParseQuarter(vp.Period)
	if err != nil {
		*es = append(*es, &seedbed.Error{Code: seedbed.EINVALID, Field: "period", Line: line, Text: seedbed.Same("%s"), Args: []any{err}})
	}
	return v, q
}

// The evaluation's results carry a status beside every figure and leave the figure at 0 when
// there is none (not enough data, or a zero denominator). The API says so in the figure itself
// too: such a figure is null, so that no client can read a 0 that was never measured.

// nullify marshals v and sets to null the keys of the object at path (nested object keys) that
// drop names, when the condition holds.
func nullify(b []byte, path []string, drop ...string) ([]byte, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	if len(path) > 0 {
		inner, ok := m[path[0]]
		if !ok || string(inner) == "null" {
			return b, nil
		}
		nb, err := nullify(inner, path[1:], drop...)
		if err != nil {
			return nil, err
		}
		m[path[0]] = nb
		return json.Marshal(m)
	}
	for _, k := range drop {
		if _, ok := m[k]; ok {
			m[k] = json.RawMessage("null")
		}
	}
	return json.Marshal(m)
}

// MarshalJSON gives the momentum score as null when there is not enough data for one.
func (v *momentumView) MarshalJSON() ([]byte, error) {
	type plain momentumView
	b, err := json.Marshal((*plain)(v))
	if err != nil || v.Result.Status == evaluation.StatusOK {
		return b, err
	}
	return nullify(b, []string{"momentum"}, "score")
}

// MarshalJSON gives each undefined ratio as null.
func (p portfolioJSON) MarshalJSON() ([]byte, error) {
	type plain portfolioJSON
	b, err := json.Marshal(plain(p))
	if err != nil {
		return nil, err
	}
	var drop []string
	for _, f := range []struct {
		st   evaluation.Status
		keys []string
	}{{p.HitRateStatus, []string{"hit_rate"}}, {p.TopShareStatus, []string{"top_share", "top10_share"}},
		{p.CostPerLandmarkStatus, []string{"cost_per_landmark"}}, {p.GiniStatus, []string{"gini"}}} {
		if f.st != evaluation.StatusOK {
			drop = append(drop, f.keys...)
		}
	}
	if len(drop) == 0 {
		return b, nil
	}
	return nullify(b, nil, drop...)
}

// complacencyJSON is a complacency assessment whose figures are null where their part has no data.
type complacencyJSON struct{ evaluation.ComplacencyResult }

// MarshalJSON nulls the trends without data, and the comparison when there is no control group.
func (c complacencyJSON) MarshalJSON() ([]byte, error) {
	b, err := json.Marshal(c.ComplacencyResult)
	if err != nil {
		return nil, err
	}
	var drop []string
	if c.Status != evaluation.StatusOK {
		drop = append(drop, "tech_pre", "tech_post", "tech_level")
	}
	if c.ControlStatus != evaluation.StatusOK {
		drop = append(drop, "did", "se", "z", "control_pre", "control_post", "control_sd")
	}
	if c.NonTechStatus != evaluation.StatusOK {
		drop = append(drop, "non_tech_pre", "non_tech_post", "non_tech_rise")
	}
	if len(drop) == 0 {
		return b, nil
	}
	return nullify(b, nil, drop...)
}
