package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"seedbed"
	"seedbed/evaluation"
)

// bureauZone is the bureau's time zone, in which "now" and the current quarter are taken.
var bureauZone = evaluation.BureauZone

// CurrentQuarter returns the quarter the store's clock is in, in the bureau's time zone.
func (s *Store) CurrentQuarter() evaluation.Quarter {
	return evaluation.QuarterOf(s.Now().In(bureauZone))
}

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

// AddObservations stores a batch of observations — a progress report, an officer's entry, an
// imported file or an API call — all or nothing. Each row is normalised and checked as
// evaluation.ValidateObservations does (negative counts, future periods, units that do not
// match, duplicates within the batch), and against the database: the innovator must exist, the
// actor must be allowed to write for it (an applicant only for its own organisation, and only
// as a progress report), and the cell must be empty — a stored value is changed only by
// CorrectObservation, which keeps its history. Problems come back as a seedbed.Errors, one per
// problem, each with its row (the observation's Line, or its 1-based position) and nothing is
// written. It returns how many values were stored.
func (s *Store) AddObservations(ctx context.Context, a seedbed.Actor, obs []evaluation.Observation) (int, error) {
	if len(obs) == 0 {
		return 0, seedbed.FieldError("observations", "没有可保存的数值 / there are no values to store")
	}
	if len(obs) > evaluation.MaxCSVRows {
		return 0, seedbed.Errorf(seedbed.ETOOLARGE, "一次最多 %d 个数值，请分批提交 / at most %d values at once; submit in parts", evaluation.MaxCSVRows, evaluation.MaxCSVRows)
	}
	rows := make([]evaluation.Observation, len(obs))
	copy(rows, obs)
	for i := range rows {
		rows[i].Normalize()
	}
	err := s.inTx(ctx, func(tx *Tx) error {
		es := evaluation.ValidateObservations(rows, tx.now.In(bureauZone))
		dbErrs, err := checkObservationRows(ctx, tx, a, rows)
		if err != nil {
			return err
		}
		if es = append(es, dbErrs...); len(es) > 0 {
			sort.SliceStable(es, func(i, j int) bool { return es[i].Line < es[j].Line })
			if len(es) > evaluation.MaxCSVErrors {
				more := len(es) - evaluation.MaxCSVErrors
				es = append(es[:evaluation.MaxCSVErrors:evaluation.MaxCSVErrors],
					seedbed.Errorf(seedbed.EINVALID, "还有 %d 个错误未列出 / %d more errors not listed", more, more))
			}
			return es
		}
		if err := insertObservations(ctx, tx, a, rows); err != nil {
			return err
		}
		if err := tx.BumpMonitoring(ctx); err != nil {
			return err
		}
		sources := map[string]int{}
		for _, o := range rows {
			sources[o.Source]++
		}
		return audit(ctx, tx, a, "observation.add", "observation", 0, fmt.Sprintf("%d values, sources %v", len(rows), sources))
	})
	if err != nil {
		return 0, err
	}
	return len(rows), nil
}

// rowLine is the row number an observation's errors carry.
func rowLine(o evaluation.Observation, i int) int {
	if o.Line > 0 {
		return o.Line
	}
	return i + 1
}

