package selection

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"seedbed"
)

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }

func flagCodes(fs []Flag) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Code)
	}
	return out
}

// TestNormaliseByHand checks the formulas on a case worked out by hand. R1 is harsh (2, 4, 6),
// R2 lenient (10, 20, 30) but ranks alike, so their z-scores agree: (x − mean)/popSD gives
// −√1.5, 0, √1.5 for both. R3 scored only B (7) and falls back to the global mean 79/7 and
// global SD √(1505/7 − (79/7)²).
func TestNormaliseByHand(t *testing.T) {
	scores := []Score{
		{"A", "R1", 2}, {"B", "R1", 4}, {"C", "R1", 6},
		{"A", "R2", 10}, {"B", "R2", 20}, {"C", "R2", 30},
		{"B", "R3", 7},
	}
	n, err := Normalise(scores, NormaliseOptions{Method: MethodZScore})
	if err != nil {
		t.Fatal(err)
	}
	gMean := 79.0 / 7
	gSD := math.Sqrt(1505.0/7 - gMean*gMean)
	z3 := (7 - gMean) / gSD
	r15 := math.Sqrt(1.5)
	if !near(n.GlobalMean, gMean) || !near(n.GlobalSD, gSD) {
		t.Fatalf("global %v ± %v, want %v ± %v", n.GlobalMean, n.GlobalSD, gMean, gSD)
	}
	wantRev := []struct {
		id       string
		n        int
		mean, sd float64
		fallback bool
	}{
		{"R1", 3, 4, math.Sqrt(8.0 / 3), false},
		{"R2", 3, 20, math.Sqrt(200.0 / 3), false},
		{"R3", 1, 7, 0, true},
	}
	for i, w := range wantRev {
		r := n.Reviewers[i]
		if r.ReviewerID != w.id || r.N != w.n || !near(r.Mean, w.mean) || !near(r.SD, w.sd) || r.Fallback != w.fallback {
			t.Errorf("reviewer %d: %+v, want %+v", i, r, w)
		}
		if w.fallback && (r.Note.Zh == "" || r.Note.En == "") {
			t.Errorf("reviewer %s: fallback without a note", w.id)
		}
	}
	// B's z-scores are 0, 0, z3: mean z3/3; sample SD |z3|·√(1/3) (deviations −z3/3, −z3/3,
	// 2·z3/3: (z3²/9)(1+1+4)/2 = z3²/3); SE = SD/√3 = |z3|/3.
	sdB := math.Abs(z3) / math.Sqrt(3)
	wantApp := []struct {
		id                 string
		rawMean, score, sd float64
		flags              []string
		firstZ, lastZ      float64
	}{
		{"A", 6, -r15, 0, nil, -r15, -r15},
		{"B", 31.0 / 3, z3 / 3, sdB, []string{FlagFallback}, 0, z3},
		{"C", 18, r15, 0, nil, r15, r15},
	}
	for i, w := range wantApp {
		a := n.Apps[i]
		se := w.sd / math.Sqrt(float64(len(a.Reviews)))
		if a.AppID != w.id || !near(a.RawMean, w.rawMean) || !near(a.Score, w.score) || !near(a.SD, w.sd) || !near(a.SE, se) ||
			!near(a.Lower, w.score-1.96*se) || !near(a.Upper, w.score+1.96*se) || !near(a.Display, gMean+w.score*gSD) {
			t.Errorf("app %s: %+v, want raw mean %v score %v sd %v", w.id, a, w.rawMean, w.score, w.sd)
		}
		if !slices.Equal(flagCodes(a.Flags), w.flags) {
			t.Errorf("app %s: flags %v, want %v", w.id, flagCodes(a.Flags), w.flags)
		}
		if !near(a.Reviews[0].Z, w.firstZ) || !near(a.Reviews[len(a.Reviews)-1].Z, w.lastZ) {
			t.Errorf("app %s: reviews %+v", w.id, a.Reviews)
		}
	}
	// Pooled: within-application squares 0 + 2·z3²/3 + 0 over 1 + 2 + 1 degrees of freedom.
	if want := math.Sqrt(2 * z3 * z3 / 3 / 4); !near(n.PooledSD, want) {
		t.Errorf("pooled SD %v, want %v", n.PooledSD, want)
	}
	p, _ := Normalise(scores, NormaliseOptions{Method: MethodZScore, PooledSE: true, Z: 1})
	if a := p.Apps[0]; !near(a.SE, p.PooledSD/math.Sqrt(2)) || !near(a.Upper, a.Score+a.SE) {
		t.Errorf("pooled SE: %+v", a)
	}
}

