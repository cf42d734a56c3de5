package sqlstore

import (
	"context"
	"time"

	"seedbed"
)

// The tests of this package build programs, applications and awards with these: the use cases
// themselves live in package app (which this package's tests cannot import), so each fixture
// writes the rows the use case would, applying the same domain rules.

// CreateApplication stores a draft application, as app.Programs.CreateApplication does.
func (s *Store) CreateApplication(ctx context.Context, a seedbed.Actor, app *seedbed.Application) error {
	app.Normalize()
	return s.inTx(ctx, func(tx *Tx) error {
		p, err := tx.Program(ctx, app.ProgramID)
		if err != nil {
			return err
		}
		if err := p.CheckCallOpen(tx.now); err != nil {
			return err
		}
		if err := app.Validate(p, false); err != nil {
			return err
		}
		app.State, app.Version, app.CreatedBy, app.CreatedAt, app.UpdatedAt = seedbed.AppDraft, 1, a.Username, tx.now, tx.now
		return tx.InsertApplication(ctx, app)
	})
}

// SubmitApplication submits a draft with a verdict, as app.Programs.SubmitCheckedApplication does.
func (s *Store) SubmitApplication(ctx context.Context, a seedbed.Actor, id int64, elig seedbed.Eligibility, checkedAt time.Time) (*seedbed.Application, error) {
	var app *seedbed.Application
	err := s.inTx(ctx, func(tx *Tx) error {
		var err error
		if app, err = tx.Application(ctx, id); err != nil {
			return err
		}
		if err := app.CheckSubmittable(); err != nil {
			return err
		}
		p, err := tx.Program(ctx, app.ProgramID)
		if err != nil {
			return err
		}
		if err := app.Validate(p, true); err != nil {
			return err
		}
		if _, err := tx.MarkApplicationSubmitted(ctx, id, elig); err != nil {
			return err
		}
		_, err = tx.RecordEvent(ctx, a, seedbed.EventEligibility, seedbed.ApplicationSubject(id), map[string]any{
			"application_id": id, "program_id": app.ProgramID, "eligibility": elig, "checked_at": fmtTime(checkedAt)})
		return err
	})
	return app, err
}
