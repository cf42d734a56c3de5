package selection

import (
	"fmt"
	"slices"
	"time"

	"seedbed"
)

// LotteryOptions tune PlanLottery.
type LotteryOptions struct {
	// QualityBar is the normalised score below which an application is declined.
	QualityBar float64
	// FillGaps, in the draw, passes over an entrant whose amount no longer fits and goes on to
	// later entrants; without it the draw stops at the first entrant that does not fit. It is
	// written into the commitment, so it is fixed before the seed is known.
	FillGaps bool
	// ClearlyBelow leaves out of the draw, as not funded for budget, the applications whose
	// whole interval lies below the interval of the application at the funding line (the SNSF
	// rule). Without it every application at or above the quality bar that is not clearly
	// fundable enters the draw.
	ClearlyBelow bool
	// FundChampions funds a champion directly, in rank order while the budget left covers its
	// amount, whatever its score; a champion the budget can no longer cover enters the draw.
	// Without it a champion not funded on its score enters the draw.
	FundChampions bool
}

// LotteryPlan is a partial lottery before its draw: the applications funded outright and those
// declined are decided; the draw group waits for the draw.
type LotteryPlan struct {
	Selection Selection `json:"selection"` // decisions in rank order; the draw group is OutcomeDrawPending
	Entrants  []string  `json:"entrants"`  // the draw group, in rank order
	Amounts   []int64   `json:"amounts"`   // requested amounts of the entrants
	Remaining int64     `json:"remaining"` // the budget left for the draw
	FillGaps  bool      `json:"fill_gaps"`
	LineApp   string    `json:"line_app"`   // the application at the funding line; "" when none
	ZoneUpper float64   `json:"zone_upper"` // the upper end of the line application's interval
}

