package app

import (
	"context"
	"fmt"
	"strings"

	"seedbed"
	"seedbed/selection"
	"seedbed/sqlstore"
)

// ProgramSelection returns a program's normalised scores and selection, or nil when the scores
// were not normalised yet.
func (r *Reviews) ProgramSelection(ctx context.Context, programID int64) (*selection.ProgramSelection, error) {
	return r.store.ProgramSelectionOf(ctx, programID)
}

// SelectionGate tells what running a program's selection would do for a, by the rule
// RunSelection runs: under the two-person rule on selections, a selection proposed for the
// program and still waiting refuses another, and only a second officer may approve it.
func (r *Reviews) SelectionGate(ctx context.Context, a seedbed.Actor, programID int64) (seedbed.ProposalGate, error) {
	return r.approvals.Gate(ctx, a, seedbed.TwoPersonSelection, seedbed.ProgramSubject(programID))
}

// RunSelection makes a program's selection from its normalised scores, in the program's mode
// (selection.Select): ranked within the budget, everything above a threshold, or a partial
// lottery, whose draw group then waits for the draw (CommitLottery, DrawLottery). Review must
// be complete and the normalisation current (ECONFLICT otherwise). Every application gets its
// outcome and the reason, recorded as a decision; an application that failed eligibility is
// declined with the policies' explanation. A selection is made once. Under the two-person rule
// on selections the result is proposed (*seedbed.Proposed) and confirmed by a second officer,
// whose approval computes it again from the same scores and makes it take effect.
func (r *Reviews) RunSelection(ctx context.Context, a seedbed.Actor, programID int64) (*selection.ProgramSelection, error) {
	if r.approvals.Applies(seedbed.TwoPersonSelection, a) {
		ap := &seedbed.Approval{Rule: seedbed.TwoPersonSelection, Subject: seedbed.ProgramSubject(programID),
			Link: fmt.Sprintf("/programs/%d/selection", programID)}
		var pr selectionProposal
		return nil, r.approvals.propose(ctx, a, ap, &pr, func(tx *sqlstore.Tx) error {
			sp, err := planSelection(ctx, tx, programID)
			if err != nil {
				return err
			}
			pr = selectionProposal{ProgramID: programID, Mode: sp.p.SelectionMode, Spent: sp.sel.Spent, Budget: sp.budget, Decisions: len(sp.sel.Decisions)}
			funded := 0
			for _, d := range sp.sel.Decisions {
				if d.Outcome.Granted() {
					funded++
				}
			}
			ap.Summary = seedbed.Label{Zh: fmt.Sprintf("确认《%s》的遴选结果：资助 %d 项，共 %d 元（预算余额 %d 元）", sp.p.Title, funded, sp.sel.Spent, sp.budget),
				En: fmt.Sprintf("confirm the selection of %q: %d funded, %d yuan (%d yuan left in the budget)", sp.p.Title, funded, sp.sel.Spent, sp.budget)}
			return nil
		})
	}
	var ps *selection.ProgramSelection
	err := decide(ctx, r.store, a, "program.select", "program", programID, func(tx *sqlstore.Tx) error {
		var err error
		ps, err = runSelection(ctx, tx, a, programID)
		return err
	})
	return ps, err
}

// selectionProposal is what a proposed selection carries: the result the proposer saw.
type selectionProposal struct {
	ProgramID int64  `json:"program_id"`
	Mode      string `json:"mode"`
	Decisions int    `json:"decisions"`
	Spent     int64  `json:"spent"`
	Budget    int64  `json:"budget"`
}

func (r *Reviews) approveSelection(ctx context.Context, tx *sqlstore.Tx, a seedbed.Actor, ap *seedbed.Approval) error {
	var pr selectionProposal
	if err := payloadOf(ap, &pr); err != nil {
		return err
	}
	_, err := runSelection(ctx, tx, a, pr.ProgramID)
	return err
}

