package selection

import (
	"cmp"
	"fmt"
	"slices"

	"seedbed"
)

// MaxAmount is the largest amount one application may request or a budget may hold, in the
// program's currency unit; with at most MaxEntrants applications no sum can overflow.
const MaxAmount = 10_000_000_000_000

// Selection modes. The list of modes is declared once, with its labels, as
// seedbed.SelectionModes; these are its codes, and Select dispatches on them.
const (
	ModeRanked    = seedbed.SelectionRanked
	ModeThreshold = seedbed.SelectionThreshold
	ModeLottery   = seedbed.SelectionLottery
)

// Outcome is what a selection decided for one application.
type Outcome string

// Outcomes of a selection.
const (
	OutcomeFunded      Outcome = "funded"            // funded on its score
	OutcomeDeclined    Outcome = "declined"          // below the threshold or quality bar
	OutcomeDrawPending Outcome = "draw_pending"      // in the draw group, the draw not yet run
	OutcomeDrawnIn     Outcome = "drawn_in"          // funded by the draw
	OutcomeDrawnOut    Outcome = "drawn_out"         // in the draw group, not funded by the draw
	OutcomeNoBudget    Outcome = "not_funded_budget" // fundable, but the budget ran out
)

// Label returns the outcome's name in both languages.
func (o Outcome) Label() seedbed.Label {
	switch o {
	case OutcomeFunded:
		return seedbed.Label{Zh: "资助", En: "Funded"}
	case OutcomeDeclined:
		return seedbed.Label{Zh: "不予资助", En: "Declined"}
	case OutcomeDrawPending:
		return seedbed.Label{Zh: "待抽签", En: "In the draw"}
	case OutcomeDrawnIn:
		return seedbed.Label{Zh: "抽签中选", En: "Drawn in"}
	case OutcomeDrawnOut:
		return seedbed.Label{Zh: "抽签未中", En: "Drawn out"}
	case OutcomeNoBudget:
		return seedbed.Label{Zh: "因预算不足未获资助", En: "Not funded: budget exhausted"}
	}
	return seedbed.Label{Zh: string(o), En: string(o)}
}

// Granted reports whether the outcome gives the application money.
func (o Outcome) Granted() bool { return o == OutcomeFunded || o == OutcomeDrawnIn }

// Candidate is an application competing for the budget: its requested amount and its
// normalised score with interval.
type Candidate struct {
	AppID   string    `json:"app_id"`
	Amount  int64     `json:"amount"`
	Score   float64   `json:"score"`
	Lower   float64   `json:"lower"`
	Upper   float64   `json:"upper"`
	Reviews []float64 `json:"reviews"` // the individual normalised scores
	Flags   []Flag    `json:"flags"`
	// Champion: a reviewer named it their one champion of the round, with a reason; in a
	// partial lottery it enters the draw whatever its score (see PlanLottery).
	Champion bool `json:"champion,omitempty"`
}

