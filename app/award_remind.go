package app

import (
	"context"
	"time"

	"seedbed"
	"seedbed/evaluation"
	"seedbed/sqlstore"
)

// ReportReminderLead is how long before its due date a report is announced to the recipient.
const ReportReminderLead = 14 * 24 * time.Hour

// RemindReports tells recipients of the reports due within ReportReminderLead and of the
// reports and milestone evidence now overdue, once each, in one transaction; it returns how many
// reminders it recorded (recipients without an account get none). serve runs it every hour.
func (ps *Programs) RemindReports(ctx context.Context) (int, error) {
	if ps.Inbox == nil {
		return 0, nil
	}
	n := 0
	err := ps.store.InTx(ctx, func(tx *sqlstore.Tx) error {
		now := tx.Now()
		due, err := tx.ReportsToRemind(ctx, now, now.Add(ReportReminderLead))
		if err != nil {
			return err
		}
		late, err := tx.MilestonesToRemind(ctx, now)
		if err != nil {
			return err
		}
		due = append(due, late...)
		awards := map[int64]*seedbed.Award{}
		for _, r := range due {
			aw := awards[r.AwardID]
			if aw == nil {
				if aw, err = tx.Award(ctx, r.AwardID); err != nil {
					return err
				}
				awards[r.AwardID] = aw
			}
			kind, state := seedbed.MsgReportDue, "due"
			if r.Overdue {
				kind, state = seedbed.MsgReportOverdue, "overdue"
			}
			day := seedbed.Same(r.DueAt.In(evaluation.BureauZone).Format("2006-01-02"))
			what := seedbed.ReportKinds.Label(r.Kind)
			if r.TrancheSeq != 0 {
				what = seedbed.FormatLabel(seedbed.Label{Zh: "第 %d 批资金的里程碑证明", En: "milestone evidence of tranche %d"}, r.TrancheSeq)
			}
			if err := ps.notifyRecipient(ctx, tx, aw, kind, what, day); err != nil {
				return err
			}
			mark := tx.SetReminded
			if r.TrancheSeq != 0 {
				mark = tx.SetTrancheReminded
			}
			if err := mark(ctx, r.ReportID, state); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}

// RunReminders sends the report reminders every interval until ctx ends.
func (ps *Programs) RunReminders(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if _, err := ps.RemindReports(ctx); err != nil && ctx.Err() == nil {
			ps.log.Error("report reminders", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
