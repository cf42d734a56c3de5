package sim

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
)

// Result is the outcome of Run: one summary per strategy, in the order of Config.Strategies,
// with the model version and the hash of the configuration that produced it. AgentSteps is
// innovators × quarters × replications × strategies; ActiveSteps counts only the quarters of
// ventures still active (failed teams that left take no steps).
type Result struct {
	ModelVersion string           `json:"model_version"`
	ConfigHash   string           `json:"config_hash"`
	Config       Config           `json:"config"`
	AgentSteps   int64            `json:"agent_steps"`
	ActiveSteps  int64            `json:"active_agent_steps"`
	Metrics      []MetricLabel    `json:"metrics"`
	Strategies   []StrategyResult `json:"strategies"`
}

// StrategyResult summarises one strategy over all replications: each metric's mean with a 95%
// confidence interval, and the series the lab page charts.
type StrategyResult struct {
	ID    string `json:"id"`
	Label Label  `json:"label"`
	About Label  `json:"about"`

	Landmarks           Estimate `json:"landmarks"`
	LandmarksVsBaseline Estimate `json:"landmarks_vs_baseline"`
	ValueVsBaseline     Estimate `json:"value_vs_baseline"`
	TimeToFirstLandmark Estimate `json:"time_to_first_landmark"`
	TotalValue          Estimate `json:"total_value"`
	PathDiversity       Estimate `json:"path_diversity"`
	CostPerLandmark     Estimate `json:"cost_per_landmark"`
	Spend               Estimate `json:"spend"`
	Grants              Estimate `json:"grants"`
	Survivors           Estimate `json:"survivors"`
	Restarts            Estimate `json:"restarts"`

	// The VsBaseline estimates are paired differences from no_support in the same replication
	// (same landscapes and population); they are undefined when no_support is not run.

	// ShareWithLandmark is the share of replications with at least one landmark; the time to the
	// first landmark is averaged over those replications only.
	ShareWithLandmark float64 `json:"share_with_landmark"`
	// LandmarkShares says which innovators made the landmarks, pooled over replications.
	LandmarkShares LandmarkShares `json:"landmark_shares"`
	// LandmarkHistogram[c] is the number of replications with exactly c landmarks.
	LandmarkHistogram []int `json:"landmark_histogram"`
	// CumulativeValue[q] and CumulativeLandmarks[q] are the mean total value and mean number of
	// landmarks at the end of quarter q+1: the timing of discoveries.
	CumulativeValue     []float64 `json:"cumulative_value"`
	CumulativeLandmarks []float64 `json:"cumulative_landmarks"`
}

// LandmarkShares are the shares of all landmarks made by small firms, grassroots teams and teams
// on non-mainstream paths.
type LandmarkShares struct {
	Small         float64 `json:"small"`
	Grassroots    float64 `json:"grassroots"`
	NonMainstream float64 `json:"non_mainstream"`
}

// Hash returns the SHA-256 of the configuration's canonical JSON, in hex: equal hashes mean the
// same numbers under the same ModelVersion.
func (c Config) Hash() string {
	b, err := json.Marshal(c)
	if err != nil {
		// Config holds only numbers and strings; a validated Config always marshals.
		panic("sim: marshal config: " + err.Error())
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// strategyAcc accumulates one strategy's outputs over replications, in replication order.
type strategyAcc struct {
	landmarks, first, value, diversity, spend, grants, alive, restarts moments
	vsLandmarks, vsValue                                               moments
	cost                                                               ratio
	withLandmark                                                       int
	byKind                                                             [3]int64
	total                                                              int64
	hist                                                               []int
	cum, cumMarks                                                      []float64
}

// add folds in one replication's outcome; base is the same replication's no_support outcome, or
// nil when no_support is not run.
func (s *strategyAcc) add(o, base *stratOut) {
	if base != nil {
		s.vsLandmarks.add(float64(o.landmarks - base.landmarks))
		s.vsValue.add(o.value - base.value)
	}
	s.landmarks.add(float64(o.landmarks))
	if o.first > 0 {
		s.first.add(float64(o.first))
		s.withLandmark++
	}
	s.value.add(o.value)
	s.diversity.add(float64(o.diversity))
	s.spend.add(o.spend)
	s.grants.add(float64(o.grants))
	s.alive.add(float64(o.alive))
	s.restarts.add(float64(o.restarts))
	s.cost.add(float64(o.landmarks), o.spend)
	for k, c := range o.byKind {
		s.byKind[k] += int64(c)
	}
	s.total += int64(o.landmarks)
	for len(s.hist) <= o.landmarks {
		s.hist = append(s.hist, 0)
	}
	s.hist[o.landmarks]++
	if s.cum == nil {
		s.cum = make([]float64, len(o.cum))
		s.cumMarks = make([]float64, len(o.cum))
	}
	for q, v := range o.cum {
		s.cum[q] += v
		s.cumMarks[q] += float64(o.cumMarks[q])
	}
}

func (s *strategyAcc) result(st strategy) StrategyResult {
	n := s.landmarks.n
	r := StrategyResult{
		ID: st.id, Label: st.label, About: st.about,
		Landmarks:           s.landmarks.estimate(),
		LandmarksVsBaseline: s.vsLandmarks.estimate(),
		ValueVsBaseline:     s.vsValue.estimate(),
		TimeToFirstLandmark: s.first.estimate(),
		TotalValue:          s.value.estimate(),
		PathDiversity:       s.diversity.estimate(),
		CostPerLandmark:     s.cost.estimate(),
		Spend:               s.spend.estimate(),
		Grants:              s.grants.estimate(),
		Survivors:           s.alive.estimate(),
		Restarts:            s.restarts.estimate(),
		ShareWithLandmark:   float64(s.withLandmark) / n,
		LandmarkHistogram:   s.hist,
		CumulativeValue:     make([]float64, len(s.cum)),
		CumulativeLandmarks: make([]float64, len(s.cum)),
	}
	for q, v := range s.cum {
		r.CumulativeValue[q] = v / n
		r.CumulativeLandmarks[q] = s.cumMarks[q] / n
	}
	if s.total > 0 {
		t := float64(s.total)
		r.LandmarkShares = LandmarkShares{
			Small: float64(s.byKind[0]) / t, Grassroots: float64(s.byKind[1]) / t, NonMainstream: float64(s.byKind[2]) / t,
		}
	}
	return r
}
