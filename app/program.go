package app

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"seedbed"
	"seedbed/selection"
	"seedbed/sqlstore"
)

// Programs runs programs, applications, awards and tranches.
type Programs struct {
	store *sqlstore.Store
	log   *slog.Logger

	// CheckEligibility checks an innovator against policies as of a day; applications are
	// submitted with its verdict. New wires it to the policies' eligibility check.
	CheckEligibility func(ctx context.Context, in *seedbed.Innovator, policyIDs []string, asOf time.Time) (seedbed.Eligibility, error)
	// OpenFlags lists the open complacency flags on an award's innovator, brought up to date;
	// a stage gate's go waits until there are none. New wires it to monitoring.
	OpenFlags func(ctx context.Context, awardID int64) ([]seedbed.Flag, error)
	// TwoPerson says which two-person rules apply; every one unless switched off.
	TwoPerson seedbed.TwoPersonRules

	approvals *Approvals
	// Inbox receives the messages of the awards' life (reports, changes, decisions).
	Inbox *Inbox
	// CloseAsFailed closes an award as an honest failure; New wires it to the failure module.
	CloseAsFailed func(ctx context.Context, a seedbed.Actor, awardID int64, in seedbed.FailureInput) (*seedbed.Failure, error)
}

// CreateProgram validates and stores a new program as a draft. A program without a rubric gets
// the selection engine's light default rubric.
func (ps *Programs) CreateProgram(ctx context.Context, a seedbed.Actor, p *seedbed.Program) error {
	if err := prepareProgram(p); err != nil {
		return refused(ctx, ps.store, a, "program.create", "program", 0, err)
	}
	return decide(ctx, ps.store, a, "program.create", "program", 0, func(tx *sqlstore.Tx) error {
		p.State, p.Version, p.CreatedBy, p.CreatedAt, p.UpdatedAt = seedbed.ProgramDraft, 1, a.Username, tx.Now(), tx.Now()
		if err := tx.InsertProgram(ctx, p); err != nil {
			return err
		}
		if _, err := tx.RecordEvent(ctx, a, seedbed.EventProgramTerms, seedbed.ProgramSubject(p.ID), map[string]any{
			"program_id": p.ID, "old": nil, "new": programTerms(p)}); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "program.create", "program", p.ID, p.Title)
	})
}

// UpdateProgram saves a draft program. version must be the version the editor saw. Once a
// program is published its terms are fixed: applicants rely on them.
func (ps *Programs) UpdateProgram(ctx context.Context, a seedbed.Actor, p *seedbed.Program, version int) error {
	if err := prepareProgram(p); err != nil {
		return refused(ctx, ps.store, a, "program.update", "program", p.ID, err)
	}
	return decide(ctx, ps.store, a, "program.update", "program", p.ID, func(tx *sqlstore.Tx) error {
		old, err := tx.Program(ctx, p.ID)
		if err != nil {
			return err
		}
		if err := old.CheckEditable(); err != nil {
			return err
		}
		ok, err := tx.UpdateDraftProgram(ctx, p, version)
		if err != nil {
			return err
		}
		if !ok {
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "该计划已被他人修改（版本 %d，您编辑的是版本 %d），请刷新后重试", En: "changed by someone else since you opened it; reload and try again"}, old.Version, version)
		}
		p.State, p.Version, p.Committed, p.CreatedBy, p.CreatedAt, p.UpdatedAt = old.State, old.Version+1, old.Committed, old.CreatedBy, old.CreatedAt, tx.Now()
		if before, after := programTerms(old), programTerms(p); !sameJSON(before, after) {
			if _, err := tx.RecordEvent(ctx, a, seedbed.EventProgramTerms, seedbed.ProgramSubject(p.ID), map[string]any{
				"program_id": p.ID, "old": before, "new": after}); err != nil {
				return err
			}
		}
		return tx.Audit(ctx, a, "program.update", "program", p.ID, p.Title)
	})
}

