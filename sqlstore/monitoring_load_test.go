package sqlstore

import (
	"context"
	"math"
	"testing"
	"time"

	"seedbed"
	"seedbed/demo"
	"seedbed/evaluation"
)

// TestMonitoringDataAgreesWithReads checks that what MonitoringData reads side by side is what
// the one-by-one reads give: the panel, cell for cell, against the value rows (its two halves
// meet without a gap or an overlap), every award's row against FindAwards, every outcome, and the
// name of every innovator of the panel.
func TestMonitoringDataAgreesWithReads(t *testing.T) {
	forEachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		ids := seriesFixture(t, s)
		// two archived awards to innovators with series, one to an innovator without, and an
		// outcome of each
		p := &seedbed.Program{Title: "2019 档案", Deadline: time.Date(2019, 3, 31, 9, 0, 0, 0, time.UTC),
			SelectionMode: seedbed.SelectionRanked, Version: 1, CreatedBy: "test", CreatedAt: s.Now(), UpdatedAt: s.Now()}
		at := time.Date(2019, 4, 15, 9, 0, 0, 0, time.UTC)
		aws := []seedbed.ArchivedAward{{InnovatorID: ids[3], Title: "甲", Amount: 300_000, AwardedAt: at},
			{InnovatorID: ids[40], Title: "乙", Amount: 200_000, AwardedAt: at}, {InnovatorID: ids[55], Title: "丙", Amount: 100_000, AwardedAt: at}}
		if err := s.InBulkTx(ctx, func(tx *Tx) error { return tx.InsertArchive(ctx, testActor, p, aws) }); err != nil {
			t.Fatal(err)
		}
		want, _, err := s.FindAwards(ctx, seedbed.AwardFilter{Limit: 100})
		if err != nil || len(want) != 3 {
			t.Fatalf("awards %d (%v)", len(want), err)
		}
		if err := s.InTx(ctx, func(tx *Tx) error {
			for _, aw := range want {
				o := evaluation.OutcomeRecord{AwardID: aw.ID, InnovatorID: aw.InnovatorID, Kind: evaluation.OutcomePatent, Value: 3,
					Period: evaluation.QuarterOf(at).Add(2), Evidence: "专利证书"}
				if err := tx.InsertOutcome(ctx, testActor, &o); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}

		d, err := s.MonitoringData(ctx, evaluation.CurrentQuarter(s.Now()))
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Awards) != len(want) {
			t.Fatalf("%d awards, want %d", len(d.Awards), len(want))
		}
		byID := map[int64]seedbed.Award{}
		for _, aw := range want {
			byID[aw.ID] = aw
		}
		for _, aw := range d.Awards {
			w := byID[aw.ID]
			if aw.InnovatorID != w.InnovatorID || aw.ProgramID != w.ProgramID || aw.ProgramTitle != w.ProgramTitle ||
				aw.InnovatorName != w.InnovatorName || aw.Amount != w.Amount || !aw.AwardedAt.Equal(w.AwardedAt) || aw.Status != w.Status {
				t.Errorf("award %d: read %+v, FindAwards %+v", aw.ID, aw, w)
			}
		}
		if len(d.Outcomes) != 3 {
			t.Errorf("%d outcomes, want 3", len(d.Outcomes))
		}
		// the panel: the 50 innovators with series and the awardee without
		if d.Panel.Len() != 51 {
			t.Fatalf("panel of %d innovators, want 51", d.Panel.Len())
		}
		for _, id := range d.Panel.IDs {
			if d.Innovators[id].Name == "" {
				t.Errorf("innovator %d: no name", id)
			}
		}
		ref, _ := evaluation.NewPanel(d.Panel.IDs, d.Panel.First, d.Panel.Last())
		if err := loadRowsPanel(ctx, s, ref); err != nil {
			t.Fatal(err)
		}
		n := 0
		for j := range ref.Values {
			x, y := d.Panel.Values[j], ref.Values[j]
			if math.Float32bits(x) != math.Float32bits(y) && !(x != x && y != y) {
				t.Fatalf("cell %d: read %v, value rows %v", j, x, y)
			}
			if x == x {
				n++
			}
		}
		if n < 10000 {
			t.Fatalf("only %d values compared", n)
		}
	})
}

// TestMonitoredInnovatorsDenseAndSparse: the names, fields and size classes read for a dense run
// of ids (read as one range, the ids not asked for passed over) and for scattered ids (read by
// id) are those of the innovators asked for, and only those.
func TestMonitoredInnovatorsDenseAndSparse(t *testing.T) {
	forEachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		ins := demo.Innovators(11, 800)
		if err := s.InTx(ctx, func(tx *Tx) error { return tx.InsertInnovators(ctx, testActor, ins, nil) }); err != nil {
			t.Fatal(err)
		}
		var asked []int64
		for i := 0; i < 600; i += 2 { // every other one: a dense run
			asked = append(asked, ins[i].ID)
		}
		for i := 601; i < 800; i += 37 { // scattered
			asked = append(asked, ins[i].ID)
		}
		asked = append(asked, ins[799].ID+1000) // no such innovator
		got, err := s.MonitoredInnovators(ctx, asked)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(asked)-1 {
			t.Fatalf("%d innovators read for %d asked (one of them unknown)", len(got), len(asked))
		}
		for _, id := range asked[:len(asked)-1] {
			want, err := s.GetInnovator(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if m := got[id]; m.ID != id || m.Name != want.Name || m.Field != want.Field || m.SizeClass != want.SizeClass {
				t.Errorf("innovator %d: read %+v, want %s %s %s", id, m, want.Name, want.Field, want.SizeClass)
			}
		}
	})
}
