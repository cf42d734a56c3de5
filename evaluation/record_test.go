package evaluation

import (
	"strings"
	"testing"
	"time"

	"seedbed"
)

func TestOutcomeRecordCheck(t *testing.T) {
	cur := q(2026, 1)
	aw := &seedbed.Award{ID: 5, InnovatorID: 9, AwardedAt: time.Date(2024, 5, 6, 9, 0, 0, 0, time.UTC)} // 2024Q2
	tests := []struct {
		name  string
		o     OutcomeRecord
		aw    *seedbed.Award
		field string // "" when the outcome is good
		text  string
	}{
		{"good", OutcomeRecord{AwardID: 5, Kind: " patent ", Value: 3, Period: q(2025, 1), Evidence: " ZL2025 "}, aw, "", ""},
		{"level", OutcomeRecord{AwardID: 5, Kind: OutcomeStandard, Value: 3, Period: q(2025, 1), Evidence: "GB/T"}, aw, "", ""},
		{"unknown kind", OutcomeRecord{AwardID: 5, Kind: "sales", Value: 1, Period: q(2025, 1), Evidence: "x"}, aw, "kind", "unknown outcome kind"},
		{"negative", OutcomeRecord{AwardID: 5, Kind: OutcomePatent, Value: -1, Period: q(2025, 1), Evidence: "x"}, aw, "value", "negative"},
		{"level too high", OutcomeRecord{AwardID: 5, Kind: OutcomeRecognition, Value: 5, Period: q(2025, 1), Evidence: "x"}, aw, "value", "level"},
		{"future", OutcomeRecord{AwardID: 5, Kind: OutcomePatent, Value: 1, Period: q(2026, 2), Evidence: "x"}, aw, "period", "future"},
		{"no evidence", OutcomeRecord{AwardID: 5, Kind: OutcomePatent, Value: 1, Period: q(2025, 1), Evidence: "  "}, aw, "evidence", "evidence"},
		{"no award", OutcomeRecord{AwardID: 6, Kind: OutcomePatent, Value: 1, Period: q(2025, 1), Evidence: "x"}, nil, "award_id", "does not exist"},
		{"other innovator", OutcomeRecord{AwardID: 5, InnovatorID: 8, Kind: OutcomePatent, Value: 1, Period: q(2025, 1), Evidence: "x"}, aw, "innovator_id", "does not match"},
		{"before the award", OutcomeRecord{AwardID: 5, Kind: OutcomePatent, Value: 1, Period: q(2024, 1), Evidence: "x"}, aw, "period", "predates"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := tt.o
			es := append(o.Check(cur, 3), o.CheckAward(tt.aw, 3)...)
			if tt.field == "" {
				if len(es) > 0 {
					t.Fatalf("refused: %v", es)
				}
				if o.InnovatorID != 9 || strings.TrimSpace(o.Kind) != o.Kind || strings.TrimSpace(o.Evidence) != o.Evidence {
					t.Fatalf("not attributed or trimmed: %+v", o)
				}
				return
			}
			if len(es) != 1 || es[0].Field != tt.field || es[0].Line != 3 || !strings.Contains(es[0].Error(), tt.text) {
				t.Fatalf("got %v, want one error on %s about %q", es, tt.field, tt.text)
			}
		})
	}
}

func TestCorrectionCheck(t *testing.T) {
	old := ObservationRecord{ID: 1, Observation: Observation{InnovatorID: 7, Indicator: RDSpend, Period: q(2024, 3), Value: 100,
		Unit: UnitWanYuan, Source: SourceCSV}, Version: 1}
	tests := []struct {
		name  string
		c     Correction
		field string
	}{
		{"good", Correction{Value: 120, Reason: " 财务报表更正 "}, ""},
		{"no reason", Correction{Value: 120}, "reason"},
		{"long reason", Correction{Value: 120, Reason: strings.Repeat("长", MaxCorrectionReason+1)}, "reason"},
		{"negative", Correction{Value: -1, Reason: "笔误"}, "value"},
		{"wrong unit", Correction{Value: 1, Unit: "人", Reason: "笔误"}, "unit"},
		{"same value", Correction{Value: 100, Reason: "笔误"}, "value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := tt.c
			next, es := c.Check(old, CorrectionSource(seedbed.RoleOfficer), testNow)
			if tt.field == "" {
				if len(es) > 0 || next.Value != 120 || next.Source != SourceOfficer || next.Unit != UnitWanYuan || c.Reason != "财务报表更正" {
					t.Fatalf("got %+v, %v (reason %q)", next, es, c.Reason)
				}
				return
			}
			if len(es) == 0 || es[0].Field != tt.field || es[0].Line != 0 {
				t.Fatalf("got %v, want an error on %s", es, tt.field)
			}
		})
	}
	if CorrectionSource(seedbed.RoleApplicant) != SourceProgressReport {
		t.Fatal("an applicant corrects in a progress report")
	}
}

func TestSnapshotPanel(t *testing.T) {
	awards := []seedbed.Award{{ID: 1, InnovatorID: 30}, {ID: 2, InnovatorID: 10}}
	p, err := SnapshotPanel(awards, []int64{20, 10}, q(2020, 1), q(2024, 4), q(2026, 1))
	if err != nil {
		t.Fatal(err)
	}
	if len(p.IDs) != 3 || p.IDs[0] != 10 || p.IDs[1] != 20 || p.IDs[2] != 30 || p.First != q(2020, 1) || p.Last() != q(2024, 4) {
		t.Fatalf("panel of %v from %s to %s", p.IDs, p.First, p.Last())
	}
	// Nothing stored: the current quarter only.
	if p, err := SnapshotPanel(nil, nil, 0, 0, q(2026, 1)); err != nil || p.First != q(2026, 1) || p.T != 1 || p.Len() != 0 {
		t.Fatalf("empty panel %+v, %v", p, err)
	}
	// At most MaxPanelQuarters, the latest.
	if p, err := SnapshotPanel(nil, []int64{1}, q(1900, 1), q(2026, 1), q(2026, 1)); err != nil || p.T != MaxPanelQuarters || p.Last() != q(2026, 1) {
		t.Fatalf("long panel %+v, %v", p, err)
	}
}
