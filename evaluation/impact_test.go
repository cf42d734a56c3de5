package evaluation

import (
	"errors"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"

	"seedbed"
)

// handAwards is the hand-computed portfolio of docs/methods.md: four awards of one field and
// cohort, two programs.
func handAwards() ([]Award, []Outcome) {
	awards := []Award{
		{ID: 1, InnovatorID: 11, ProgramID: 10, Field: "ai", Cohort: 2023, Funding: 100},
		{ID: 2, InnovatorID: 12, ProgramID: 10, Field: "ai", Cohort: 2023, Funding: 100},
		{ID: 3, InnovatorID: 13, ProgramID: 20, Field: "ai", Cohort: 2023, Funding: 100},
		{ID: 4, InnovatorID: 14, ProgramID: 20, Field: "ai", Cohort: 2023, Funding: 100},
	}
	outcomes := []Outcome{
		{AwardID: 1, Kind: OutcomePatent, Value: 10, Period: q(2024, 1)},
		{AwardID: 1, Kind: OutcomePatent, Value: 2, Period: q(2024, 1)},
		{AwardID: 2, Kind: OutcomePatent, Value: 5, Period: q(2024, 2)},
		{AwardID: 3, Kind: OutcomePatent, Value: 5, Period: q(2024, 2)},
		{AwardID: 2, Kind: OutcomePaper, Value: 3, Period: q(2024, 3)},
	}
	return awards, outcomes
}

func handParams() ImpactParams {
	return ImpactParams{LandmarkPercentile: 85, HitPercentile: 80, Floor: 30, MinGroupSize: 4, TopShare: 0.25, LorenzPoints: 101}
}

func TestScoreImpactHandComputed(t *testing.T) {
	awards, outcomes := handAwards()
	im, err := ScoreImpact(awards, outcomes, handParams())
	if err != nil {
		t.Fatal(err)
	}
	// Patents: award bests 10, 5, 5 and a zero for award 4.
	//   10 → (3 + ½)/4 = 87.5; 2 → (1 zero below + ½·0)/4 = 25; 5 → (1 + ½·2)/4 = 50.
	// Papers: award 2's 3 against three zeros → (3 + ½)/4 = 87.5.
	wantP := []float64{87.5, 25, 50, 50, 87.5}
	wantCredited := []bool{true, false, true, true, true} // floor 30
	wantLandmark := []bool{true, false, false, false, true}
	for j, s := range im.OutcomeScores {
		if s.Status != StatusOK || s.Basis != BasisFieldCohort || s.GroupSize != 4 || !near(s.Percentile, wantP[j], 1e-12) ||
			s.Credited != wantCredited[j] || s.Landmark != wantLandmark[j] {
			t.Errorf("outcome %d: %+v, want percentile %v", j, s, wantP[j])
		}
	}
	if im.Outcomes[0].InnovatorID != 11 || im.Outcomes[0].Field != "ai" || im.Outcomes[0].Cohort != 2023 {
		t.Errorf("outcome fields not filled from award: %+v", im.Outcomes[0])
	}
	// Scores: max credited percentile. Values: 100/(100 − score).
	want := []AwardScore{
		{AwardID: 1, Score: 87.5, Value: 8, Best: 0, Outcomes: 2, Landmarks: 1, Hit: true},
		{AwardID: 2, Score: 87.5, Value: 8, Best: 4, Outcomes: 2, Landmarks: 1, Hit: true},
		{AwardID: 3, Score: 50, Value: 2, Best: 3, Outcomes: 1},
		{AwardID: 4, Best: -1},
	}
	if !reflect.DeepEqual(im.AwardScores, want) {
		t.Fatalf("award scores\n%+v\nwant\n%+v", im.AwardScores, want)
	}

	all := im.Summarize(nil)
	// Values 8, 8, 2, 0 (total 18). Top 25% = 1 award: 8/18. Gini of 0, 2, 8, 8:
	// 2·(1·0 + 2·2 + 3·8 + 4·8)/(4·18) − 5/4 = 120/72 − 1.25 = 5/12.
	switch {
	case all.Awards != 4 || all.AwardsWithOutcomes != 3 || all.Funding != 400 || all.Landmarks != 2 || all.AwardsWithLandmark != 2:
		t.Fatalf("counts %+v", all)
	case all.HitRateStatus != StatusOK || all.Hits != 2 || all.HitRate != 0.5:
		t.Fatalf("hit rate %+v", all)
	case all.CostPerLandmarkStatus != StatusOK || all.CostPerLandmark != 200:
		t.Fatalf("cost per landmark %+v", all)
	case all.TopShareStatus != StatusOK || all.TopAwards != 1 || !near(all.TopShare, 8.0/18, 1e-12):
		t.Fatalf("top share %+v", all)
	case all.GiniStatus != StatusOK || !near(all.Gini, 5.0/12, 1e-12):
		t.Fatalf("gini %v", all.Gini)
	}
	wantLorenz := []LorenzPoint{{0, 0}, {0.25, 0}, {0.5, 2.0 / 18}, {0.75, 10.0 / 18}, {1, 1}}
	for j, pt := range all.Lorenz {
		if !near(pt.Awards, wantLorenz[j].Awards, 1e-12) || !near(pt.Value, wantLorenz[j].Value, 1e-12) {
			t.Errorf("lorenz %d: %+v, want %+v", j, pt, wantLorenz[j])
		}
	}
	if !reflect.DeepEqual(all.LandmarksByPeriod, []PeriodCount{{q(2024, 1), 1}, {q(2024, 3), 1}}) {
		t.Errorf("timeline %+v", all.LandmarksByPeriod)
	}

	// Program 20: no landmark, so cost per landmark is undefined — reported as such, not as Inf.
	p20 := im.Summarize(func(a Award) bool { return a.ProgramID == 20 })
	if p20.Awards != 2 || p20.Landmarks != 0 || p20.CostPerLandmarkStatus != StatusUndefined || p20.CostPerLandmark != 0 ||
		p20.HitRate != 0 || p20.TopShare != 1 || !near(p20.Gini, 0.5, 1e-12) || p20.LandmarksByPeriod != nil {
		t.Fatalf("program 20 %+v", p20)
	}
	// An empty selection: every ratio undefined.
	none := im.Summarize(func(Award) bool { return false })
	if none.HitRateStatus != StatusUndefined || none.TopShareStatus != StatusUndefined || none.GiniStatus != StatusUndefined || none.Lorenz != nil {
		t.Fatalf("empty %+v", none)
	}
}

