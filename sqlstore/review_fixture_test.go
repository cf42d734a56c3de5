package sqlstore

import (
	"context"

	"seedbed"
	"seedbed/selection"
)

// The tests of this package take programs through review and selection with these: the use
// cases themselves live in package app (which this package's tests cannot import, and whose
// tests cover their rules), so each fixture writes the rows and decision events the use case
// would on its way to success.

// AssignReviewers assigns k reviewers to every reviewable application, as app.Reviews does.
func (s *Store) AssignReviewers(ctx context.Context, a seedbed.Actor, programID int64, seed uint64) (*selection.AssignmentRun, error) {
	run := &selection.AssignmentRun{}
	err := s.inTx(ctx, func(tx *Tx) error {
		p, err := tx.Program(ctx, programID)
		if err != nil {
			return err
		}
		apps, err := tx.ReviewableApplications(ctx, programID)
		if err != nil {
			return err
		}
		pool, err := tx.ReviewerPool(ctx)
		if err != nil {
			return err
		}
		byName := map[string]int64{}
		var infos []selection.ReviewerInfo
		for i := range pool {
			ri, err := tx.ReviewerInfo(ctx, &pool[i])
			if err != nil {
				return err
			}
			infos, byName[pool[i].Username] = append(infos, ri), pool[i].UserID
		}
		var ais []selection.AppInfo
		for i := range apps {
			ai, err := tx.AppInfo(ctx, &apps[i])
			if err != nil {
				return err
			}
			ais = append(ais, ai)
		}
		as, problems := selection.Assign(ais, infos, p.ReviewersPerApp, seed)
		run.Pairs, run.Problems = as.Pairs, problems
		for _, pair := range as.Pairs {
			if err := tx.InsertAssignment(ctx, programID, seedbed.ParseAppCode(pair.AppID), byName[pair.ReviewerID], pair.Expertise); err != nil {
				return err
			}
		}
		_, err = tx.RecordEvent(ctx, a, seedbed.EventAssignment, seedbed.ProgramSubject(programID), map[string]any{
			"program_id": programID, "k": p.ReviewersPerApp, "seed": seed, "pairs": run.Pairs, "problems": run.Problems})
		return err
	})
	return run, err
}

// DeclareConflict records a reviewer's declaration, as app.Reviews does.
func (s *Store) DeclareConflict(ctx context.Context, a seedbed.Actor, id int64, d seedbed.Declaration) (*seedbed.Assignment, error) {
	var as *seedbed.Assignment
	err := s.inTx(ctx, func(tx *Tx) error {
		var err error
		if as, err = tx.GetAssignment(ctx, id); err != nil {
			return err
		}
		state := seedbed.AssignmentOpen
		if d.Conflict {
			state = seedbed.AssignmentRecused
		}
		if err := tx.DeclareAssignment(ctx, id, state, d.Note); err != nil {
			return err
		}
		as.State = state
		_, err = tx.RecordEvent(ctx, a, seedbed.EventConflictDeclared, seedbed.ApplicationSubject(as.ApplicationID), map[string]any{
			"assignment_id": id, "application_id": as.ApplicationID, "program_id": as.ProgramID, "reviewer": a.Username,
			"conflict": d.Conflict, "note": d.Note})
		return err
	})
	return as, err
}

// ScoreApplication stores a reviewer's scores, as app.Reviews does.
func (s *Store) ScoreApplication(ctx context.Context, a seedbed.Actor, id int64, sheet seedbed.ScoreSheet) (*seedbed.Assignment, error) {
	var as *seedbed.Assignment
	err := s.inTx(ctx, func(tx *Tx) error {
		var err error
		if as, err = tx.GetAssignment(ctx, id); err != nil {
			return err
		}
		p, err := tx.Program(ctx, as.ProgramID)
		if err != nil {
			return err
		}
		total, err := toRubric(p.Rubric).Total(sheet.Scores)
		if err != nil {
			return err
		}
		if err := tx.ScoreAssignment(ctx, id, sheet.Scores, total, sheet.Comment); err != nil {
			return err
		}
		_, err = tx.RecordEvent(ctx, a, seedbed.EventScore, seedbed.ApplicationSubject(as.ApplicationID), map[string]any{
			"assignment_id": id, "application_id": as.ApplicationID, "program_id": as.ProgramID, "reviewer": a.Username,
			"scores": sheet.Scores, "total": total})
		return err
	})
	return as, err
}

// NormaliseScores normalises a program's scores, as app.Reviews does.
func (s *Store) NormaliseScores(ctx context.Context, a seedbed.Actor, programID int64) (*selection.ProgramSelection, error) {
	var ps *selection.ProgramSelection
	err := s.inTx(ctx, func(tx *Tx) error {
		scores, err := tx.ProgramScores(ctx, programID)
		if err != nil {
			return err
		}
		n, err := selection.Normalise(scores, selection.NormaliseOptions{})
		if err != nil {
			return err
		}
		ps = &selection.ProgramSelection{ProgramID: programID, Normalised: n, ScoreCount: len(scores)}
		if err := tx.SaveNormalised(ctx, a, ps); err != nil {
			return err
		}
		_, err = tx.RecordEvent(ctx, a, seedbed.EventNormalisation, seedbed.ProgramSubject(programID), map[string]any{
			"program_id": programID, "score_count": len(scores), "method": "per-reviewer z-score", "normalised": n})
		return err
	})
	return ps, err
}

// RunSelection makes a program's selection in its mode, as app.Reviews does (without declining
// the ineligible).
func (s *Store) RunSelection(ctx context.Context, a seedbed.Actor, programID int64) (*selection.ProgramSelection, error) {
	var ps *selection.ProgramSelection
	err := s.inTx(ctx, func(tx *Tx) error {
		p, err := tx.Program(ctx, programID)
		if err != nil {
			return err
		}
		if ps, err = tx.ProgramSelection(ctx, programID); err != nil {
			return err
		}
		apps, err := tx.ReviewableApplications(ctx, programID)
		if err != nil {
			return err
		}
		amounts := map[string]int64{}
		for _, app := range apps {
			amounts[seedbed.AppCode(app.ID)] = app.Amount
		}
		cands, err := selection.Candidates(ps.Normalised, amounts)
		if err != nil {
			return err
		}
		sel, plan, err := selection.Select(p.SelectionMode, cands, p.Remaining(),
			selection.Rules{Threshold: p.Threshold, QualityBar: p.QualityBar, FillGaps: p.FillGaps})
		if err != nil {
			return err
		}
		if err := tx.SaveSelection(ctx, a, ps, p.SelectionMode, sel, plan); err != nil {
			return err
		}
		for _, d := range sel.Decisions {
			if err := tx.SetOutcome(ctx, programID, d); err != nil {
				return err
			}
			if d.Outcome == selection.OutcomeDrawPending {
				continue
			}
			kind := seedbed.EventRejection
			if d.Outcome.Granted() {
				kind = seedbed.EventFundingDecision
			}
			id := seedbed.ParseAppCode(d.AppID)
			if _, err := tx.RecordEvent(ctx, a, kind, seedbed.ApplicationSubject(id), map[string]any{"application_id": id,
				"program_id": programID, "outcome": d.Outcome, "granted": d.Granted, "reason": d.Reason}); err != nil {
				return err
			}
		}
		_, err = tx.RecordEvent(ctx, a, seedbed.EventSelection, seedbed.ProgramSubject(programID), map[string]any{
			"program_id": programID, "mode": p.SelectionMode, "spent": sel.Spent, "decisions": sel.Decisions})
		return err
	})
	return ps, err
}
