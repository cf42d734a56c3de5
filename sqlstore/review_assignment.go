package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"seedbed"
)

// ProgramAssignments lists the application, reviewer and state of every assignment of a
// program inside tx, the recused ones included.
func (tx *Tx) ProgramAssignments(ctx context.Context, programID int64) ([]seedbed.Assignment, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, application_id, reviewer_id, state FROM review_assignments WHERE program_id = $1 ORDER BY id`, programID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []seedbed.Assignment
	for rows.Next() {
		as := seedbed.Assignment{ProgramID: programID}
		if err := rows.Scan(&as.ID, &as.ApplicationID, &as.ReviewerID, &as.State); err != nil {
			return nil, err
		}
		out = append(out, as)
	}
	return out, rows.Err()
}

// InsertAssignment assigns a reviewer to an application inside tx.
func (tx *Tx) InsertAssignment(ctx context.Context, programID, appID, reviewerID int64, expertise int) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO review_assignments (program_id, application_id, reviewer_id, state, expertise, created_at)
		VALUES ($1, $2, $3, 'assigned', $4, $5)`, programID, appID, reviewerID, expertise, fmtTime(tx.now))
	return classify(err)
}

// ReviewableApplications lists inside tx the submitted applications of a program that did not
// fail eligibility.
func (tx *Tx) ReviewableApplications(ctx context.Context, programID int64) ([]seedbed.Application, error) {
	return reviewableApps(ctx, tx, programID)
}

// reviewableApps lists the submitted applications of a program that did not fail eligibility.
func reviewableApps(ctx context.Context, q queryer, programID int64) ([]seedbed.Application, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+applicationColumns+applicationFrom+
		` WHERE a.program_id = $1 AND a.state = 'submitted' AND a.eligibility_status <> 'ineligible' ORDER BY a.id`, programID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []seedbed.Application
	for rows.Next() {
		app, err := scanApplication(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *app)
	}
	return out, rows.Err()
}

const assignmentColumns = `ra.id, ra.program_id, p.title, ra.application_id, a.title, i.name, ra.reviewer_id,
	COALESCE(NULLIF(u.display_name, ''), u.username), ra.state, ra.expertise, ra.declared_at, ra.declaration_note, ra.scores,
	ra.total, ra.comment, ra.scored_at, ra.created_at, ra.replaced_reason`

const assignmentFrom = ` FROM review_assignments ra JOIN programs p ON p.id = ra.program_id
	JOIN applications a ON a.id = ra.application_id JOIN innovators i ON i.id = a.innovator_id JOIN users u ON u.id = ra.reviewer_id`

// FindAssignments returns the assignments matching f, by program, application and reviewer.
func (s *Store) FindAssignments(ctx context.Context, f seedbed.AssignmentFilter) ([]seedbed.Assignment, error) {
	var w where
	if f.ProgramID != 0 {
		w.add("ra.program_id = ?", f.ProgramID)
	}
	if f.ApplicationID != 0 {
		w.add("ra.application_id = ?", f.ApplicationID)
	}
	if f.ReviewerID != 0 {
		w.add("ra.reviewer_id = ?", f.ReviewerID)
	}
	if f.State != "" {
		w.add("ra.state = ?", f.State)
	}
	rows, err := s.read.QueryContext(ctx, `SELECT `+assignmentColumns+assignmentFrom+w.sql()+
		` ORDER BY ra.program_id DESC, ra.application_id, ra.reviewer_id LIMIT 5000`, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []seedbed.Assignment{}
	for rows.Next() {
		as, err := scanAssignment(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *as)
	}
	return out, rows.Err()
}

// GetAssignment returns one assignment, or ENOTFOUND.
func (s *Store) GetAssignment(ctx context.Context, id int64) (*seedbed.Assignment, error) {
	return getAssignment(ctx, s.read, id)
}

func getAssignment(ctx context.Context, q queryer, id int64) (*seedbed.Assignment, error) {
	as, err := scanAssignment(q.QueryRowContext(ctx, `SELECT `+assignmentColumns+assignmentFrom+` WHERE ra.id = $1`, id))
	if err == sql.ErrNoRows {
		return nil, seedbed.Errorf(seedbed.ENOTFOUND, seedbed.Label{Zh: "评审任务 %d 不存在", En: "assignment %d not found"}, id)
	}
	return as, err
}

func scanAssignment(row scanner) (*seedbed.Assignment, error) {
	var as seedbed.Assignment
	var declared, scoredAt sql.NullString
	var total sql.NullFloat64
	var scores, created string
	err := row.Scan(&as.ID, &as.ProgramID, &as.ProgramTitle, &as.ApplicationID, &as.ApplicationTitle, &as.ApplicantName,
		&as.ReviewerID, &as.ReviewerName, &as.State, &as.Expertise, &declared, &as.DeclarationNote, &scores, &total,
		&as.Comment, &scoredAt, &created, &as.ReplacedReason)
	if err != nil {
		return nil, err
	}
	as.CreatedAt = parseTime(created)
	if declared.Valid {
		t := parseTime(declared.String)
		as.DeclaredAt = &t
	}
	if scoredAt.Valid {
		t := parseTime(scoredAt.String)
		as.ScoredAt = &t
	}
	if total.Valid {
		as.Total = &total.Float64
	}
	if scores != "" {
		if err := json.Unmarshal([]byte(scores), &as.Scores); err != nil {
			return nil, fmt.Errorf("assignment %d: %w", as.ID, err)
		}
	}
	return &as, nil
}

// GetAssignment reads one assignment inside tx, or returns ENOTFOUND.
func (tx *Tx) GetAssignment(ctx context.Context, id int64) (*seedbed.Assignment, error) {
	return getAssignment(ctx, tx, id)
}

// ReviewerAssignment returns the assignment of a reviewer to an application, or nil when there
// is none.
func (s *Store) ReviewerAssignment(ctx context.Context, reviewerID, appID int64) (*seedbed.Assignment, error) {
	var id int64
	err := s.read.QueryRowContext(ctx, `SELECT id FROM review_assignments WHERE application_id = $1 AND reviewer_id = $2`, appID, reviewerID).Scan(&id)
	if err == sql.ErrNoRows {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return getAssignment(ctx, s.read, id)
}

// DeclareAssignment records a reviewer's declaration on an assignment still waiting for one,
// moving it to state (open or recused); ECONFLICT when it was declared meanwhile.
func (tx *Tx) DeclareAssignment(ctx context.Context, id int64, state, note string) error {
	res, err := tx.ExecContext(ctx, `UPDATE review_assignments SET state=$1, declared_at=$2, declaration_note=$3
		WHERE id=$4 AND state='assigned'`, state, fmtTime(tx.now), note, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "您已声明过", En: "you have already declared"})
	}
	return nil
}

