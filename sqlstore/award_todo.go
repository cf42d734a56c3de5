package sqlstore

import (
	"context"
	"time"

	"seedbed"
)

// AwardTodo counts the milestones waiting for review, the tranches waiting for release and the
// milestones overdue at now, over the active awards of the innovators given (every award for nil).
func (s *Store) AwardTodo(ctx context.Context, innovatorIDs []int64, now time.Time) (seedbed.AwardTodo, error) {
	var w where
	w.add("w.status = ?", seedbed.AwardActive)
	w.add("t.status = ?", seedbed.TranchePending)
	if innovatorIDs != nil {
		w.inInt64("w.innovator_id", innovatorIDs)
	}
	nowArg := w.next(fmtTime(now))
	var out seedbed.AwardTodo
	err := s.read.QueryRowContext(ctx, `SELECT
		COALESCE(SUM(CASE WHEN t.milestone_status = 'submitted' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN t.milestone_status = 'accepted' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN t.milestone_status IN ('awaiting', 'returned') AND t.due_at < `+nowArg+` THEN 1 ELSE 0 END), 0)
		FROM award_tranches t JOIN awards w ON w.id = t.award_id`+w.sql(), w.args...).
		Scan(&out.MilestonesToReview, &out.TranchesToRelease, &out.MilestonesOverdue)
	return out, err
}
