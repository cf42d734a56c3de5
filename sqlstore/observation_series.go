package sqlstore

import (
	"context"
	"database/sql"
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"strings"

	"seedbed/evaluation"
)

// The packed series of one innovator (observation_series.data): a format byte (1) and the number
// of indicators (one byte), then for each indicator it reports, in code order, the code's length (one byte) and bytes, the first quarter
// (int32) and the number of quarters (uint16), then one float64 per quarter from the first, NaN
// where no value is stored; little-endian throughout. Values are the stored float64s, so a panel
// filled from the series is the one filled from the observation rows, value for value.
const seriesFormat = 1

// seriesEntry is one indicator's series inside an innovator's packed row.
type seriesEntry struct {
	code   string
	first  evaluation.Quarter
	values []float64 // NaN where missing
}

// innovatorSeries is an innovator's packed row, decoded.
type innovatorSeries []seriesEntry

// decodeSeries decodes a packed row; fn, when not nil, is called for each indicator's series
// without keeping it (the panel's one pass), otherwise the entries are returned.
func decodeSeries(b []byte, fn func(code []byte, first evaluation.Quarter, n int, at []byte)) (innovatorSeries, bool) {
	if len(b) < 2 || b[0] != seriesFormat {
		return nil, false
	}
	var out innovatorSeries
	p := 2
	for range int(b[1]) {
		if p+1 > len(b) {
			return nil, false
		}
		l := int(b[p])
		p++
		if p+l+6 > len(b) {
			return nil, false
		}
		code := b[p : p+l]
		p += l
		first := evaluation.Quarter(int32(binary.LittleEndian.Uint32(b[p:])))
		n := int(binary.LittleEndian.Uint16(b[p+4:]))
		p += 6
		if p+8*n > len(b) {
			return nil, false
		}
		at := b[p : p+8*n]
		p += 8 * n
		if fn != nil {
			fn(code, first, n, at)
			continue
		}
		e := seriesEntry{code: string(code), first: first, values: make([]float64, n)}
		for t := range n {
			e.values[t] = math.Float64frombits(binary.LittleEndian.Uint64(at[8*t:]))
		}
		out = append(out, e)
	}
	return out, p == len(b)
}

// encode packs the series, dropping missing quarters at either end and indicators with no value.
func (s innovatorSeries) encode() (data []byte, lo, hi evaluation.Quarter, ok bool) {
	slices.SortFunc(s, func(a, b seriesEntry) int { return strings.Compare(a.code, b.code) })
	data = []byte{seriesFormat, 0}
	for _, e := range s {
		i, j := 0, len(e.values)
		for i < j && math.IsNaN(e.values[i]) {
			i++
		}
		for j > i && math.IsNaN(e.values[j-1]) {
			j--
		}
		if i == j {
			continue
		}
		first := e.first.Add(i)
		if !ok || first < lo {
			lo = first
		}
		if last := e.first.Add(j - 1); !ok || last > hi {
			hi = last
		}
		ok = true
		data[1]++
		data = append(data, byte(len(e.code)))
		data = append(data, e.code...)
		data = binary.LittleEndian.AppendUint32(data, uint32(int32(first)))
		data = binary.LittleEndian.AppendUint16(data, uint16(j-i))
		for _, v := range e.values[i:j] {
			data = binary.LittleEndian.AppendUint64(data, math.Float64bits(v))
		}
	}
	return data, lo, hi, ok
}

// set stores value v in the cell (code, q), growing the indicator's series as needed.
func (s *innovatorSeries) set(code string, q evaluation.Quarter, v float64) {
	for i := range *s {
		e := &(*s)[i]
		if e.code != code {
			continue
		}
		switch {
		case len(e.values) == 0:
			e.first, e.values = q, []float64{v}
		case q < e.first:
			grown := make([]float64, int(e.first-q)+len(e.values))
			for t := range grown {
				grown[t] = math.NaN()
			}
			copy(grown[e.first-q:], e.values)
			e.first, e.values = q, grown
			e.values[0] = v
		default:
			for int(q-e.first) >= len(e.values) {
				e.values = append(e.values, math.NaN())
			}
			e.values[q-e.first] = v
		}
		return
	}
	*s = append(*s, seriesEntry{code: code, first: q, values: []float64{v}})
}

// seriesCell is one value to place in the packed series.
type seriesCell struct {
	innovator int64
	code      string
	period    evaluation.Quarter
	value     float64
}

