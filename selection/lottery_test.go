package selection

import (
	"slices"
	"strings"
	"testing"

	"seedbed"
)

// lotteryCands: budget 300, 100 each. Above the bar 0: A–E and G (600 > 300). The longest run
// from the top that fits is A, B, C, so C is at the funding line with interval 0.6–1.4. Only A's
// lower end (1.6) is above 1.4: A is funded outright. F is below the bar. G's interval 0–0.2
// lies below C's lower end 0.6: left out of the draw with ClearlyBelow.
func lotteryCands() []Candidate {
	return []Candidate{
		cand("A", 100, 2.0, 0.4),
		cand("B", 100, 1.5, 0.3),
		cand("C", 100, 1.0, 0.4),
		cand("D", 100, 0.9, 0.4),
		cand("E", 100, 0.5, 0.4, -0.2, 1.2),
		cand("F", 100, -0.5, 0.4),
		cand("G", 100, 0.1, 0.1),
	}
}

func TestPlanLottery(t *testing.T) {
	cases := []struct {
		name      string
		cands     []Candidate
		budget    int64
		opt       LotteryOptions
		want      string
		entrants  string
		remaining int64
		line      string
	}{
		{"SNSF-style", lotteryCands(), 300, LotteryOptions{},
			"A=funded B=draw_pending C=draw_pending D=draw_pending E=draw_pending G=draw_pending F=declined", "B C D E G", 200, "C"},
		{"clearly below left out", lotteryCands(), 300, LotteryOptions{ClearlyBelow: true},
			"A=funded B=draw_pending C=draw_pending D=draw_pending E=draw_pending G=not_funded_budget F=declined", "B C D E", 200, "C"},
		{"everything above the bar fits", lotteryCands(), 600, LotteryOptions{},
			"A=funded B=funded C=funded D=funded E=funded G=funded F=declined", "", 0, ""},
		{"top alone exceeds the budget", lotteryCands(), 50, LotteryOptions{QualityBar: 0.95},
			"A=draw_pending B=draw_pending C=draw_pending D=declined E=declined G=declined F=declined", "A B C", 50, ""},
	}
	for _, c := range cases {
		p, err := PlanLottery(c.cands, c.budget, c.opt)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got := outcomes(p.Selection); got != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.name, got, c.want)
		}
		if got := strings.Join(p.Entrants, " "); got != c.entrants || p.Remaining != c.remaining || p.LineApp != c.line {
			t.Errorf("%s: entrants %q remaining %d line %q; want %q %d %q", c.name, got, p.Remaining, p.LineApp, c.entrants, c.remaining, c.line)
		}
		if len(p.Amounts) != len(p.Entrants) || p.Selection.Spent+p.Remaining != c.budget {
			t.Errorf("%s: amounts %v, spent %d", c.name, p.Amounts, p.Selection.Spent)
		}
	}
}

func TestPlanLotteryReasons(t *testing.T) {
	p, err := PlanLottery(lotteryCands(), 300, LotteryOptions{ClearlyBelow: true})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"A": "综合得分 2.00（区间 1.60 至 2.40）的下限高于抽签区间上限 1.40，直接资助",
		"B": "进入抽签",
		"F": "低于质量门槛 0.00",
		"G": "明显低于资助线",
	}
	for _, d := range p.Selection.Decisions {
		if w, ok := want[d.AppID]; ok && !strings.Contains(d.Reason.Zh, w) {
			t.Errorf("%s: reason %q, want it to contain %q", d.AppID, d.Reason.Zh, w)
		}
		// E's reviewers (−0.2 and 1.2) lie on both sides of the quality bar 0.
		if got := len(d.Flags) > 0 && d.Flags[0].Code == FlagStraddlesLine; got != (d.AppID == "E") {
			t.Errorf("%s: flags %v", d.AppID, d.Flags)
		}
	}
}

