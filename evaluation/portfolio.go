package evaluation

import (
	"math"
	"sort"
)

// Portfolio summarises the impact of a set of awards: a program or the whole portfolio.
// A figure whose denominator is zero has Status Undefined and the value 0, never Inf or NaN.
type Portfolio struct {
	Awards             int     `json:"awards"`
	AwardsWithOutcomes int     `json:"awards_with_outcomes"`
	Funding            float64 `json:"funding"` // 万元
	Landmarks          int     `json:"landmarks"`
	AwardsWithLandmark int     `json:"awards_with_landmark"`
	// Hit rate: share of awards whose score reaches HitPercentile.
	Hits          int     `json:"hits"`
	HitRate       float64 `json:"hit_rate"`
	HitRateStatus Status  `json:"hit_rate_status"`
	// Share of total award value held by the top TopShare of awards (ranked by value).
	TopShare       float64 `json:"top_share"`
	TopAwards      int     `json:"top_awards"`
	TopShareStatus Status  `json:"top_share_status"`
	// Funding divided by landmarks.
	CostPerLandmark       float64 `json:"cost_per_landmark"`
	CostPerLandmarkStatus Status  `json:"cost_per_landmark_status"`
	// Concentration of award value.
	Gini       float64       `json:"gini"`
	GiniStatus Status        `json:"gini_status"`
	Lorenz     []LorenzPoint `json:"lorenz"`
	// Landmark outcomes per quarter achieved, in time order, for the timeline chart.
	LandmarksByPeriod []PeriodCount `json:"landmarks_by_period"`
}

// LorenzPoint is a point of a Lorenz curve: the poorest Awards share of awards hold the
// Value share of total value.
type LorenzPoint struct {
	Awards float64 `json:"awards"`
	Value  float64 `json:"value"`
}

// PeriodCount is the number of landmarks achieved in one quarter.
type PeriodCount struct {
	Period    Quarter `json:"period"`
	Landmarks int     `json:"landmarks"`
}

// Summarize computes the portfolio figures of the awards keep accepts (all when keep is nil).
func (im *Impact) Summarize(keep func(Award) bool) Portfolio {
	pf := Portfolio{HitRateStatus: StatusUndefined, TopShareStatus: StatusUndefined,
		CostPerLandmarkStatus: StatusUndefined, GiniStatus: StatusUndefined}
	kept := make([]bool, len(im.Awards))
	var values []float64
	for a, aw := range im.Awards {
		if keep != nil && !keep(aw) {
			continue
		}
		kept[a] = true
		s := im.AwardScores[a]
		pf.Awards++
		pf.Funding += aw.Funding
		pf.Landmarks += s.Landmarks
		if s.Outcomes > 0 {
			pf.AwardsWithOutcomes++
		}
		if s.Landmarks > 0 {
			pf.AwardsWithLandmark++
		}
		if s.Hit {
			pf.Hits++
		}
		values = append(values, s.Value)
	}
	if pf.Awards > 0 {
		pf.HitRate, pf.HitRateStatus = float64(pf.Hits)/float64(pf.Awards), StatusOK
	}
	if pf.Landmarks > 0 {
		pf.CostPerLandmark, pf.CostPerLandmarkStatus = pf.Funding/float64(pf.Landmarks), StatusOK
	}
	if share, top, ok := TopShare(values, im.Params.TopShare); ok {
		pf.TopShare, pf.TopAwards, pf.TopShareStatus = share, top, StatusOK
	}
	if g, ok := Gini(values); ok {
		pf.Gini, pf.GiniStatus = g, StatusOK
	}
	pf.Lorenz = Lorenz(values, im.Params.LorenzPoints)

	byPeriod := map[Quarter]int{}
	awardRow := make(map[int64]int, len(im.Awards))
	for a, aw := range im.Awards {
		awardRow[aw.ID] = a
	}
	for j, o := range im.Outcomes {
		if im.OutcomeScores[j].Landmark && kept[awardRow[o.AwardID]] {
			byPeriod[o.Period]++
		}
	}
	for q, c := range byPeriod {
		pf.LandmarksByPeriod = append(pf.LandmarksByPeriod, PeriodCount{Period: q, Landmarks: c})
	}
	sort.Slice(pf.LandmarksByPeriod, func(a, b int) bool { return pf.LandmarksByPeriod[a].Period < pf.LandmarksByPeriod[b].Period })
	return pf
}

// TopShare returns the share of the total held by the largest ⌈frac·n⌉ values, and that count.
// It reports false when there are no values or they sum to zero.
func TopShare(values []float64, frac float64) (share float64, top int, ok bool) {
	total := sum(values)
	if len(values) == 0 || !(total > 0) {
		return 0, 0, false
	}
	s := append([]float64(nil), values...)
	sort.Sort(sort.Reverse(sort.Float64Slice(s)))
	// The small tolerance keeps 0.1·30 = 3.0000000000000004 from becoming 4.
	top = max(1, int(math.Ceil(frac*float64(len(s))-1e-9)))
	return sum(s[:top]) / total, top, true
}

// Gini returns the Gini coefficient of non-negative values,
// G = 2·Σ i·v₍ᵢ₎ / (n·Σv) − (n+1)/n with the values ascending and i from 1: 0 when all are
// equal, (n−1)/n when one holds everything. It reports false when the values sum to zero.
func Gini(values []float64) (float64, bool) {
	total := sum(values)
	if len(values) == 0 || !(total > 0) {
		return 0, false
	}
	s := append([]float64(nil), values...)
	sort.Float64s(s)
	var w float64
	for i, v := range s {
		w += float64(i+1) * v
	}
	n := float64(len(s))
	return 2*w/(n*total) - (n+1)/n, true
}

// Lorenz returns the Lorenz curve of non-negative values from (0, 0) to (1, 1): with the
// values ascending, the point for the first k of n is (k/n, Σ₍ᵢ≤ₖ₎ v / Σv). With more than
// maxPoints−1 values it returns maxPoints points at evenly spaced k. It returns nil when the
// values sum to zero.
func Lorenz(values []float64, maxPoints int) []LorenzPoint {
	total := sum(values)
	n := len(values)
	if n == 0 || !(total > 0) || maxPoints < 2 {
		return nil
	}
	s := append([]float64(nil), values...)
	sort.Float64s(s)
	cum := make([]float64, n+1)
	for i, v := range s {
		cum[i+1] = cum[i] + v
	}
	points := min(maxPoints, n+1)
	out := make([]LorenzPoint, points)
	for j := range points {
		k := j
		if points < n+1 {
			k = int(math.Round(float64(j) * float64(n) / float64(points-1)))
		}
		out[j] = LorenzPoint{Awards: float64(k) / float64(n), Value: cum[k] / total}
	}
	out[points-1].Value = 1 // exact, whatever the rounding of the running sum
	return out
}

func sum(values []float64) float64 {
	var s float64
	for _, v := range values {
		s += v
	}
	return s
}
