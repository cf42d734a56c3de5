package app

import (
	"context"
	"strings"
	"unicode/utf8"

	"seedbed"
	"seedbed/sqlstore"
)

// NameChampion records the acting reviewer's one champion of a program's round: an application
// assigned to them and opened (declared free of conflict), with a written reason. In a partial
// lottery the champion enters the draw whatever its score. EINVALID without a reason or with
// one over 1000 characters; ECONFLICT for a second champion in the round or once review is
// over; EFORBIDDEN for an application the reviewer may not open.
func (r *Reviews) NameChampion(ctx context.Context, a seedbed.Actor, assignmentID int64, reason string) (*seedbed.Champion, error) {
	reason = strings.TrimSpace(reason)
	var c *seedbed.Champion
	err := decide(ctx, r.store, a, "review.champion", "assignment", assignmentID, func(tx *sqlstore.Tx) error {
		as, _, err := ownAssignment(ctx, tx, a, assignmentID)
		if err != nil {
			return err
		}
		switch as.State {
		case seedbed.AssignmentReplaced:
			return replacedError(as)
		case seedbed.AssignmentAssigned, seedbed.AssignmentRecused, seedbed.AssignmentDeclined:
			return seedbed.Errorf(seedbed.EFORBIDDEN, seedbed.Label{Zh: "只能力荐已声明无利益冲突的申请", En: "you can champion only an application you declared no conflict with"})
		}
		switch n := utf8.RuneCountInString(reason); {
		case n == 0:
			return seedbed.FieldError("reason", seedbed.Label{Zh: "请写明力荐理由", En: "give the reason for championing it"})
		case n > 1000:
			return seedbed.FieldError("reason", seedbed.Label{Zh: "理由过长（最多 1000 字）", En: "reason too long (at most 1000 characters)"})
		}
		existing, err := tx.ProgramChampions(ctx, as.ProgramID)
		if err != nil {
			return err
		}
		for _, e := range existing {
			if e.ReviewerID == a.UserID {
				return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "您本轮已力荐申请 %s，每位专家每轮只能力荐一项", En: "you already championed application %s this round; each reviewer champions one"}, seedbed.AppCode(e.ApplicationID))
			}
		}
		c = &seedbed.Champion{ProgramID: as.ProgramID, ApplicationID: as.ApplicationID, ReviewerID: a.UserID, ReviewerName: a.Username, Reason: reason}
		if err := tx.InsertChampion(ctx, c); err != nil {
			return err
		}
		if _, err := tx.RecordEvent(ctx, a, seedbed.EventChampion, seedbed.ApplicationSubject(as.ApplicationID), map[string]any{
			"application_id": as.ApplicationID, "program_id": as.ProgramID, "reviewer": a.Username, "reason": reason}); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "review.champion", "assignment", assignmentID, seedbed.AppCode(as.ApplicationID))
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// ProgramChampions lists a program's champions.
func (r *Reviews) ProgramChampions(ctx context.Context, programID int64) ([]seedbed.Champion, error) {
	return r.store.ProgramChampions(ctx, programID)
}
