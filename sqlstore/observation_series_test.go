package sqlstore

import (
	"bytes"
	"context"
	"database/sql"
	"math"
	"math/rand/v2"
	"testing"

	"seedbed"
	"seedbed/demo"
	"seedbed/evaluation"
)

// loadRowsPanel is how the panel was filled before the packed series: one row per stored value.
// It stays here as the reference the packed series must agree with.
func loadRowsPanel(ctx context.Context, s *Store, p *evaluation.Panel) error {
	rows, err := s.read.QueryContext(ctx, `SELECT innovator_id, indicator, period, value FROM observations WHERE period >= $1 AND period <= $2`,
		int64(p.First), int64(p.Last()))
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, q int64
		var ind string
		var v float64
		if err := rows.Scan(&id, &ind, &q, &v); err != nil {
			return err
		}
		if r, ok := p.Row(id); ok {
			if k, ok := indicatorPos[ind]; ok {
				p.Set(r, k, evaluation.Quarter(q), v)
			}
		}
	}
	return rows.Err()
}

// seriesFixture stores 60 demo innovators and values of every indicator over 40 quarters with
// gaps, late starts and early ends, in three writes (so that later writes extend stored series
// at both ends), and corrects a few values.
func seriesFixture(t *testing.T, s *Store) []int64 {
	t.Helper()
	ctx := context.Background()
	fixedClock(s)
	ins := demo.Innovators(7, 60)
	if err := s.InTx(ctx, func(tx *Tx) error { return tx.InsertInnovators(ctx, testActor, ins, nil) }); err != nil {
		t.Fatal(err)
	}
	ids := make([]int64, len(ins))
	for i, in := range ins {
		ids[i] = in.ID
	}
	first := evaluation.Quarter(2016 * 4)
	r := rand.New(rand.NewPCG(1, 2))
	var parts [3][]evaluation.Observation
	for _, id := range ids[:50] {
		for _, ind := range evaluation.Catalogue {
			if r.IntN(5) == 0 {
				continue // this innovator does not report the indicator
			}
			from, to := r.IntN(10), 30+r.IntN(11)
			for t := from; t < to; t++ {
				if r.IntN(7) == 0 {
					continue // a gap
				}
				o := evaluation.Observation{InnovatorID: id, Indicator: ind.Code, Period: first.Add(t), Value: math.Round(r.Float64()*1e6) / 100,
					Unit: ind.Unit, Source: evaluation.SourceCSV}
				part := 1
				if t < 12 {
					part = 2 // stored last, before the stored values
				} else if t >= 28 {
					part = 0
				}
				parts[part] = append(parts[part], o)
			}
		}
	}
	for _, p := range []int{1, 0, 2} {
		if err := s.InTx(ctx, func(tx *Tx) error { return tx.InsertObservations(ctx, testActor, parts[p]) }); err != nil {
			t.Fatal(err)
		}
	}
	recs, _, err := s.FindObservations(ctx, evaluation.ObservationFilter{InnovatorID: ids[3], Limit: 5})
	if err != nil || len(recs) == 0 {
		t.Fatalf("observations of %d: %v %v", ids[3], recs, err)
	}
	for i := range recs {
		if err := s.InTx(ctx, func(tx *Tx) error {
			ok, err := tx.ReplaceObservation(ctx, testActor, &recs[i], recs[i].Value+1.25, evaluation.SourceOfficer, "更正")
			if !ok && err == nil {
				t.Errorf("correction of %d not applied", recs[i].ID)
			}
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}
	return ids
}

// samePanels fills one panel from the packed series and one from the value rows and compares
// every cell.
func samePanels(t *testing.T, s *Store, ids []int64, first, last evaluation.Quarter) int {
	t.Helper()
	ctx := context.Background()
	a, err := evaluation.NewPanel(ids, first, last)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := evaluation.NewPanel(ids, first, last)
	if err := s.LoadPanel(ctx, a); err != nil {
		t.Fatal(err)
	}
	if err := loadRowsPanel(ctx, s, b); err != nil {
		t.Fatal(err)
	}
	n := 0
	for j := range a.Values {
		x, y := a.Values[j], b.Values[j]
		if math.Float32bits(x) != math.Float32bits(y) && !(x != x && y != y) {
			t.Fatalf("cell %d: packed series %v, value rows %v", j, x, y)
		}
		if x == x {
			n++
		}
	}
	return n
}

// TestObservationSeriesAgreeWithRows checks that the packed series give the panel the value rows
// give, cell for cell, after writes that extend series at both ends and after corrections; that
// the periods and innovators the snapshot starts from agree; and that building the series from
// the rows, as the migration does for an older database, gives the same packed bytes.
func TestObservationSeriesAgreeWithRows(t *testing.T) {
	forEachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		ids := seriesFixture(t, s)
		lo, hi, err := s.ObservedPeriods(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var rlo, rhi int64
		if err := s.read.QueryRowContext(ctx, `SELECT min(period), max(period) FROM observations`).Scan(&rlo, &rhi); err != nil {
			t.Fatal(err)
		}
		if int64(lo) != rlo || int64(hi) != rhi {
			t.Errorf("observed periods %d–%d, rows say %d–%d", lo, hi, rlo, rhi)
		}
		observed, err := s.ObservedInnovators(ctx)
		if err != nil || len(observed) != 50 {
			t.Fatalf("observed innovators %d (%v), want 50", len(observed), err)
		}
		if n := samePanels(t, s, ids, lo, hi); n < 10000 {
			t.Fatalf("only %d values compared", n)
		}
		samePanels(t, s, ids, lo.Add(5), hi.Add(-7)) // a window cutting every series
		before := packedRows(t, s)
		if err := s.InTx(ctx, func(tx *Tx) error {
			_, err := tx.ExecContext(ctx, `DELETE FROM observation_series`)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if err := s.buildSeries(ctx); err != nil {
			t.Fatal(err)
		}
		after := packedRows(t, s)
		if len(after) != len(before) {
			t.Fatalf("rebuilt %d series rows, had %d", len(after), len(before))
		}
		for id, b := range before {
			if !bytes.Equal(after[id], b) {
				t.Fatalf("innovator %d: rebuilt series differ from the written ones", id)
			}
		}
		samePanels(t, s, ids, lo, hi)
	})
}

func packedRows(t *testing.T, s *Store) map[int64][]byte {
	t.Helper()
	out := map[int64][]byte{}
	err := eachRow(context.Background(), s.read, `SELECT innovator_id, data FROM observation_series`, nil, func(sc scanner) error {
		var id int64
		var b []byte
		err := sc.Scan(&id, &b)
		out[id] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestDecodeSeriesRefusesDamage checks that a truncated or unknown packed row is refused rather
// than read past its end.
func TestDecodeSeriesRefusesDamage(t *testing.T) {
	s := innovatorSeries{}
	s.set("revenue", 8000, 1.5)
	s.set("revenue", 8003, 2.5)
	s.set("patents_filed", 7990, 3)
	data, lo, hi, ok := s.encode()
	if !ok || lo != 7990 || hi != 8003 {
		t.Fatalf("encode: %v %d %d", ok, lo, hi)
	}
	got, ok := decodeSeries(data)
	if !ok || len(got) != 2 || got[1].code != "revenue" || len(got[1].values) != 4 || got[1].values[3] != 2.5 || !math.IsNaN(got[1].values[1]) {
		t.Fatalf("decoded %+v %v", got, ok)
	}
	for n := 1; n < len(data); n++ {
		if _, ok := decodeSeries(data[:n]); ok {
			t.Errorf("truncated to %d bytes: accepted", n)
		}
	}
	if _, ok := decodeSeries(append([]byte{9}, data[1:]...)); ok {
		t.Error("unknown format accepted")
	}
	_ = sql.ErrNoRows
	_ = seedbed.ECONFLICT
}
