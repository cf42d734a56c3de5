package ecosystem

import "seedbed/evaluation"

// PublicMinBase is the smallest base an indicator the public portal shows rests on. Below it
// the figure is withheld: a share of five awards in one small region and field can point at
// the teams behind it, and a count of three new teams is three teams.
const PublicMinBase = 10

// Public returns the indicators as the public portal may show them: every indicator whose base
// is below PublicMinBase is withheld, with neither its value nor its base (a count's base is
// the count itself). Readings must be made from Public's result, not from the indicators it
// was given, since a reading compares a figure with its neighbours.
func Public(inds []Indicator) []Indicator {
	out := make([]Indicator, len(inds))
	for i, ind := range inds {
		if ind.Base < PublicMinBase {
			ind.Value, ind.Base, ind.Status = nil, 0, evaluation.StatusWithheld
		}
		out[i] = ind
	}
	return out
}
