package sqlstore

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"seedbed"
	"seedbed/evaluation"
)

// correctionSource is the source a corrected value carries: the awardee corrects in a progress
// report, anyone else as an officer.
func correctionSource(a seedbed.Actor) string {
	if a.Role == seedbed.RoleApplicant {
		return evaluation.SourceProgressReport
	}
	return evaluation.SourceOfficer
}

// CorrectObservation replaces a stored value, keeping the old one in its history, in one
// transaction. The new value is checked as a new observation would be; the reason is required;
// Version must be the version the correction was made against (ECONFLICT when someone corrected
// it meanwhile). Access (PermMonitorWrite over the innovator) is checked here as well as by the
// caller.
func (s *Store) CorrectObservation(ctx context.Context, a seedbed.Actor, id int64, c evaluation.Correction) (*evaluation.ObservationRecord, error) {
	var out *evaluation.ObservationRecord
	err := s.inTx(ctx, func(tx *Tx) error {
		o, err := scanObservation(tx.QueryRowContext(ctx, `SELECT `+observationColumns+` FROM observations WHERE id = $1`, id))
		if err != nil {
			if err := classify(err); seedbed.ErrorCode(err) == seedbed.ENOTFOUND {
				return seedbed.Errorf(seedbed.ENOTFOUND, "数值记录 %d 不存在 / observation %d not found", id, id)
			}
			return err
		}
		owner := o.InnovatorID
		if err := seedbed.Authorize(a, seedbed.PermMonitorWrite, &owner); err != nil {
			return err
		}
		var es seedbed.Errors
		c.Reason = strings.TrimSpace(c.Reason)
		switch n := utf8.RuneCountInString(c.Reason); {
		case n == 0:
			es = append(es, seedbed.FieldError("reason", "请说明更正原因 / give the reason for the correction"))
		case n > evaluation.MaxCorrectionReason:
			es = append(es, seedbed.FieldError("reason", "更正原因过长（最多 %d 字）/ reason too long (at most %d characters)", evaluation.MaxCorrectionReason, evaluation.MaxCorrectionReason))
		}
		next := evaluation.Observation{InnovatorID: o.InnovatorID, Indicator: o.Indicator, Period: o.Period, Value: c.Value,
			Unit: c.Unit, Source: correctionSource(a)}
		next.Normalize()
		es = append(es, evaluation.ValidateObservations([]evaluation.Observation{next}, tx.now.In(bureauZone))...)
		for _, e := range es {
			e.Line = 0 // a single value: no rows to point at
		}
		if len(es) == 0 && c.Value == o.Value {
			es = append(es, seedbed.FieldError("value", "新数值与现有数值相同 / the new value equals the stored one"))
		}
		if len(es) > 0 {
			return es
		}
		if c.Version != o.Version {
			return seedbed.Errorf(seedbed.ECONFLICT, "该数值已被他人更正（当前版本 %d），请刷新后重试 / the value was corrected meanwhile (now version %d); reload and try again", o.Version, o.Version)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO observation_corrections (observation_id, old_value, old_source, old_entered_by,
			old_entered_at, new_value, new_source, reason, corrected_by, corrected_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
			o.ID, o.Value, o.Source, o.EnteredBy, fmtTime(o.EnteredAt), next.Value, next.Source, c.Reason, a.Username, fmtTime(tx.now)); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE observations SET value = $1, source = $2, entered_by = $3, entered_at = $4, version = version + 1
			WHERE id = $5 AND version = $6`, next.Value, next.Source, a.Username, fmtTime(tx.now), o.ID, o.Version)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return seedbed.Errorf(seedbed.ECONFLICT, "该数值已被他人更正，请刷新后重试 / the value was corrected meanwhile; reload and try again")
		}
		if err := bumpMonitoring(ctx, tx); err != nil {
			return err
		}
		old := o.Value
		o.Value, o.Source, o.EnteredBy, o.EnteredAt, o.Version = next.Value, next.Source, a.Username, tx.now, o.Version+1
		out = &o
		return audit(ctx, tx, a, "observation.correct", "observation", o.ID,
			fmt.Sprintf("innovator %d %s %s: %g → %g (%s)", o.InnovatorID, o.Indicator, o.Period, old, next.Value, c.Reason))
	})
	return out, err
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
