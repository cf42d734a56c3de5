package exemption

import (
	"testing"
	"time"

	"seedbed"
)

// TestDue: before the decision, the steps the procedure in force requires are checked as the
// determination will check them; a missing review, declaration or lottery step is due.
func TestDue(t *testing.T) {
	decided := time.Date(2026, 3, 20, 2, 0, 0, 0, time.UTC)
	stepsOf := func(f *fixture, decider string) map[string]string {
		var before []Record
		for _, r := range f.recs {
			if r.Kind == seedbed.EventAward {
				break
			}
			before = append(before, r)
		}
		in := f.in
		in.Records = before
		p, steps := Due(in, decider, decided)
		if p == nil || p.ID != "grant-standard" || p.Version != 2 {
			t.Fatalf("procedure %+v", p)
		}
		out := map[string]string{}
		for _, s := range steps {
			out[s.ID] = s.Status
		}
		return out
	}
	f := newFixture(t, decided)
	for id, st := range stepsOf(f, "officer1") {
		if st != seedbed.ConditionMet {
			t.Errorf("step %s: %s", id, st)
		}
	}
	if got := stepsOf(f, "officer2")["decider_interest"]; got != seedbed.ConditionNotMet {
		t.Errorf("another decider's declaration: %s", got)
	}
	f.drop("score", "rev2")
	if got := stepsOf(f, "officer1")["reviews"]; got != seedbed.ConditionNotMet {
		t.Errorf("two reviews of three: %s", got)
	}

	// a lottery program whose selection sent nobody to a draw needs no commitment nor draw
	f = newFixture(t, decided)
	f.in.SelectionMode = seedbed.SelectionLottery
	f.add(seedbed.EventSelection, "officer1", "program:1", map[string]any{"mode": "lottery", "draw_group": []string{}})
	f.recs[len(f.recs)-1].Time = decided.Add(-time.Hour)
	lottery := func() map[string]string {
		in := f.in
		in.Records = []Record{}
		for _, r := range f.recs {
			if r.Kind != seedbed.EventAward && r.Subject != "award:3" {
				in.Records = append(in.Records, r)
			}
		}
		_, steps := Due(in, "officer1", decided)
		out := map[string]string{}
		for _, s := range steps {
			out[s.ID] = s.Status
		}
		return out
	}
	if got := lottery(); got["commitment"] != seedbed.ConditionMet || got["draw"] != seedbed.ConditionMet {
		t.Errorf("no draw group: %v", got)
	}
	f.edit(seedbed.EventSelection, func(r *Record) { r.Payload = []byte(`{"draw_group":["A-2"]}`) })
	if got := lottery(); got["commitment"] != seedbed.ConditionNotMet || got["draw"] != seedbed.ConditionNotMet {
		t.Errorf("a draw group without a draw: %v", got)
	}
}