// checkObservationRows checks what only the database knows: that each innovator exists, that the
// actor may write for it, and that the cell is still empty.
func checkObservationRows(ctx context.Context, tx *Tx, a seedbed.Actor, rows []evaluation.Observation) (seedbed.Errors, error) {
	var es seedbed.Errors
	ids := map[int64]bool{}
	lo, hi := evaluation.Quarter(1<<30), evaluation.Quarter(0)
	for _, o := range rows {
		if o.InnovatorID > 0 {
			ids[o.InnovatorID] = true
		}
		if o.Period.Valid() {
			lo, hi = min(lo, o.Period), max(hi, o.Period)
		}
	}
	list := make([]int64, 0, len(ids))
	for id := range ids {
		list = append(list, id)
	}
	sort.Slice(list, func(i, j int) bool { return list[i] < list[j] })
	exists := map[int64]bool{}
	type cell struct {
		id  int64
		ind string
		q   evaluation.Quarter
	}
	stored := map[cell]int64{}
	for start := 0; start < len(list); start += 1000 {
		chunk := list[start:min(start+1000, len(list))]
		var w where
		w.inInt64("id", chunk)
		if err := eachRow(ctx, tx, `SELECT id FROM innovators`+w.sql(), w.args, func(sc scanner) error {
			var id int64
			if err := sc.Scan(&id); err != nil {
				return err
			}
			exists[id] = true
			return nil
		}); err != nil {
			return nil, err
		}
		if hi == 0 {
			continue
		}
		w = where{}
		w.inInt64("innovator_id", chunk)
		w.add("period >= ?", int64(lo))
		w.add("period <= ?", int64(hi))
		if err := eachRow(ctx, tx, `SELECT id, innovator_id, indicator, period FROM observations`+w.sql(), w.args, func(sc scanner) error {
			var c cell
			var id, q int64
			if err := sc.Scan(&id, &c.id, &c.ind, &q); err != nil {
				return err
			}
			c.q = evaluation.Quarter(q)
			stored[c] = id
			return nil
		}); err != nil {
			return nil, err
		}
	}
	for i, o := range rows {
		line := rowLine(o, i)
		if o.InnovatorID <= 0 {
			continue // ValidateObservations reports it
		}
		if !exists[o.InnovatorID] {
			es = append(es, &seedbed.Error{Code: seedbed.EINVALID, Field: "innovator_id", Line: line,
				Message: fmt.Sprintf("创新主体 %d 不存在 / innovator %d does not exist", o.InnovatorID, o.InnovatorID)})
			continue
		}
		id := o.InnovatorID
		if err := seedbed.Authorize(a, seedbed.PermMonitorWrite, &id); err != nil {
			es = append(es, &seedbed.Error{Code: seedbed.EFORBIDDEN, Field: "innovator_id", Line: line,
				Message: fmt.Sprintf("无权为创新主体 %d 填报数据 / you may not enter values for innovator %d", id, id)})
			continue
		}
		if a.Role == seedbed.RoleApplicant && o.Source != evaluation.SourceProgressReport {
			es = append(es, &seedbed.Error{Code: seedbed.EINVALID, Field: "source", Line: line,
				Message: fmt.Sprintf("申报主体只能以进展报告（progress_report）填报，而不是 %q / an applicant reports as progress_report, not %q", o.Source, o.Source)})
		}
		if sid, dup := stored[cell{o.InnovatorID, o.Indicator, o.Period}]; dup {
			ind, _ := evaluation.LookupIndicator(o.Indicator)
			es = append(es, &seedbed.Error{Code: seedbed.ECONFLICT, Field: "period", Line: line,
				Message: fmt.Sprintf("主体 %d 的%s在 %s 已有数值（记录 %d）；如需修改，请提交更正 / innovator %d already has %s for %s (record %d); to change it, submit a correction",
					o.InnovatorID, ind.Label.Zh, o.Period.Zh(), sid, o.InnovatorID, o.Indicator, o.Period, sid)})
		}
	}
	return es, nil
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

// insertObservations writes validated rows with a prepared multi-row INSERT.
func insertObservations(ctx context.Context, tx *Tx, a seedbed.Actor, rows []evaluation.Observation) error {
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
				return seedbed.Errorf(seedbed.ECONFLICT, "数值已被他人同时填报，请刷新后重试 / a value was entered at the same time by someone else; reload and try again")
			}
			return err
		}
	}
	return nil
}

// BumpMonitoring marks the monitoring data (observations, outcomes) as changed: MonitoringKey
// changes, so computations cached from the old data are recomputed.
func (tx *Tx) BumpMonitoring(ctx context.Context) error {
	_, err := tx.ExecContext(ctx, `UPDATE monitoring_state SET version = version + 1 WHERE id = 1`)
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
		return nil, seedbed.Errorf(seedbed.ENOTFOUND, "数值记录 %d 不存在 / observation %d not found", id, id)
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