func TestScoreImpactPooling(t *testing.T) {
	awards, outcomes := handAwards()
	awards = append(awards,
		Award{ID: 5, InnovatorID: 15, Field: "ai", Cohort: 2024, Funding: 50},
		Award{ID: 6, InnovatorID: 16, Field: "bio", Cohort: 2023, Funding: 50})
	tests := []struct {
		minGroup int
		basis    string
		size     int
		top      float64 // percentile of the patent worth 10
		status   Status
	}{
		{4, BasisFieldCohort, 4, 87.5, StatusOK},
		{5, BasisFieldPooled, 5, 90, StatusOK},    // (4 + ½)/5 among the five "ai" awards
		{6, BasisAll, 6, 100 * 5.5 / 6, StatusOK}, // (5 + ½)/6 among all six
		{7, "", 0, 0, StatusNotEnoughData},        // no group large enough: no number
	}
	for _, tt := range tests {
		ip := handParams()
		ip.MinGroupSize = tt.minGroup
		im, err := ScoreImpact(awards, outcomes, ip)
		if err != nil {
			t.Fatal(err)
		}
		s := im.OutcomeScores[0]
		if s.Status != tt.status || s.Basis != tt.basis || s.GroupSize != tt.size || !near(s.Percentile, tt.top, 1e-12) {
			t.Errorf("min group %d: %+v", tt.minGroup, s)
		}
		if tt.status == StatusNotEnoughData && (im.AwardScores[0].Score != 0 || im.AwardScores[0].Landmarks != 0) {
			t.Errorf("score without a reference: %+v", im.AwardScores[0])
		}
	}
}

