package app

import (
	"context"
	"strings"
	"unicode/utf8"

	"seedbed"
	"seedbed/sqlstore"
)

// An assignment is the reviewer's invitation to review an application. The reviewer accepts it
// by declaring no conflict of interest (DeclareConflict), which the automatic conflict rules
// check on acceptance, or declines it with a reason; a declined place is filled by the next
// assignment run (AssignReviewers), which never invites the same reviewer to it again.

// DeclineInvitation records the acting reviewer declining an invitation not yet answered, with
// the reason (no time, outside their field, …); the decline is a decision in the ledger.
// EINVALID without a reason or with one over 500 characters; ECONFLICT once answered or when
// review is over; EFORBIDDEN for another reviewer's assignment.
func (r *Reviews) DeclineInvitation(ctx context.Context, a seedbed.Actor, id int64, reason string) (*seedbed.Assignment, error) {
	reason = strings.TrimSpace(reason)
	var as *seedbed.Assignment
	err := decide(ctx, r.store, a, "review.decline", "assignment", id, func(tx *sqlstore.Tx) error {
		var err error
		if as, _, err = ownAssignment(ctx, tx, a, id); err != nil {
			return err
		}
		switch n := utf8.RuneCountInString(reason); {
		case n == 0:
			return seedbed.FieldError("reason", seedbed.Label{Zh: "请简要说明谢绝的原因", En: "briefly say why you decline"})
		case n > 500:
			return seedbed.FieldError("reason", seedbed.Label{Zh: "原因过长（最多 500 字）", En: "reason too long (at most 500 characters)"})
		}
		if as.State != seedbed.AssignmentAssigned {
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "您已答复过这项邀请（%s）", En: "you have answered this invitation already (%s)"}, seedbed.AssignmentStates.Label(as.State))
		}
		if err := tx.DeclineAssignment(ctx, id, reason); err != nil {
			return err
		}
		now := tx.Now()
		as.State, as.DeclaredAt, as.DeclarationNote = seedbed.AssignmentDeclined, &now, reason
		if _, err := tx.RecordEvent(ctx, a, seedbed.EventInvitationDeclined, seedbed.ApplicationSubject(as.ApplicationID), map[string]any{
			"assignment_id": id, "application_id": as.ApplicationID, "program_id": as.ProgramID, "reviewer": a.Username, "reason": reason}); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "review.decline", "assignment", id, reason)
	})
	if err != nil {
		return nil, err
	}
	return as, nil
}

// declinedError is the refusal a reviewer who declined gets for anything on the application.
func declinedError() error {
	return seedbed.Errorf(seedbed.EFORBIDDEN, seedbed.Label{Zh: "您已谢绝评审该申请", En: "you declined to review this application"})
}
