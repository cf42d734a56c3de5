package selection

import "seedbed"

// Rules are a program's selection parameters besides its mode.
type Rules struct {
	Threshold  float64 // threshold mode: the normalised score funded at or above
	QualityBar float64 // partial lottery: the normalised score an entrant of the draw must reach
	FillGaps   bool    // see RankOptions.FillGaps
	// FundChampions: partial lottery only, a champion is funded directly while the budget
	// allows, instead of entering the draw (see LotteryOptions.FundChampions).
	FundChampions bool
}

// Select makes a selection among cands within budget in the given mode: Ranked, Threshold or
// PlanLottery. For a partial lottery it also returns the plan, whose draw group then waits for
// the draw; for the other modes the plan is nil. An unknown mode is an EINVALID error on the
// field selection_mode.
func Select(mode string, cands []Candidate, budget int64, r Rules) (Selection, *LotteryPlan, error) {
	switch mode {
	case ModeRanked:
		sel, err := Ranked(cands, budget, RankOptions{FillGaps: r.FillGaps})
		return sel, nil, err
	case ModeThreshold:
		sel, err := Threshold(cands, budget, r.Threshold, RankOptions{FillGaps: r.FillGaps})
		return sel, nil, err
	case ModeLottery:
		// Applications clearly below the funding line are told so and stay out of the draw
		// (the SNSF rule): only those review cannot tell apart from the line are drawn.
		lp, err := PlanLottery(cands, budget, LotteryOptions{QualityBar: r.QualityBar, FillGaps: r.FillGaps, ClearlyBelow: true, FundChampions: r.FundChampions})
		if err != nil {
			return Selection{}, nil, err
		}
		return lp.Selection, &lp, nil
	}
	return Selection{}, nil, seedbed.FieldError("selection_mode", seedbed.Label{Zh: "未知的遴选方式 %q", En: "unknown selection mode %q"}, mode)
}