// ScoreAssignment stores the scores, total and comment of an open or scored assignment;
// ECONFLICT when its state changed meanwhile.
func (tx *Tx) ScoreAssignment(ctx context.Context, id int64, scores map[string]float64, total float64, comment string) error {
	res, err := tx.ExecContext(ctx, `UPDATE review_assignments SET state='scored', scores=$1, total=$2, comment=$3, scored_at=$4
		WHERE id=$5 AND state IN ('open', 'scored')`, jsonString(scores), total, comment, fmtTime(tx.now), id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "评审任务状态已改变，请刷新", En: "the assignment changed meanwhile; reload"})
	}
	return nil
}

// RevealIdentities marks a blind program's identities revealed inside tx; ECONFLICT when they
// were revealed meanwhile.
func (tx *Tx) RevealIdentities(ctx context.Context, programID int64, by string) error {
	res, err := tx.ExecContext(ctx, `UPDATE programs SET revealed_at=$1, revealed_by=$2 WHERE id=$3 AND revealed_at IS NULL`,
		fmtTime(tx.now), by, programID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "申请人身份已被揭示", En: "the identities were revealed meanwhile"})
	}
	return nil
}

// ReplaceAssignment takes a reviewer off an application inside tx, with the reason;
// ECONFLICT when the assignment was replaced meanwhile.
func (tx *Tx) ReplaceAssignment(ctx context.Context, id int64, reason, by string) error {
	res, err := tx.ExecContext(ctx, `UPDATE review_assignments SET state='replaced', replaced_at=$1, replaced_by=$2, replaced_reason=$3
		WHERE id=$4 AND state <> 'replaced'`, fmtTime(tx.now), by, reason, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "该评审专家已被替换", En: "the reviewer was replaced already"})
	}
	return nil
}

// LateRecusal records inside tx a conflict a reviewer declared after an earlier "no conflict":
// the open or scored assignment becomes recused, and its score no longer counts.
func (tx *Tx) LateRecusal(ctx context.Context, id int64, note string) error {
	res, err := tx.ExecContext(ctx, `UPDATE review_assignments SET state='recused', declaration_note=$1
		WHERE id=$2 AND state IN ('open', 'scored')`, note, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "评审任务状态已改变，请刷新", En: "the assignment changed meanwhile; reload"})
	}
	return nil
}

// Username returns the login name of a user inside tx, or ENOTFOUND.
func (tx *Tx) Username(ctx context.Context, userID int64) (string, error) {
	var name string
	err := tx.QueryRowContext(ctx, `SELECT username FROM users WHERE id = $1`, userID).Scan(&name)
	if err == sql.ErrNoRows {
		return "", seedbed.Errorf(seedbed.ENOTFOUND, seedbed.Label{Zh: "用户 %d 不存在", En: "user %d not found"}, userID)
	}
	return name, err
}

// DeclineAssignment records a reviewer declining an assignment still waiting for the
// declaration; ECONFLICT when it was declared meanwhile.
func (tx *Tx) DeclineAssignment(ctx context.Context, id int64, note string) error {
	res, err := tx.ExecContext(ctx, `UPDATE review_assignments SET state='declined', declared_at=$1, declaration_note=$2
		WHERE id=$3 AND state='assigned'`, fmtTime(tx.now), note, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "您已声明过", En: "you have already declared"})
	}
	return nil
}