// selectionPlan is a selection computed but not yet written.
type selectionPlan struct {
	p      *seedbed.Program
	ps     *selection.ProgramSelection
	sel    selection.Selection
	plan   *selection.LotteryPlan
	budget int64
}

// planSelection computes a program's selection without writing it.
func planSelection(ctx context.Context, tx *sqlstore.Tx, programID int64) (*selectionPlan, error) {
	p, err := tx.Program(ctx, programID)
	if err != nil {
		return nil, err
	}
	if err := checkReviewOpen(ctx, tx, p); err != nil {
		return nil, err
	}
	if err := checkReplyWindow(p, tx.Now()); err != nil {
		return nil, err
	}
	ps, err := tx.ProgramSelection(ctx, programID)
	if err != nil {
		return nil, err
	}
	if ps == nil {
		return nil, seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "请先对评分做标准化", En: "normalise the scores first"})
	}
	if err := checkReviewComplete(ctx, tx, ps); err != nil {
		return nil, err
	}
	apps, err := tx.ReviewableApplications(ctx, programID)
	if err != nil {
		return nil, err
	}
	scored := map[string]bool{}
	for _, as := range ps.Normalised.Apps {
		scored[as.AppID] = true
	}
	amounts := map[string]int64{}
	var unscored []string
	for _, app := range apps {
		code := seedbed.AppCode(app.ID)
		if !scored[code] {
			unscored = append(unscored, code)
			continue
		}
		amounts[code] = app.Amount
	}
	if len(unscored) > 0 {
		return nil, seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "以下申请还没有评分：%[1]s；请补充分配评审专家", En: "these applications have no scores: %[2]s; assign more reviewers"}, strings.Join(unscored, "、"), strings.Join(unscored, ", "))
	}
	cands, err := selection.Candidates(ps.Normalised, amounts)
	if err != nil {
		return nil, err
	}
	champions, err := tx.ProgramChampions(ctx, programID)
	if err != nil {
		return nil, err
	}
	championed := map[string]bool{}
	for _, c := range champions {
		championed[seedbed.AppCode(c.ApplicationID)] = true
	}
	for i := range cands {
		cands[i].Champion = championed[cands[i].AppID]
	}
	budget := p.Remaining()
	sel, plan, err := selection.Select(p.SelectionMode, cands, budget,
		selection.Rules{Threshold: p.Threshold, QualityBar: p.QualityBar, FillGaps: p.FillGaps, FundChampions: p.ChampionRuleOrDefault() == seedbed.ChampionFund})
	if err != nil {
		return nil, err
	}
	return &selectionPlan{p: p, ps: ps, sel: sel, plan: plan, budget: budget}, nil
}

// runSelection computes and writes a program's selection as a, with its decision events.
func runSelection(ctx context.Context, tx *sqlstore.Tx, a seedbed.Actor, programID int64) (*selection.ProgramSelection, error) {
	sp, err := planSelection(ctx, tx, programID)
	if err != nil {
		return nil, err
	}
	p, ps, sel, plan, budget := sp.p, sp.ps, sp.sel, sp.plan, sp.budget
	if err := tx.SaveSelection(ctx, a, ps, p.SelectionMode, sel, plan); err != nil {
		return nil, err
	}
	if err := applyDecisions(ctx, tx, a, programID, sel.Decisions); err != nil {
		return nil, err
	}
	ineligible, err := declineIneligible(ctx, tx, a, programID)
	if err != nil {
		return nil, err
	}
	payload := map[string]any{"program_id": programID, "mode": p.SelectionMode, "budget": budget, "spent": sel.Spent,
		"decisions": sel.Decisions, "ineligible": ineligible, "normalised_at": sqlstore.FormatTime(ps.NormalisedAt)}
	if plan != nil {
		payload["draw_group"], payload["draw_budget"] = plan.Entrants, plan.Remaining
		payload["quality_bar"] = p.QualityBar
	}
	if p.SelectionMode == seedbed.SelectionThreshold {
		payload["threshold"] = p.Threshold
	}
	if _, err := tx.RecordEvent(ctx, a, seedbed.EventSelection, seedbed.ProgramSubject(programID), payload); err != nil {
		return nil, err
	}
	return ps, tx.Audit(ctx, a, "program.select", "program", programID, fmt.Sprintf("%s: %d decisions, spent %d of %d", p.SelectionMode, len(sel.Decisions), sel.Spent, budget))
}

