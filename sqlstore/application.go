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

const applicationColumns = `a.id, a.program_id, p.title, a.innovator_id, i.name, a.title, a.direction, a.team, a.unlocks,
	a.amount, a.field, a.tags, a.people, a.extra, a.state, a.eligibility, a.submitted_at, a.outcome, a.outcome_reason,
	a.rank_no, a.score, a.granted, a.version, a.created_by, a.created_at, a.updated_at`

const applicationFrom = ` FROM applications a JOIN programs p ON p.id = a.program_id JOIN innovators i ON i.id = a.innovator_id`

// CreateApplication starts an application (a draft) of the innovator app.InnovatorID to an open
// program. One organisation has at most one live application per program.
func (s *Store) CreateApplication(ctx context.Context, a seedbed.Actor, app *seedbed.Application) error {
	app.Normalize()
	return s.decide(ctx, a, "application.create", "program", app.ProgramID, func(tx *Tx) error {
		p, err := getProgram(ctx, tx, app.ProgramID)
		if err != nil {
			return err
		}
		if err := checkCallOpen(tx, p); err != nil {
			return err
		}
		if err := app.Validate(p, false); err != nil {
			return err
		}
		var existing int64
		err = tx.QueryRowContext(ctx, `SELECT id FROM applications WHERE program_id = $1 AND innovator_id = $2 AND state <> 'withdrawn'`,
			app.ProgramID, app.InnovatorID).Scan(&existing)
		if err == nil {
			return seedbed.Errorf(seedbed.ECONFLICT, "本单位在该计划中已有一份申请（编号 %d），请编辑那一份 / your organisation already has an application to this program (number %d); edit that one", existing, existing)
		} else if err != sql.ErrNoRows {
			return err
		}
		app.State, app.Version, app.CreatedBy, app.CreatedAt, app.UpdatedAt = seedbed.AppDraft, 1, a.Username, tx.now, tx.now
		id, err := insertID(ctx, tx, `INSERT INTO applications (program_id, innovator_id, title, direction, team, unlocks,
			amount, field, tags, people, extra, state, version, created_by, created_at, updated_at)
			VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16)`,
			app.ProgramID, app.InnovatorID, app.Title, app.Direction, app.Team, app.Unlocks, app.Amount, app.Field,
			jsonString(app.Tags), jsonString(app.People), jsonString(app.Extra), app.State, app.Version, a.Username,
			fmtTime(tx.now), fmtTime(tx.now))
		if err != nil {
			if seedbed.ErrorCode(err) == seedbed.ECONFLICT {
				return seedbed.Errorf(seedbed.ECONFLICT, "本单位在该计划中已有一份申请 / your organisation already has an application to this program")
			}
			return err
		}
		app.ID = id
		if err := writeParties(ctx, tx, app); err != nil {
			return err
		}
		return audit(ctx, tx, a, "application.create", "application", id, app.Title)
	})
}

// checkCallOpen refuses work on applications unless the call is open and its deadline ahead.
func checkCallOpen(tx *Tx, p *seedbed.Program) error {
	if p.State != seedbed.ProgramOpen {
		return seedbed.Errorf(seedbed.ECONFLICT, "计划「%s」当前%s，不接受申报 / program %q is %s and takes no applications",
			p.Title, p.StateLabel().Zh, p.Title, strings.ToLower(p.StateLabel().En))
	}
	if tx.now.After(p.Deadline) {
		return seedbed.Errorf(seedbed.ECONFLICT, "申报已于 %s 截止，逾期不予受理 / the call closed at %s; late applications are not accepted",
			fmtCST(p.Deadline), fmtCST(p.Deadline))
	}
	return nil
}