func TestLotteryApply(t *testing.T) {
	p, err := PlanLottery(lotteryCands(), 300, LotteryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	c := p.Commitment("P-2026-07", fixedTime)
	c.SeedSourceKind, c.SeedSourceDescription, c.SeedKnownAfter = SeedPublicValue, "福利彩票双色球 2026-12-01 开奖号码", knownAfter
	r, err := Draw(c, "03 11 19 24 28 33 + 09")
	if err != nil {
		t.Fatal(err)
	}
	s, err := p.Apply(c, r)
	if err != nil {
		t.Fatal(err)
	}
	in, out := 0, 0
	pos := map[string]Ticket{}
	for _, tk := range r.Order {
		pos[tk.EntrantID] = tk
	}
	for _, d := range s.Decisions {
		switch d.Outcome {
		case OutcomeDrawnIn:
			in++
			if !pos[d.AppID].Funded || !strings.Contains(d.Reason.Zh, "中选") {
				t.Errorf("%s drawn in: %v, reason %q", d.AppID, pos[d.AppID], d.Reason.Zh)
			}
		case OutcomeDrawnOut:
			out++
			if pos[d.AppID].Funded || !strings.Contains(d.Reason.Zh, "未中") {
				t.Errorf("%s drawn out: %v", d.AppID, pos[d.AppID])
			}
		case OutcomeDrawPending:
			t.Errorf("%s still pending", d.AppID)
		}
	}
	// 200 left, 100 each: exactly two of the five entrants are drawn in.
	if in != 2 || out != 3 || s.Spent != 300 {
		t.Fatalf("drawn in %d, out %d, spent %d", in, out, s.Spent)
	}

	// A commitment that is not this plan's, or a result that is not the draw's, is refused.
	other := c
	other.Budget = 300
	if _, err := p.Apply(other, r); seedbed.ErrorCode(err) != seedbed.ECONFLICT {
		t.Errorf("foreign commitment: %v", err)
	}
	forged := r
	forged.Order = append([]Ticket(nil), r.Order...)
	forged.Order[0], forged.Order[4] = forged.Order[4], forged.Order[0]
	if _, err := p.Apply(c, forged); seedbed.ErrorCode(err) != seedbed.ECONFLICT {
		t.Errorf("forged result: %v", err)
	}
}

// TestPlanLotteryHonestReasons checks that no application is told it "cannot be told apart"
// from the funding line when its interval lies wholly below the line application's: with
// ClearlyBelow it is left out of the draw and told why; without it, it enters the draw and is
// told that it is clearly below but the program's rule draws everyone at or above the bar.
func TestPlanLotteryHonestReasons(t *testing.T) {
	for _, below := range []bool{true, false} {
		p, err := PlanLottery(lotteryCands(), 300, LotteryOptions{ClearlyBelow: below})
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range p.Selection.Decisions {
			apart := strings.Contains(d.Reason.En, "cannot be told apart") || strings.Contains(d.Reason.Zh, "无法区分")
			clearlyBelow := d.Upper < 0.6 && d.Score >= 0 // wholly below C's interval, at or above the bar
			if apart && clearlyBelow {
				t.Errorf("ClearlyBelow=%v: %s is clearly below the line but told %q", below, d.AppID, d.Reason.En)
			}
			if clearlyBelow && (!strings.Contains(d.Reason.Zh, "明显低于资助线") || !strings.Contains(d.Reason.En, "wholly below")) {
				t.Errorf("ClearlyBelow=%v: %s is not told it is clearly below: %q", below, d.AppID, d.Reason.En)
			}
			if d.Outcome == OutcomeDrawPending && !clearlyBelow && !apart {
				t.Errorf("ClearlyBelow=%v: %s in the draw without the reason: %q", below, d.AppID, d.Reason.En)
			}
		}
	}
	// Select, the program's way in, leaves clearly-below applications out of the draw.
	sel, plan, err := Select(ModeLottery, lotteryCands(), 300, Rules{})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(plan.Entrants, " ") != "B C D E" || outcomes(sel) != "A=funded B=draw_pending C=draw_pending D=draw_pending E=draw_pending G=not_funded_budget F=declined" {
		t.Fatalf("Select: %s, entrants %v", outcomes(sel), plan.Entrants)
	}
}

// TestChampionEntersDraw: a champion below the quality bar, or clearly below the line, enters
// the draw with its reason and flag; without the champion it would be declined.
func TestChampionEntersDraw(t *testing.T) {
	cands := []Candidate{
		{AppID: "A", Amount: 100, Score: 1.5, Lower: 1.4, Upper: 1.6},
		{AppID: "B", Amount: 100, Score: 0.2, Lower: 0.0, Upper: 0.4},
		{AppID: "C", Amount: 100, Score: 0.1, Lower: -0.1, Upper: 0.3},
		{AppID: "D", Amount: 100, Score: -1.5, Lower: -1.7, Upper: -1.3},
	}
	opt := LotteryOptions{QualityBar: -1}
	plain, err := PlanLottery(cands, 200, opt)
	if err != nil {
		t.Fatal(err)
	}
	if got := plain.Selection.Decisions[3]; got.AppID != "D" || got.Outcome != OutcomeDeclined {
		t.Fatalf("without a champion D: %+v", got)
	}
	cands[3].Champion = true
	champ, err := PlanLottery(cands, 200, opt)
	if err != nil {
		t.Fatal(err)
	}
	d := champ.Selection.Decisions[3]
	if d.Outcome != OutcomeDrawPending || !strings.Contains(d.Reason.En, "champion") || !slices.Contains(champ.Entrants, "D") {
		t.Fatalf("champion D: %+v, entrants %v", d, champ.Entrants)
	}
	if !slices.Contains(flagCodes(d.Flags), FlagChampion) {
		t.Fatalf("champion D carries no flag: %v", d.Flags)
	}
}

// TestChampionFunded: under the rule that funds champions, a champion below the quality bar is
// funded directly while the budget left covers it, leaving less for the draw; a champion the
// budget can no longer cover enters the draw instead; the selection's sums still check.
func TestChampionFunded(t *testing.T) {
	cands := []Candidate{
		{AppID: "A", Amount: 100, Score: 1.5, Lower: 1.4, Upper: 1.6},
		{AppID: "B", Amount: 100, Score: 0.2, Lower: 0.0, Upper: 0.4},
		{AppID: "C", Amount: 100, Score: 0.1, Lower: -0.1, Upper: 0.3},
		{AppID: "D", Amount: 100, Score: -1.5, Lower: -1.7, Upper: -1.3, Champion: true},
	}
	p, err := PlanLottery(cands, 250, LotteryOptions{QualityBar: -1, ClearlyBelow: true, FundChampions: true})
	if err != nil {
		t.Fatal(err)
	}
	d := p.Selection.Decisions[3]
	if d.AppID != "D" || d.Outcome != OutcomeFunded || d.Granted != 100 || !strings.Contains(d.Reason.En, "funded directly") {
		t.Fatalf("champion D under the funding rule: %+v", d)
	}
	if p.Remaining != 50 || p.Selection.Spent != 200 || len(p.Entrants) != 2 {
		t.Fatalf("remaining %d, spent %d, entrants %v; want 50 left for the draw of B and C after A and D", p.Remaining, p.Selection.Spent, p.Entrants)
	}
	// With the budget spent before it, the champion enters the draw.
	p, err = PlanLottery(cands, 300, LotteryOptions{QualityBar: -1, ClearlyBelow: true, FundChampions: true})
	if err != nil {
		t.Fatal(err)
	}
	if d := p.Selection.Decisions[3]; d.Outcome != OutcomeDrawPending || p.Selection.Spent > 300 {
		t.Fatalf("a champion the budget cannot cover: %+v, spent %d", d, p.Selection.Spent)
	}
}
