package sqlstore

import (
	"context"

	"seedbed"
	"seedbed/evaluation"
)

// Observation returns one stored observation, or ENOTFOUND.
func (tx *Tx) Observation(ctx context.Context, id int64) (*evaluation.ObservationRecord, error) {
	return getObservation(ctx, tx, id)
}

// ReplaceObservation writes a checked correction of the stored observation o: the old value,
// source and author go to its history with the reason, the new value and source replace them,
// entered by a at the transaction's time, and the version goes up by one. It reports false, and
// writes nothing, when o's version is no longer the stored one. On success o holds the new row.
func (tx *Tx) ReplaceObservation(ctx context.Context, a seedbed.Actor, o *evaluation.ObservationRecord, value float64, source, reason string) (bool, error) {
	res, err := tx.ExecContext(ctx, `UPDATE observations SET value = $1, source = $2, entered_by = $3, entered_at = $4, version = version + 1
		WHERE id = $5 AND version = $6`, value, source, a.Username, fmtTime(tx.now), o.ID, o.Version)
	if err != nil {
		return false, err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return false, nil
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO observation_corrections (observation_id, old_value, old_source, old_entered_by,
		old_entered_at, new_value, new_source, reason, corrected_by, corrected_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		o.ID, o.Value, o.Source, o.EnteredBy, fmtTime(o.EnteredAt), value, source, reason, a.Username, fmtTime(tx.now)); err != nil {
		return false, err
	}
	o.Value, o.Source, o.EnteredBy, o.EnteredAt, o.Version = value, source, a.Username, tx.now, o.Version+1
	return true, writeSeries(ctx, tx, []seriesCell{{innovator: o.InnovatorID, code: o.Indicator, period: o.Period, value: value}})
}

// ObservationHistory returns the corrections of one observation, oldest first.
func (s *Store) ObservationHistory(ctx context.Context, id int64) ([]evaluation.CorrectionRecord, error) {
	out := []evaluation.CorrectionRecord{}
	err := eachRow(ctx, s.read, `SELECT id, observation_id, old_value, old_source, old_entered_by, old_entered_at, new_value, new_source,
		reason, corrected_by, corrected_at FROM observation_corrections WHERE observation_id = $1 ORDER BY id`, []any{id}, func(sc scanner) error {
		var r evaluation.CorrectionRecord
		var oldAt, at string
		if err := sc.Scan(&r.ID, &r.ObservationID, &r.OldValue, &r.OldSource, &r.OldEnteredBy, &oldAt, &r.NewValue, &r.NewSource,
			&r.Reason, &r.CorrectedBy, &at); err != nil {
			return err
		}
		r.OldEnteredAt, r.CorrectedAt = parseTime(oldAt), parseTime(at)
		out = append(out, r)
		return nil
	})
	return out, err
}
