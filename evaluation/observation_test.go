package evaluation

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"seedbed"
)

var testNow = time.Date(2025, 5, 10, 0, 0, 0, 0, time.UTC) // in 2025Q2

func goodObs() Observation {
	return Observation{InnovatorID: 7, Indicator: PatentsFiled, Period: q(2024, 3), Value: 3, Unit: UnitCount, Source: SourceOfficer}
}

func TestValidateObservationsAcceptsGoodBatch(t *testing.T) {
	a, b := goodObs(), goodObs()
	b.Period = q(2024, 4)
	c := Observation{InnovatorID: 7, Indicator: RDSpend, Period: q(2025, 2), Value: 12.5, Unit: UnitWanYuan, Source: SourceProgressReport}
	if es := ValidateObservations([]Observation{a, b, c}, testNow); es != nil {
		t.Fatalf("good batch refused: %v", es)
	}
}

func TestValidateObservationsRefusesBadRows(t *testing.T) {
	tests := []struct {
		name   string
		change func(o *Observation)
		field  string
		text   string
	}{
		{"negative count", func(o *Observation) { o.Value = -1 }, "value", "负数"},
		{"negative money", func(o *Observation) { o.Indicator, o.Unit, o.Value = Revenue, UnitWanYuan, -0.5 }, "value", "negative"},
		{"fractional count", func(o *Observation) { o.Value = 2.5 }, "value", "whole number"},
		{"NaN", func(o *Observation) { o.Value = math.NaN() }, "value", "not a number"},
		{"Inf", func(o *Observation) { o.Value = math.Inf(1) }, "value", "not a number"},
		{"too large", func(o *Observation) { o.Value = 2e12 }, "value", "implausibly"},
		{"future period", func(o *Observation) { o.Period = q(2025, 3) }, "period", "future"},
		{"no period", func(o *Observation) { o.Period = 0 }, "period", "missing"},
		{"unknown indicator", func(o *Observation) { o.Indicator = "likes" }, "indicator", "unknown indicator"},
		{"unit mismatch", func(o *Observation) { o.Indicator, o.Unit = RDSpend, "元" }, "unit", "万元"},
		{"unit of another indicator", func(o *Observation) { o.Unit = UnitWanYuan }, "unit", "count"},
		{"no innovator", func(o *Observation) { o.InnovatorID = 0 }, "innovator_id", "positive"},
		{"unknown source", func(o *Observation) { o.Source = "rumour" }, "source", "unknown source"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bad := goodObs()
			tt.change(&bad)
			first := goodObs()
			first.Period = q(2024, 2)
			es := ValidateObservations([]Observation{first, bad}, testNow)
			if len(es) != 1 {
				t.Fatalf("want 1 error, got %v", es)
			}
			e := es[0]
			if e.Line != 2 || e.Field != tt.field || e.Code != seedbed.EINVALID || !strings.Contains(e.Error(), tt.text) {
				t.Errorf("got line %d field %q code %s message %q; want line 2 field %q containing %q", e.Line, e.Field, e.Code, e.Error(), tt.field, tt.text)
			}
		})
	}
}

func TestValidateObservationsDuplicateAndLines(t *testing.T) {
	a, b := goodObs(), goodObs()
	a.Line, b.Line = 5, 9 // as read from a file
	b.Value = 4
	es := ValidateObservations([]Observation{a, b}, testNow)
	if len(es) != 1 || es[0].Line != 9 || !strings.Contains(es[0].Error(), "line 5") {
		t.Fatalf("duplicate: %v", es)
	}
	var err error = es
	if seedbed.ErrorCode(err) != seedbed.EINVALID {
		t.Errorf("code %s", seedbed.ErrorCode(err))
	}
	var target seedbed.Errors
	if !errors.As(err, &target) {
		t.Error("not a seedbed.Errors")
	}
}

func TestObservationNormalize(t *testing.T) {
	o := Observation{InnovatorID: 1, Indicator: " 专利申请 ", Period: q(2024, 1), Value: 1, Unit: "件", Source: "项目主管录入"}
	o.Normalize()
	if o.Indicator != PatentsFiled || o.Unit != UnitCount || o.Source != SourceOfficer {
		t.Fatalf("normalized to %+v", o)
	}
	e := Observation{Indicator: "R&D spending"}
	e.Normalize()
	if e.Indicator != RDSpend || e.Unit != UnitWanYuan {
		t.Fatalf("empty unit not filled: %+v", e)
	}
	u := Observation{Indicator: RDSpend, Unit: "元"}
	u.Normalize()
	if u.Unit != "元" {
		t.Fatalf("unknown unit rewritten to %q", u.Unit)
	}
}

func TestCatalogue(t *testing.T) {
	seen := map[string]bool{}
	for _, ind := range Catalogue {
		if seen[ind.Code] || ind.Label.Zh == "" || ind.Label.En == "" || !Units.Has(ind.Unit) || !Categories.Has(string(ind.Category)) || !(ind.Weight >= 0) {
			t.Errorf("bad catalogue entry %+v", ind)
		}
		seen[ind.Code] = true
		if k, ok := IndicatorIndex(ind.Code); !ok || Catalogue[k].Code != ind.Code {
			t.Errorf("index of %s", ind.Code)
		}
	}
	for _, cat := range []Category{Technical, Market, NonTechnical, Funding} {
		if len(members[cat]) == 0 {
			t.Errorf("category %s has no indicators", cat)
		}
	}
}
