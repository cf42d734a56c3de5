package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"seedbed"
	"seedbed/selection"
)

// SaveSelection stores a program's selection and, for a partial lottery, its plan inside tx,
// setting ps's selection fields; ECONFLICT when the selection was made already.
func (tx *Tx) SaveSelection(ctx context.Context, a seedbed.Actor, ps *selection.ProgramSelection, mode string, sel selection.Selection, plan *selection.LotteryPlan) error {
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
		WHERE program_id=$6 AND selection=''`, mode, selText, planText, fmtTime(tx.now), a.Username, ps.ProgramID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "遴选已经做过", En: "the selection has already been made"})
	}
	now := tx.now
	ps.Mode, ps.Selection, ps.Plan, ps.SelectedAt, ps.SelectedBy = mode, &sel, plan, &now, a.Username
	return nil
}

// ReplaceSelection stores a program's final selection once its draw decided the draw group.
func (tx *Tx) ReplaceSelection(ctx context.Context, programID int64, sel selection.Selection) error {
	text, err := jsonText(sel)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE program_selections SET selection=$1 WHERE program_id=$2`, text, programID)
	return err
}

// ReviewProgress counts inside tx a program's review assignments of submitted applications
// still waiting for a declaration or a score, the scored ones, and the time of the latest score.
func (tx *Tx) ReviewProgress(ctx context.Context, programID int64) (pending, scored int, latest time.Time, err error) {
	if err = tx.QueryRowContext(ctx, `SELECT count(*) FROM review_assignments ra JOIN applications a ON a.id = ra.application_id
		WHERE ra.program_id = $1 AND a.state = 'submitted' AND ra.state IN ('assigned', 'open')`, programID).Scan(&pending); err != nil {
		return
	}
	var last string
	if err = tx.QueryRowContext(ctx, `SELECT count(*), COALESCE(max(ra.scored_at), '') FROM review_assignments ra
		JOIN applications a ON a.id = ra.application_id WHERE ra.program_id = $1 AND ra.state = 'scored' AND a.state = 'submitted'`,
		programID).Scan(&scored, &last); err != nil {
		return
	}
	if last != "" {
		latest = parseTime(last)
	}
	return
}

// SetOutcome writes a selection's decision to its application inside tx.
func (tx *Tx) SetOutcome(ctx context.Context, programID int64, d selection.Decision) error {
	_, err := tx.ExecContext(ctx, `UPDATE applications SET outcome=$1, outcome_reason=$2, rank_no=$3, score=$4, granted=$5,
		updated_at=$6 WHERE id=$7 AND program_id=$8`, string(d.Outcome), jsonString(d.Reason), d.Rank, d.Score, d.Granted,
		fmtTime(tx.now), seedbed.ParseAppCode(d.AppID), programID)
	return err
}

// IneligibleApplications lists inside tx the submitted applications of a program that failed
// eligibility, with their verdicts.
func (tx *Tx) IneligibleApplications(ctx context.Context, programID int64) ([]seedbed.Application, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, eligibility FROM applications WHERE program_id = $1 AND state = 'submitted'
		AND eligibility_status = 'ineligible' ORDER BY id`, programID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []seedbed.Application
	for rows.Next() {
		app := seedbed.Application{Eligibility: &seedbed.Eligibility{}}
		var elig string
		if err := rows.Scan(&app.ID, &elig); err != nil {
			return nil, err
		}
		json.Unmarshal([]byte(elig), app.Eligibility) // an unreadable verdict explains nothing: the reason says "not eligible"
		out = append(out, app)
	}
	return out, rows.Err()
}

// DeclineIneligible gives an application that failed eligibility its outcome and reason.
func (tx *Tx) DeclineIneligible(ctx context.Context, appID int64, reason seedbed.Label) error {
	_, err := tx.ExecContext(ctx, `UPDATE applications SET outcome=$1, outcome_reason=$2, updated_at=$3 WHERE id=$4`,
		seedbed.OutcomeIneligible, jsonString(reason), fmtTime(tx.now), appID)
	return err
}

// jsonText encodes v, failing (rather than storing something else) when it cannot be encoded.
func jsonText(v any) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("encode: %w", err)
	}
	return string(b), nil
}
