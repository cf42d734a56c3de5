package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"seedbed"
)

// programFields are a program's own columns; programColumns adds its count of submitted
// applications.
const programFields = `id, title, summary, innovation_type, driver, policy_ids, budget, committed, max_request, deadline,
	selection_mode, threshold, quality_bar, fill_gaps, reviewers_per_app, rubric, fields, stages, state, version,
	created_by, created_at, updated_at, blind_review, reply_days, revealed_at, reply_opened_at, reply_closes_at, kind, ends_at, report_cap, expertise_weight, champion_rule,`

const programColumns = programFields + ` (SELECT count(*) FROM applications a WHERE a.program_id = programs.id AND a.state = 'submitted')`

// InsertProgram stores a new program and sets its id; state, version, author and times are the
// caller's.
func (tx *Tx) InsertProgram(ctx context.Context, p *seedbed.Program) error {
	id, err := insertID(ctx, tx, `INSERT INTO programs (title, summary, innovation_type, driver, policy_ids, budget,
		max_request, deadline, selection_mode, threshold, quality_bar, fill_gaps, reviewers_per_app, rubric, fields,
		stages, state, version, created_by, created_at, updated_at, blind_review, reply_days, kind, ends_at, report_cap, expertise_weight, champion_rule)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24,$25,$26,$27,$28)`,
		p.Title, p.Summary, p.InnovationType, p.Driver, jsonString(p.PolicyIDs), p.Budget, p.MaxRequest,
		fmtTime(p.Deadline), p.SelectionMode, p.Threshold, p.QualityBar, p.FillGaps, p.ReviewersPerApp,
		jsonString(p.Rubric), jsonString(p.Fields), jsonString(p.Stages), p.State, p.Version, p.CreatedBy,
		fmtTime(p.CreatedAt), fmtTime(p.UpdatedAt), p.BlindReview, p.ReplyDays, p.Kind, timeOrNull(p.EndsAt), p.ReportCap, p.ExpertiseWeight, p.ChampionRuleOrDefault())
	if err != nil {
		return err
	}
	p.ID = id
	return nil
}

