package sqlstore

import (
	"context"
	"errors"
	"time"

	"seedbed"
	"seedbed/selection"
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

// CreateAward makes an award with its tranches, as app.Programs.CreateAward does.
func (s *Store) CreateAward(ctx context.Context, a seedbed.Actor, programID int64, in seedbed.AwardInput) (*seedbed.Award, error) {
	var aw *seedbed.Award
	err := s.inTx(ctx, func(tx *Tx) error {
		p, err := tx.Program(ctx, programID)
		if err != nil {
			return err
		}
		if err := p.CheckAwardable(in.Note); err != nil {
			return err
		}
		app, err := tx.Application(ctx, in.ApplicationID)
		if err != nil {
			return err
		}
		amount, err := seedbed.AwardAmount(app, programID, in.Amount)
		if err != nil {
			return err
		}
		if ok, err := tx.CommitBudget(ctx, programID, amount); err != nil || !ok {
			return errors.Join(err, seedbed.BudgetExceeded(p.Budget, p.Committed, amount))
		}
		aw = &seedbed.Award{ProgramID: programID, ApplicationID: app.ID, InnovatorID: app.InnovatorID, Amount: amount,
			Status: seedbed.AwardActive, AwardedAt: tx.now, AwardedBy: a.Username, Tranches: seedbed.PlanTranches(0, amount, p.Stages, tx.now)}
		if err := tx.InsertAward(ctx, aw); err != nil {
			return err
		}
		_, err = tx.RecordEvent(ctx, a, seedbed.EventAward, seedbed.AwardSubject(aw.ID), map[string]any{
			"award_id": aw.ID, "program_id": programID, "application_id": app.ID, "innovator_id": app.InnovatorID,
			"amount": amount, "granted_in_selection": app.Granted, "outcome": app.Outcome, "tranches": aw.Tranches})
		return err
	})
	return aw, err
}

// pendingTranche loads a pending tranche of an active award.
func pendingTranche(ctx context.Context, tx *Tx, trancheID int64) (*seedbed.Tranche, *seedbed.Award, error) {
	awardID, err := tx.AwardIDOfTranche(ctx, trancheID)
	if err != nil {
		return nil, nil, err
	}
	aw, err := tx.Award(ctx, awardID)
	if err != nil {
		return nil, nil, err
	}
	t, err := aw.PendingTranche(trancheID)
	return t, aw, err
}

// SubmitEvidence stores a tranche's milestone evidence, as app.Programs.SubmitEvidence does.
func (s *Store) SubmitEvidence(ctx context.Context, a seedbed.Actor, trancheID int64, evidence string) (*seedbed.Tranche, error) {
	var t *seedbed.Tranche
	err := s.inTx(ctx, func(tx *Tx) error {
		var aw *seedbed.Award
		var err error
		if t, aw, err = pendingTranche(ctx, tx, trancheID); err != nil {
			return err
		}
		if evidence, err = seedbed.CleanEvidence(a, aw, t, evidence); err != nil {
			return err
		}
		return tx.SetEvidence(ctx, trancheID, evidence)
	})
	return t, err
}

// ReviewMilestone accepts, returns or stops, as app.Programs.ReviewMilestone does.
func (s *Store) ReviewMilestone(ctx context.Context, a seedbed.Actor, trancheID int64, m seedbed.MilestoneReview) (*seedbed.Award, error) {
	var aw *seedbed.Award
	err := s.inTx(ctx, func(tx *Tx) error {
		t, w, err := pendingTranche(ctx, tx, trancheID)
		if err != nil {
			return err
		}
		if err := errors.Join(m.Validate(), w.CheckInOrder(t), t.CheckReviewable(m.Decision)); err != nil {
			return err
		}
		switch m.Decision {
		case seedbed.MilestoneAccept:
			err = tx.SetMilestoneReview(ctx, t.ID, seedbed.MilestoneAccepted, m.Note, a.Username)
		case seedbed.MilestoneReturn:
			err = tx.SetMilestoneReview(ctx, t.ID, seedbed.MilestoneReturned, m.Note, a.Username)
		case seedbed.MilestoneStop:
			if _, err = tx.StopAward(ctx, w.ID, m.Note); err == nil {
				err = tx.ReturnToBudget(ctx, w.ProgramID, w.Amount-w.Released)
			}
		}
		if err != nil {
			return err
		}
		kind := seedbed.EventMilestone
		if t.Gate {
			kind = seedbed.EventStageGate
		}
		payload := map[string]any{"award_id": w.ID, "tranche_id": t.ID, "seq": t.Seq, "stage": t.Stage, "milestone": t.Milestone,
			"evidence": t.Evidence, "decision": m.Decision, "note": m.Note, "gate": t.Gate}
		if t.Gate || m.Decision == seedbed.MilestoneStop {
			payload["go"] = m.Decision == seedbed.MilestoneAccept
		}
		if m.Decision == seedbed.MilestoneStop {
			if _, err := tx.RecordEvent(ctx, a, seedbed.EventAwardStatus, seedbed.AwardSubject(w.ID), map[string]any{"award_id": w.ID,
				"status": seedbed.AwardStopped, "note": m.Note, "released": w.Released, "returned_to_budget": w.Amount - w.Released}); err != nil {
				return err
			}
		}
		if _, err := tx.RecordEvent(ctx, a, kind, seedbed.AwardSubject(w.ID), payload); err != nil {
			return err
		}
		aw, err = tx.Award(ctx, w.ID)
		return err
	})
	return aw, err
}

// ReleaseTranche pays a tranche, as app.Programs.ReleaseTranche does.
func (s *Store) ReleaseTranche(ctx context.Context, a seedbed.Actor, trancheID int64) (*seedbed.Award, error) {
	var aw *seedbed.Award
	err := s.inTx(ctx, func(tx *Tx) error {
		t, w, err := pendingTranche(ctx, tx, trancheID)
		if err != nil {
			return err
		}
		if err := errors.Join(w.CheckInOrder(t), t.CheckReleasable()); err != nil {
			return err
		}
		if _, err := tx.MarkTrancheReleased(ctx, t.ID, a.Username); err != nil {
			return err
		}
		status := seedbed.AwardActive
		if t.Seq == len(w.Tranches) {
			status = seedbed.AwardCompleted
		}
		if err := tx.AddReleased(ctx, w.ID, t.Amount, status); err != nil {
			return err
		}
		if _, err := tx.RecordEvent(ctx, a, seedbed.EventTrancheRelease, seedbed.AwardSubject(w.ID), map[string]any{
			"award_id": w.ID, "tranche_id": t.ID, "seq": t.Seq, "amount": t.Amount, "released_total": w.Released + t.Amount,
			"milestone": t.Milestone, "evidence": t.Evidence, "accepted_by": t.ReviewedBy, "award_status": status}); err != nil {
			return err
		}
		aw, err = tx.Award(ctx, w.ID)
		return err
	})
	return aw, err
}

// CreateProgram stores a draft program, as app.Programs.CreateProgram does.
func (s *Store) CreateProgram(ctx context.Context, a seedbed.Actor, p *seedbed.Program) error {
	p.Normalize()
	if len(p.Rubric) == 0 {
		p.Rubric = fromRubric(selection.DefaultRubric())
	}
	if err := p.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *Tx) error {
		p.State, p.Version, p.CreatedBy, p.CreatedAt, p.UpdatedAt = seedbed.ProgramDraft, 1, a.Username, tx.now, tx.now
		return tx.InsertProgram(ctx, p)
	})
}

