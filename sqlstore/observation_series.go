package sqlstore

import (
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"strings"

	"seedbed/evaluation"
)

// The packed series of one innovator (observation_series.data): a format byte (3) and the number
// of indicators (one byte), then for each indicator it reports, in code order, the code's length
// (one byte) and bytes, the first quarter (int32), the number of quarters (uint16) and the
// number of bytes of its values (uvarint), then one value per quarter from the first, packed as
// appendSeriesValue does; little-endian throughout.
//
// The values are the panel's: the panel holds float32, and a value the panel would not hold (one
// that is not a valid value) is packed as a gap, so a panel filled from the series is the one
// filled from the observation rows, cell for cell. Format 1 held float64 values (what migration
// 00027 found; read only to convert it, convertSeries), format 2 plain float32 values; both are
// still read.
const (
	seriesFormat   = 3
	seriesFormat32 = 2
	seriesFormat64 = 1
)

// seriesEntry is one indicator's series inside an innovator's packed row.
type seriesEntry struct {
	code   string
	first  evaluation.Quarter
	values []float64 // NaN where missing
}

// innovatorSeries is an innovator's packed row, decoded.
type innovatorSeries []seriesEntry

// seriesHeader reads the header of the indicator series at b[p:] of a row of the given format:
// its code, first quarter and number of quarters, the bytes of its values, and where the next
// series starts; ok is false when b ends too early.
func seriesHeader(b []byte, p int, format byte) (code []byte, first evaluation.Quarter, n int, values []byte, next int, ok bool) {
	if p+1 > len(b) {
		return nil, 0, 0, nil, 0, false
	}
	l := int(b[p])
	p++
	if p+l+6 > len(b) {
		return nil, 0, 0, nil, 0, false
	}
	code = b[p : p+l]
	p += l
	first = evaluation.Quarter(int32(binary.LittleEndian.Uint32(b[p:])))
	n = int(binary.LittleEndian.Uint16(b[p+4:]))
	p += 6
	size := 4 * n
	switch format {
	case seriesFormat64:
		size = 8 * n
	case seriesFormat:
		u, m := binary.Uvarint(b[p:])
		if m <= 0 || u > uint64(len(b)) {
			return nil, 0, 0, nil, 0, false
		}
		size, p = int(u), p+m
	}
	if p+size > len(b) {
		return nil, 0, 0, nil, 0, false
	}
	return code, first, n, b[p : p+size], p + size, true
}

// decodeSeries decodes a packed row of any format.
func decodeSeries(b []byte) (innovatorSeries, bool) {
	if len(b) < 2 || b[0] < seriesFormat64 || b[0] > seriesFormat {
		return nil, false
	}
	format := b[0]
	var out innovatorSeries
	p := 2
	for range int(b[1]) {
		code, first, n, values, next, ok := seriesHeader(b, p, format)
		if !ok {
			return nil, false
		}
		e := seriesEntry{code: string(code), first: first, values: make([]float64, n)}
		at := 0
		for t := range n {
			switch format {
			case seriesFormat64:
				e.values[t] = math.Float64frombits(binary.LittleEndian.Uint64(values[8*t:]))
			case seriesFormat32:
				e.values[t] = float64(math.Float32frombits(binary.LittleEndian.Uint32(values[4*t:])))
			default:
				var v float32
				if v, at, ok = seriesValue(values, at); !ok {
					return nil, false
				}
				e.values[t] = float64(v)
			}
		}
		if format == seriesFormat && at != len(values) {
			return nil, false
		}
		p = next
		out = append(out, e)
	}
	return out, p == len(b)
}

// packedValue is the float32 a value is packed as: the panel's value, or NaN for a value the
// panel would not hold.
func packedValue(v float64) float32 {
	if !evaluation.ValidValue(v) {
		return float32(math.NaN())
	}
	return float32(v)
}

// encode packs the series, dropping missing quarters at either end and indicators with no value.
func (s innovatorSeries) encode() (data []byte, lo, hi evaluation.Quarter, ok bool) {
	slices.SortFunc(s, func(a, b seriesEntry) int { return strings.Compare(a.code, b.code) })
	data = []byte{seriesFormat, 0}
	var (
		vs     []float32
		values []byte
	)
	for _, e := range s {
		vs = vs[:0]
		for _, v := range e.values {
			vs = append(vs, packedValue(v))
		}
		i, j := valueSpan(vs)
		if i == j {
			continue
		}
		first := e.first.Add(i)
		lo, hi, ok = widenSpan(lo, hi, ok, first, e.first.Add(j-1))
		values = values[:0]
		for _, v := range vs[i:j] {
			values = appendSeriesValue(values, v)
		}
		data[1]++
		data = append(data, byte(len(e.code)))
		data = append(data, e.code...)
		data = binary.LittleEndian.AppendUint32(data, uint32(int32(first)))
		data = binary.LittleEndian.AppendUint16(data, uint16(j-i))
		data = binary.AppendUvarint(data, uint64(len(values)))
		data = append(data, values...)
	}
	return data, lo, hi, ok
}

// valueSpan returns the bounds i, j of the part vs[i:j] of a series from its first value to its
// last (NaN marks a missing quarter).
func valueSpan[F float32 | float64](vs []F) (i, j int) {
	i, j = 0, len(vs)
	for i < j && vs[i] != vs[i] {
		i++
	}
	for j > i && vs[j-1] != vs[j-1] {
		j--
	}
	return i, j
}

// widenSpan returns the quarters lo..hi (none yet while ok is false) widened to hold first..last.
func widenSpan(lo, hi evaluation.Quarter, ok bool, first, last evaluation.Quarter) (evaluation.Quarter, evaluation.Quarter, bool) {
	if !ok || first < lo {
		lo = first
	}
	if !ok || last > hi {
		hi = last
	}
	return lo, hi, true
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
			s, ok := decodeSeries(b)
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
