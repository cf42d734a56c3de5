package selection

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"seedbed"
)

// cand builds a candidate with an interval of ±w around the score.
func cand(id string, amount int64, score, w float64, reviews ...float64) Candidate {
	return Candidate{AppID: id, Amount: amount, Score: score, Lower: score - w, Upper: score + w, Reviews: reviews}
}

func outcomes(s Selection) string {
	var parts []string
	for _, d := range s.Decisions {
		parts = append(parts, d.AppID+"="+string(d.Outcome))
	}
	return strings.Join(parts, " ")
}

func TestRankedAndThreshold(t *testing.T) {
	cands := []Candidate{
		cand("D", 20, 0.5, 0.1),
		cand("B", 60, 1.5, 0.1),
		cand("A", 50, 2.0, 0.1),
		cand("C", 30, 1.0, 0.1),
		cand("E", 10, 0.5, 0.1), // ties with D: ids order them
	}
	cases := []struct {
		name  string
		run   func() (Selection, error)
		want  string
		spent int64
	}{
		{"ranked, strict order", func() (Selection, error) { return Ranked(cands, 100, RankOptions{}) },
			"A=funded B=not_funded_budget C=not_funded_budget D=not_funded_budget E=not_funded_budget", 50},
		{"ranked, filling gaps", func() (Selection, error) { return Ranked(cands, 100, RankOptions{FillGaps: true}) },
			"A=funded B=not_funded_budget C=funded D=funded E=not_funded_budget", 100},
		{"ranked, everything fits", func() (Selection, error) { return Ranked(cands, 1000, RankOptions{}) },
			"A=funded B=funded C=funded D=funded E=funded", 170},
		{"ranked, no budget", func() (Selection, error) { return Ranked(cands, 0, RankOptions{FillGaps: true}) },
			"A=not_funded_budget B=not_funded_budget C=not_funded_budget D=not_funded_budget E=not_funded_budget", 0},
		{"threshold", func() (Selection, error) { return Threshold(cands, 200, 1.0, RankOptions{}) },
			"A=funded B=funded C=funded D=declined E=declined", 140},
		{"threshold, budget binds", func() (Selection, error) { return Threshold(cands, 100, 0.5, RankOptions{FillGaps: true}) },
			"A=funded B=not_funded_budget C=funded D=funded E=not_funded_budget", 100},
	}
	for _, c := range cases {
		s, err := c.run()
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got := outcomes(s); got != c.want || s.Spent != c.spent {
			t.Errorf("%s:\n got %s (spent %d)\nwant %s (spent %d)", c.name, got, s.Spent, c.want, c.spent)
		}
		for _, d := range s.Decisions {
			if d.Reason.Zh == "" || d.Reason.En == "" {
				t.Errorf("%s: %s has no reason in both languages", c.name, d.AppID)
			}
		}
	}
}

func TestRankedReasons(t *testing.T) {
	s, err := Ranked([]Candidate{cand("A", 50, 1.21, 0.1), cand("B", 60, 0.85, 0.1), cand("C", 10, 0.1, 0.1)}, 100, RankOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"综合得分 1.21 排名第 1", "剩余预算 50 不足以资助申请金额 60", "预算已在第 2 名处用尽"}
	for i, w := range want {
		if !strings.Contains(s.Decisions[i].Reason.Zh, w) {
			t.Errorf("%s: reason %q, want it to contain %q", s.Decisions[i].AppID, s.Decisions[i].Reason.Zh, w)
		}
	}
}