func fromRubric(r selection.Rubric) []seedbed.Criterion {
	out := make([]seedbed.Criterion, len(r.Criteria))
	for i, c := range r.Criteria {
		out[i] = seedbed.Criterion{ID: c.ID, Name: c.Name, Guide: c.Guide, Weight: c.Weight, Min: c.Min, Max: c.Max}
	}
	return out
}

// UpdateProgram saves a draft program, as app.Programs.UpdateProgram does.
func (s *Store) UpdateProgram(ctx context.Context, a seedbed.Actor, p *seedbed.Program, version int) error {
	return s.inTx(ctx, func(tx *Tx) error {
		old, err := tx.Program(ctx, p.ID)
		if err != nil {
			return err
		}
		if err := old.CheckEditable(); err != nil {
			return err
		}
		_, err = tx.UpdateDraftProgram(ctx, p, version)
		return err
	})
}

// TransitionProgram moves a program on, as app.Programs.TransitionProgram does.
func (s *Store) TransitionProgram(ctx context.Context, a seedbed.Actor, id int64, to, note string) (*seedbed.Program, error) {
	var p *seedbed.Program
	err := s.inTx(ctx, func(tx *Tx) error {
		var err error
		if p, err = tx.Program(ctx, id); err != nil {
			return err
		}
		from := p.State
		if err := p.CheckTransition(to, note, tx.now); err != nil {
			return err
		}
		if to == seedbed.ProgramDecided {
			sel, err := tx.ProgramSelection(ctx, id)
			if err != nil || sel == nil || sel.Selection == nil {
				return errors.Join(err, seedbed.Errorf(seedbed.ECONFLICT, "the selection has not been made"))
			}
			for _, d := range sel.Selection.Decisions {
				if d.Outcome == selection.OutcomeDrawPending {
					return seedbed.Errorf(seedbed.ECONFLICT, "the draw has not taken place")
				}
			}
		}
		if _, err := tx.SetProgramState(ctx, id, from, to); err != nil {
			return err
		}
		p.State = to
		kind := seedbed.EventProgramState
		if to == seedbed.ProgramOpen {
			kind = seedbed.EventProgramPublished
		}
		_, err = tx.RecordEvent(ctx, a, kind, seedbed.ProgramSubject(id), map[string]any{"program_id": id, "from": from, "to": to})
		return err
	})
	return p, err
}

// toRubric converts the domain's rubric to the engine's.
func toRubric(cs []seedbed.Criterion) selection.Rubric {
	r := selection.Rubric{Criteria: make([]selection.Criterion, len(cs))}
	for i, c := range cs {
		r.Criteria[i] = selection.Criterion{ID: c.ID, Name: c.Name, Guide: c.Guide, Weight: c.Weight, Min: c.Min, Max: c.Max}
	}
	return r
}