// writeParties records the applicant and co-applicants (replacing earlier ones).
func writeParties(ctx context.Context, tx *Tx, app *seedbed.Application) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM application_parties WHERE application_id = $1`, app.ID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO application_parties (application_id, innovator_id, role) VALUES ($1, $2, 'applicant')`,
		app.ID, app.InnovatorID); err != nil {
		return classify(err)
	}
	for _, id := range app.CoApplicantIDs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO application_parties (application_id, innovator_id, role) VALUES ($1, $2, 'coapplicant')`,
			app.ID, id); err != nil {
			if seedbed.ErrorCode(classify(err)) == seedbed.EINVALID {
				return seedbed.FieldError("coapplicant_ids", "合作单位 %d 不在创新主体库中 / co-applicant %d is not in the registry", id, id)
			}
			return err
		}
	}
	return nil
}

// UpdateApplication saves a draft application. version must be the version the editor saw.
func (s *Store) UpdateApplication(ctx context.Context, a seedbed.Actor, app *seedbed.Application, version int) error {
	app.Normalize()
	return s.decide(ctx, a, "application.update", "application", app.ID, func(tx *Tx) error {
		old, err := getApplication(ctx, tx, app.ID)
		if err != nil {
			return err
		}
		if old.State != seedbed.AppDraft {
			return seedbed.Errorf(seedbed.ECONFLICT, "申请已%s，不能再修改 / the application is %s and can no longer change",
				seedbed.AppStates.Label(old.State).Zh, old.State)
		}
		p, err := getProgram(ctx, tx, old.ProgramID)
		if err != nil {
			return err
		}
		if err := checkCallOpen(tx, p); err != nil {
			return err
		}
		app.ProgramID, app.InnovatorID = old.ProgramID, old.InnovatorID
		if err := app.Validate(p, false); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE applications SET title=$1, direction=$2, team=$3, unlocks=$4, amount=$5,
			field=$6, tags=$7, people=$8, extra=$9, version=version+1, updated_at=$10 WHERE id=$11 AND version=$12 AND state='draft'`,
			app.Title, app.Direction, app.Team, app.Unlocks, app.Amount, app.Field, jsonString(app.Tags), jsonString(app.People),
			jsonString(app.Extra), fmtTime(tx.now), app.ID, version)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return seedbed.Errorf(seedbed.ECONFLICT, "申请已被修改（版本 %d，您编辑的是版本 %d），请刷新后重试 / changed since you opened it; reload and try again", old.Version, version)
		}
		if err := writeParties(ctx, tx, app); err != nil {
			return err
		}
		app.State, app.Version, app.CreatedBy, app.CreatedAt, app.UpdatedAt = old.State, old.Version+1, old.CreatedBy, old.CreatedAt, tx.now
		return audit(ctx, tx, a, "application.update", "application", app.ID, app.Title)
	})
}

// SubmitApplication submits a draft before the deadline, storing the eligibility verdict the
// program's policies gave (checked as of checkedAt) and recording it as a decision. An ineligible
// application is still submitted, and marked: the applicant sees why.
func (s *Store) SubmitApplication(ctx context.Context, a seedbed.Actor, id int64, elig seedbed.Eligibility, checkedAt time.Time) (*seedbed.Application, error) {
	var app *seedbed.Application
	err := s.decide(ctx, a, "application.submit", "application", id, func(tx *Tx) error {
		var err error
		if app, err = getApplication(ctx, tx, id); err != nil {
			return err
		}
		if app.State == seedbed.AppSubmitted {
			return seedbed.Errorf(seedbed.ECONFLICT, "申请已于 %s 提交，不能重复提交 / the application was already submitted at %s", fmtCST(*app.SubmittedAt), fmtCST(*app.SubmittedAt))
		}
		if app.State != seedbed.AppDraft {
			return seedbed.Errorf(seedbed.ECONFLICT, "申请已撤回，不能提交 / the application was withdrawn and cannot be submitted")
		}
		p, err := getProgram(ctx, tx, app.ProgramID)
		if err != nil {
			return err
		}
		if err := checkCallOpen(tx, p); err != nil {
			return err
		}
		if err := app.Validate(p, true); err != nil {
			return err
		}
		if elig.Status != seedbed.Eligible && elig.Status != seedbed.Ineligible && elig.Status != seedbed.Undecided {
			return fmt.Errorf("eligibility status %q", elig.Status)
		}
		res, err := tx.ExecContext(ctx, `UPDATE applications SET state='submitted', submitted_at=$1, eligibility=$2,
			eligibility_status=$3, version=version+1, updated_at=$1 WHERE id=$4 AND state='draft'`,
			fmtTime(tx.now), jsonString(elig), elig.Status, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return seedbed.Errorf(seedbed.ECONFLICT, "申请已提交，不能重复提交 / the application was already submitted")
		}
		now := tx.now
		app.State, app.SubmittedAt, app.Eligibility, app.Version, app.UpdatedAt = seedbed.AppSubmitted, &now, &elig, app.Version+1, now
		if _, err := recordEvent(ctx, tx, a, seedbed.EventEligibility, applicationSubject(id), map[string]any{
			"application_id": id, "program_id": app.ProgramID, "innovator_id": app.InnovatorID,
			"policy_ids": p.PolicyIDs, "checked_at": fmtTime(checkedAt), "eligibility": elig}); err != nil {
			return err
		}
		return audit(ctx, tx, a, "application.submit", "application", id, elig.Status)
	})
	return app, err
}

