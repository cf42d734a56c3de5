package app

import (
	"context"
	"fmt"

	"seedbed"
	"seedbed/evaluation"
	"seedbed/sqlstore"
)

// AddOutcomes stores outcomes attributed to awards, all or nothing, in one transaction. Each is
// checked (evaluation.OutcomeRecord's Check and CheckAward: kind, value, quarter, evidence, an
// award that exists and that it does not predate) and the actor must be allowed to report for
// the award's innovator; every problem comes back in a seedbed.Errors with its 1-based row and
// nothing is written. Then the flags are brought up to date. It returns how many were stored and
// fills in their ids.
func (m *Monitoring) AddOutcomes(ctx context.Context, a seedbed.Actor, outs []evaluation.OutcomeRecord) (int, error) {
	n, err := m.storeOutcomes(ctx, a, outs)
	if err != nil {
		return 0, err
	}
	return n, m.afterWrite(ctx)
}

// AddOutcomesInParts stores a large file of outcomes as AddOutcomes does, a part at a time:
// next returns each part (at most evaluation.MaxOutcomesAtOnce) and nil after the last. Each part
// is one transaction, all or nothing; the flags are brought up to date once, after the last
// part, not after each. It returns how many were stored before the first part that failed.
func (m *Monitoring) AddOutcomesInParts(ctx context.Context, a seedbed.Actor, next func() []evaluation.OutcomeRecord) (int, error) {
	total := 0
	for part := 1; ; part++ {
		outs := next()
		if outs == nil {
			break
		}
		n, err := m.storeOutcomes(ctx, a, outs)
		if err != nil {
			if total > 0 {
				m.afterWrite(ctx) // the parts before are stored: their flags are brought up to date
			}
			return total, fmt.Errorf("part %d: %w", part, err)
		}
		total += n
	}
	if total == 0 {
		return 0, nil
	}
	analyzeAfterBulk(ctx, m.store)
	return total, m.afterWrite(ctx)
}

// storeOutcomes checks and stores one batch of outcomes in one transaction, without bringing
// the flags up to date.
func (m *Monitoring) storeOutcomes(ctx context.Context, a seedbed.Actor, outs []evaluation.OutcomeRecord) (int, error) {
	if len(outs) == 0 {
		return 0, seedbed.FieldError("outcomes", seedbed.Label{Zh: "没有可保存的成果", En: "there are no outcomes to store"})
	}
	if len(outs) > evaluation.MaxOutcomesAtOnce {
		return 0, seedbed.Errorf(seedbed.ETOOLARGE, seedbed.Label{Zh: "一次最多 %d 项成果", En: "at most %d outcomes at once"}, evaluation.MaxOutcomesAtOnce)
	}
	var ids []int64
	for _, o := range outs {
		if o.AwardID > 0 {
			ids = append(ids, o.AwardID)
		}
	}
	awards, err := m.store.AwardRowsByID(ctx, ids) // an award that does not exist is nil
	if err != nil {
		return 0, err
	}
	rows := make([]evaluation.OutcomeRecord, len(outs))
	copy(rows, outs)
	err = m.store.InBulkTx(ctx, func(tx *sqlstore.Tx) error {
		cur := evaluation.CurrentQuarter(tx.Now())
		var es seedbed.Errors
		for i := range rows {
			o := &rows[i]
			es = append(es, o.Check(cur, i+1)...)
			aw := awards[o.AwardID]
			es = append(es, o.CheckAward(aw, i+1)...)
			if aw == nil {
				continue
			}
			owner := aw.InnovatorID
			if err := seedbed.Authorize(a, seedbed.PermMonitorWrite, &owner); err != nil {
				es = append(es, &seedbed.Error{Code: seedbed.EFORBIDDEN, Field: "award_id", Line: i + 1,
					Text: seedbed.Label{Zh: "无权为资助 %d 填报成果", En: "you may not report outcomes of award %d"}, Args: []any{aw.ID}})
			}
		}
		if len(es) > 0 {
			return es
		}
		for i := range rows {
			if err := tx.InsertOutcome(ctx, a, &rows[i]); err != nil {
				return err
			}
		}
		if err := tx.BumpMonitoring(ctx); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "outcome.add", "outcome", rows[0].ID, fmt.Sprintf("%d outcomes, award %d first", len(rows), rows[0].AwardID))
	})
	if err != nil {
		return 0, err
	}
	copy(outs, rows)
	return len(rows), nil
}

// FindOutcomes returns one page of outcomes, newest first, and how many match.
func (m *Monitoring) FindOutcomes(ctx context.Context, f evaluation.OutcomeFilter) ([]evaluation.OutcomeRecord, int, error) {
	return m.store.FindOutcomes(ctx, f)
}