// programTerms are the terms of a program that applicants rely on and the ledger records
// (program_terms, and program_published when the call opens).
func programTerms(p *seedbed.Program) map[string]any {
	return map[string]any{"title": p.Title, "budget": p.Budget, "max_request": p.MaxRequest, "deadline": sqlstore.FormatTime(p.Deadline),
		"policy_ids": p.PolicyIDs, "selection_mode": p.SelectionMode, "threshold": p.Threshold, "quality_bar": p.QualityBar,
		"fill_gaps": p.FillGaps, "reviewers_per_app": p.ReviewersPerApp, "rubric": p.Rubric, "stages": p.Stages,
		"blind_review": p.BlindReview, "reply_days": p.ReplyDays, "expertise_weight": p.ExpertiseWeight, "champion_rule": p.ChampionRuleOrDefault(),
		"kind": p.Kind, "ends_at": sqlstore.FormatTime(p.End()), "report_cap": p.ReportCap}
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

// toRubric and fromRubric convert between the domain's rubric and the selection engine's.
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

// TransitionProgram moves a program to the next state of its lifecycle and records the decision.
// Opening needs a complete program with eligibility policies and a deadline still ahead; review
// starts only after the deadline; deciding needs a finished selection (with its draw) and every
// step of the procedure in force for the applications it funds (ECONFLICT naming the missing
// steps).
func (ps *Programs) TransitionProgram(ctx context.Context, a seedbed.Actor, id int64, to, note string) (*seedbed.Program, error) {
	var p *seedbed.Program
	err := decide(ctx, ps.store, a, "program.transition", "program", id, func(tx *sqlstore.Tx) error {
		var err error
		if p, err = tx.Program(ctx, id); err != nil {
			return err
		}
		from := p.State
		if err := p.CheckTransition(to, note, tx.Now()); err != nil {
			return err
		}
		if to == seedbed.ProgramDecided {
			sel, err := tx.ProgramSelection(ctx, id)
			if err != nil {
				return err
			}
			if err := selectionFinished(sel); err != nil {
				return err
			}
			if err := procedureGate(ctx, tx, a, p, grantsOf(sel)); err != nil {
				return err
			}
		}
		ok, err := tx.SetProgramState(ctx, id, from, to)
		if err != nil {
			return err
		}
		if !ok {
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "计划状态已被他人改变，请刷新", En: "the program's state changed meanwhile; reload"})
		}
		p.State, p.Version, p.UpdatedAt = to, p.Version+1, tx.Now()
		kind := seedbed.EventProgramState
		payload := map[string]any{"program_id": id, "from": from, "to": to, "note": note, "title": p.Title}
		if to == seedbed.ProgramOpen {
			kind = seedbed.EventProgramPublished
			payload["terms"] = programTerms(p)
		}
		if _, err := tx.RecordEvent(ctx, a, kind, seedbed.ProgramSubject(id), payload); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "program.transition", "program", id, from+" → "+to)
	})
	return p, err
}

// selectionFinished refuses deciding a program before its selection was made and its draw, if
// any, took place.
func selectionFinished(sel *selection.ProgramSelection) error {
	if sel == nil || sel.Selection == nil {
		return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "尚未完成遴选", En: "the selection has not been made"})
	}
	for _, d := range sel.Selection.Decisions {
		if d.Outcome == selection.OutcomeDrawPending {
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "抽签尚未进行", En: "the draw has not taken place"})
		}
	}
	return nil
}

// GetProgram returns one program, or ENOTFOUND.
func (ps *Programs) GetProgram(ctx context.Context, id int64) (*seedbed.Program, error) {
	return ps.store.GetProgram(ctx, id)
}

// FindPrograms returns one page of the programs matching f, newest first, and how many match.
func (ps *Programs) FindPrograms(ctx context.Context, f seedbed.ProgramFilter) ([]seedbed.Program, int, error) {
	return ps.store.FindPrograms(ctx, f)
}

// ProgramEvents lists the decision events about a program itself, in order.
func (ps *Programs) ProgramEvents(ctx context.Context, id int64) ([]seedbed.Event, error) {
	evs, err := ps.store.FindEvents(ctx, seedbed.EventFilter{Subject: seedbed.ProgramSubject(id), Limit: 1000})
	if evs == nil && err == nil {
		evs = []seedbed.Event{}
	}
	return evs, err
}