// WithdrawApplication withdraws an application before its program's selection; the organisation
// may then start a new one while the call is open.
func (s *Store) WithdrawApplication(ctx context.Context, a seedbed.Actor, id int64, reason string) (*seedbed.Application, error) {
	var app *seedbed.Application
	err := s.decide(ctx, a, "application.withdraw", "application", id, func(tx *Tx) error {
		var err error
		if app, err = getApplication(ctx, tx, id); err != nil {
			return err
		}
		if app.State == seedbed.AppWithdrawn {
			return seedbed.Errorf(seedbed.ECONFLICT, "申请已撤回 / the application was already withdrawn")
		}
		if app.Outcome != "" {
			return seedbed.Errorf(seedbed.ECONFLICT, "遴选结果已产生，不能撤回 / the selection has been made; the application can no longer be withdrawn")
		}
		if len([]rune(reason)) > 1000 {
			return seedbed.FieldError("reason", "理由过长（最多 1000 字）/ reason too long (at most 1000 characters)")
		}
		res, err := tx.ExecContext(ctx, `UPDATE applications SET state='withdrawn', version=version+1, updated_at=$1
			WHERE id=$2 AND state <> 'withdrawn' AND outcome = ''`, fmtTime(tx.now), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return seedbed.Errorf(seedbed.ECONFLICT, "申请状态已改变，请刷新 / the application changed meanwhile; reload")
		}
		if app.State == seedbed.AppSubmitted {
			if _, err := tx.ExecContext(ctx, `UPDATE review_assignments SET state='recused', declaration_note='申请已撤回 / application withdrawn'
				WHERE application_id=$1 AND state IN ('assigned','open')`, id); err != nil {
				return err
			}
			if _, err := recordEvent(ctx, tx, a, seedbed.EventWithdrawal, applicationSubject(id), map[string]any{
				"application_id": id, "program_id": app.ProgramID, "reason": reason}); err != nil {
				return err
			}
		}
		app.State, app.Version, app.UpdatedAt = seedbed.AppWithdrawn, app.Version+1, tx.now
		return audit(ctx, tx, a, "application.withdraw", "application", id, reason)
	})
	return app, err
}

// GetApplication returns one application with its attachments' descriptions, or ENOTFOUND.
func (s *Store) GetApplication(ctx context.Context, id int64) (*seedbed.Application, error) {
	app, err := getApplication(ctx, s.read, id)
	if err != nil {
		return nil, err
	}
	app.Attachments, err = s.attachments(ctx, id)
	return app, err
}