// TestHundredMediocreBelowOneLandmark: in a cohort of 200 awards, an award with one outcome in
// the top 1% outscores an award with a hundred bottom-decile outcomes — and so does an award
// with a single median outcome.
func TestHundredMediocreBelowOneLandmark(t *testing.T) {
	var awards []Award
	var outcomes []Outcome
	for i := 1; i <= 200; i++ {
		awards = append(awards, Award{ID: int64(i), InnovatorID: int64(i), Field: "ai", Cohort: 2023, Funding: 50})
		v := float64(i)
		if i == 200 {
			v = 1000
		}
		outcomes = append(outcomes, Outcome{AwardID: int64(i), Kind: OutcomePatent, Value: v, Period: q(2024, 1)})
	}
	mediocre := int64(1)
	for j := range 100 {
		outcomes = append(outcomes, Outcome{AwardID: mediocre, Kind: OutcomePatent, Value: float64(1 + j%10), Period: q(2024, 1)})
	}
	im, err := ScoreImpact(awards, outcomes, DefaultImpactParams())
	if err != nil {
		t.Fatal(err)
	}
	for j, o := range im.Outcomes {
		if o.AwardID == mediocre && im.OutcomeScores[j].Percentile >= 10 {
			t.Fatalf("outcome %d of the mediocre award is not bottom-decile: %+v", j, im.OutcomeScores[j])
		}
	}
	m, l, median := im.AwardScores[0], im.AwardScores[199], im.AwardScores[99]
	if im.OutcomeScores[199].Landmark != true || l.Landmarks != 1 || l.Score < 99 {
		t.Fatalf("landmark award %+v", l)
	}
	if m.Outcomes != 101 || !(m.Score < l.Score) || !(m.Score < median.Score) || m.Landmarks != 0 || m.Value >= l.Value {
		t.Fatalf("100 mediocre outputs %+v vs landmark %+v vs median %+v", m, l, median)
	}
}

// TestAddingBottomDecileOutputNeverRaisesAnyScore is a property test: on random portfolios,
// adding one outcome that lands in the bottom decile never raises any award's score, value or
// landmark count, nor the portfolio's landmarks or hits.
func TestAddingBottomDecileOutputNeverRaisesAnyScore(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	effective := 0
	for trial := range 400 {
		nAwards := 20 + rng.IntN(120)
		fields := []string{"ai", "bio", "quantum"}[:1+rng.IntN(3)]
		var awards []Award
		var outcomes []Outcome
		for i := range nAwards {
			awards = append(awards, Award{ID: int64(i + 1), InnovatorID: int64(i + 1), Field: fields[rng.IntN(len(fields))],
				Cohort: 2020 + rng.IntN(3), Funding: float64(10 + rng.IntN(100))})
			if rng.Float64() < 0.1 {
				continue // some awards have nothing to show
			}
			for k := range 3 { // dense, so that small values really are bottom-decile
				if rng.Float64() < 0.9 {
					for range 1 + rng.IntN(3) {
						outcomes = append(outcomes, Outcome{AwardID: int64(i + 1), Kind: OutcomeKinds[k].Code,
							Value: math.Floor(1 + rng.ExpFloat64()*20), Period: q(2024, 1+rng.IntN(4))})
					}
				}
			}
		}
		ip := DefaultImpactParams()
		ip.MinGroupSize = 1 + rng.IntN(60)
		before, err := ScoreImpact(awards, outcomes, ip)
		if err != nil {
			t.Fatal(err)
		}
		target := int64(1 + rng.IntN(nAwards))
		if rng.Float64() < 0.3 { // often an award with nothing yet, where a floor matters most
			for _, a := range before.AwardScores {
				if a.Outcomes == 0 {
					target = a.AwardID
					break
				}
			}
		}
		extra := Outcome{AwardID: target, Kind: OutcomeKinds[rng.IntN(3)].Code,
			Value: []float64{0, 0.5, 1, 2}[rng.IntN(4)], Period: q(2024, 2)}
		after, err := ScoreImpact(awards, append(append([]Outcome(nil), outcomes...), extra), ip)
		if err != nil {
			t.Fatal(err)
		}
		if s := after.OutcomeScores[len(outcomes)]; s.Status == StatusOK && s.Percentile >= 10 {
			continue // not a bottom-decile output: the property says nothing
		}
		effective++
		for a := range awards {
			b, x := before.AwardScores[a], after.AwardScores[a]
			if x.Score > b.Score || x.Value > b.Value || x.Landmarks > b.Landmarks || (x.Hit && !b.Hit) {
				t.Fatalf("trial %d: adding %+v raised award %d from %+v to %+v", trial, extra, awards[a].ID, b, x)
			}
		}
		pb, pa := before.Summarize(nil), after.Summarize(nil)
		if pa.Landmarks > pb.Landmarks || pa.Hits > pb.Hits {
			t.Fatalf("trial %d: portfolio rose from %+v to %+v", trial, pb, pa)
		}
	}
	if effective < 100 {
		t.Fatalf("only %d effective trials: the property was barely exercised", effective)
	}
}