// UpdateDraftProgram saves the terms of a draft program if it is still at version; it reports
// whether it was.
func (tx *Tx) UpdateDraftProgram(ctx context.Context, p *seedbed.Program, version int) (bool, error) {
	res, err := tx.ExecContext(ctx, `UPDATE programs SET title=$1, summary=$2, innovation_type=$3, driver=$4,
		policy_ids=$5, budget=$6, max_request=$7, deadline=$8, selection_mode=$9, threshold=$10, quality_bar=$11,
		fill_gaps=$12, reviewers_per_app=$13, rubric=$14, fields=$15, stages=$16, version=version+1, updated_at=$17,
		blind_review=$20, reply_days=$21, kind=$22, ends_at=$23, report_cap=$24, expertise_weight=$25, champion_rule=$26 WHERE id=$18 AND version=$19 AND state='draft'`,
		p.Title, p.Summary, p.InnovationType, p.Driver, jsonString(p.PolicyIDs), p.Budget, p.MaxRequest,
		fmtTime(p.Deadline), p.SelectionMode, p.Threshold, p.QualityBar, p.FillGaps, p.ReviewersPerApp,
		jsonString(p.Rubric), jsonString(p.Fields), jsonString(p.Stages), fmtTime(tx.now), p.ID, version, p.BlindReview, p.ReplyDays,
		p.Kind, timeOrNull(p.EndsAt), p.ReportCap, p.ExpertiseWeight, p.ChampionRuleOrDefault())
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// SetProgramState moves a program from state from to state to; it reports whether the program
// was still in from.
func (tx *Tx) SetProgramState(ctx context.Context, id int64, from, to string) (bool, error) {
	res, err := tx.ExecContext(ctx, `UPDATE programs SET state=$1, version=version+1, updated_at=$2 WHERE id=$3 AND state=$4`,
		to, fmtTime(tx.now), id, from)
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// GetProgram returns one program, or ENOTFOUND.
func (s *Store) GetProgram(ctx context.Context, id int64) (*seedbed.Program, error) {
	return getProgram(ctx, s.read, id)
}

// Program reads one program inside the transaction, or ENOTFOUND.
func (tx *Tx) Program(ctx context.Context, id int64) (*seedbed.Program, error) {
	return getProgram(ctx, tx, id)
}

func getProgram(ctx context.Context, q queryer, id int64) (*seedbed.Program, error) {
	p, err := scanProgram(q.QueryRowContext(ctx, `SELECT `+programColumns+` FROM programs WHERE id = $1`, id))
	if err == sql.ErrNoRows {
		return nil, seedbed.Errorf(seedbed.ENOTFOUND, seedbed.Label{Zh: "计划 %d 不存在", En: "program %d not found"}, id)
	}
	return p, err
}

func scanProgram(row scanner) (*seedbed.Program, error) {
	var p seedbed.Program
	var policies, rubric, fields, stages, deadline, created, updated string
	var revealed, replyOpened, replyCloses, ends sql.NullString
	err := row.Scan(&p.ID, &p.Title, &p.Summary, &p.InnovationType, &p.Driver, &policies, &p.Budget, &p.Committed,
		&p.MaxRequest, &deadline, &p.SelectionMode, &p.Threshold, &p.QualityBar, &p.FillGaps, &p.ReviewersPerApp,
		&rubric, &fields, &stages, &p.State, &p.Version, &p.CreatedBy, &created, &updated,
		&p.BlindReview, &p.ReplyDays, &revealed, &replyOpened, &replyCloses, &p.Kind, &ends, &p.ReportCap, &p.ExpertiseWeight, &p.ChampionRule, &p.Applications)
	if err != nil {
		return nil, err
	}
	if ends.Valid {
		p.EndsAt = parseTime(ends.String)
	}
	p.Deadline, p.CreatedAt, p.UpdatedAt = parseTime(deadline), parseTime(created), parseTime(updated)
	p.RevealedAt, p.ReplyOpenedAt, p.ReplyClosesAt = nullTime(revealed), nullTime(replyOpened), nullTime(replyCloses)
	for _, x := range []struct {
		text string
		v    any
	}{{policies, &p.PolicyIDs}, {rubric, &p.Rubric}, {fields, &p.Fields}, {stages, &p.Stages}} {
		if err := json.Unmarshal([]byte(x.text), x.v); err != nil {
			return nil, fmt.Errorf("program %d: %w", p.ID, err)
		}
	}
	return &p, nil
}

// FindPrograms returns one page of the programs matching f, newest first, and how many match.
func (s *Store) FindPrograms(ctx context.Context, f seedbed.ProgramFilter) ([]seedbed.Program, int, error) {
	var w where
	if f.State != "" {
		w.add("state = ?", f.State)
	}
	if f.States != nil {
		ph := make([]string, len(f.States))
		args := make([]any, len(f.States))
		for i, st := range f.States {
			ph[i], args[i] = "?", st
		}
		w.add("state IN ("+strings.Join(ph, ",")+")", args...)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		w.add(`lower(title) LIKE ? ESCAPE '\'`, likePattern(q))
	}
	var total int
	if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM programs`+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	offset, limit := clampPage(f.Offset, f.Limit, 20, 500)
	// each program's count of submitted applications is kept per funding version (it was
	// counted for every program of every page: forty thousand applications for each program of
	// a million-innovator region's archive)
	submitted, err := s.submittedByProgram(ctx)
	if err != nil {
		return nil, 0, err
	}
	rows, err := s.read.QueryContext(ctx, `SELECT `+programFields+` 0 FROM programs`+w.sql()+
		orderBy(f.Order, seedbed.ProgramSorts, programOrder, "id")+` LIMIT `+w.next(limit)+` OFFSET `+w.next(offset), w.args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []seedbed.Program{}
	for rows.Next() {
		p, err := scanProgram(rows)
		if err != nil {
			return nil, 0, err
		}
		p.Applications = submitted[p.ID]
		out = append(out, *p)
	}
	return out, total, rows.Err()
}

func programSubject(id int64) string { return seedbed.ProgramSubject(id) }
func awardSubject(id int64) string   { return seedbed.AwardSubject(id) }

// nullTime reads a nullable time column.
func nullTime(s sql.NullString) *time.Time {
	if !s.Valid || s.String == "" {
		return nil
	}
	t := parseTime(s.String)
	return &t
}