// writeSeries places the cells in their innovators' packed rows inside tx: each innovator's row
// is read, changed and written back once.
func writeSeries(ctx context.Context, tx *Tx, cells []seriesCell) error {
	by := map[int64][]seriesCell{}
	var ids []int64
	for _, c := range cells {
		if _, seen := by[c.innovator]; !seen {
			ids = append(ids, c.innovator)
		}
		by[c.innovator] = append(by[c.innovator], c)
	}
	slices.Sort(ids)
	stored := make(map[int64]innovatorSeries, len(ids))
	for start := 0; start < len(ids); start += 500 {
		var w where
		w.inInt64("innovator_id", ids[start:min(start+500, len(ids))])
		if err := eachRow(ctx, tx, `SELECT innovator_id, data FROM observation_series`+w.sql(), w.args, func(sc scanner) error {
			var id int64
			var b []byte
			if err := sc.Scan(&id, &b); err != nil {
				return err
			}
			s, ok := decodeSeries(b, nil)
			if !ok {
				return fmt.Errorf("the stored series of innovator %d cannot be read", id)
			}
			stored[id] = s
			return nil
		}); err != nil {
			return err
		}
	}
	up, err := tx.PrepareContext(ctx, `INSERT INTO observation_series (innovator_id, first_period, last_period, data) VALUES ($1, $2, $3, $4)
		ON CONFLICT (innovator_id) DO UPDATE SET first_period = excluded.first_period, last_period = excluded.last_period, data = excluded.data`)
	if err != nil {
		return err
	}
	defer up.Close()
	for _, id := range ids {
		s := stored[id]
		for _, c := range by[id] {
			s.set(c.code, c.period, c.value)
		}
		data, lo, hi, ok := s.encode()
		if !ok {
			continue
		}
		if _, err := up.ExecContext(ctx, id, int64(lo), int64(hi), data); err != nil {
			return err
		}
	}
	return nil
}

// buildSeries fills observation_series from the observation rows, once, for a database that
// stored values before the packed series existed: when there are observations and no series.
func (s *Store) buildSeries(ctx context.Context) error {
	var have, need bool
	if err := s.write.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM observation_series)`).Scan(&have); err != nil || have {
		return err
	}
	if err := s.write.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM observations)`).Scan(&need); err != nil || !need {
		return err
	}
	return s.inTx(ctx, func(tx *Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM observation_series)`).Scan(&have); err != nil || have {
			return err // another server built them meanwhile
		}
		up, err := tx.PrepareContext(ctx, `INSERT INTO observation_series (innovator_id, first_period, last_period, data) VALUES ($1, $2, $3, $4)`)
		if err != nil {
			return err
		}
		defer up.Close()
		var lo, hi int64
		if err := tx.QueryRowContext(ctx, `SELECT min(innovator_id), max(innovator_id) FROM observations`).Scan(&lo, &hi); err != nil {
			return err
		}
		// A range of innovators at a time: the rows are read before their series are written,
		// since PostgreSQL's driver cannot write while a query on the same connection is open.
		const span = 2000
		for from := lo; from <= hi; from += span {
			by := map[int64]*innovatorSeries{}
			var ids []int64
			if err := eachRow(ctx, tx, `SELECT innovator_id, indicator, period, value FROM observations WHERE innovator_id >= $1 AND innovator_id < $2`,
				[]any{from, from + span}, func(sc scanner) error {
					var id, q int64
					var code string
					var v float64
					if err := sc.Scan(&id, &code, &q, &v); err != nil {
						return err
					}
					cur := by[id]
					if cur == nil {
						cur = &innovatorSeries{}
						by[id] = cur
						ids = append(ids, id)
					}
					cur.set(code, evaluation.Quarter(q), v)
					return nil
				}); err != nil {
				return err
			}
			slices.Sort(ids)
			for _, id := range ids {
				data, lo, hi, ok := by[id].encode()
				if !ok {
					continue
				}
				if _, err := up.ExecContext(ctx, id, int64(lo), int64(hi), data); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// loadSeriesPanel fills the panel from the packed series of its innovators from id from up to
// (not including) id to — zero for no bound — one row per innovator, decoding each in one pass
// straight into the panel. Two calls on distinct ranges may run at the same time: they fill
// distinct rows.
func loadSeriesPanel(ctx context.Context, q queryer, p *evaluation.Panel, from, to int64) error {
	var w where
	w.add("last_period >= ?", int64(p.First))
	w.add("first_period <= ?", int64(p.Last()))
	if from != 0 {
		w.add("innovator_id >= ?", from)
	}
	if to != 0 {
		w.add("innovator_id < ?", to)
	}
	rows, err := q.QueryContext(ctx, `SELECT innovator_id, data FROM observation_series`+w.sql(), w.args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var (
		id  int64
		b   sql.RawBytes
		row int
		vs  []float64
	)
	place := func(code []byte, first evaluation.Quarter, n int, at []byte) {
		k, ok := indicatorPos[string(code)]
		if !ok {
			return
		}
		vs = vs[:0]
		for t := range n {
			vs = append(vs, math.Float64frombits(binary.LittleEndian.Uint64(at[8*t:])))
		}
		p.SetSeries(row, k, first, vs)
	}
	for rows.Next() {
		if err := rows.Scan(&id, &b); err != nil {
			return err
		}
		r, ok := p.Row(id)
		if !ok {
			continue
		}
		row = r
		if _, ok := decodeSeries(b, place); !ok {
			return fmt.Errorf("the stored series of innovator %d cannot be read", id)
		}
	}
	return rows.Err()
}
