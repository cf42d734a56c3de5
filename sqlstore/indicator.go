package sqlstore

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"seedbed"
	"seedbed/evaluation"
)

// insertChunk is how many rows one prepared INSERT carries. SQLite looks up numbered parameters
// by name in a list, so a statement with thousands of them costs quadratic time: eight rows,
// reused, measured fastest (BenchmarkAddObservations). PostgreSQL has no such cost and pays a
// round trip per statement instead, so it takes larger chunks.
func insertChunk(dialect string) int {
	if dialect == Postgres {
		return 256
	}
	return 8
}

// ExistingInnovators returns which of the innovators ids exist.
func (tx *Tx) ExistingInnovators(ctx context.Context, ids []int64) (map[int64]bool, error) {
	exists := make(map[int64]bool, len(ids))
	for start := 0; start < len(ids); start += 1000 {
		var w where
		w.inInt64("id", ids[start:min(start+1000, len(ids))])
		if err := eachRow(ctx, tx, `SELECT id FROM innovators`+w.sql(), w.args, func(sc scanner) error {
			var id int64
			err := sc.Scan(&id)
			exists[id] = true
			return err
		}); err != nil {
			return nil, err
		}
	}
	return exists, nil
}

// StoredCells returns the cells of the innovators ids from quarter lo to hi that hold a value,
// with the value's observation id.
func (tx *Tx) StoredCells(ctx context.Context, ids []int64, lo, hi evaluation.Quarter) (map[evaluation.Cell]int64, error) {
	stored := map[evaluation.Cell]int64{}
	for start := 0; start < len(ids); start += 1000 {
		var w where
		w.inInt64("innovator_id", ids[start:min(start+1000, len(ids))])
		w.add("period >= ?", int64(lo))
		w.add("period <= ?", int64(hi))
		if err := eachRow(ctx, tx, `SELECT id, innovator_id, indicator, period FROM observations`+w.sql(), w.args, func(sc scanner) error {
			var c evaluation.Cell
			var id, q int64
			if err := sc.Scan(&id, &c.InnovatorID, &c.Indicator, &q); err != nil {
				return err
			}
			c.Period = evaluation.Quarter(q)
			stored[c] = id
			return nil
		}); err != nil {
			return nil, err
		}
	}
	return stored, nil
}

// eachRow runs a query and calls fn for every row.
func eachRow(ctx context.Context, q queryer, query string, args []any, fn func(sc scanner) error) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// InsertObservations writes checked rows, entered by a at the transaction's time, with a prepared
// multi-row INSERT. A cell filled meanwhile by someone else is ECONFLICT.
func (tx *Tx) InsertObservations(ctx context.Context, a seedbed.Actor, rows []evaluation.Observation) error {
	at := fmtTime(tx.now)
	chunkRows := insertChunk(tx.dialect)
	statement := func(n int) string {
		var b strings.Builder
		b.WriteString(`INSERT INTO observations (innovator_id, indicator, period, value, unit, source, entered_by, entered_at) VALUES `)
		for j := range n {
			if j > 0 {
				b.WriteByte(',')
			}
			b.WriteString("(")
			for k := 1; k <= 8; k++ {
				if k > 1 {
					b.WriteByte(',')
				}
				b.WriteString("$" + strconv.Itoa(8*j+k))
			}
			b.WriteString(")")
		}
		return b.String()
	}
	var full *sql.Stmt
	if len(rows) >= chunkRows {
		var err error
		if full, err = tx.PrepareContext(ctx, statement(chunkRows)); err != nil {
			return err
		}
		defer full.Close()
	}
	args := make([]any, 0, 8*chunkRows)
	for start := 0; start < len(rows); start += chunkRows {
		chunk := rows[start:min(start+chunkRows, len(rows))]
		args = args[:0]
		for _, o := range chunk {
			args = append(args, o.InnovatorID, o.Indicator, int64(o.Period), o.Value, o.Unit, o.Source, a.Username, at)
		}
		var err error
		if len(chunk) == chunkRows {
			_, err = full.ExecContext(ctx, args...)
		} else {
			_, err = tx.ExecContext(ctx, statement(len(chunk)), args...)
		}
		if err != nil {
			if err := classify(err); seedbed.ErrorCode(err) == seedbed.ECONFLICT {
				return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "数值已被他人同时填报，请刷新后重试", En: "a value was entered at the same time by someone else; reload and try again"})
			}
			return err
		}
	}
	cells := make([]seriesCell, len(rows))
	for i, o := range rows {
		cells[i] = seriesCell{innovator: o.InnovatorID, code: o.Indicator, period: o.Period, value: o.Value}
	}
	return writeSeries(ctx, tx, cells)
}

