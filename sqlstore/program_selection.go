package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"seedbed"
	"seedbed/selection"
)

// RunSelection makes a program's selection from its normalised scores, in the program's mode:
// ranked within the budget, everything above a threshold, or a partial lottery, whose draw group
// then waits for the draw (CommitLottery, DrawLottery). Review must be complete and the
// normalisation current. Every application gets its outcome and the reason, recorded as a
// decision; an application that failed eligibility is declined with the policies' explanation.
// A selection is made once.
func (s *Store) RunSelection(ctx context.Context, a seedbed.Actor, programID int64) (*selection.ProgramSelection, error) {
	var ps *selection.ProgramSelection
	err := s.decide(ctx, a, "program.select", "program", programID, func(tx *Tx) error {
		p, err := getProgram(ctx, tx, programID)
		if err != nil {
			return err
		}
		if err := checkReviewOpen(ctx, tx, p); err != nil {
			return err
		}
		if ps, err = getSelection(ctx, tx, programID); err != nil {
			return err
		}
		if ps == nil {
			return seedbed.Errorf(seedbed.ECONFLICT, "请先对评分做标准化 / normalise the scores first")
		}
		if err := checkReviewComplete(ctx, tx, ps); err != nil {
			return err
		}
		apps, err := reviewableApps(ctx, tx, programID)
		if err != nil {
			return err
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
			return seedbed.Errorf(seedbed.ECONFLICT, "以下申请还没有评分：%s；请补充分配评审专家 / these applications have no scores: %s; assign more reviewers",
				strings.Join(unscored, "、"), strings.Join(unscored, ", "))
		}
		cands, err := selection.Candidates(ps.Normalised, amounts)
		if err != nil {
			return err
		}
		budget := p.Remaining()
		sel, plan, err := selection.Select(p.SelectionMode, cands, budget,
			selection.Rules{Threshold: p.Threshold, QualityBar: p.QualityBar, FillGaps: p.FillGaps})
		if err != nil {
			return err
		}
		selText, err := jsonText(sel)
		if err != nil {
			return err
		}
		planText := ""
		if plan != nil {
			if planText, err = jsonText(plan); err != nil {
				return err
			}
		}
		res, err := tx.ExecContext(ctx, `UPDATE program_selections SET mode=$1, selection=$2, plan=$3, selected_at=$4, selected_by=$5
			WHERE program_id=$6 AND selection=''`, p.SelectionMode, selText, planText, fmtTime(tx.now), a.Username, programID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return seedbed.Errorf(seedbed.ECONFLICT, "遴选已经做过 / the selection has already been made")
		}
		now := tx.now
		ps.Mode, ps.Selection, ps.Plan, ps.SelectedAt, ps.SelectedBy = p.SelectionMode, &sel, plan, &now, a.Username
		if err := applyDecisions(ctx, tx, a, programID, sel.Decisions); err != nil {
			return err
		}
		ineligible, err := declineIneligible(ctx, tx, a, programID)
		if err != nil {
			return err
		}
		payload := map[string]any{"program_id": programID, "mode": p.SelectionMode, "budget": budget, "spent": sel.Spent,
			"decisions": sel.Decisions, "ineligible": ineligible, "normalised_at": fmtTime(ps.NormalisedAt)}
		if plan != nil {
			payload["draw_group"], payload["draw_budget"] = plan.Entrants, plan.Remaining
			payload["quality_bar"] = p.QualityBar
		}
		if p.SelectionMode == seedbed.SelectionThreshold {
			payload["threshold"] = p.Threshold
		}
		if _, err := recordEvent(ctx, tx, a, seedbed.EventSelection, programSubject(programID), payload); err != nil {
			return err
		}
		return audit(ctx, tx, a, "program.select", "program", programID, fmt.Sprintf("%s: %d decisions, spent %d of %d", p.SelectionMode, len(sel.Decisions), sel.Spent, budget))
	})
	return ps, err
}

