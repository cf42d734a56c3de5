package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"sort"
	"unicode/utf8"

	"seedbed"
	"seedbed/selection"
)

// AssignReviewers gives every eligible submitted application of a program in review its k
// reviewers (k = ReviewersPerApp), avoiding every conflict of interest and balancing the load.
// Run again, it fills only the places left open (for example after a reviewer recused), never
// picking a reviewer who was already assigned to the application.
func (s *Store) AssignReviewers(ctx context.Context, a seedbed.Actor, programID int64, seed uint64) (*selection.AssignmentRun, error) {
	run := &selection.AssignmentRun{Pairs: []selection.Pair{}, Problems: []selection.Problem{}}
	err := s.decide(ctx, a, "review.assign", "program", programID, func(tx *Tx) error {
		p, err := getProgram(ctx, tx, programID)
		if err != nil {
			return err
		}
		if err := checkReviewOpen(ctx, tx, p); err != nil {
			return err
		}
		apps, err := reviewableApps(ctx, tx, programID)
		if err != nil {
			return err
		}
		if len(apps) == 0 {
			return seedbed.Errorf(seedbed.EINVALID, "没有需要评审的申请 / there are no applications to review")
		}
		pool, err := reviewerProfiles(ctx, tx, 0)
		if err != nil {
			return err
		}
		assigned := map[int64][]string{} // reviewer user id → application codes already assigned
		active := map[int64]int{}        // application → reviewers still counting
		rows, err := tx.QueryContext(ctx, `SELECT application_id, reviewer_id, state FROM review_assignments WHERE program_id = $1`, programID)
		if err != nil {
			return err
		}
		for rows.Next() {
			var app, rev int64
			var state string
			if err := rows.Scan(&app, &rev, &state); err != nil {
				rows.Close()
				return err
			}
			assigned[rev] = append(assigned[rev], seedbed.AppCode(app))
			if state != seedbed.AssignmentRecused {
				active[app]++
			}
		}
		rows.Close()
		byName := map[string]int64{}
		var infos []selection.ReviewerInfo
		for i := range pool {
			ri, err := reviewerInfo(ctx, tx, &pool[i])
			if err != nil {
				return err
			}
			ri.Recused = append(ri.Recused, assigned[pool[i].UserID]...)
			infos = append(infos, ri)
			byName[pool[i].Username] = pool[i].UserID
		}
		groups := map[int][]selection.AppInfo{}
		for i := range apps {
			need := p.ReviewersPerApp - active[apps[i].ID]
			if need <= 0 {
				continue
			}
			ai, err := appInfo(ctx, tx, &apps[i])
			if err != nil {
				return err
			}
			groups[need] = append(groups[need], ai)
		}
		needs := make([]int, 0, len(groups))
		for k := range groups {
			needs = append(needs, k)
		}
		sort.Ints(needs)
		for _, k := range needs {
			as, problems := selection.Assign(groups[k], infos, k, seed)
			run.Problems = append(run.Problems, problems...)
			for _, pair := range as.Pairs {
				appID := seedbed.ParseAppCode(pair.AppID)
				if _, err := tx.ExecContext(ctx, `INSERT INTO review_assignments (program_id, application_id, reviewer_id, state, expertise, created_at)
					VALUES ($1, $2, $3, 'assigned', $4, $5)`, programID, appID, byName[pair.ReviewerID], pair.Expertise, fmtTime(tx.now)); err != nil {
					return classify(err)
				}
				run.Pairs = append(run.Pairs, pair)
			}
		}
		if len(run.Pairs) == 0 && len(run.Problems) == 0 {
			return seedbed.Errorf(seedbed.ECONFLICT, "每份申请都已有 %d 位评审专家 / every application already has %d reviewers", p.ReviewersPerApp, p.ReviewersPerApp)
		}
		if _, err := recordEvent(ctx, tx, a, seedbed.EventAssignment, programSubject(programID), map[string]any{
			"program_id": programID, "k": p.ReviewersPerApp, "seed": seed, "pairs": run.Pairs, "problems": run.Problems}); err != nil {
			return err
		}
		return audit(ctx, tx, a, "review.assign", "program", programID, fmt.Sprintf("%d pairs, %d problems", len(run.Pairs), len(run.Problems)))
	})
	if err != nil {
		return nil, err
	}
	return run, nil
}