// checkReviewComplete refuses a selection while assignments are open or scores changed after
// the normalisation.
func checkReviewComplete(ctx context.Context, tx *sqlstore.Tx, ps *selection.ProgramSelection) error {
	pending, scored, latest, err := tx.ReviewProgress(ctx, ps.ProgramID)
	if err != nil {
		return err
	}
	if pending > 0 {
		return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "还有 %d 个评审任务未完成（未声明或未评分）", En: "%d review assignments are not finished (not declared or not scored)"}, pending)
	}
	if scored != ps.ScoreCount || latest.After(ps.NormalisedAt) {
		return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "标准化之后评分有变化，请重新标准化", En: "scores changed after the normalisation; normalise again"})
	}
	return nil
}

// applyDecisions writes each decision to its application and records it: a funding decision
// for money granted, a rejection otherwise; the draw group waits for the draw.
func applyDecisions(ctx context.Context, tx *sqlstore.Tx, a seedbed.Actor, programID int64, ds []selection.Decision) error {
	for _, d := range ds {
		if err := tx.SetOutcome(ctx, programID, d); err != nil {
			return err
		}
		if d.Outcome == selection.OutcomeDrawPending {
			continue
		}
		kind := seedbed.EventRejection
		if d.Outcome.Granted() {
			kind = seedbed.EventFundingDecision
		}
		id := seedbed.ParseAppCode(d.AppID)
		if _, err := tx.RecordEvent(ctx, a, kind, seedbed.ApplicationSubject(id), map[string]any{"application_id": id,
			"program_id": programID, "outcome": d.Outcome, "rank": d.Rank, "score": d.Score, "interval": []float64{d.Lower, d.Upper},
			"amount": d.Amount, "granted": d.Granted, "reason": d.Reason, "flags": d.Flags}); err != nil {
			return err
		}
	}
	return nil
}

// declineIneligible gives the submitted applications that failed eligibility their outcome, with
// the policies' explanation as the reason.
func declineIneligible(ctx context.Context, tx *sqlstore.Tx, a seedbed.Actor, programID int64) ([]int64, error) {
	apps, err := tx.IneligibleApplications(ctx, programID)
	if err != nil {
		return nil, err
	}
	ids := []int64{}
	for _, app := range apps {
		reason := IneligibleReason(*app.Eligibility)
		if err := tx.DeclineIneligible(ctx, app.ID, reason); err != nil {
			return nil, err
		}
		if _, err := tx.RecordEvent(ctx, a, seedbed.EventRejection, seedbed.ApplicationSubject(app.ID), map[string]any{
			"application_id": app.ID, "program_id": programID, "outcome": seedbed.OutcomeIneligible, "reason": reason}); err != nil {
			return nil, err
		}
		ids = append(ids, app.ID)
	}
	return ids, nil
}

// IneligibleReason explains an ineligible verdict by the policies that said no.
func IneligibleReason(e seedbed.Eligibility) seedbed.Label {
	var zh, en []string
	for _, p := range e.Policies {
		if p.Status != seedbed.Ineligible {
			continue
		}
		z, n := "不符合政策「"+p.Title.Zh+"」", "does not meet policy "+p.Title.In("en")
		if p.FailingClause != "" {
			z, n = z+"（"+p.FailingWords("zh")+"）", n+" ("+p.FailingWords("en")+")"
		}
		zh, en = append(zh, z), append(en, n)
	}
	if len(zh) == 0 {
		return seedbed.Label{Zh: "不符合申报条件", En: "not eligible"}
	}
	return seedbed.Label{Zh: strings.Join(zh, "；") + "，不予资助", En: strings.Join(en, "; ") + "; declined"}
}
