package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"seedbed"
	"seedbed/selection"
)

// SaveNormalised stores a program's normalised scores inside tx, replacing earlier ones, and
// sets ps.NormalisedAt and ps.NormalisedBy.
func (tx *Tx) SaveNormalised(ctx context.Context, a seedbed.Actor, ps *selection.ProgramSelection) error {
	normText, err := jsonText(ps.Normalised)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO program_selections (program_id, normalised, score_count, normalised_at, normalised_by)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT (program_id) DO UPDATE SET normalised = excluded.normalised,
		score_count = excluded.score_count, normalised_at = excluded.normalised_at, normalised_by = excluded.normalised_by`,
		ps.ProgramID, normText, ps.ScoreCount, fmtTime(tx.now), a.Username)
	if err != nil {
		return err
	}
	ps.NormalisedAt, ps.NormalisedBy = tx.now, a.Username
	return nil
}

// ProgramScores lists inside tx the raw totals of a program's submitted applications,
// reviewer by application.
func (tx *Tx) ProgramScores(ctx context.Context, programID int64) ([]selection.Score, error) {
	return programScores(ctx, tx, programID)
}

// ProgramSelection reads a program's normalised scores and selection inside tx, or nil when
// the scores were not normalised yet.
func (tx *Tx) ProgramSelection(ctx context.Context, programID int64) (*selection.ProgramSelection, error) {
	return getSelection(ctx, tx, programID)
}

// programScores lists the raw totals of a program's submitted applications, reviewer by
// application.
func programScores(ctx context.Context, q queryer, programID int64) ([]selection.Score, error) {
	rows, err := q.QueryContext(ctx, `SELECT ra.application_id, u.username, ra.total FROM review_assignments ra
		JOIN applications a ON a.id = ra.application_id JOIN users u ON u.id = ra.reviewer_id
		WHERE ra.program_id = $1 AND ra.state = 'scored' AND a.state = 'submitted' ORDER BY ra.application_id, ra.reviewer_id`, programID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []selection.Score
	for rows.Next() {
		var app int64
		var sc selection.Score
		if err := rows.Scan(&app, &sc.ReviewerID, &sc.Total); err != nil {
			return nil, err
		}
		sc.AppID = seedbed.AppCode(app)
		out = append(out, sc)
	}
	return out, rows.Err()
}

// ProgramSelectionOf returns a program's normalised scores and selection, or nil when the
// scores were not normalised yet.
func (s *Store) ProgramSelectionOf(ctx context.Context, programID int64) (*selection.ProgramSelection, error) {
	ps, err := getSelection(ctx, s.read, programID)
	if err != nil || ps == nil {
		return ps, err
	}
	rows, err := s.read.QueryContext(ctx, `SELECT username, COALESCE(NULLIF(display_name, ''), username) FROM users WHERE role = $1`, seedbed.RoleReviewer)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	ps.Reviewers = map[string]string{}
	for rows.Next() {
		var u, d string
		if err := rows.Scan(&u, &d); err != nil {
			return nil, err
		}
		ps.Reviewers[u] = d
	}
	return ps, rows.Err()
}

func getSelection(ctx context.Context, q queryer, programID int64) (*selection.ProgramSelection, error) {
	var ps selection.ProgramSelection
	var norm, sel, plan, normAt string
	var selAt sql.NullString
	err := q.QueryRowContext(ctx, `SELECT program_id, normalised, score_count, normalised_at, normalised_by, mode, selection, plan,
		selected_at, selected_by FROM program_selections WHERE program_id = $1`, programID).Scan(&ps.ProgramID, &norm,
		&ps.ScoreCount, &normAt, &ps.NormalisedBy, &ps.Mode, &sel, &plan, &selAt, &ps.SelectedBy)
	if err == sql.ErrNoRows {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	ps.NormalisedAt = parseTime(normAt)
	if err := json.Unmarshal([]byte(norm), &ps.Normalised); err != nil {
		return nil, fmt.Errorf("program %d normalised: %w", programID, err)
	}
	if sel != "" {
		ps.Selection = &selection.Selection{}
		if err := json.Unmarshal([]byte(sel), ps.Selection); err != nil {
			return nil, fmt.Errorf("program %d selection: %w", programID, err)
		}
	}
	if plan != "" {
		ps.Plan = &selection.LotteryPlan{}
		if err := json.Unmarshal([]byte(plan), ps.Plan); err != nil {
			return nil, fmt.Errorf("program %d plan: %w", programID, err)
		}
	}
	if selAt.Valid {
		t := parseTime(selAt.String)
		ps.SelectedAt = &t
	}
	return &ps, nil
}