// checkReviewOpen refuses review work unless the program is in review and not yet selected.
func checkReviewOpen(ctx context.Context, tx *Tx, p *seedbed.Program) error {
	if p.State != seedbed.ProgramInReview {
		return seedbed.Errorf(seedbed.ECONFLICT, "计划当前%s，不在评审阶段 / the program is %s, not in review", p.StateLabel().Zh, p.StateLabel().En)
	}
	sel, err := getSelection(ctx, tx, p.ID)
	if err != nil {
		return err
	}
	if sel != nil && sel.Selection != nil {
		return seedbed.Errorf(seedbed.ECONFLICT, "遴选已完成，评审已结束 / the selection has been made; review is over")
	}
	return nil
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
	ra.total, ra.comment, ra.scored_at, ra.created_at`

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
		return nil, seedbed.Errorf(seedbed.ENOTFOUND, "评审任务 %d 不存在 / assignment %d not found", id, id)
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
		&as.Comment, &scoredAt, &created)
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

// ownAssignment loads an assignment of the acting reviewer in a program under review.
func ownAssignment(ctx context.Context, tx *Tx, a seedbed.Actor, id int64) (*seedbed.Assignment, *seedbed.Program, error) {
	as, err := getAssignment(ctx, tx, id)
	if err != nil {
		return nil, nil, err
	}
	if as.ReviewerID != a.UserID {
		return nil, nil, seedbed.Errorf(seedbed.EFORBIDDEN, "这不是分配给您的评审任务 / this assignment is not yours")
	}
	p, err := getProgram(ctx, tx, as.ProgramID)
	if err != nil {
		return nil, nil, err
	}
	if err := checkReviewOpen(ctx, tx, p); err != nil {
		return nil, nil, err
	}
	return as, p, nil
}

// conflictCheck applies the automatic conflict rules to a reviewer and an application.
func conflictCheck(ctx context.Context, q queryer, reviewerID, appID int64, declared bool) error {
	prof, err := reviewerProfile(ctx, q, reviewerID)
	if err != nil {
		return err
	}
	app, err := getApplication(ctx, q, appID)
	if err != nil {
		return err
	}
	ri, err := reviewerInfo(ctx, q, prof)
	if err != nil {
		return err
	}
	ai, err := appInfo(ctx, q, app)
	if err != nil {
		return err
	}
	return selection.MayOpen(ri, ai, declared)
}

// DeclareConflict records a reviewer's declaration about an assignment. Declaring no conflict
// opens the application to the reviewer, unless the automatic rules find one (same
// organisation, past co-applicants, declared relations), in which case it is refused with the
// reasons. Declaring a conflict recuses the reviewer.
func (s *Store) DeclareConflict(ctx context.Context, a seedbed.Actor, id int64, d seedbed.Declaration) (*seedbed.Assignment, error) {
	var as *seedbed.Assignment
	err := s.decide(ctx, a, "review.declare", "assignment", id, func(tx *Tx) error {
		var err error
		if as, _, err = ownAssignment(ctx, tx, a, id); err != nil {
			return err
		}
		if utf8.RuneCountInString(d.Note) > 1000 {
			return seedbed.FieldError("note", "说明过长（最多 1000 字）/ note too long (at most 1000 characters)")
		}
		if d.Conflict && d.Note == "" {
			return seedbed.FieldError("note", "请简要说明利益冲突的关系 / briefly state the relation that is a conflict")
		}
		if as.State != seedbed.AssignmentAssigned {
			return seedbed.Errorf(seedbed.ECONFLICT, "您已声明过（%s）/ you have already declared (%s)",
				seedbed.AssignmentStates.Label(as.State).Zh, seedbed.AssignmentStates.Label(as.State).En)
		}
		state := seedbed.AssignmentRecused
		if !d.Conflict {
			if err := conflictCheck(ctx, tx, as.ReviewerID, as.ApplicationID, true); err != nil {
				return err
			}
			state = seedbed.AssignmentOpen
		}
		res, err := tx.ExecContext(ctx, `UPDATE review_assignments SET state=$1, declared_at=$2, declaration_note=$3
			WHERE id=$4 AND state='assigned'`, state, fmtTime(tx.now), d.Note, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return seedbed.Errorf(seedbed.ECONFLICT, "您已声明过 / you have already declared")
		}
		now := tx.now
		as.State, as.DeclaredAt, as.DeclarationNote = state, &now, d.Note
		if _, err := recordEvent(ctx, tx, a, seedbed.EventConflictDeclared, applicationSubject(as.ApplicationID), map[string]any{
			"assignment_id": id, "application_id": as.ApplicationID, "program_id": as.ProgramID, "reviewer": a.Username,
			"conflict": d.Conflict, "note": d.Note}); err != nil {
			return err
		}
		return audit(ctx, tx, a, "review.declare", "assignment", id, state)
	})
	return as, err
}

// ReviewerMayOpen decides whether the acting reviewer may read an application: it must be
// assigned to them, they must have declared no conflict, and the automatic rules must still find
// none. It returns the assignment, or an EFORBIDDEN error giving the reason.
func (s *Store) ReviewerMayOpen(ctx context.Context, a seedbed.Actor, appID int64) (*seedbed.Assignment, error) {
	var id int64
	err := s.read.QueryRowContext(ctx, `SELECT id FROM review_assignments WHERE application_id = $1 AND reviewer_id = $2`, appID, a.UserID).Scan(&id)
	if err == sql.ErrNoRows {
		return nil, seedbed.Errorf(seedbed.EFORBIDDEN, "该申请未分配给您评审 / this application is not assigned to you")
	}
	if err != nil {
		return nil, err
	}
	as, err := getAssignment(ctx, s.read, id)
	if err != nil {
		return nil, err
	}
	switch as.State {
	case seedbed.AssignmentRecused:
		return nil, seedbed.Errorf(seedbed.EFORBIDDEN, "您已声明与该申请存在利益冲突并回避 / you declared a conflict of interest with this application and recused")
	case seedbed.AssignmentAssigned:
		return nil, seedbed.Errorf(seedbed.EFORBIDDEN, "请先声明与此申请不存在利益冲突 / please declare first that you have no conflict of interest with this application")
	}
	if err := conflictCheck(ctx, s.read, as.ReviewerID, appID, true); err != nil {
		return nil, err
	}
	return as, nil
}

// ScoreApplication stores a reviewer's scores of an assigned application on the program's
// rubric, after the reviewer declared no conflict; scores may be revised until the selection.
func (s *Store) ScoreApplication(ctx context.Context, a seedbed.Actor, id int64, sheet seedbed.ScoreSheet) (*seedbed.Assignment, error) {
	var as *seedbed.Assignment
	err := s.decide(ctx, a, "review.score", "assignment", id, func(tx *Tx) error {
		var p *seedbed.Program
		var err error
		if as, p, err = ownAssignment(ctx, tx, a, id); err != nil {
			return err
		}
		switch as.State {
		case seedbed.AssignmentRecused:
			return seedbed.Errorf(seedbed.EFORBIDDEN, "您已声明利益冲突并回避，不能评分 / you declared a conflict of interest and may not score this application")
		case seedbed.AssignmentAssigned:
			return seedbed.Errorf(seedbed.EFORBIDDEN, "请先声明与此申请不存在利益冲突，再评分 / declare that you have no conflict of interest before scoring")
		}
		if err := conflictCheck(ctx, tx, as.ReviewerID, as.ApplicationID, true); err != nil {
			return err
		}
		if utf8.RuneCountInString(sheet.Comment) > 4000 {
			return seedbed.FieldError("comment", "评语过长（最多 4000 字）/ comment too long (at most 4000 characters)")
		}
		total, err := toRubric(p.Rubric).Total(sheet.Scores)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE review_assignments SET state='scored', scores=$1, total=$2, comment=$3, scored_at=$4
			WHERE id=$5 AND state IN ('open', 'scored')`, jsonString(sheet.Scores), total, sheet.Comment, fmtTime(tx.now), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return seedbed.Errorf(seedbed.ECONFLICT, "评审任务状态已改变，请刷新 / the assignment changed meanwhile; reload")
		}
		now := tx.now
		as.State, as.Scores, as.Total, as.Comment, as.ScoredAt = seedbed.AssignmentScored, sheet.Scores, &total, sheet.Comment, &now
		if _, err := recordEvent(ctx, tx, a, seedbed.EventScore, applicationSubject(as.ApplicationID), map[string]any{
			"assignment_id": id, "application_id": as.ApplicationID, "program_id": as.ProgramID, "reviewer": a.Username,
			"scores": sheet.Scores, "total": total}); err != nil {
			return err
		}
		return audit(ctx, tx, a, "review.score", "assignment", id, fmt.Sprintf("%.2f", total))
	})
	return as, err
}