// Candidates pairs every scored application with its requested amount. Every scored
// application needs an amount and every amount a scored application.
func Candidates(n Normalised, amounts map[string]int64) ([]Candidate, error) {
	var errs seedbed.Errors
	out := make([]Candidate, 0, len(n.Apps))
	scored := map[string]bool{}
	for _, a := range n.Apps {
		scored[a.AppID] = true
		amt, ok := amounts[a.AppID]
		if !ok {
			errs = append(errs, seedbed.FieldError("amounts."+a.AppID, seedbed.Label{Zh: "申请 %s 缺少申请金额", En: "application %s has no amount"}, a.AppID))
			continue
		}
		c := Candidate{AppID: a.AppID, Amount: amt, Score: a.Score, Lower: a.Lower, Upper: a.Upper, Flags: a.Flags}
		for _, r := range a.Reviews {
			c.Reviews = append(c.Reviews, r.Z)
		}
		out = append(out, c)
	}
	var missing []string
	for id := range amounts {
		if !scored[id] {
			missing = append(missing, id)
		}
	}
	slices.Sort(missing)
	for _, id := range missing {
		errs = append(errs, seedbed.FieldError("amounts."+id, seedbed.Label{Zh: "申请 %s 没有评分", En: "application %s has no scores"}, id))
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return out, nil
}

// Decision is the outcome for one application with the reason a person can read.
type Decision struct {
	AppID   string        `json:"app_id"`
	Rank    int           `json:"rank"` // 1 for the highest score
	Outcome Outcome       `json:"outcome"`
	Amount  int64         `json:"amount"`  // requested
	Granted int64         `json:"granted"` // Amount when the outcome grants money, else 0
	Score   float64       `json:"score"`
	Lower   float64       `json:"lower"`
	Upper   float64       `json:"upper"`
	Reason  seedbed.Label `json:"reason"`
	Flags   []Flag        `json:"flags"`
}

// Selection is the outcome of a selection mode over all candidates, in rank order.
type Selection struct {
	Mode      string     `json:"mode"`
	Budget    int64      `json:"budget"`
	Spent     int64      `json:"spent"`
	Decisions []Decision `json:"decisions"`
}

// Check verifies a selection's bookkeeping: granted amounts match outcomes, add up to Spent and
// stay within the budget. Every mode calls it before returning.
func (s Selection) Check() error {
	var sum int64
	for _, d := range s.Decisions {
		want := int64(0)
		if d.Outcome.Granted() {
			want = d.Amount
		}
		if d.Granted != want {
			return seedbed.Errorf(seedbed.EINTERNAL, "selection: %s granted %d for outcome %s", d.AppID, d.Granted, d.Outcome)
		}
		sum += d.Granted
	}
	if sum != s.Spent || s.Spent > s.Budget || s.Spent < 0 {
		return seedbed.Errorf(seedbed.EINTERNAL, "selection: spent %d (sum %d) against budget %d", s.Spent, sum, s.Budget)
	}
	return nil
}

// RankOptions tune Ranked and Threshold.
type RankOptions struct {
	// FillGaps, when an application does not fit the remaining budget, goes on down the list
	// and funds later, cheaper applications that still fit. Without it (the default) funding
	// stops at the first application that does not fit, so no application is ever funded ahead
	// of a better-scored one.
	FillGaps bool
}

// Ranked funds applications in order of normalised score while the budget allows. Ties in
// score are ordered by application id.
func Ranked(cands []Candidate, budget int64, opt RankOptions) (Selection, error) {
	return fundInOrder(ModeRanked, cands, budget, opt, nil)
}

// Threshold funds, in score order while the budget allows, every application whose normalised
// score is at or above threshold; the others are declined.
func Threshold(cands []Candidate, budget int64, threshold float64, opt RankOptions) (Selection, error) {
	if !finite(threshold) {
		return Selection{}, seedbed.FieldError("threshold", seedbed.Label{Zh: "门槛不是有效数字", En: "the threshold is not a number"})
	}
	return fundInOrder(ModeThreshold, cands, budget, opt, &threshold)
}

func fundInOrder(mode string, cands []Candidate, budget int64, opt RankOptions, threshold *float64) (Selection, error) {
	ranked, err := rankCandidates(cands, budget)
	if err != nil {
		return Selection{}, err
	}
	s := Selection{Mode: mode, Budget: budget}
	remaining, stoppedAt := budget, 0
	for i, c := range ranked {
		d := newDecision(c, i+1)
		switch {
		case threshold != nil && c.Score < *threshold:
			d.Outcome = OutcomeDeclined
			d.Reason = seedbed.Label{
				Zh: fmt.Sprintf("综合得分 %.2f 低于门槛 %.2f，不予资助", c.Score, *threshold),
				En: fmt.Sprintf("score %.2f is below the threshold %.2f; declined", c.Score, *threshold)}
		case stoppedAt > 0:
			d.Outcome = OutcomeNoBudget
			d.Reason = seedbed.Label{
				Zh: fmt.Sprintf("综合得分 %.2f 排名第 %d；严格按排名资助，预算已在第 %d 名处用尽", c.Score, d.Rank, stoppedAt),
				En: fmt.Sprintf("score %.2f ranks %d; funding follows rank strictly and the budget ran out at rank %d", c.Score, d.Rank, stoppedAt)}
		case c.Amount > remaining:
			d.Outcome = OutcomeNoBudget
			d.Reason = seedbed.Label{
				Zh: fmt.Sprintf("综合得分 %.2f 排名第 %d；剩余预算 %d 不足以资助申请金额 %d", c.Score, d.Rank, remaining, c.Amount),
				En: fmt.Sprintf("score %.2f ranks %d; the remaining budget %d does not cover the %d requested", c.Score, d.Rank, remaining, c.Amount)}
			if !opt.FillGaps {
				stoppedAt = d.Rank
			}
		default:
			remaining -= c.Amount
			d.Outcome, d.Granted = OutcomeFunded, c.Amount
			d.Reason = seedbed.Label{
				Zh: fmt.Sprintf("综合得分 %.2f 排名第 %d，在预算内，予以资助", c.Score, d.Rank),
				En: fmt.Sprintf("score %.2f ranks %d and fits the budget; funded", c.Score, d.Rank)}
		}
		s.Decisions = append(s.Decisions, d)
	}
	s.Spent = budget - remaining
	line, what, ok := fundingLine(s.Decisions)
	if threshold != nil {
		line, what, ok = *threshold, seedbed.Label{Zh: "门槛", En: "threshold"}, true
	}
	if ok {
		for i := range s.Decisions {
			if f, on := straddleFlag(ranked[i].Reviews, line, what); on {
				s.Decisions[i].Flags = append(s.Decisions[i].Flags, f)
			}
		}
	}
	for i := 1; i < len(s.Decisions); i++ {
		a, b := &s.Decisions[i-1], &s.Decisions[i]
		if a.Score == b.Score && a.Outcome.Granted() != b.Outcome.Granted() {
			for _, d := range []*Decision{a, b} {
				if !slices.ContainsFunc(d.Flags, func(f Flag) bool { return f.Code == FlagTie }) {
					d.Flags = append(d.Flags, Flag{FlagTie, seedbed.Label{
						Zh: fmt.Sprintf("与另一申请同分（%.2f），一个获资助一个未获资助，按申请编号排序", d.Score),
						En: fmt.Sprintf("tied on score (%.2f) with an application on the other side of the funding decision; ordered by application id", d.Score)}})
				}
			}
		}
	}
	return s, s.Check()
}

// fundingLine is halfway between the lowest funded score and the highest unfunded one.
func fundingLine(ds []Decision) (float64, seedbed.Label, bool) {
	var lowFunded, highOut *Decision
	for i := range ds {
		d := &ds[i]
		if d.Outcome.Granted() {
			if lowFunded == nil || d.Score < lowFunded.Score {
				lowFunded = d
			}
		} else if highOut == nil || d.Score > highOut.Score {
			highOut = d
		}
	}
	if lowFunded == nil || highOut == nil {
		return 0, seedbed.Label{}, false
	}
	return (lowFunded.Score + highOut.Score) / 2, seedbed.Label{Zh: "资助线", En: "funding line"}, true
}

// rankCandidates checks the candidates and sorts a copy by score, highest first, ties by id.
func rankCandidates(cands []Candidate, budget int64) ([]Candidate, error) {
	var errs seedbed.Errors
	if budget < 0 || budget > MaxAmount {
		errs = append(errs, seedbed.FieldError("budget", seedbed.Label{Zh: "预算应在 0 到 %d 之间", En: "the budget must be between 0 and %d"}, int64(MaxAmount)))
	}
	if len(cands) > MaxEntrants {
		errs = append(errs, seedbed.FieldError("candidates", seedbed.Label{Zh: "申请超过 %d 份", En: "more than %d applications"}, MaxEntrants))
	}
	seen := map[string]bool{}
	for i, c := range cands {
		field := fmt.Sprintf("candidates[%d]", i)
		switch {
		case checkID(c.AppID) != nil:
			errs = append(errs, seedbed.FieldError(field+".app_id", "%s", checkID(c.AppID)))
		case seen[c.AppID]:
			errs = append(errs, seedbed.FieldError(field+".app_id", seedbed.Label{Zh: "申请 %s 重复出现", En: "application %s appears twice"}, c.AppID))
		case c.Amount < 1 || c.Amount > MaxAmount:
			errs = append(errs, seedbed.FieldError(field+".amount", seedbed.Label{Zh: "申请 %s 的金额应在 1 到 %d 之间", En: "the amount of %s must be between 1 and %d"}, c.AppID, int64(MaxAmount)))
		case !finite(c.Score) || !finite(c.Lower) || !finite(c.Upper) || c.Lower > c.Score || c.Score > c.Upper:
			errs = append(errs, seedbed.FieldError(field+".score", seedbed.Label{Zh: "申请 %s 的得分或区间无效", En: "the score or interval of %s is invalid"}, c.AppID))
		}
		seen[c.AppID] = true
	}
	if len(errs) > 0 {
		return nil, errs
	}
	ranked := slices.Clone(cands)
	slices.SortStableFunc(ranked, func(a, b Candidate) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		return cmp.Compare(a.AppID, b.AppID)
	})
	return ranked, nil
}

func newDecision(c Candidate, rank int) Decision {
	return Decision{AppID: c.AppID, Rank: rank, Amount: c.Amount, Score: c.Score, Lower: c.Lower, Upper: c.Upper,
		Flags: slices.Clone(c.Flags)}
}
