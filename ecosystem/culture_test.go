package ecosystem

import (
	"fmt"
	"math"
	"testing"

	"seedbed"
)

func sheet(wave int64, region, kind string, v int) CultureResponse {
	a := seedbed.SurveyAnswers{Likert: map[string]int{}}
	for _, q := range seedbed.CurrentQuestionnaire().Questions {
		if q.Kind == seedbed.QuestionLikert {
			a.Likert[q.Key] = v
		}
	}
	return CultureResponse{WaveID: wave, Region: region, Kind: kind, Answers: a}
}

// TestCultureSuppression: with k = 3, region C (1 respondent) is below k; suppressing it alone
// would let total − A − B give its count and mean, so B (the next smallest) is suppressed too.
// Every published figure is then checked against every other: no difference of counts between
// a cell and the total, or the total and all published cells of a breakdown, is between 1 and
// k − 1, and the hidden mean is over at least k people.
func TestCultureSuppression(t *testing.T) {
	q := seedbed.CurrentQuestionnaire()
	var rs []CultureResponse
	for i := 0; i < 5; i++ {
		rs = append(rs, sheet(1, "A", "enterprise", 4))
	}
	for i := 0; i < 4; i++ {
		rs = append(rs, sheet(1, "B", "team", 2))
	}
	rs = append(rs, sheet(1, "C", "team", 1))
	// wave 2 has two respondents only: nothing of it is published
	rs = append(rs, sheet(2, "A", "enterprise", 5), sheet(2, "A", "team", 5))
	const k = 3
	byRegion := CultureResults(q, rs, []int64{1, 2}, "region", k)
	byKind := CultureResults(q, rs, []int64{1, 2}, "kind", k)
	w := byRegion[0]
	if w.Total.N != 10 || w.Total.Suppressed || math.Abs(w.Total.Dimensions["market"]-(5*4+4*2+1)/10.0) > 1e-9 {
		t.Fatalf("wave 1 total: %+v", w.Total)
	}
	if len(w.Groups) != 1 || w.Groups[0].Group != "A" || w.Groups[0].N != 5 {
		t.Fatalf("wave 1 by region: %+v, want only A (B suppressed with C)", w.Groups)
	}
	if wk := byKind[0]; len(wk.Groups) != 2 || wk.Groups[0].N != 5 || wk.Groups[1].N != 5 {
		t.Fatalf("wave 1 by kind: %+v", wk.Groups)
	}
	for _, r := range [][]CultureWave{byRegion, byKind} {
		if !r[1].Total.Suppressed || r[1].Total.N != 0 || len(r[1].Groups) != 0 || r[1].Texts != nil {
			t.Fatalf("wave 2 (2 respondents) published: %+v", r[1])
		}
	}
	// every published count, and the differences a reader can form from them
	for _, r := range [][]CultureWave{byRegion, byKind, CultureResults(q, rs, []int64{1, 2}, "", k)} {
		for _, wv := range r {
			published := 0
			for _, g := range wv.Groups {
				if g.N < k {
					t.Errorf("wave %d group %s published with %d < k", wv.WaveID, g.Group, g.N)
				}
				if d := wv.Total.N - g.N; d > 0 && d < k {
					t.Errorf("wave %d: total − %s = %d, below k", wv.WaveID, g.Group, d)
				}
				published += g.N
			}
			if d := wv.Total.N - published; len(wv.Groups) > 0 && d > 0 && d < k {
				t.Errorf("wave %d: total − published groups = %d, below k", wv.WaveID, d)
			}
		}
	}
	// A table of group sizes: whatever the sizes, no subtraction within a breakdown isolates
	// fewer than k people.
	for _, sizes := range [][]int{{1, 1, 1, 20}, {2, 9, 9}, {10, 10, 1}, {1}, {3, 3, 3}, {2, 2}, {12, 0, 1}} {
		var rs []CultureResponse
		for gi, n := range sizes {
			for i := 0; i < n; i++ {
				rs = append(rs, sheet(1, fmt.Sprint("R", gi), "team", 3))
			}
		}
		wv := CultureResults(q, rs, []int64{1}, "region", k)[0]
		sum := 0
		for _, g := range wv.Groups {
			sum += g.N
		}
		if d := wv.Total.N - sum; !wv.Total.Suppressed && d > 0 && d < k {
			t.Errorf("sizes %v: hidden remainder %d below k (%+v)", sizes, d, wv)
		}
		if wv.Total.Suppressed && len(wv.Groups) > 0 {
			t.Errorf("sizes %v: groups published under a suppressed total", sizes)
		}
	}
}