// PlanLottery decides a partial lottery up to the draw. In rank order, the applications below
// the quality bar are declined. If the rest fit the budget they are all funded. Otherwise the
// application at the funding line is the last one of the longest run from the top that fits the
// budget; applications whose interval's lower end lies above that application's upper end are
// clearly fundable and funded; the others at or above the bar form the draw group, which
// competes in the draw for the budget that is left.
func PlanLottery(cands []Candidate, budget int64, opt LotteryOptions) (LotteryPlan, error) {
	if !finite(opt.QualityBar) {
		return LotteryPlan{}, seedbed.FieldError("quality_bar", seedbed.Label{Zh: "质量门槛不是有效数字", En: "the quality bar is not a number"})
	}
	ranked, err := rankCandidates(cands, budget)
	if err != nil {
		return LotteryPlan{}, err
	}
	p := LotteryPlan{Selection: Selection{Mode: ModeLottery, Budget: budget}, FillGaps: opt.FillGaps}
	var above []Candidate
	var total int64
	for _, c := range ranked {
		if c.Score >= opt.QualityBar {
			above = append(above, c)
			total += c.Amount
		}
	}
	line := -1 // index in above of the application at the funding line
	for i, sum := 0, int64(0); total > budget && i < len(above) && sum+above[i].Amount <= budget; i++ {
		sum += above[i].Amount
		line = i
	}
	var zoneUpper, zoneLower float64
	if line >= 0 {
		zoneUpper, zoneLower = above[line].Upper, above[line].Lower
		p.LineApp, p.ZoneUpper = above[line].AppID, zoneUpper
	}
	remaining := budget
	for i, c := range ranked {
		d := newDecision(c, i+1)
		if c.Champion {
			d.Flags = append(d.Flags, Flag{FlagChampion, seedbed.Label{Zh: "评审专家将其列为本轮力荐项目", En: "a reviewer named it their champion of the round"}})
		}
		switch {
		case c.Champion && opt.FundChampions && c.Amount <= remaining && !(line >= 0 && c.Lower > zoneUpper) && !(total <= budget && c.Score >= opt.QualityBar):
			// The program's rule funds a champion directly, whatever its score.
			d.Outcome, d.Granted = OutcomeFunded, c.Amount
			remaining -= c.Amount
			d.Reason = seedbed.Label{
				Zh: fmt.Sprintf("综合得分 %.2f（区间 %.2f 至 %.2f），评审专家将其列为力荐项目（非共识创新），按计划规则直接资助", c.Score, c.Lower, c.Upper),
				En: fmt.Sprintf("score %.2f (interval %.2f to %.2f); a reviewer named it their champion (a non-consensus idea), so by the program's rules it is funded directly", c.Score, c.Lower, c.Upper)}
		case c.Champion && (c.Score < opt.QualityBar || opt.ClearlyBelow && line >= 0 && c.Upper < zoneLower):
			// A champion is never averaged away: it enters the draw whatever its score.
			d.Outcome = OutcomeDrawPending
			d.Reason = seedbed.Label{
				Zh: fmt.Sprintf("综合得分 %.2f（区间 %.2f 至 %.2f）本不进入抽签，但评审专家将其列为力荐项目（非共识创新），按计划规则进入抽签", c.Score, c.Lower, c.Upper),
				En: fmt.Sprintf("score %.2f (interval %.2f to %.2f) would not enter the draw, but a reviewer named it their champion (a non-consensus idea), so by the program's rules it enters the draw", c.Score, c.Lower, c.Upper)}
			p.Entrants = append(p.Entrants, c.AppID)
			p.Amounts = append(p.Amounts, c.Amount)
		case c.Score < opt.QualityBar:
			d.Outcome = OutcomeDeclined
			d.Reason = seedbed.Label{
				Zh: fmt.Sprintf("综合得分 %.2f 低于质量门槛 %.2f，不予资助", c.Score, opt.QualityBar),
				En: fmt.Sprintf("score %.2f is below the quality bar %.2f; declined", c.Score, opt.QualityBar)}
		case total <= budget:
			d.Outcome, d.Granted = OutcomeFunded, c.Amount
			remaining -= c.Amount
			d.Reason = seedbed.Label{
				Zh: fmt.Sprintf("综合得分 %.2f 达到质量门槛 %.2f，预算足以资助全部达标申请，予以资助", c.Score, opt.QualityBar),
				En: fmt.Sprintf("score %.2f meets the quality bar %.2f and the budget covers every application that does; funded", c.Score, opt.QualityBar)}
		case line >= 0 && c.Lower > zoneUpper:
			d.Outcome, d.Granted = OutcomeFunded, c.Amount
			remaining -= c.Amount
			d.Reason = seedbed.Label{
				Zh: fmt.Sprintf("综合得分 %.2f（区间 %.2f 至 %.2f）的下限高于抽签区间上限 %.2f，直接资助", c.Score, c.Lower, c.Upper, zoneUpper),
				En: fmt.Sprintf("score %.2f (interval %.2f to %.2f) lies wholly above the draw zone, whose upper end is %.2f; funded directly", c.Score, c.Lower, c.Upper, zoneUpper)}
		case opt.ClearlyBelow && line >= 0 && c.Upper < zoneLower:
			d.Outcome = OutcomeNoBudget
			d.Reason = seedbed.Label{
				Zh: fmt.Sprintf("综合得分 %.2f（区间 %.2f 至 %.2f）的上限低于资助线申请 %s 的区间下限 %.2f，明显低于资助线，不进入抽签", c.Score, c.Lower, c.Upper, p.LineApp, zoneLower),
				En: fmt.Sprintf("score %.2f (interval %.2f to %.2f) lies wholly below the interval of %s at the funding line (lower end %.2f); not in the draw", c.Score, c.Lower, c.Upper, p.LineApp, zoneLower)}
		default:
			d.Outcome = OutcomeDrawPending
			d.Reason = drawZoneReason(c, line >= 0, zoneUpper, opt.QualityBar)
			if line >= 0 && c.Upper < zoneLower {
				// Without ClearlyBelow such an application still enters the draw, but it can be
				// told apart from the line, and its reason says so.
				d.Reason = seedbed.Label{
					Zh: fmt.Sprintf("综合得分 %.2f（区间 %.2f 至 %.2f）的上限低于资助线申请 %s 的区间下限 %.2f，明显低于资助线；本计划的规则让所有达到质量门槛 %.2f 的申请进入抽签，因此仍进入抽签", c.Score, c.Lower, c.Upper, p.LineApp, zoneLower, opt.QualityBar),
					En: fmt.Sprintf("score %.2f (interval %.2f to %.2f) lies wholly below the interval of %s at the funding line (lower end %.2f), clearly below the line; this program's rule puts every application meeting the quality bar %.2f into the draw, so it enters the draw", c.Score, c.Lower, c.Upper, p.LineApp, zoneLower, opt.QualityBar)}
			}
			p.Entrants = append(p.Entrants, c.AppID)
			p.Amounts = append(p.Amounts, c.Amount)
		}
		if f, on := straddleFlag(c.Reviews, opt.QualityBar, seedbed.Label{Zh: "质量门槛", En: "quality bar"}); on {
			d.Flags = append(d.Flags, f)
		}
		p.Selection.Decisions = append(p.Selection.Decisions, d)
	}
	p.Remaining = remaining
	p.Selection.Spent = budget - remaining
	return p, p.Selection.Check()
}

func drawZoneReason(c Candidate, hasLine bool, zoneUpper, bar float64) seedbed.Label {
	if !hasLine {
		return seedbed.Label{
			Zh: fmt.Sprintf("综合得分 %.2f 达到质量门槛 %.2f；排名最前的申请已超出预算，所有达标申请进入抽签", c.Score, bar),
			En: fmt.Sprintf("score %.2f meets the quality bar %.2f; the top application alone exceeds the budget, so every application that meets the bar enters the draw", c.Score, bar)}
	}
	return seedbed.Label{
		Zh: fmt.Sprintf("综合得分 %.2f（区间 %.2f 至 %.2f）达到质量门槛 %.2f，区间与资助线申请的区间（上限 %.2f）重叠，与资助线上的申请无法区分，进入抽签", c.Score, c.Lower, c.Upper, bar, zoneUpper),
		En: fmt.Sprintf("score %.2f (interval %.2f to %.2f) meets the quality bar %.2f and its interval overlaps that of the application at the funding line (upper end %.2f), so it cannot be told apart from it; enters the draw", c.Score, c.Lower, c.Upper, bar, zoneUpper)}
}

