package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"seedbed"
)

const applicationColumns = `a.id, a.program_id, p.title, a.innovator_id, i.name, a.title, a.direction, a.team, a.unlocks,
	a.amount, a.field, a.tags, a.people, a.extra, a.state, a.eligibility, a.submitted_at, a.outcome, a.outcome_reason,
	a.rank_no, a.score, a.granted, a.version, a.created_by, a.created_at, a.updated_at`

const applicationFrom = ` FROM applications a JOIN programs p ON p.id = a.program_id JOIN innovators i ON i.id = a.innovator_id`

// LockApplication holds application id against other transactions' changes until this one
// ends, so that what it reads of the application next (its state, its attachments) stays true
// until it commits (lockRow).
func (tx *Tx) LockApplication(ctx context.Context, id int64) error {
	return tx.lockRow(ctx, `SELECT 1 FROM applications WHERE id = $1 FOR UPDATE`, id)
}

// Application reads one application inside the transaction, or ENOTFOUND.
func (tx *Tx) Application(ctx context.Context, id int64) (*seedbed.Application, error) {
	return getApplication(ctx, tx, id)
}

// LiveApplicationID returns the id of the organisation's application to the program that is
// not withdrawn, or 0 when there is none.
func (tx *Tx) LiveApplicationID(ctx context.Context, programID, innovatorID int64) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM applications WHERE program_id = $1 AND innovator_id = $2 AND state <> 'withdrawn'`,
		programID, innovatorID).Scan(&id)
	if err == sql.ErrNoRows {
		return 0, nil
	}
	return id, err
}

// InsertApplication stores a new application with its parties and sets its id; the time and
// author are the caller's.
func (tx *Tx) InsertApplication(ctx context.Context, app *seedbed.Application) error {
	id, err := insertID(ctx, tx, `INSERT INTO applications (program_id, innovator_id, title, direction, team, unlocks,
		amount, field, tags, people, extra, state, version, created_by, created_at, updated_at)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16)`,
		app.ProgramID, app.InnovatorID, app.Title, app.Direction, app.Team, app.Unlocks, app.Amount, app.Field,
		jsonString(app.Tags), jsonString(app.People), jsonString(app.Extra), app.State, app.Version, app.CreatedBy,
		fmtTime(app.CreatedAt), fmtTime(app.UpdatedAt))
	if err != nil {
		if seedbed.ErrorCode(err) == seedbed.ECONFLICT {
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "本单位在该计划中已有一份申请", En: "your organisation already has an application to this program"})
		}
		return err
	}
	app.ID = id
	if err := bumpFunding(ctx, tx); err != nil {
		return err
	}
	return writeParties(ctx, tx, app)
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
				return seedbed.FieldError("coapplicant_ids", seedbed.Label{Zh: "合作单位 %d 不在创新主体库中", En: "co-applicant %d is not in the registry"}, id)
			}
			return err
		}
	}
	return nil
}

// UpdateDraftApplication saves the form of a draft application, with its parties, if it is
// still at version; it reports whether it was.
func (tx *Tx) UpdateDraftApplication(ctx context.Context, app *seedbed.Application, version int) (bool, error) {
	res, err := tx.ExecContext(ctx, `UPDATE applications SET title=$1, direction=$2, team=$3, unlocks=$4, amount=$5,
		field=$6, tags=$7, people=$8, extra=$9, version=version+1, updated_at=$10 WHERE id=$11 AND version=$12 AND state='draft'`,
		app.Title, app.Direction, app.Team, app.Unlocks, app.Amount, app.Field, jsonString(app.Tags), jsonString(app.People),
		jsonString(app.Extra), fmtTime(tx.now), app.ID, version)
	if err != nil {
		return false, err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return false, nil
	}
	return true, writeParties(ctx, tx, app)
}

// MarkApplicationSubmitted submits a draft application with its eligibility verdict, at the
// transaction's time; it reports whether the application was still a draft.
func (tx *Tx) MarkApplicationSubmitted(ctx context.Context, id int64, elig seedbed.Eligibility) (bool, error) {
	res, err := tx.ExecContext(ctx, `UPDATE applications SET state='submitted', submitted_at=$1, eligibility=$2,
		eligibility_status=$3, version=version+1, updated_at=$1 WHERE id=$4 AND state='draft'`,
		fmtTime(tx.now), jsonString(elig), elig.Status, id)
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n == 1, bumpFunding(ctx, tx)
}

// SetApplicationEligibility replaces a submitted application's undecided eligibility (an
// override); false when it is no longer submitted, undecided and without outcome.
func (tx *Tx) SetApplicationEligibility(ctx context.Context, id int64, elig seedbed.Eligibility) (bool, error) {
	res, err := tx.ExecContext(ctx, `UPDATE applications SET eligibility=$1, eligibility_status=$2, version=version+1, updated_at=$3
		WHERE id=$4 AND state='submitted' AND eligibility_status=$5 AND outcome=''`,
		jsonString(elig), elig.Status, fmtTime(tx.now), id, seedbed.Undecided)
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// MarkApplicationWithdrawn withdraws an application that has no outcome yet; it reports whether
// it had none and was not withdrawn already.
func (tx *Tx) MarkApplicationWithdrawn(ctx context.Context, id int64) (bool, error) {
	res, err := tx.ExecContext(ctx, `UPDATE applications SET state='withdrawn', version=version+1, updated_at=$1
		WHERE id=$2 AND state <> 'withdrawn' AND outcome = ''`, fmtTime(tx.now), id)
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n == 1, bumpFunding(ctx, tx)
}

// RecuseOpenAssignments marks the review assignments of an application that are not yet done as
// recused, with note as the declaration.
func (tx *Tx) RecuseOpenAssignments(ctx context.Context, applicationID int64, note string) error {
	_, err := tx.ExecContext(ctx, `UPDATE review_assignments SET state='recused', declaration_note=$1
		WHERE application_id=$2 AND state IN ('assigned','open')`, note, applicationID)
	return err
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
		return nil, seedbed.Errorf(seedbed.ENOTFOUND, seedbed.Label{Zh: "申请 %d 不存在", En: "application %d not found"}, id)
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
		orderBy(f.Order, seedbed.ApplicationSorts, applicationOrder, "a.id")+` LIMIT `+w.next(limit)+` OFFSET `+w.next(offset), w.args...)
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
