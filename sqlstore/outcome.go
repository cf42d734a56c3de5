package sqlstore

import (
	"context"

	"seedbed"
	"seedbed/evaluation"
)

// InsertOutcome stores a checked outcome, entered by a at the transaction's time, and fills in
// its ID, EnteredBy and EnteredAt.
func (tx *Tx) InsertOutcome(ctx context.Context, a seedbed.Actor, o *evaluation.OutcomeRecord) error {
	id, err := insertID(ctx, tx, `INSERT INTO outcomes (award_id, innovator_id, kind, value, period, evidence, entered_by, entered_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, o.AwardID, o.InnovatorID, o.Kind, o.Value, int64(o.Period), o.Evidence, a.Username, fmtTime(tx.now))
	if err != nil {
		return err
	}
	o.ID, o.EnteredBy, o.EnteredAt = id, a.Username, tx.now
	return nil
}

const outcomeColumns = `id, award_id, innovator_id, kind, value, period, evidence, entered_by, entered_at`

func scanOutcome(sc scanner) (evaluation.OutcomeRecord, error) {
	var o evaluation.OutcomeRecord
	var q int64
	var at string
	err := sc.Scan(&o.ID, &o.AwardID, &o.InnovatorID, &o.Kind, &o.Value, &q, &o.Evidence, &o.EnteredBy, &at)
	o.Period, o.EnteredAt = evaluation.Quarter(q), parseTime(at)
	return o, err
}

// FindOutcomes returns one page of outcomes, newest first, and how many match.
func (s *Store) FindOutcomes(ctx context.Context, f evaluation.OutcomeFilter) ([]evaluation.OutcomeRecord, int, error) {
	var w where
	if f.AwardID != 0 {
		w.add("award_id = ?", f.AwardID)
	}
	if f.InnovatorID != 0 {
		w.add("innovator_id = ?", f.InnovatorID)
	}
	var total int
	if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM outcomes`+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	offset, limit := clampPage(f.Offset, f.Limit, 100, 100000)
	out := []evaluation.OutcomeRecord{}
	err := eachRow(ctx, s.read, `SELECT `+outcomeColumns+` FROM outcomes`+w.sql()+` ORDER BY id DESC LIMIT `+w.next(limit)+
		` OFFSET `+w.next(offset), w.args, func(sc scanner) error {
		o, err := scanOutcome(sc)
		out = append(out, o)
		return err
	})
	return out, total, err
}
