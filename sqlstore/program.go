package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"seedbed"
	"seedbed/selection"
)

const programColumns = `id, title, summary, innovation_type, driver, policy_ids, budget, committed, max_request, deadline,
	selection_mode, threshold, quality_bar, fill_gaps, reviewers_per_app, rubric, fields, stages, state, version,
	created_by, created_at, updated_at,
	(SELECT count(*) FROM applications a WHERE a.program_id = programs.id AND a.state = 'submitted')`

// CreateProgram validates and stores a new program as a draft. A program without a rubric gets
// the engine's light default rubric.
func (s *Store) CreateProgram(ctx context.Context, a seedbed.Actor, p *seedbed.Program) error {
	if err := prepareProgram(p); err != nil {
		return s.refused(ctx, a, "program.create", "program", 0, err)
	}
	return s.decide(ctx, a, "program.create", "program", 0, func(tx *Tx) error {
		p.State, p.Version, p.CreatedBy, p.CreatedAt, p.UpdatedAt = seedbed.ProgramDraft, 1, a.Username, tx.now, tx.now
		id, err := insertID(ctx, tx, `INSERT INTO programs (title, summary, innovation_type, driver, policy_ids, budget,
			max_request, deadline, selection_mode, threshold, quality_bar, fill_gaps, reviewers_per_app, rubric, fields,
			stages, state, version, created_by, created_at, updated_at)
			VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21)`,
			p.Title, p.Summary, p.InnovationType, p.Driver, jsonString(p.PolicyIDs), p.Budget, p.MaxRequest,
			fmtTime(p.Deadline), p.SelectionMode, p.Threshold, p.QualityBar, p.FillGaps, p.ReviewersPerApp,
			jsonString(p.Rubric), jsonString(p.Fields), jsonString(p.Stages), p.State, p.Version, p.CreatedBy,
			fmtTime(tx.now), fmtTime(tx.now))
		if err != nil {
			return err
		}
		p.ID = id
		return audit(ctx, tx, a, "program.create", "program", id, p.Title)
	})
}

// prepareProgram normalises and validates a program, the rubric by the selection engine's rules.
func prepareProgram(p *seedbed.Program) error {
	p.Normalize()
	if len(p.Rubric) == 0 {
		p.Rubric = fromRubric(selection.DefaultRubric())
	}
	es := userErrors(p.Validate())
	for _, e := range userErrors(toRubric(p.Rubric).Validate()) {
		e.Field = "rubric." + e.Field
		es = append(es, e)
	}
	if len(es) > 0 {
		return es
	}
	return nil
}

// userErrors flattens a validation error into a list (nil for nil).
func userErrors(err error) seedbed.Errors {
	var es seedbed.Errors
	var one *seedbed.Error
	switch {
	case err == nil:
		return nil
	case errors.As(err, &es):
		return es
	case errors.As(err, &one):
		return seedbed.Errors{one}
	}
	return seedbed.Errors{seedbed.Errorf(seedbed.EINVALID, "%v", err)}
}

func fmtCST(t time.Time) string { return seedbed.FormatCST(t) }

// UpdateProgram saves a draft program. version must be the version the editor saw. Once a
// program is published its terms are fixed: applicants rely on them.
func (s *Store) UpdateProgram(ctx context.Context, a seedbed.Actor, p *seedbed.Program, version int) error {
	if err := prepareProgram(p); err != nil {
		return s.refused(ctx, a, "program.update", "program", p.ID, err)
	}
	return s.decide(ctx, a, "program.update", "program", p.ID, func(tx *Tx) error {
		old, err := getProgram(ctx, tx, p.ID)
		if err != nil {
			return err
		}
		if old.State != seedbed.ProgramDraft {
			return seedbed.Errorf(seedbed.ECONFLICT, "计划已发布（%s），条款不能再修改 / the program is %s; its terms can no longer change", old.StateLabel().Zh, old.StateLabel().En)
		}
		res, err := tx.ExecContext(ctx, `UPDATE programs SET title=$1, summary=$2, innovation_type=$3, driver=$4,
			policy_ids=$5, budget=$6, max_request=$7, deadline=$8, selection_mode=$9, threshold=$10, quality_bar=$11,
			fill_gaps=$12, reviewers_per_app=$13, rubric=$14, fields=$15, stages=$16, version=version+1, updated_at=$17
			WHERE id=$18 AND version=$19 AND state='draft'`,
			p.Title, p.Summary, p.InnovationType, p.Driver, jsonString(p.PolicyIDs), p.Budget, p.MaxRequest,
			fmtTime(p.Deadline), p.SelectionMode, p.Threshold, p.QualityBar, p.FillGaps, p.ReviewersPerApp,
			jsonString(p.Rubric), jsonString(p.Fields), jsonString(p.Stages), fmtTime(tx.now), p.ID, version)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return seedbed.Errorf(seedbed.ECONFLICT, "该计划已被他人修改（版本 %d，您编辑的是版本 %d），请刷新后重试 / changed by someone else since you opened it; reload and try again", old.Version, version)
		}
		p.State, p.Version, p.Committed, p.CreatedBy, p.CreatedAt, p.UpdatedAt = old.State, old.Version+1, old.Committed, old.CreatedBy, old.CreatedAt, tx.now
		return audit(ctx, tx, a, "program.update", "program", p.ID, p.Title)
	})
}

