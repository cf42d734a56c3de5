package app

import (
	"context"
	"fmt"

	"seedbed"
	"seedbed/sqlstore"
)

// MyAssignments returns the acting reviewer's assignments (of one state, or all when state is
// empty). Where a program hides who applied (blind review, identities not yet revealed), the
// applicant's name is left out.
func (r *Reviews) MyAssignments(ctx context.Context, a seedbed.Actor, state string) ([]seedbed.Assignment, error) {
	list, err := r.store.FindAssignments(ctx, seedbed.AssignmentFilter{ReviewerID: a.UserID, State: state})
	if err != nil {
		return nil, err
	}
	hides := map[int64]bool{}
	for i := range list {
		pid := list[i].ProgramID
		h, ok := hides[pid]
		if !ok {
			p, err := r.store.GetProgram(ctx, pid)
			if err != nil {
				return nil, err
			}
			h = p.HidesIdentity(a.Role)
			hides[pid] = h
		}
		if h {
			list[i].Anonymise()
		}
	}
	return list, nil
}

// ReviewerApplication returns an application the acting reviewer may open (see
// ReviewerMayOpen), anonymised where its program hides who applied, with the program.
func (r *Reviews) ReviewerApplication(ctx context.Context, a seedbed.Actor, appID int64) (*seedbed.Application, *seedbed.Program, error) {
	if _, err := r.ReviewerMayOpen(ctx, a, appID); err != nil {
		return nil, nil, err
	}
	app, err := r.store.GetApplication(ctx, appID)
	if err != nil {
		return nil, nil, err
	}
	p, err := r.store.GetProgram(ctx, app.ProgramID)
	if err != nil {
		return nil, nil, err
	}
	if p.HidesIdentity(a.Role) {
		app.Anonymise()
	}
	return app, p, nil
}

// IdentityMentions returns where the anonymised part of an application names who applied
// (seedbed.IdentityMentions), for the applicant's warning and the officer's flag.
func (r *Reviews) IdentityMentions(ctx context.Context, app *seedbed.Application) ([]seedbed.IdentityMention, error) {
	in, err := r.store.GetInnovator(ctx, app.InnovatorID)
	if err != nil {
		return nil, err
	}
	return seedbed.IdentityMentions(app, in.Name, in.CreditCode), nil
}

// RevealIdentities reveals the applicants of a blind program to the panel. The scores must be
// final: every assignment declared and scored, and normalised since the last score (ECONFLICT
// otherwise, and when the program is not blind or was revealed already). The reveal, with every
// application's applicant, is a decision in the ledger.
func (r *Reviews) RevealIdentities(ctx context.Context, a seedbed.Actor, programID int64) (*seedbed.Program, error) {
	var p *seedbed.Program
	err := decide(ctx, r.store, a, "review.reveal", "program", programID, func(tx *sqlstore.Tx) error {
		var err error
		if p, err = tx.Program(ctx, programID); err != nil {
			return err
		}
		if !p.BlindReview {
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "该计划不是匿名评审，无需揭示身份", En: "the program is not blind; there is nothing to reveal"})
		}
		if p.RevealedAt != nil {
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "申请人身份已于 %s 揭示", En: "the identities were revealed on %s"}, sqlstore.FormatTime(*p.RevealedAt))
		}
		if p.State != seedbed.ProgramInReview && p.State != seedbed.ProgramDecided {
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "计划当前%s，评分尚未定稿", En: "the program is %s; the scores are not final"}, p.StateLabel())
		}
		ps, err := tx.ProgramSelection(ctx, programID)
		if err != nil {
			return err
		}
		if ps == nil {
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "评分尚未定稿：请在全部评审完成后先做评分校正，再揭示身份", En: "the scores are not final: finish every review and normalise the scores before revealing identities"})
		}
		if err := checkReviewComplete(ctx, tx, ps); err != nil {
			if seedbed.ErrorCode(err) == seedbed.EINTERNAL {
				return err
			}
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "评分尚未定稿，不能揭示身份：%s", En: "the scores are not final, so identities stay hidden: %s"}, err)
		}
		apps, err := tx.ReviewableApplications(ctx, programID)
		if err != nil {
			return err
		}
		who := make([]map[string]any, 0, len(apps))
		for _, app := range apps {
			who = append(who, map[string]any{"application_id": app.ID, "innovator_id": app.InnovatorID, "innovator_name": app.InnovatorName})
		}
		if err := tx.RevealIdentities(ctx, programID, a.Username); err != nil {
			return err
		}
		now := tx.Now()
		p.RevealedAt = &now
		if _, err := tx.RecordEvent(ctx, a, seedbed.EventIdentityReveal, seedbed.ProgramSubject(programID), map[string]any{
			"program_id": programID, "normalised_at": sqlstore.FormatTime(ps.NormalisedAt), "score_count": ps.ScoreCount,
			"applicants": who}); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "review.reveal", "program", programID, fmt.Sprintf("%d applications", len(apps)))
	})
	return p, err
}