func TestScoreImpactBadInput(t *testing.T) {
	awards, outcomes := handAwards()
	tests := []struct {
		name   string
		change func(a []Award, o []Outcome) ([]Award, []Outcome)
		line   int
		field  string
	}{
		{"unknown award", func(a []Award, o []Outcome) ([]Award, []Outcome) { o[2].AwardID = 99; return a, o }, 3, "award_id"},
		{"negative value", func(a []Award, o []Outcome) ([]Award, []Outcome) { o[1].Value = -1; return a, o }, 2, "value"},
		{"NaN value", func(a []Award, o []Outcome) ([]Award, []Outcome) { o[1].Value = math.NaN(); return a, o }, 2, "value"},
		{"unknown kind", func(a []Award, o []Outcome) ([]Award, []Outcome) { o[0].Kind = "vibes"; return a, o }, 1, "kind"},
		{"no period", func(a []Award, o []Outcome) ([]Award, []Outcome) { o[4].Period = 0; return a, o }, 5, "period"},
		{"field disagrees", func(a []Award, o []Outcome) ([]Award, []Outcome) { o[0].Field = "bio"; return a, o }, 1, "field"},
		{"cohort disagrees", func(a []Award, o []Outcome) ([]Award, []Outcome) { o[0].Cohort = 2019; return a, o }, 1, "cohort"},
		{"innovator disagrees", func(a []Award, o []Outcome) ([]Award, []Outcome) { o[0].InnovatorID = 99; return a, o }, 1, "innovator_id"},
		{"duplicate award", func(a []Award, o []Outcome) ([]Award, []Outcome) { a[3].ID = 1; return a, o }, 4, "award.id"},
		{"negative funding", func(a []Award, o []Outcome) ([]Award, []Outcome) { a[0].Funding = -5; return a, o }, 1, "award.funding"},
		{"no cohort", func(a []Award, o []Outcome) ([]Award, []Outcome) { a[1].Cohort = 0; return a, o }, 2, "award.cohort"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := append([]Award(nil), awards...)
			o := append([]Outcome(nil), outcomes...)
			a, o = tt.change(a, o)
			im, err := ScoreImpact(a, o, handParams())
			var es seedbed.Errors
			if im != nil || !errors.As(err, &es) || len(es) != 1 || es[0].Line != tt.line || es[0].Field != tt.field {
				t.Fatalf("got %v (%d errors)", err, len(es))
			}
		})
	}
	bad := handParams()
	bad.Floor = 95 // above the hit percentile
	if _, err := ScoreImpact(awards, outcomes, bad); err == nil {
		t.Error("floor above hit percentile accepted")
	}
}

func TestConcentrationHelpers(t *testing.T) {
	for _, tt := range []struct {
		values []float64
		gini   float64
	}{
		{[]float64{1, 1, 1, 1}, 0},
		{[]float64{0, 0, 0, 1}, 0.75}, // (n−1)/n
		{[]float64{1, 2, 3, 4}, 0.25}, // mean absolute difference 20/16 over 2·mean 5
		{[]float64{7}, 0},
	} {
		if g, ok := Gini(tt.values); !ok || !near(g, tt.gini, 1e-12) {
			t.Errorf("Gini(%v) = %v, want %v", tt.values, g, tt.gini)
		}
	}
	if _, ok := Gini([]float64{0, 0}); ok {
		t.Error("Gini of zeros is undefined")
	}
	for _, tt := range []struct {
		values []float64
		frac   float64
		share  float64
		top    int
	}{
		{[]float64{1, 2, 3, 4, 10}, 0.1, 0.5, 1},
		{make30(), 0.1, (30.0 + 29 + 28) / 465, 3}, // ⌈0.1·30⌉ = 3, not 4
		{[]float64{5, 5}, 0.5, 0.5, 1},
	} {
		if s, top, ok := TopShare(tt.values, tt.frac); !ok || top != tt.top || !near(s, tt.share, 1e-12) {
			t.Errorf("TopShare(%v, %v) = %v, %d", tt.values, tt.frac, s, top)
		}
	}
	got := Lorenz([]float64{4, 3, 2, 1}, 3) // n = 4, three points at k = 0, 2, 4
	want := []LorenzPoint{{0, 0}, {0.5, 0.3}, {1, 1}}
	if len(got) != 3 {
		t.Fatalf("Lorenz %v", got)
	}
	for j := range want {
		if !near(got[j].Awards, want[j].Awards, 1e-12) || !near(got[j].Value, want[j].Value, 1e-12) {
			t.Errorf("Lorenz point %d = %+v, want %+v", j, got[j], want[j])
		}
	}
}

func make30() []float64 {
	v := make([]float64, 30)
	for i := range v {
		v[i] = float64(i + 1)
	}
	return v
}
