package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"seedbed/evaluation"
)

// loadSeriesPanel fills the panel from the packed series of its innovators from id from up to
// (not including) id to — zero for no bound — one row per innovator, each decoded in one pass
// straight into its panel row, which it sets whole (the quarters and indicators without a value
// missing); set, when not nil, has each row so set marked. The rows of innovators without a
// series are left as they were. Two calls on distinct ranges may run at the same time: they fill
// distinct rows.
func loadSeriesPanel(ctx context.Context, q queryer, p *evaluation.Panel, from, to int64, set []bool) error {
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
		id    int64
		b     sql.RawBytes
		codes seriesCodes
		r     = -1
	)
	for rows.Next() {
		if err := rows.Scan(&id, &b); err != nil {
			return err
		}
		// The rows mostly come in the order of the panel's ids: the next row is tried before
		// the panel's index (a million lookups in a map of a million cost a second).
		if r++; r >= len(p.IDs) || p.IDs[r] != id {
			var ok bool
			if r, ok = p.Row(id); !ok {
				r = -1 // not in the panel; the next row is looked up
				continue
			}
		}
		p.ClearRow(r)
		if !placeSeries(p, r, b, &codes) {
			return fmt.Errorf("the stored series of innovator %d cannot be read", id)
		}
		if set != nil {
			set[r] = true
		}
	}
	return rows.Err()
}

// seriesCodes remembers the catalogue positions of the indicator codes of the last row decoded:
// most rows report the same indicators, and comparing a few bytes costs less than a map lookup.
type seriesCodes struct {
	code [][]byte
	pos  []int // catalogue position, -1 for a code not in the catalogue
}

// at returns the catalogue position of the j-th code of a row.
func (c *seriesCodes) at(j int, code []byte) int {
	if j < len(c.code) && string(c.code[j]) == string(code) {
		return c.pos[j]
	}
	k, ok := indicatorPos[string(code)]
	if !ok {
		k = -1
	}
	for len(c.code) <= j {
		c.code, c.pos = append(c.code, nil), append(c.pos, -1)
	}
	c.code[j], c.pos[j] = append(c.code[j][:0], code...), k
	return k
}

// placeSeries places the values of the packed row b in panel row r, which holds no values yet,
// as Panel.SetSeries places each indicator's: quarters outside the grid and invalid values are
// left out. It reports false for a row that cannot be read.
func placeSeries(p *evaluation.Panel, r int, b []byte, codes *seriesCodes) bool {
	if len(b) >= 1 && b[0] != seriesFormat {
		s, ok := decodeSeries(b)
		for _, e := range s {
			if k, known := indicatorPos[e.code]; known {
				p.SetSeries(r, k, e.first, e.values)
			}
		}
		return ok
	}
	if len(b) < 2 {
		return false
	}
	row, T, last := p.RowValues(r), p.T, p.Last()
	pos := 2
	for j := range int(b[1]) {
		code, first, n, values, next, ok := seriesHeader(b, pos, seriesFormat)
		if !ok {
			return false
		}
		pos = next
		k := codes.at(j, code)
		if k < 0 {
			continue
		}
		lo, hi := max(0, int(p.First-first)), min(n, int(last-first)+1)
		s, off := row[k*T:(k+1)*T], int(first-p.First)
		at := 0
		for t := range hi {
			var v float32
			if v, at, ok = seriesValue(values, at); !ok {
				return false
			}
			if t >= lo && evaluation.ValidValue(float64(v)) {
				s[off+t] = v
			}
		}
	}
	return pos == len(b)
}
