package sqlstore

import (
	"context"
	"time"

	"seedbed"
)

// AwardTodo counts the milestones and reports waiting for review, the tranches waiting for
// release, the milestones and reports overdue at now, the reports due within soon of now and the
// changes asked for, over the active awards of the innovators given (every award for nil).
func (s *Store) AwardTodo(ctx context.Context, innovatorIDs []int64, now time.Time, soon time.Duration) (seedbed.AwardTodo, error) {
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
	if err != nil {
		return out, err
	}
	var r where
	r.add("w.status IN (?, ?)", seedbed.AwardActive, seedbed.AwardCompleted)
	// only the reports the sums below count (award_reports_due), not every report of every
	// completed award
	r.add("r.status IN (?, ?, ?)", seedbed.ReportSubmitted, seedbed.ReportDue, seedbed.ReportReturned)
	if innovatorIDs != nil {
		r.inInt64("w.innovator_id", innovatorIDs)
	}
	nowArg, soonArg := r.next(fmtTime(now)), r.next(fmtTime(now.Add(soon)))
	err = s.read.QueryRowContext(ctx, `SELECT
		COALESCE(SUM(CASE WHEN r.status = 'submitted' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN r.status IN ('due', 'returned') AND r.due_at < `+nowArg+` THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN r.status IN ('due', 'returned') AND r.due_at >= `+nowArg+` AND r.due_at < `+soonArg+` THEN 1 ELSE 0 END), 0)
		FROM award_reports r JOIN awards w ON w.id = r.award_id`+r.sql(), r.args...).
		Scan(&out.ReportsToReview, &out.ReportsOverdue, &out.ReportsDueSoon)
	if err != nil {
		return out, err
	}
	var c where
	c.add("w.status = ?", seedbed.AwardActive)
	c.add("c.status = ?", seedbed.ChangeRequested)
	if innovatorIDs != nil {
		c.inInt64("w.innovator_id", innovatorIDs)
	}
	err = s.read.QueryRowContext(ctx, `SELECT count(*) FROM award_changes c JOIN awards w ON w.id = c.award_id`+c.sql(), c.args...).
		Scan(&out.ChangesToDecide)
	return out, err
}