func TestNormaliseHarshAndLenientCountAlike(t *testing.T) {
	// The harsh reviewer scores A and B low, the lenient one C and D high; raw means would rank
	// C and D above A and B, but each reviewer ranked their two the same way.
	n, err := Normalise([]Score{
		{"A", "harsh", 20}, {"B", "harsh", 40},
		{"C", "lenient", 80}, {"D", "lenient", 90},
	}, NormaliseOptions{Method: MethodZScore})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]float64{}
	for _, a := range n.Apps {
		got[a.AppID] = a.Score
	}
	if !near(got["A"], got["C"]) || !near(got["B"], got["D"]) || !near(got["A"], -1) || !near(got["B"], 1) {
		t.Fatalf("scores %v, want A = C = −1 and B = D = 1", got)
	}
}

func TestNormaliseZeroVariance(t *testing.T) {
	// R2 gives every application 5: no ranking information, so its scores are measured against
	// the global mean (5.5) and SD (1.5) of all four totals: (5 − 5.5)/1.5 = −1/3.
	n, err := Normalise([]Score{{"A", "R1", 4}, {"B", "R1", 8}, {"A", "R2", 5}, {"B", "R2", 5}}, NormaliseOptions{Method: MethodZScore})
	if err != nil {
		t.Fatal(err)
	}
	if r := n.Reviewers[1]; !r.Fallback || !strings.Contains(r.Note.Zh, "相同") {
		t.Fatalf("reviewer %+v", r)
	}
	if z := n.Apps[0].Reviews[1].Z; !near(z, -1.0/3) {
		t.Fatalf("z %v, want −1/3", z)
	}
	// All totals equal: every z is 0, not NaN.
	n, _ = Normalise([]Score{{"A", "R1", 3}, {"B", "R1", 3}, {"A", "R2", 3}}, NormaliseOptions{Method: MethodZScore})
	for _, a := range n.Apps {
		if a.Score != 0 || math.IsNaN(a.Lower) {
			t.Fatalf("constant totals: %+v", a)
		}
	}
}

func TestNormaliseFlags(t *testing.T) {
	// R1 and R2 rank A, B, C in opposite orders: A and C get z-scores −√1.5 and √1.5 (range
	// 2.45 > 2), B gets 0 and 0. D is scored once, by R3, who scored nothing else.
	scores := []Score{
		{"A", "R1", 0}, {"B", "R1", 5}, {"C", "R1", 10},
		{"A", "R2", 10}, {"B", "R2", 5}, {"C", "R2", 0},
		{"D", "R3", 5},
	}
	cases := []struct {
		opt  NormaliseOptions
		want map[string][]string
	}{
		{NormaliseOptions{Method: MethodZScore}, map[string][]string{"A": {FlagDisagreement}, "B": nil, "C": {FlagDisagreement}, "D": {FlagSingleReview, FlagFallback}}},
		{NormaliseOptions{Method: MethodZScore, DisagreeRange: 2.5}, map[string][]string{"A": nil, "B": nil, "C": nil, "D": {FlagSingleReview, FlagFallback}}},
	}
	for _, c := range cases {
		n, err := Normalise(scores, c.opt)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range n.Apps {
			if got := flagCodes(a.Flags); !slices.Equal(got, c.want[a.AppID]) {
				t.Errorf("range %v, app %s: flags %v, want %v", c.opt.DisagreeRange, a.AppID, got, c.want[a.AppID])
			}
			if a.AppID == "D" && !near(a.SD, n.PooledSD) {
				t.Errorf("single review: SD %v, want the pooled %v", a.SD, n.PooledSD)
			}
		}
	}
}

func TestNormaliseRefuses(t *testing.T) {
	cases := []struct {
		name   string
		scores []Score
		field  string
	}{
		{"empty", nil, "scores"},
		{"no reviewer", []Score{{"A", "", 1}}, "scores[0]"},
		{"NaN", []Score{{"A", "R", 1}, {"B", "R", math.NaN()}}, "scores[1]"},
		{"twice", []Score{{"A", "R", 1}, {"A", "R", 2}}, "scores[1]"},
	}
	for _, c := range cases {
		_, err := Normalise(c.scores, NormaliseOptions{Method: MethodZScore})
		var es seedbed.Errors
		if !errors.As(err, &es) || es[0].Field != c.field {
			t.Errorf("%s: got %v, want an error on %s", c.name, err, c.field)
		}
	}
}
