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
	if len(outs) == 0 {
		return 0, seedbed.FieldError("outcomes", seedbed.Label{Zh: "没有可保存的成果", En: "there are no outcomes to store"})
	}
	if len(outs) > evaluation.MaxOutcomesAtOnce {
		return 0, seedbed.Errorf(seedbed.ETOOLARGE, seedbed.Label{Zh: "一次最多 %d 项成果", En: "at most %d outcomes at once"}, evaluation.MaxOutcomesAtOnce)
	}
	awards := map[int64]*seedbed.Award{}
	for _, o := range outs {
		if _, seen := awards[o.AwardID]; seen || o.AwardID <= 0 {
			continue
		}
		aw, err := m.store.GetAward(ctx, o.AwardID)
		if err != nil && seedbed.ErrorCode(err) != seedbed.ENOTFOUND {
			return 0, err
		}
		awards[o.AwardID] = aw // nil when it does not exist
	}
	rows := make([]evaluation.OutcomeRecord, len(outs))
	copy(rows, outs)
	err := m.store.InTx(ctx, func(tx *sqlstore.Tx) error {
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
	return len(rows), m.afterWrite(ctx)
}

// FindOutcomes returns one page of outcomes, newest first, and how many match.
func (m *Monitoring) FindOutcomes(ctx context.Context, f evaluation.OutcomeFilter) ([]evaluation.OutcomeRecord, int, error) {
	return m.store.FindOutcomes(ctx, f)
}
