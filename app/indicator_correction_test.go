package app

import (
	"context"
	"testing"

	"seedbed"
	"seedbed/evaluation"
)

func TestCorrectObservationKeepsHistory(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		ctx, s, m := context.Background(), a.Store(), a.Monitoring
		fixedClock(s)
		ids := newInnovators(t, s, 2, "更正主体")
		if _, err := m.AddObservations(ctx, officer, []evaluation.Observation{{InnovatorID: ids[0], Indicator: "revenue",
			Period: qtr(2025, 2), Value: 100, Source: evaluation.SourceCSV}}); err != nil {
			t.Fatal(err)
		}
		obs, _ := m.InnovatorObservations(ctx, ids[0])
		id := obs[0].ID
		stranger := seedbed.Actor{Username: "other", Role: seedbed.RoleApplicant, InnovatorID: &ids[1]}
		for _, c := range []struct {
			name  string
			actor seedbed.Actor
			in    evaluation.Correction
			code  string
		}{
			{"no reason", officer, evaluation.Correction{Value: 120, Version: 1}, seedbed.EINVALID},
			{"negative", officer, evaluation.Correction{Value: -1, Reason: "笔误", Version: 1}, seedbed.EINVALID},
			{"wrong unit", officer, evaluation.Correction{Value: 1, Unit: "人", Reason: "笔误", Version: 1}, seedbed.EINVALID},
			{"same value", officer, evaluation.Correction{Value: 100, Reason: "笔误", Version: 1}, seedbed.EINVALID},
			{"stale version", officer, evaluation.Correction{Value: 120, Reason: "笔误", Version: 7}, seedbed.ECONFLICT},
			{"someone else's", stranger, evaluation.Correction{Value: 120, Reason: "笔误", Version: 1}, seedbed.EFORBIDDEN},
		} {
			if _, err := m.CorrectObservation(ctx, c.actor, id, c.in); seedbed.ErrorCode(err) != c.code {
				t.Errorf("%s: got %v, want %s", c.name, err, c.code)
			}
		}
		// A refused correction changes nothing.
		if hist, _ := m.ObservationHistory(ctx, id); len(hist) != 0 {
			t.Fatalf("history after refused corrections: %+v", hist)
		}
		if o, _ := m.GetObservation(ctx, id); o.Value != 100 || o.Version != 1 {
			t.Fatalf("after refused corrections: %+v", o)
		}
		o, err := m.CorrectObservation(ctx, officer, id, evaluation.Correction{Value: 120, Reason: "财务报表更正", Version: 1})
		if err != nil {
			t.Fatal(err)
		}
		if o.Value != 120 || o.Version != 2 || o.Source != evaluation.SourceOfficer {
			t.Fatalf("corrected %+v", o)
		}
		hist, err := m.ObservationHistory(ctx, id)
		if err != nil || len(hist) != 1 || hist[0].OldValue != 100 || hist[0].OldSource != evaluation.SourceCSV || hist[0].NewValue != 120 ||
			hist[0].Reason != "财务报表更正" {
			t.Fatalf("history %+v, %v", hist, err)
		}
		if _, err := m.CorrectObservation(ctx, officer, 424242, evaluation.Correction{Value: 1, Reason: "x", Version: 1}); seedbed.ErrorCode(err) != seedbed.ENOTFOUND {
			t.Fatalf("missing observation: %v", err)
		}
	})
}
