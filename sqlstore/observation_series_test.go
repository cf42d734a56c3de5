package sqlstore

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"math"
	"math/rand/v2"
	"slices"
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

// TestSeriesValuesRoundTrip checks that every packed value decodes to the float32 it was packed
// from, bit for bit, whichever form it takes, and that the short forms are used.
func TestSeriesValuesRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	values := []float32{0, 1, 31, 32, 1e12, 0.1, 0.05, 2.7, 1234.56, 99999.99, 1.005, 1e-7, 123456.789, float32(math.NaN()),
		float32(math.Copysign(0, -1)), math.MaxFloat32, math.SmallestNonzeroFloat32}
	for range 20000 {
		switch r.IntN(4) {
		case 0:
			values = append(values, float32(r.IntN(1e9)))
		case 1:
			values = append(values, float32(float64(r.IntN(1e7))/10))
		case 2:
			values = append(values, float32(math.Round(r.Float64()*1e8)/100))
		default:
			values = append(values, math.Float32frombits(r.Uint32()))
		}
	}
	var b []byte
	for _, v := range values {
		b = appendSeriesValue(b, v)
	}
	at := 0
	for i, v := range values {
		got, next, ok := seriesValue(b, at)
		if !ok || math.Float32bits(got) != math.Float32bits(v) && !(got != got && v != v) {
			t.Fatalf("value %d: packed %v (%08x), read %v (%08x) %v", i, v, math.Float32bits(v), got, math.Float32bits(got), ok)
		}
		at = next
	}
	if at != len(b) {
		t.Fatalf("read %d of %d bytes", at, len(b))
	}
	for v, size := range map[float32]int{0: 1, 31: 1, 2.7: 1, 12.3: 2, 1234.56: 3, float32(math.NaN()): 1, 1e-7: 5} {
		if got := len(appendSeriesValue(nil, v)); got != size {
			t.Errorf("%v packs in %d bytes, want %d", v, got, size)
		}
	}
}

// TestPlaceSeriesReadsEveryFormat checks that a row of plain float32 values (format 2) or of
// float64 values (format 1) fills the panel row as the current format does.
func TestPlaceSeriesReadsEveryFormat(t *testing.T) {
	s := innovatorSeries{}
	for q, v := range []float64{1.5, math.NaN(), 2.25, 7, 1234.567} {
		if v == v {
			s.set("revenue", evaluation.Quarter(8000+q), v)
		}
	}
	s.set("patents_filed", 7999, 3)
	current, _, _, _ := s.encode()
	f64, _, _, _ := encode64(s)
	// format 2: the current row with its values as plain float32s
	f32 := []byte{seriesFormat32, byte(len(s))}
	for _, e := range s {
		f32 = append(f32, byte(len(e.code)))
		f32 = append(f32, e.code...)
		f32 = binary.LittleEndian.AppendUint32(f32, uint32(int32(e.first)))
		f32 = binary.LittleEndian.AppendUint16(f32, uint16(len(e.values)))
		for _, v := range e.values {
			f32 = binary.LittleEndian.AppendUint32(f32, math.Float32bits(float32(v)))
		}
	}
	panel := func(b []byte) []float32 {
		p, err := evaluation.NewPanel([]int64{1}, 7998, 8004)
		if err != nil {
			t.Fatal(err)
		}
		if !placeSeries(p, 0, b, &seriesCodes{}) {
			t.Fatalf("format %d refused", b[0])
		}
		return p.Values
	}
	want := panel(current)
	if n := len(slices.DeleteFunc(slices.Clone(want), func(v float32) bool { return v != v })); n != 5 {
		t.Fatalf("%d values placed, want 5", n)
	}
	for _, b := range [][]byte{f32, f64} {
		for j, v := range panel(b) {
			if math.Float32bits(v) != math.Float32bits(want[j]) && !(v != v && want[j] != want[j]) {
				t.Fatalf("format %d, cell %d: %v, want %v", b[0], j, v, want[j])
			}
		}
	}
}
