package sqlstore

import (
	"database/sql"
	"fmt"
)

// StateRow is a stored row that carries money or a decision, read for comparison with the
// ledger: its id, the key by which decisions name it, and its decided columns as text.
type StateRow struct {
	ID     string
	Key    string
	Fields map[string]string
}

// stateQueries reads each table that decisions set: the first column is the row's id, the
// second the key decisions name it by, the rest the decided columns.
var stateQueries = map[string]string{
	"awards":         `SELECT id, id, amount, status, innovator_id, program_id, released FROM awards`,
	"award_tranches": `SELECT id, id, award_id, seq, amount, status FROM award_tranches`,
	"programs": `SELECT id, id, committed, title, budget, max_request, deadline, policy_ids, selection_mode, threshold, quality_bar,
		fill_gaps, reviewers_per_app, rubric, stages, blind_review, reply_days FROM programs`,
	"users":              `SELECT id, id, role FROM users`,
	"reviewer_profiles":  `SELECT user_id, user_id, org_id, declared_ids, declared_names, expertise FROM reviewer_profiles`,
	"applications":       `SELECT id, id, outcome, granted, rank_no, program_id FROM applications`,
	"program_selections": `SELECT program_id, program_id, mode FROM program_selections`,
	"program_lotteries":  `SELECT program_id, program_id, commitment_hash, commitment, seed FROM program_lotteries`,
	"review_assignments": `SELECT r.id, r.application_id || '/' || COALESCE(u.username, ''), r.application_id, COALESCE(u.username, ''),
		r.state, r.declaration_note, r.total FROM review_assignments r LEFT JOIN users u ON u.id = r.reviewer_id`,
	"policy_versions": `SELECT id, policy_id || '/' || version, status, sha256, effective_from, effective_to, source FROM policy_versions`,
	"procedures":      `SELECT id || '/' || version, id || '/' || version, sha256, effective_from, effective_to, source FROM procedures`,
}

// stateColumns names the decided columns of each table, in the order stateQueries reads them.
var stateColumns = map[string][]string{
	"awards":         {"amount", "status", "innovator_id", "program_id", "released"},
	"award_tranches": {"award_id", "seq", "amount", "status"},
	"programs": {"committed", "title", "budget", "max_request", "deadline", "policy_ids", "selection_mode", "threshold", "quality_bar",
		"fill_gaps", "reviewers_per_app", "rubric", "stages", "blind_review", "reply_days"},
	"users":              {"role"},
	"reviewer_profiles":  {"org_id", "declared_ids", "declared_names", "expertise"},
	"applications":       {"outcome", "granted", "rank_no", "program_id"},
	"program_selections": {"mode"},
	"program_lotteries":  {"commitment_hash", "commitment", "seed"},
	"review_assignments": {"application_id", "reviewer", "state", "declaration_note", "total"},
	"policy_versions":    {"status", "sha256", "effective_from", "effective_to", "source"},
	"procedures":         {"sha256", "effective_from", "effective_to", "source"},
}

// StateTables are the tables StateRows reads.
func StateTables() []string {
	return []string{"awards", "award_tranches", "programs", "applications", "program_selections", "program_lotteries", "review_assignments",
		"policy_versions", "procedures", "users", "reviewer_profiles"}
}

// StateColumns names the decided columns StateRows reads of a table.
func StateColumns(table string) []string { return stateColumns[table] }

// StateRows reads every row of one of StateTables, with its decided columns as text (numbers
// in Go's shortest form, NULL as "").
func (r *LedgerSnapshot) StateRows(table string) ([]StateRow, error) {
	q, ok := stateQueries[table]
	if !ok {
		return nil, fmt.Errorf("no state query for table %q", table)
	}
	cols := stateColumns[table]
	rows, err := r.tx.QueryContext(r.ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []StateRow
	vals := make([]sql.NullString, len(cols)+2)
	ptrs := make([]any, len(vals))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		row := StateRow{ID: vals[0].String, Key: vals[1].String, Fields: make(map[string]string, len(cols))}
		for i, c := range cols {
			row.Fields[c] = vals[i+2].String
		}
		out = append(out, row)
	}
	return out, rows.Err()
}