// checkReviewComplete refuses a selection while assignments are open or scores changed after
// the normalisation.
func checkReviewComplete(ctx context.Context, tx *Tx, ps *selection.ProgramSelection) error {
	var pending int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM review_assignments ra JOIN applications a ON a.id = ra.application_id
		WHERE ra.program_id = $1 AND a.state = 'submitted' AND ra.state IN ('assigned', 'open')`, ps.ProgramID).Scan(&pending); err != nil {
		return err
	}
	if pending > 0 {
		return seedbed.Errorf(seedbed.ECONFLICT, "还有 %d 个评审任务未完成（未声明或未评分）/ %d review assignments are not finished (not declared or not scored)", pending, pending)
	}
	var n int
	var latest string
	if err := tx.QueryRowContext(ctx, `SELECT count(*), COALESCE(max(ra.scored_at), '') FROM review_assignments ra
		JOIN applications a ON a.id = ra.application_id WHERE ra.program_id = $1 AND ra.state = 'scored' AND a.state = 'submitted'`,
		ps.ProgramID).Scan(&n, &latest); err != nil {
		return err
	}
	if n != ps.ScoreCount || latest > fmtTime(ps.NormalisedAt) {
		return seedbed.Errorf(seedbed.ECONFLICT, "标准化之后评分有变化，请重新标准化 / scores changed after the normalisation; normalise again")
	}
	return nil
}

// applyDecisions writes each decision to its application and records it: a funding decision
// for money granted, a rejection otherwise; the draw group waits for the draw.
func applyDecisions(ctx context.Context, tx *Tx, a seedbed.Actor, programID int64, ds []selection.Decision) error {
	for _, d := range ds {
		id := seedbed.ParseAppCode(d.AppID)
		if _, err := tx.ExecContext(ctx, `UPDATE applications SET outcome=$1, outcome_reason=$2, rank_no=$3, score=$4, granted=$5,
			updated_at=$6 WHERE id=$7 AND program_id=$8`, string(d.Outcome), jsonString(d.Reason), d.Rank, d.Score, d.Granted,
			fmtTime(tx.now), id, programID); err != nil {
			return err
		}
		if d.Outcome == selection.OutcomeDrawPending {
			continue
		}
		kind := seedbed.EventRejection
		if d.Outcome.Granted() {
			kind = seedbed.EventFundingDecision
		}
		if _, err := recordEvent(ctx, tx, a, kind, applicationSubject(id), map[string]any{"application_id": id,
			"program_id": programID, "outcome": d.Outcome, "rank": d.Rank, "score": d.Score, "interval": []float64{d.Lower, d.Upper},
			"amount": d.Amount, "granted": d.Granted, "reason": d.Reason, "flags": d.Flags}); err != nil {
			return err
		}
	}
	return nil
}

// declineIneligible gives the submitted applications that failed eligibility their outcome, with
// the policies' explanation as the reason.
func declineIneligible(ctx context.Context, tx *Tx, a seedbed.Actor, programID int64) ([]int64, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, eligibility FROM applications WHERE program_id = $1 AND state = 'submitted'
		AND eligibility_status = 'ineligible' ORDER BY id`, programID)
	if err != nil {
		return nil, err
	}
	type row struct {
		id   int64
		elig string
	}
	var list []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.id, &r.elig); err != nil {
			rows.Close()
			return nil, err
		}
		list = append(list, r)
	}
	rows.Close()
	ids := []int64{}
	for _, r := range list {
		var e seedbed.Eligibility
		json.Unmarshal([]byte(r.elig), &e)
		reason := IneligibleReason(e)
		if _, err := tx.ExecContext(ctx, `UPDATE applications SET outcome=$1, outcome_reason=$2, updated_at=$3 WHERE id=$4`,
			seedbed.OutcomeIneligible, jsonString(reason), fmtTime(tx.now), r.id); err != nil {
			return nil, err
		}
		if _, err := recordEvent(ctx, tx, a, seedbed.EventRejection, applicationSubject(r.id), map[string]any{
			"application_id": r.id, "program_id": programID, "outcome": seedbed.OutcomeIneligible, "reason": reason}); err != nil {
			return nil, err
		}
		ids = append(ids, r.id)
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
			z, n = z+"（"+p.FailingClause+"）", n+" ("+p.FailingClause+")"
		}
		zh, en = append(zh, z), append(en, n)
	}
	if len(zh) == 0 {
		return seedbed.Label{Zh: "不符合申报条件", En: "not eligible"}
	}
	return seedbed.Label{Zh: strings.Join(zh, "；") + "，不予资助", En: strings.Join(en, "; ") + "; declined"}
}

// jsonText encodes v, failing (rather than storing something else) when it cannot be encoded.
func jsonText(v any) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("encode: %w", err)
	}
	return string(b), nil
}