// BumpMonitoring marks the monitoring data (observations, outcomes) as changed: MonitoringKey
// changes, so computations cached from the old data are recomputed.
func (tx *Tx) BumpMonitoring(ctx context.Context) error {
	_, err := tx.ExecContext(ctx, bumpMonitoringQuery.query(tx.dialect))
	return err
}

const observationColumns = `id, innovator_id, indicator, period, value, unit, source, entered_by, entered_at, version`

func scanObservation(sc scanner) (evaluation.ObservationRecord, error) {
	var o evaluation.ObservationRecord
	var q int64
	var at string
	if err := sc.Scan(&o.ID, &o.InnovatorID, &o.Indicator, &q, &o.Value, &o.Unit, &o.Source, &o.EnteredBy, &at, &o.Version); err != nil {
		return o, err
	}
	o.Period, o.EnteredAt = evaluation.Quarter(q), parseTime(at)
	return o, nil
}

// GetObservation returns one stored observation, or ENOTFOUND.
func (s *Store) GetObservation(ctx context.Context, id int64) (*evaluation.ObservationRecord, error) {
	return getObservation(ctx, s.read, id)
}

func getObservation(ctx context.Context, q queryer, id int64) (*evaluation.ObservationRecord, error) {
	o, err := scanObservation(q.QueryRowContext(ctx, `SELECT `+observationColumns+` FROM observations WHERE id = $1`, id))
	if err == sql.ErrNoRows {
		return nil, seedbed.Errorf(seedbed.ENOTFOUND, seedbed.Label{Zh: "数值记录 %d 不存在", En: "observation %d not found"}, id)
	}
	if err != nil {
		return nil, err
	}
	return &o, nil
}

// FindObservations returns one page of observations, by innovator, indicator and quarter, and
// how many match.
func (s *Store) FindObservations(ctx context.Context, f evaluation.ObservationFilter) ([]evaluation.ObservationRecord, int, error) {
	var w where
	if f.InnovatorID != 0 {
		w.add("innovator_id = ?", f.InnovatorID)
	}
	if f.Indicator != "" {
		w.add("indicator = ?", f.Indicator)
	}
	if f.From != 0 {
		w.add("period >= ?", int64(f.From))
	}
	if f.To != 0 {
		w.add("period <= ?", int64(f.To))
	}
	var total int
	if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM observations`+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	offset, limit := clampPage(f.Offset, f.Limit, 100, 5000)
	out := []evaluation.ObservationRecord{}
	err := eachRow(ctx, s.read, `SELECT `+observationColumns+` FROM observations`+w.sql()+
		` ORDER BY innovator_id, indicator, period LIMIT `+w.next(limit)+` OFFSET `+w.next(offset), w.args, func(sc scanner) error {
		o, err := scanObservation(sc)
		out = append(out, o)
		return err
	})
	return out, total, err
}

// InnovatorObservations returns every stored value of one innovator, by indicator and quarter.
func (s *Store) InnovatorObservations(ctx context.Context, innovatorID int64) ([]evaluation.ObservationRecord, error) {
	var out []evaluation.ObservationRecord
	err := eachRow(ctx, s.read, `SELECT `+observationColumns+` FROM observations WHERE innovator_id = $1 ORDER BY indicator, period`,
		[]any{innovatorID}, func(sc scanner) error {
			o, err := scanObservation(sc)
			out = append(out, o)
			return err
		})
	return out, err
}