func TestStraddleFlags(t *testing.T) {
	// Funding line halfway between A (1.0, funded) and B (0.5, not funded): 0.75. A's reviewers
	// put it at 0.2 and 1.8, on both sides; C's at 0.7 and 0.8 straddle it too; B's do not.
	cands := []Candidate{cand("A", 10, 1.0, 0.5, 0.2, 1.8), cand("B", 10, 0.5, 0.5, 0.4, 0.6), cand("C", 10, 0.4, 0.5, 0.7, 0.8, -0.3)}
	s, err := Ranked(cands, 10, RankOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []bool{true, false, true} {
		d := s.Decisions[i]
		got := slices.Contains(flagCodes(d.Flags), FlagStraddlesLine)
		if got != want {
			t.Errorf("%s: straddle flag %v, want %v (%v)", d.AppID, got, want, d.Flags)
		}
		if got && !strings.Contains(d.Flags[0].Label.Zh, "0.75") {
			t.Errorf("%s: flag %q does not name the line", d.AppID, d.Flags[0].Label.Zh)
		}
	}
	// Against the threshold 0.5, B's reviews 0.4 and 0.6 straddle; A's 0.2 and 1.8 too.
	s, err = Threshold(cands, 100, 0.5, RankOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []bool{true, true, true} {
		if got := slices.Contains(flagCodes(s.Decisions[i].Flags), FlagStraddlesLine); got != want {
			t.Errorf("threshold, %s: straddle flag %v, want %v", s.Decisions[i].AppID, got, want)
		}
	}
}

func TestCandidates(t *testing.T) {
	n, err := Normalise([]Score{{"A", "R1", 1}, {"B", "R1", 3}, {"A", "R2", 2}, {"B", "R2", 6}}, NormaliseOptions{Method: MethodZScore})
	if err != nil {
		t.Fatal(err)
	}
	cs, err := Candidates(n, map[string]int64{"A": 10, "B": 20})
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 2 || cs[1].AppID != "B" || cs[1].Amount != 20 || cs[1].Score != n.Apps[1].Score ||
		cs[1].Lower != n.Apps[1].Lower || !slices.Equal(cs[1].Reviews, []float64{1, 1}) {
		t.Fatalf("candidates %+v", cs)
	}
	cases := []struct {
		amounts map[string]int64
		field   string
	}{
		{map[string]int64{"A": 10}, "amounts.B"},
		{map[string]int64{"A": 10, "B": 20, "C": 5}, "amounts.C"},
	}
	for _, c := range cases {
		_, err := Candidates(n, c.amounts)
		var es seedbed.Errors
		if !errors.As(err, &es) || es[0].Field != c.field {
			t.Errorf("%v: got %v, want an error on %s", c.amounts, err, c.field)
		}
	}
}

func TestTieFlag(t *testing.T) {
	// B and C tie at 0.5; only one fits, and the ids decide: both are flagged, A is not.
	s, err := Ranked([]Candidate{cand("C", 10, 0.5, 0.1), cand("A", 10, 0.9, 0.1), cand("B", 10, 0.5, 0.1)}, 20, RankOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{"A": false, "B": true, "C": true}
	for _, d := range s.Decisions {
		if got := slices.Contains(flagCodes(d.Flags), FlagTie); got != want[d.AppID] {
			t.Errorf("%s (%s): tie flag %v, want %v", d.AppID, d.Outcome, got, want[d.AppID])
		}
	}
	if outcomes(s) != "A=funded B=funded C=not_funded_budget" {
		t.Errorf("outcomes %s", outcomes(s))
	}
}

func TestSelectionRefuses(t *testing.T) {
	ok := cand("A", 10, 1, 0.1)
	cases := []struct {
		name   string
		cands  []Candidate
		budget int64
		field  string
	}{
		{"negative budget", []Candidate{ok}, -1, "budget"},
		{"huge budget", []Candidate{ok}, MaxAmount + 1, "budget"},
		{"duplicate", []Candidate{ok, ok}, 10, "candidates[1].app_id"},
		{"bad id", []Candidate{cand("A 1", 10, 1, 0.1)}, 10, "candidates[0].app_id"},
		{"zero amount", []Candidate{cand("A", 0, 1, 0.1)}, 10, "candidates[0].amount"},
		{"NaN score", []Candidate{cand("A", 10, math.NaN(), 0.1)}, 10, "candidates[0].score"},
		{"interval excludes score", []Candidate{{AppID: "A", Amount: 10, Score: 1, Lower: 1.1, Upper: 2}}, 10, "candidates[0].score"},
	}
	for _, c := range cases {
		for mode, run := range map[string]func() error{
			"ranked":    func() error { _, err := Ranked(c.cands, c.budget, RankOptions{}); return err },
			"threshold": func() error { _, err := Threshold(c.cands, c.budget, 0, RankOptions{}); return err },
			"lottery":   func() error { _, err := PlanLottery(c.cands, c.budget, LotteryOptions{}); return err },
		} {
			var es seedbed.Errors
			if err := run(); !errors.As(err, &es) || es[0].Field != c.field {
				t.Errorf("%s, %s: got %v, want an error on %s", mode, c.name, err, c.field)
			}
		}
	}
	if _, err := Threshold([]Candidate{ok}, 10, math.Inf(1), RankOptions{}); seedbed.ErrorCode(err) != seedbed.EINVALID {
		t.Errorf("infinite threshold: %v", err)
	}
}

// TestNeverOverBudget runs every mode over random candidates and budgets.
func TestNeverOverBudget(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	for i := range 2000 {
		n := 1 + rng.IntN(30)
		cands := make([]Candidate, n)
		var total int64
		for j := range cands {
			cands[j] = cand(fmt.Sprintf("A-%d", j), 1+rng.Int64N(100), math.Round(rng.NormFloat64()*4)/4, rng.Float64())
			total += cands[j].Amount
		}
		budget := rng.Int64N(total + 1)
		fill := rng.IntN(2) == 0
		var runs []Selection
		for _, f := range []func() (Selection, error){
			func() (Selection, error) { return Ranked(cands, budget, RankOptions{FillGaps: fill}) },
			func() (Selection, error) {
				return Threshold(cands, budget, rng.NormFloat64(), RankOptions{FillGaps: fill})
			},
			func() (Selection, error) {
				p, err := PlanLottery(cands, budget, LotteryOptions{QualityBar: rng.NormFloat64() - 1, FillGaps: fill, ClearlyBelow: rng.IntN(2) == 0})
				if err != nil || len(p.Entrants) == 0 {
					return p.Selection, err
				}
				c := p.Commitment("P", fixedTime)
				c.SeedSourceKind, c.SeedSourceDescription, c.SeedKnownAfter = SeedPublicValue, "test", knownAfter
				r, err := Draw(c, fmt.Sprint(i))
				if err != nil {
					return Selection{}, err
				}
				return p.Apply(c, r)
			},
		} {
			s, err := f()
			if err != nil {
				t.Fatalf("instance %d: %v", i, err)
			}
			runs = append(runs, s)
		}
		for _, s := range runs {
			var sum int64
			for _, d := range s.Decisions {
				sum += d.Granted
				if d.Outcome == OutcomeDrawPending {
					t.Fatalf("instance %d: %s still pending after the draw", i, d.AppID)
				}
			}
			if sum > budget || sum != s.Spent || len(s.Decisions) != n {
				t.Fatalf("instance %d, %s: granted %d, spent %d, budget %d", i, s.Mode, sum, s.Spent, budget)
			}
		}
	}
}
