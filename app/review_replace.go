package app

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"seedbed"
	"seedbed/selection"
	"seedbed/sqlstore"
)

// replacedError is the refusal a replaced reviewer gets for anything on the application.
func replacedError(as *seedbed.Assignment) error {
	return seedbed.Errorf(seedbed.EFORBIDDEN, seedbed.Label{Zh: "项目主管已将您替换出该申请的评审（原因：%s），不能再查看或评分", En: "an officer replaced you as reviewer of this application (reason: %s); you may no longer open or score it"}, as.ReplacedReason)
}

// ReplaceReviewer takes a reviewer off an application at any point of the review — before the
// declaration, after a score, after a late conflict — with a reason, and assigns a replacement
// in the same transaction. A score the reviewer gave no longer counts. The replacement is a
// decision in the ledger under the program, so every exemption case of the program sees it.
// EINVALID without a reason; ECONFLICT once replaced, or when review is over.
func (r *Reviews) ReplaceReviewer(ctx context.Context, a seedbed.Actor, assignmentID int64, reason string, seed uint64) (*selection.Replacement, error) {
	out := &selection.Replacement{Run: &selection.AssignmentRun{Pairs: []selection.Pair{}, Problems: []selection.Problem{}}}
	reason = strings.TrimSpace(reason)
	err := decide(ctx, r.store, a, "review.replace", "assignment", assignmentID, func(tx *sqlstore.Tx) error {
		switch n := utf8.RuneCountInString(reason); {
		case n == 0:
			return seedbed.FieldError("reason", seedbed.Label{Zh: "请写明替换评审专家的原因", En: "give the reason for replacing the reviewer"})
		case n > 500:
			return seedbed.FieldError("reason", seedbed.Label{Zh: "原因过长（最多 500 字）", En: "reason too long (at most 500 characters)"})
		}
		as, err := tx.GetAssignment(ctx, assignmentID)
		if err != nil {
			return err
		}
		p, err := tx.Program(ctx, as.ProgramID)
		if err != nil {
			return err
		}
		if err := checkReviewOpen(ctx, tx, p); err != nil {
			return err
		}
		if as.State == seedbed.AssignmentReplaced {
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "该评审专家已被替换", En: "the reviewer was replaced already"})
		}
		reviewer, err := tx.Username(ctx, as.ReviewerID)
		if err != nil {
			return err
		}
		if err := tx.ReplaceAssignment(ctx, assignmentID, reason, a.Username); err != nil {
			return err
		}
		earlier := as.State
		as.State, as.ReplacedReason = seedbed.AssignmentReplaced, reason
		out.Replaced = as
		if err := fillAssignments(ctx, tx, p, seed, out.Run); err != nil {
			return err
		}
		if _, err := tx.RecordEvent(ctx, a, seedbed.EventReviewerReplaced, seedbed.ProgramSubject(as.ProgramID), map[string]any{
			"assignment_id": assignmentID, "application_id": as.ApplicationID, "program_id": as.ProgramID,
			"reviewer": reviewer, "earlier_state": earlier, "reason": reason,
			"pairs": out.Run.Pairs, "problems": out.Run.Problems}); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "review.replace", "assignment", assignmentID, fmt.Sprintf("%s: %s", reviewer, reason))
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