// Commitment returns the commitment of this plan's draw for a program, without the seed
// source, which the officer fills in before publishing it. A plan without entrants needs no
// draw, and its commitment does not validate.
func (p LotteryPlan) Commitment(programID string, createdAt time.Time) Commitment {
	return Commitment{Version: CommitmentVersion, ProgramID: programID, Entrants: slices.Clone(p.Entrants),
		Amounts: slices.Clone(p.Amounts), Budget: p.Remaining, FillGaps: p.FillGaps, CreatedAt: createdAt}
}

// Apply completes the plan with a draw: it checks that the commitment is this plan's draw and
// that the result is the draw's outcome (by recomputing it), then decides the draw group.
// Mismatches are ECONFLICT errors.
func (p LotteryPlan) Apply(c Commitment, r Result) (Selection, error) {
	if !slices.Equal(c.Entrants, p.Entrants) || !slices.Equal(c.Amounts, p.Amounts) || c.Budget != p.Remaining || c.FillGaps != p.FillGaps {
		return Selection{}, seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "抽签承诺与本次遴选的抽签组、金额或剩余预算不一致", En: "the commitment does not match this selection's draw group, amounts or remaining budget"})
	}
	if err := Verify(c, r.Seed, r); err != nil {
		return Selection{}, err
	}
	byID := make(map[string]Ticket, len(r.Order))
	for _, t := range r.Order {
		byID[t.EntrantID] = t
	}
	s := p.Selection
	s.Decisions = slices.Clone(p.Selection.Decisions)
	for i := range s.Decisions {
		d := &s.Decisions[i]
		if d.Outcome != OutcomeDrawPending {
			continue
		}
		t := byID[d.AppID]
		if t.Funded {
			d.Outcome, d.Granted = OutcomeDrawnIn, d.Amount
			s.Spent += d.Amount
			d.Reason = seedbed.Label{
				Zh: fmt.Sprintf("进入抽签，抽签顺序第 %d 位，轮到时剩余预算 %d 足以资助申请金额 %d，中选", t.Position, t.Remaining, d.Amount),
				En: fmt.Sprintf("entered the draw at position %d; the remaining budget %d covered the %d requested; drawn in", t.Position, t.Remaining, d.Amount)}
			continue
		}
		d.Outcome = OutcomeDrawnOut
		d.Reason = seedbed.Label{
			Zh: fmt.Sprintf("进入抽签，抽签顺序第 %d 位，轮到时剩余预算 %d 不足以资助申请金额 %d，未中", t.Position, t.Remaining, d.Amount),
			En: fmt.Sprintf("entered the draw at position %d; the remaining budget %d did not cover the %d requested; drawn out", t.Position, t.Remaining, d.Amount)}
		if !c.FillGaps && t.Remaining >= d.Amount {
			d.Reason = seedbed.Label{
				Zh: fmt.Sprintf("进入抽签，抽签顺序第 %d 位；抽签按顺序资助，在前一位预算不足处停止，未中", t.Position),
				En: fmt.Sprintf("entered the draw at position %d; the draw funds in order and stopped at an earlier entrant the budget did not cover; drawn out", t.Position)}
		}
	}
	return s, s.Check()
}

// SeedSource is what the officer announces with the commitment: where the seed will come from,
// a future public event nobody controls, and the time after which its value is known.
type SeedSource struct {
	Kind        string    `json:"kind"`                  // SeedPublicValue (the only kind new commitments take)
	Description string    `json:"description"`           // e.g. "中国福利彩票双色球 2026年3月12日 第2026028期开奖号码"
	KnownAfter  time.Time `json:"known_after"`           // when the event publishes its value
	Hash        string    `json:"hash,omitempty"`        // first format, committed only: SHA-256 of the secret seed
	LedgerSize  uint64    `json:"ledger_size,omitempty"` // first format, ledger_head only: the future ledger size
}

// Lottery is a partial lottery's published inputs and result: everything a citizen needs to
// recompute the draw.
type Lottery struct {
	ProgramID         int64      `json:"program_id"`
	Commitment        string     `json:"commitment"` // the canonical text, hashed as is
	CommitmentHash    string     `json:"commitment_hash"`
	SeedKind          string     `json:"seed_kind"`
	SeedSource        string     `json:"seed_source"`
	SeedLedgerSize    uint64     `json:"seed_ledger_size,omitempty"` // ledger_head only
	SeedKnownAfter    *time.Time `json:"seed_known_after,omitempty"` // when the seed's event publishes it; first-format commitments have none
	CommitmentEventID int64      `json:"commitment_event_id"`
	CommittedAt       time.Time  `json:"committed_at"`
	CommittedBy       string     `json:"committed_by"`
	Seed              string     `json:"seed"` // canonical; "" until the draw
	Result            *Result    `json:"result,omitempty"`
	DrawnAt           *time.Time `json:"drawn_at,omitempty"`
	DrawnBy           string     `json:"drawn_by,omitempty"`
}