// TransitionProgram moves a program to the next state of its lifecycle and records the decision.
// Opening needs a complete program with eligibility policies and a deadline still ahead; review
// starts only after the deadline; deciding needs a finished selection (with its draw).
func (s *Store) TransitionProgram(ctx context.Context, a seedbed.Actor, id int64, to, note string) (*seedbed.Program, error) {
	var p *seedbed.Program
	err := s.decide(ctx, a, "program.transition", "program", id, func(tx *Tx) error {
		var err error
		if p, err = getProgram(ctx, tx, id); err != nil {
			return err
		}
		if utf8.RuneCountInString(note) > 1000 {
			return seedbed.FieldError("note", "说明过长（最多 1000 字）/ note too long (at most 1000 characters)")
		}
		from := p.State
		if !seedbed.ProgramStates.Has(to) {
			return seedbed.FieldError("to", "未知的状态 %q，应为 %s / unknown state %q", to, strings.Join(seedbed.ProgramStates.Codes(), ", "), to)
		}
		if next := seedbed.NextProgramState(from); to != next {
			return seedbed.Errorf(seedbed.ECONFLICT, "计划处于「%s」，不能转为「%s」/ a program that is %s cannot become %s",
				p.StateLabel().Zh, seedbed.ProgramStates.Label(to).Zh, p.StateLabel().En, seedbed.ProgramStates.Label(to).En)
		}
		if err := checkTransition(ctx, tx, p, to); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE programs SET state=$1, version=version+1, updated_at=$2 WHERE id=$3 AND state=$4`,
			to, fmtTime(tx.now), id, from)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return seedbed.Errorf(seedbed.ECONFLICT, "计划状态已被他人改变，请刷新 / the program's state changed meanwhile; reload")
		}
		p.State, p.Version, p.UpdatedAt = to, p.Version+1, tx.now
		kind := seedbed.EventProgramState
		if to == seedbed.ProgramOpen {
			kind = seedbed.EventProgramPublished
		}
		payload := map[string]any{"program_id": id, "from": from, "to": to, "note": note, "title": p.Title}
		if to == seedbed.ProgramOpen {
			payload["terms"] = map[string]any{"budget": p.Budget, "max_request": p.MaxRequest, "deadline": fmtTime(p.Deadline),
				"policy_ids": p.PolicyIDs, "selection_mode": p.SelectionMode, "threshold": p.Threshold, "quality_bar": p.QualityBar,
				"fill_gaps": p.FillGaps, "reviewers_per_app": p.ReviewersPerApp, "rubric": p.Rubric, "stages": p.Stages}
		}
		if _, err := recordEvent(ctx, tx, a, kind, programSubject(id), payload); err != nil {
			return err
		}
		return audit(ctx, tx, a, "program.transition", "program", id, from+" → "+to)
	})
	return p, err
}

// checkTransition applies the conditions of entering state to.
func checkTransition(ctx context.Context, tx *Tx, p *seedbed.Program, to string) error {
	switch to {
	case seedbed.ProgramOpen:
		if err := p.Validate(); err != nil {
			return err
		}
		if len(p.PolicyIDs) == 0 {
			return seedbed.FieldError("policy_ids", "发布前须指定界定申报条件的政策 / name the policies that define eligibility before publishing")
		}
		if !p.Deadline.After(tx.now) {
			return seedbed.FieldError("deadline", "截止时间 %s 已过，请先修改 / the deadline %s has passed; change it first", fmtCST(p.Deadline), fmtCST(p.Deadline))
		}
	case seedbed.ProgramInReview:
		if tx.now.Before(p.Deadline) {
			return seedbed.Errorf(seedbed.ECONFLICT, "申报截止时间 %s 未到，不能提前结束申报 / the call is open until %s and cannot close early", fmtCST(p.Deadline), fmtCST(p.Deadline))
		}
	case seedbed.ProgramDecided:
		sel, err := getSelection(ctx, tx, p.ID)
		if err != nil {
			return err
		}
		if sel == nil || sel.Selection == nil {
			return seedbed.Errorf(seedbed.ECONFLICT, "尚未完成遴选 / the selection has not been made")
		}
		for _, d := range sel.Selection.Decisions {
			if d.Outcome == selection.OutcomeDrawPending {
				return seedbed.Errorf(seedbed.ECONFLICT, "抽签尚未进行 / the draw has not taken place")
			}
		}
	}
	return nil
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
		return nil, seedbed.Errorf(seedbed.ENOTFOUND, "计划 %d 不存在 / program %d not found", id, id)
	}
	return p, err
}

func scanProgram(row scanner) (*seedbed.Program, error) {
	var p seedbed.Program
	var policies, rubric, fields, stages, deadline, created, updated string
	err := row.Scan(&p.ID, &p.Title, &p.Summary, &p.InnovationType, &p.Driver, &policies, &p.Budget, &p.Committed,
		&p.MaxRequest, &deadline, &p.SelectionMode, &p.Threshold, &p.QualityBar, &p.FillGaps, &p.ReviewersPerApp,
		&rubric, &fields, &stages, &p.State, &p.Version, &p.CreatedBy, &created, &updated, &p.Applications)
	if err != nil {
		return nil, err
	}
	p.Deadline, p.CreatedAt, p.UpdatedAt = parseTime(deadline), parseTime(created), parseTime(updated)
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
	rows, err := s.read.QueryContext(ctx, `SELECT `+programColumns+` FROM programs`+w.sql()+
		` ORDER BY id DESC LIMIT `+w.next(limit)+` OFFSET `+w.next(offset), w.args...)
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
		out = append(out, *p)
	}
	return out, total, rows.Err()
}

// decide runs fn in a write transaction; when fn refuses (a user error: bad input, a rule, a
// conflict), nothing is written and the refused attempt is recorded in the audit log.
func (s *Store) decide(ctx context.Context, a seedbed.Actor, action, entity string, id int64, fn func(tx *Tx) error) error {
	if err := s.inTx(ctx, fn); err != nil {
		return s.refused(ctx, a, action, entity, id, err)
	}
	return nil
}

// refused records a refused attempt in the audit log and returns err. Internal errors are not
// refusals and are left to the caller's log.
func (s *Store) refused(ctx context.Context, a seedbed.Actor, action, entity string, id int64, err error) error {
	code := seedbed.ErrorCode(err)
	if code == seedbed.EINTERNAL {
		return err
	}
	outcome := "denied"
	if code == seedbed.EINVALID || code == seedbed.ENOTFOUND {
		outcome = "invalid"
	}
	detail := seedbed.ErrorMessage(err)
	if r := []rune(detail); len(r) > 500 {
		detail = string(r[:500]) + "…"
	}
	eid := ""
	if id != 0 {
		eid = strconv.FormatInt(id, 10)
	}
	who := a.Username
	if who == "" {
		who = "anonymous"
	}
	if aerr := s.Audit(context.WithoutCancel(ctx), seedbed.AuditEntry{Actor: who, Role: a.Role, Action: action, Entity: entity,
		EntityID: eid, Detail: detail, Outcome: outcome}); aerr != nil {
		return fmt.Errorf("%w (and the refusal could not be audited: %v)", err, aerr)
	}
	return err
}

func programSubject(id int64) string     { return seedbed.ProgramSubject(id) }
func applicationSubject(id int64) string { return seedbed.ApplicationSubject(id) }
func awardSubject(id int64) string       { return seedbed.AwardSubject(id) }

// toRubric and fromRubric convert between the domain's rubric and the engine's.
func toRubric(cs []seedbed.Criterion) selection.Rubric {
	r := selection.Rubric{Criteria: make([]selection.Criterion, len(cs))}
	for i, c := range cs {
		r.Criteria[i] = selection.Criterion{ID: c.ID, Name: c.Name, Guide: c.Guide, Weight: c.Weight, Min: c.Min, Max: c.Max}
	}
	return r
}

func fromRubric(r selection.Rubric) []seedbed.Criterion {
	out := make([]seedbed.Criterion, len(r.Criteria))
	for i, c := range r.Criteria {
		out[i] = seedbed.Criterion{ID: c.ID, Name: c.Name, Guide: c.Guide, Weight: c.Weight, Min: c.Min, Max: c.Max}
	}
	return out
}

// ProgramRubric returns the engine's rubric of a program.
func ProgramRubric(p *seedbed.Program) selection.Rubric { return toRubric(p.Rubric) }
