package ecosystem

import (
	"seedbed"
)

// Row is one award behind an indicator: the base it is computed over, with Counted marking the
// awards that count towards the figure (its numerator, for a share).
type Row struct {
	Award
	InnovatorName string `json:"innovator_name"`
	Counted       bool   `json:"counted"`
}

// Behind returns the awards an indicator over awards is computed from, for the scope: for
// shares and concentrations the awards made in the year, for the retry figures the failed
// awards, for landmarks the awards with a landmark outcome. ENOTFOUND for an unknown key,
// EINVALID for an indicator that is not computed over awards.
func Behind(d *Data, s Scope, key string) ([]Row, error) {
	def, ok := DefinitionOf(key)
	if !ok {
		return nil, seedbed.FieldError("key", seedbed.Label{Zh: "未知的指标“%s”", En: "unknown indicator %q"}, key)
	}
	if !def.Awards {
		return nil, seedbed.FieldError("key", seedbed.Label{Zh: "指标“%s”不是按资助计算的", En: "the indicator %q is not computed over awards"}, key)
	}
	f := newFrame(d, s)
	base := f.awards
	switch def.Group {
	case GroupRetry:
		base = f.failed
	case GroupOutcomes:
		base = nil
		for i := range d.Awards {
			if f.landmarkAwards()[d.Awards[i].ID] {
				base = append(base, &d.Awards[i])
			}
		}
	}
	rows := make([]Row, len(base))
	for i, a := range base {
		rows[i] = Row{Award: *a, InnovatorName: d.Innovators[a.InnovatorID].Name, Counted: def.counted(f, a)}
	}
	return rows, nil
}
