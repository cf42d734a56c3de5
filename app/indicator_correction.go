package app

import (
	"context"
	"fmt"

	"seedbed"
	"seedbed/evaluation"
	"seedbed/sqlstore"
)

// CorrectObservation replaces a stored value, keeping the old one in its history, in one
// transaction, and then brings the flags up to date. The actor needs PermMonitorWrite over the
// innovator (EFORBIDDEN); the correction is checked by evaluation.Correction's Check
// (EINVALID); c.Version must be the version the correction was made against (ECONFLICT when
// someone corrected it meanwhile); ENOTFOUND for an unknown observation.
func (m *Monitoring) CorrectObservation(ctx context.Context, a seedbed.Actor, id int64, c evaluation.Correction) (*evaluation.ObservationRecord, error) {
	var out *evaluation.ObservationRecord
	err := m.store.InTx(ctx, func(tx *sqlstore.Tx) error {
		o, err := tx.Observation(ctx, id)
		if err != nil {
			return err
		}
		owner := o.InnovatorID
		if err := seedbed.Authorize(a, seedbed.PermMonitorWrite, &owner); err != nil {
			return err
		}
		next, es := c.Check(*o, evaluation.CorrectionSource(a.Role), tx.Now())
		if len(es) > 0 {
			return es
		}
		if c.Version != o.Version {
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "该数值已被他人更正（当前版本 %d），请刷新后重试", En: "the value was corrected meanwhile (now version %d); reload and try again"}, o.Version)
		}
		old := o.Value
		ok, err := tx.ReplaceObservation(ctx, a, o, next.Value, next.Source, c.Reason)
		if err != nil {
			return err
		}
		if !ok {
			return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "该数值已被他人更正，请刷新后重试", En: "the value was corrected meanwhile; reload and try again"})
		}
		if err := tx.BumpMonitoring(ctx); err != nil {
			return err
		}
		out = o
		return tx.Audit(ctx, a, "observation.correct", "observation", o.ID,
			fmt.Sprintf("innovator %d %s %s: %g → %g (%s)", o.InnovatorID, o.Indicator, o.Period, old, next.Value, c.Reason))
	})
	if err != nil {
		return nil, err
	}
	return out, m.afterWrite(ctx)
}

// ObservationHistory returns the corrections of one observation, oldest first.
func (m *Monitoring) ObservationHistory(ctx context.Context, id int64) ([]evaluation.CorrectionRecord, error) {
	return m.store.ObservationHistory(ctx, id)
}