func getApplication(ctx context.Context, q queryer, id int64) (*seedbed.Application, error) {
	app, err := scanApplication(q.QueryRowContext(ctx, `SELECT `+applicationColumns+applicationFrom+` WHERE a.id = $1`, id))
	if err == sql.ErrNoRows {
		return nil, seedbed.Errorf(seedbed.ENOTFOUND, "申请 %d 不存在 / application %d not found", id, id)
	}
	if err != nil {
		return nil, err
	}
	app.CoApplicantIDs, err = coApplicants(ctx, q, id)
	return app, err
}

func coApplicants(ctx context.Context, q queryer, id int64) ([]int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT innovator_id FROM application_parties WHERE application_id = $1 AND role = 'coapplicant' ORDER BY innovator_id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []int64{}
	for rows.Next() {
		var x int64
		if err := rows.Scan(&x); err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

func scanApplication(row scanner) (*seedbed.Application, error) {
	var app seedbed.Application
	var tags, people, extra, elig, reason, created, updated string
	var submitted sql.NullString
	var score sql.NullFloat64
	err := row.Scan(&app.ID, &app.ProgramID, &app.ProgramTitle, &app.InnovatorID, &app.InnovatorName, &app.Title,
		&app.Direction, &app.Team, &app.Unlocks, &app.Amount, &app.Field, &tags, &people, &extra, &app.State, &elig,
		&submitted, &app.Outcome, &reason, &app.Rank, &score, &app.Granted, &app.Version, &app.CreatedBy, &created, &updated)
	if err != nil {
		return nil, err
	}
	app.CreatedAt, app.UpdatedAt = parseTime(created), parseTime(updated)
	if submitted.Valid {
		t := parseTime(submitted.String)
		app.SubmittedAt = &t
	}
	if score.Valid {
		app.Score = &score.Float64
	}
	for _, x := range []struct {
		text string
		v    any
	}{{tags, &app.Tags}, {people, &app.People}, {extra, &app.Extra}} {
		if err := json.Unmarshal([]byte(x.text), x.v); err != nil {
			return nil, fmt.Errorf("application %d: %w", app.ID, err)
		}
	}
	if elig != "" {
		app.Eligibility = &seedbed.Eligibility{}
		if err := json.Unmarshal([]byte(elig), app.Eligibility); err != nil {
			return nil, fmt.Errorf("application %d eligibility: %w", app.ID, err)
		}
	}
	if reason != "" {
		if err := json.Unmarshal([]byte(reason), &app.OutcomeReason); err != nil {
			return nil, fmt.Errorf("application %d reason: %w", app.ID, err)
		}
	}
	app.Attachments, app.CoApplicantIDs = []seedbed.Attachment{}, []int64{}
	return &app, nil
}

// FindApplications returns one page of the applications matching f, in id order, and how many
// match.
func (s *Store) FindApplications(ctx context.Context, f seedbed.ApplicationFilter) ([]seedbed.Application, int, error) {
	var w where
	if f.ProgramID != 0 {
		w.add("a.program_id = ?", f.ProgramID)
	}
	if f.InnovatorIDs != nil {
		w.inInt64("a.innovator_id", f.InnovatorIDs)
	}
	if f.IDs != nil {
		if len(f.IDs) == 0 {
			return []seedbed.Application{}, 0, nil
		}
		w.inInt64("a.id", f.IDs)
	}
	if f.State != "" {
		w.add("a.state = ?", f.State)
	}
	if f.Outcome != "" {
		w.add("a.outcome = ?", f.Outcome)
	}
	var total int
	if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM applications a`+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	offset, limit := clampPage(f.Offset, f.Limit, 50, 1000)
	rows, err := s.read.QueryContext(ctx, `SELECT `+applicationColumns+applicationFrom+w.sql()+
		` ORDER BY a.id LIMIT `+w.next(limit)+` OFFSET `+w.next(offset), w.args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []seedbed.Application{}
	for rows.Next() {
		app, err := scanApplication(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, *app)
	}
	return out, total, rows.Err()
}
