package sqlstore

import (
	"bytes"
	"context"
	"encoding/binary"
	"math"
	"slices"
	"strings"
	"testing"

	"seedbed/evaluation"
)

// encode64 packs series as the store did before migration 00027 (format 1, float64 values): the
// rows a database of that time holds.
func encode64(s innovatorSeries) (data []byte, lo, hi evaluation.Quarter, ok bool) {
	slices.SortFunc(s, func(a, b seriesEntry) int { return strings.Compare(a.code, b.code) })
	data = []byte{seriesFormat64, 0}
	for _, e := range s {
		i, j := valueSpan(e.values)
		if i == j {
			continue
		}
		first := e.first.Add(i)
		lo, hi, ok = widenSpan(lo, hi, ok, first, e.first.Add(j-1))
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

// TestSeriesMigrationConverts checks migration 00027 on both engines: a database at version 26,
// its packed series holding float64 values built from its value rows, is converted when the
// store opens it into the rows the store writes now, byte for byte, and fills the panel the
// value rows fill; a database from before the packed series (version 20) gets the same rows
// built from its values.
func TestSeriesMigrationConverts(t *testing.T) {
	forEachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		ids := seriesFixture(t, s)
		lo, hi, err := s.ObservedPeriods(ctx)
		if err != nil {
			t.Fatal(err)
		}
		written := packedRows(t, s)
		p := downTo(t, s, 26)
		// the float64 rows of version 26, from the value rows
		by := map[int64]*innovatorSeries{}
		if err := eachRow(ctx, s.write, `SELECT innovator_id, indicator, period, value FROM observations`, nil, func(sc scanner) error {
			var id, q int64
			var code string
			var v float64
			if err := sc.Scan(&id, &code, &q, &v); err != nil {
				return err
			}
			if by[id] == nil {
				by[id] = &innovatorSeries{}
			}
			by[id].set(code, evaluation.Quarter(q), v)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		for id, ser := range by {
			data, l, h, ok := encode64(*ser)
			if !ok {
				continue
			}
			if _, err := s.write.ExecContext(ctx, `INSERT INTO observation_series (innovator_id, first_period, last_period, data) VALUES ($1, $2, $3, $4)`,
				id, int64(l), int64(h), data); err != nil {
				t.Fatal(err)
			}
		}
		if got := packedRows(t, s); len(got) != len(written) || bytes.Equal(got[ids[0]], written[ids[0]]) {
			t.Fatalf("version 26 holds %d rows (want %d), the first in the new format: %v", len(got), len(written), bytes.Equal(got[ids[0]], written[ids[0]]))
		}
		for _, down := range []int64{26, 20} {
			if down == 20 {
				if _, err := p.DownTo(ctx, 20); err != nil {
					t.Fatal(err)
				}
			}
			if err := s.migrate(ctx); err != nil {
				t.Fatalf("from version %d: %v", down, err)
			}
			if have, err := s.tableExists(ctx, s.read, "observation_series_f64"); err != nil || have {
				t.Fatalf("from version %d: the float64 table is left (%v)", down, err)
			}
			got := packedRows(t, s)
			if len(got) != len(written) {
				t.Fatalf("from version %d: %d series rows, want %d", down, len(got), len(written))
			}
			for id, b := range written {
				if !bytes.Equal(got[id], b) {
					t.Fatalf("from version %d: innovator %d: converted series differ from the written ones", down, id)
				}
			}
			if n := samePanels(t, s, ids, lo, hi); n < 10000 {
				t.Fatalf("from version %d: only %d values compared", down, n)
			}
		}
	})
}
