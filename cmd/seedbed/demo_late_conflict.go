package main

import (
	"time"

	"seedbed"
)

// actorsByID indexes the demo's reviewers by their account, to act as the reviewer of an assignment.
func actorsByID(reviewers []seedbed.Actor) map[int64]seedbed.Actor {
	byID := make(map[int64]seedbed.Actor, len(reviewers))
	for _, r := range reviewers {
		byID[r.UserID] = r
	}
	return byID
}

// lateConflict is a conflict a reviewer declares after scoring: what the reviewer writes, why the
// officer replaces the reviewer, how long each replacement takes, and how it scores.
type lateConflict struct {
	note, reason, comment string
	gap                   time.Duration
	score                 func(c seedbed.Criterion, as seedbed.Assignment) float64
}

// replaceAfterLateConflict records the late conflict of the reviewer of late, has the officer
// replace the reviewer with the reason, and lets each replacement declare no conflict and score.
func (d *demoPrograms) replaceAfterLateConflict(p *seedbed.Program, byID map[int64]seedbed.Actor, late seedbed.Assignment, lc lateConflict) error {
	if _, err := d.r.DeclareConflict(d.ctx, byID[late.ReviewerID], late.ID, seedbed.Declaration{Conflict: true, Note: lc.note}); err != nil {
		return err
	}
	d.tick(2 * time.Hour)
	rep, err := d.r.ReplaceReviewer(d.ctx, d.officer, late.ID, lc.reason, uint64(late.ID))
	if err != nil {
		return err
	}
	for _, pair := range rep.Run.Pairs {
		fresh, err := d.s.FindAssignments(d.ctx, seedbed.AssignmentFilter{ApplicationID: seedbed.ParseAppCode(pair.AppID), State: seedbed.AssignmentAssigned})
		if err != nil {
			return err
		}
		for _, as := range fresh {
			d.tick(lc.gap)
			rv := byID[as.ReviewerID]
			if _, err := d.r.DeclareConflict(d.ctx, rv, as.ID, seedbed.Declaration{}); err != nil {
				return err
			}
			scores := map[string]float64{}
			for _, c := range p.Rubric {
				scores[c.ID] = lc.score(c, as)
			}
			if _, err := d.r.ScoreApplication(d.ctx, rv, as.ID, seedbed.ScoreSheet{Scores: scores, Comment: lc.comment}); err != nil {
				return err
			}
		}
	}
	return nil
}
