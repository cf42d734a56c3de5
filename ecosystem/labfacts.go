package ecosystem

import (
	"seedbed"
)

// LabFacts are the figures of a scope that the ecosystem lab is calibrated from and checked
// against: the population mix, the money and the grant sizes that set its defaults, and the
// landmark figures its predictions are compared with. A figure whose data is missing is zero with
// its Has flag false.
type LabFacts struct {
	Innovators int // registered innovators in the scope

	// Money: awards made, their total, the years they span (first award's year to now), and the
	// median award to small innovators (SMEs, grassroots teams, individuals) and to the others.
	Awards                         int
	Money                          float64 // yuan
	Years                          int
	MedianSmall, MedianOther       float64 // yuan
	HasMedianSmall, HasMedianOther bool

	// Awards that have ended, and those of them that ended without success.
	Ended, Failed int

	// Landmarks: landmark outcomes of awardees, and the shares of them made by small
	// innovators (all but large enterprises) and by innovators whose path tags are all outside
	// the registry's mainstream paths (the fewest most common tags that make up half of them).
	Landmarks                            int
	LandmarkSmall, LandmarkNonMainstream float64
}

// Small reports whether the innovator counts as small for the lab: anything but a large
// enterprise.
func (in *Innovator) Small() bool {
	return !(in.Kind == seedbed.KindEnterprise && in.SizeClass == seedbed.SizeLarge)
}

// LabFacts computes the lab's figures for the scope (its year is ignored: the lab looks at the
// whole history).
func (d *Data) LabFacts(s Scope) LabFacts {
	s.Year = 0
	f := newFrame(d, s)
	var lf LabFacts
	mainstream := registryMainstream(f)
	lf.Innovators = len(f.registered)
	var smallAmounts, otherAmounts []float64
	first := 0
	for _, a := range f.awards {
		lf.Awards++
		lf.Money += float64(a.Amount)
		if first == 0 || a.year < first {
			first = a.year
		}
		if a.in.Small() {
			smallAmounts = append(smallAmounts, float64(a.Amount))
		} else {
			otherAmounts = append(otherAmounts, float64(a.Amount))
		}
		if !a.Closed.IsZero() {
			lf.Ended++
			if a.Failed() {
				lf.Failed++
			}
		}
	}
	if first != 0 {
		lf.Years = yearOf(d.Now) - first + 1
	}
	lf.MedianSmall, lf.HasMedianSmall = Median(smallAmounts)
	lf.MedianOther, lf.HasMedianOther = Median(otherAmounts)

	var lSmall, lNon int
	for _, o := range d.Outcomes {
		in := d.Innovators[o.InnovatorID]
		if !o.Landmark || !s.has(in) {
			continue
		}
		lf.Landmarks++
		if in.Small() {
			lSmall++
		}
		if len(in.PathTags) > 0 && outside(in.PathTags, mainstream) {
			lNon++
		}
	}
	lf.LandmarkSmall = share(lSmall, lf.Landmarks)
	lf.LandmarkNonMainstream = share(lNon, lf.Landmarks)
	return lf
}

// registryMainstream returns the mainstream paths of the registered innovators: the fewest most
// common path tags that together make up at least half of their tags, as mainstreamPaths does
// for applicants.
func registryMainstream(f *frame) map[string]bool {
	g := &frame{d: f.d, s: f.s, applicants: f.registered}
	return g.mainstreamPaths()
}

// outside reports whether none of the tags is in the set.
func outside(tags []string, set map[string]bool) bool {
	for _, t := range tags {
		if set[t] {
			return false
		}
	}
	return true
}

// share returns n/of, and 0 when of is 0.
func share(n, of int) float64 {
	if of == 0 {
		return 0
	}
	return float64(n) / float64(of)
}
