package app

import (
	"context"

	"seedbed"
)

// DeterminationLetter builds the letter on an application's decision from what was recorded:
// the outcome and its reason, the decision's ledger entry, and the award with its tranches and
// reporting schedule when there is one. ENOTFOUND for an unknown application, ECONFLICT while
// there is no decision yet. It writes nothing.
func (ps *Programs) DeterminationLetter(ctx context.Context, appID int64) (*seedbed.Letter, error) {
	app, err := ps.GetApplication(ctx, appID)
	if err != nil {
		return nil, err
	}
	if err := app.CheckDecided(); err != nil {
		return nil, err
	}
	p, err := ps.GetProgram(ctx, app.ProgramID)
	if err != nil {
		return nil, err
	}
	l := &seedbed.Letter{Number: seedbed.LetterNumber(p.ID, app.ID), Application: app, Program: p, Granted: seedbed.OutcomeGranted(app.Outcome)}
	evs, err := ps.ApplicationEvents(ctx, app.ID)
	if err != nil {
		return nil, err
	}
	for _, ev := range evs {
		switch ev.Kind {
		case seedbed.EventFundingDecision, seedbed.EventRejection, seedbed.EventDraw:
			l.DecidedAt, l.DecidedBy, l.EventID = ev.At, ev.Actor, ev.ID
		}
	}
	if awardID, err := ps.store.AwardIDOfApplication(ctx, app.ID); err != nil {
		return nil, err
	} else if awardID != 0 {
		if l.Award, err = ps.GetAward(ctx, awardID); err != nil {
			return nil, err
		}
	}
	return l, nil
}
