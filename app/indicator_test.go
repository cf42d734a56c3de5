package app

import (
	"context"
	"strings"
	"testing"

	"seedbed"
	"seedbed/evaluation"
)

func countObservations(t *testing.T, m *Monitoring) int {
	t.Helper()
	_, n, err := m.FindObservations(context.Background(), evaluation.ObservationFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestAddObservationsAllOrNothing(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		ctx, s, m := context.Background(), a.Store(), a.Monitoring
		fixedClock(s) // 2026Q1
		ids := newInnovators(t, s, 2, "监测主体")
		own, other := ids[0], ids[1]
		applicant := seedbed.Actor{UserID: 9, Username: "app", Role: seedbed.RoleApplicant, InnovatorID: &own}
		n, err := m.AddObservations(ctx, officer, []evaluation.Observation{
			{InnovatorID: own, Indicator: "patents_filed", Period: qtr(2025, 4), Value: 3, Source: evaluation.SourceOfficer},
			{InnovatorID: own, Indicator: "研发投入", Period: qtr(2025, 4), Value: 120.5, Unit: "万元", Source: "项目主管录入"},
		})
		if err != nil || n != 2 {
			t.Fatalf("good batch: %d, %v", n, err)
		}
		got, err := m.InnovatorObservations(ctx, own)
		if err != nil || len(got) != 2 {
			t.Fatalf("stored %v, %v", got, err)
		}
		if got[1].Indicator != evaluation.RDSpend || got[1].Unit != evaluation.UnitWanYuan || got[1].Source != evaluation.SourceOfficer ||
			got[1].EnteredBy != officer.Username || got[1].Version != 1 {
			t.Fatalf("normalised row %+v", got[1])
		}
		good := evaluation.Observation{InnovatorID: own, Indicator: "software_releases", Period: qtr(2025, 3), Value: 1, Source: evaluation.SourceOfficer}
		cases := []struct {
			name  string
			actor seedbed.Actor
			bad   evaluation.Observation
			code  string
			field string
			text  string
		}{
			{"negative count", officer, evaluation.Observation{InnovatorID: own, Indicator: "patents_granted", Period: qtr(2025, 1), Value: -2, Source: "officer"}, seedbed.EINVALID, "value", "negative"},
			{"future period", officer, evaluation.Observation{InnovatorID: own, Indicator: "patents_granted", Period: qtr(2026, 2), Value: 2, Source: "officer"}, seedbed.EINVALID, "period", "future"},
			{"duplicate in batch", officer, good, seedbed.EINVALID, "period", "duplicate"},
			{"unit mismatch", officer, evaluation.Observation{InnovatorID: own, Indicator: "rd_spend", Period: qtr(2025, 1), Value: 2, Unit: "元", Source: "officer"}, seedbed.EINVALID, "unit", "unit of rd_spend"},
			{"fractional count", officer, evaluation.Observation{InnovatorID: own, Indicator: "patents_filed", Period: qtr(2025, 1), Value: 1.5, Source: "officer"}, seedbed.EINVALID, "value", "whole number"},
			{"unknown innovator", officer, evaluation.Observation{InnovatorID: 99999, Indicator: "patents_filed", Period: qtr(2025, 1), Value: 1, Source: "officer"}, seedbed.EINVALID, "innovator_id", "does not exist"},
			{"stored already", officer, evaluation.Observation{InnovatorID: own, Indicator: "patents_filed", Period: qtr(2025, 4), Value: 4, Source: "officer"}, seedbed.ECONFLICT, "period", "submit a correction"},
			{"applicant for another organisation", applicant, evaluation.Observation{InnovatorID: other, Indicator: "patents_filed", Period: qtr(2025, 1), Value: 1, Source: "progress_report"}, seedbed.EFORBIDDEN, "innovator_id", "may not"},
			{"applicant as officer", applicant, evaluation.Observation{InnovatorID: own, Indicator: "patents_filed", Period: qtr(2025, 1), Value: 1, Source: "officer"}, seedbed.EINVALID, "source", "progress_report"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				first := good
				if c.actor.Role == seedbed.RoleApplicant {
					first.Source = evaluation.SourceProgressReport
				}
				_, err := m.AddObservations(ctx, c.actor, []evaluation.Observation{first, c.bad})
				var es seedbed.Errors
				if !errorsAs(err, &es) {
					t.Fatalf("got %v, want a list of row errors", err)
				}
				found := false
				for _, e := range es {
					if e.Line == 2 && e.Field == c.field && e.Code == c.code && strings.Contains(e.Error(), c.text) {
						found = true
					}
				}
				if !found {
					t.Fatalf("errors %v lack row 2 %s %s %q", es, c.code, c.field, c.text)
				}
				if n := countObservations(t, m); n != 2 {
					t.Fatalf("%d observations stored after a refused batch, want 2", n)
				}
			})
		}
		if _, err := m.AddObservations(ctx, officer, nil); seedbed.ErrorCode(err) != seedbed.EINVALID {
			t.Fatalf("empty batch: %v", err)
		}
		// The applicant reports for its own organisation.
		if _, err := m.AddObservations(ctx, applicant, []evaluation.Observation{{InnovatorID: own, Indicator: "patents_filed",
			Period: qtr(2025, 3), Value: 1, Source: evaluation.SourceProgressReport}}); err != nil {
			t.Fatal(err)
		}
	})
}

func errorsAs(err error, es *seedbed.Errors) bool {
	if e, ok := err.(seedbed.Errors); ok {
		*es = e
		return true
	}
	return false
}
