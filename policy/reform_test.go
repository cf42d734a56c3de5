package policy

import (
	"strings"
	"testing"

	"seedbed"
)

// TestSuccession: a new version from a date ends the open-ended version in force the day
// before, as a dated parameter does; a version that would start on or before the open-ended
// one's first day, or overlap a bounded one, still clashes.
func TestSuccession(t *testing.T) {
	lib := NewLibrary()
	v1 := version(t, 1, "2024-01-01", "2025-12-31")
	v2 := version(t, 2, "2026-01-01", "")
	for _, c := range []*Compiled{v1, v2} {
		if err := lib.Add(c); err != nil {
			t.Fatal(err)
		}
	}
	v3 := version(t, 3, "2027-02-01", "")
	if lib.Succeeds(v3) != v2 || SuccessionEnd(v3).String() != "2027-01-31" {
		t.Fatalf("v3 succeeds %v, ending on %s", lib.Succeeds(v3), SuccessionEnd(v3))
	}
	if err := lib.Add(v3); err != nil {
		t.Fatal(err)
	}
	for day, want := range map[string]int{"2027-01-31": 2, "2027-02-01": 3, "2040-01-01": 3, "2025-06-01": 1} {
		if got := lib.At("minimal", date(day)); got == nil || got.Version() != want {
			t.Errorf("%s: %v in force, want version %d", day, got, want)
		}
	}
	if end := lib.Version("minimal", 2).Document().EffectiveTo.String(); end != "2027-01-31" {
		t.Errorf("v2 ends %s", end)
	}
	if v2.Document().EffectiveTo.IsZero() == false {
		t.Error("succession changed the compiled version it was given")
	}
	for _, c := range []struct {
		name     string
		from, to string
		v        int
	}{
		{"starts on the open version's first day", "2027-02-01", "", 4},
		{"starts before the open version", "2026-06-01", "", 4},
		{"overlaps a bounded version", "2025-06-01", "2025-12-31", 4},
		{"lower number after the open version", "2028-01-01", "", 0},
	} {
		v := c.v
		if v == 0 {
			v = 2 // version 2 exists: a clash of numbers
		}
		if err := lib.Conflicts(version(t, v, c.from, c.to)); err == nil || !strings.Contains(err.Error(), "minimal") {
			t.Errorf("%s: Conflicts = %v", c.name, err)
		}
	}
}

// TestReform compares two versions over a small registry by hand: a medium firm gains, an old
// firm loses, a team is granted more, an unknown team stays undecided.
func TestReform(t *testing.T) {
	base := version(t, 2, "2026-01-01", "")
	src := strings.Replace(minimal, "version: 1", "version: 3", 1)
	src = strings.Replace(src, "effective_from: 2024-01-01", "effective_from: 2027-01-01", 1)
	src = strings.Replace(src, "as_of: 2024-06-01", "as_of: 2027-01-01", 1)
	src = strings.Replace(src, "expr: employees < 200", "expr: employees < 300", 1)
	src = strings.Replace(src, `amount: "10.0"`, `amount: 'employees < 50 ? 10.0 : 8.0'`, 1)
	src = strings.Replace(src, "amounts: {grant: 10}", "amounts: {grant: 8}", 1)
	next, err := Load("v3.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	r := NewReform(base, next, 2)
	ins := []seedbed.Innovator{
		{ID: 1, Name: "甲", Kind: seedbed.KindEnterprise, Employees: i64(250), SizeClass: seedbed.SizeMedium}, // gains
		{ID: 2, Name: "乙", Kind: seedbed.KindEnterprise, Employees: i64(150), SizeClass: seedbed.SizeSmall},  // less: 10 → 8
		{ID: 3, Name: "丙", Kind: seedbed.KindEnterprise, Employees: i64(20), SizeClass: seedbed.SizeMicro},   // unchanged
		{ID: 4, Name: "丁", Kind: seedbed.KindTeam},                                                           // undecided under both: no change
		{ID: 5, Name: "戊", Kind: seedbed.KindEnterprise, Employees: i64(400), SizeClass: seedbed.SizeMedium}, // ineligible under both
	}
	for i := range ins {
		r.Add(&ins[i])
	}
	res := r.Result()
	if res.Baseline != 2 || res.Version != 3 || res.Total.Total != 5 || res.Total.Gains != 1 || res.Total.Less != 1 ||
		res.Total.Loses != 0 || res.Total.More != 0 || res.Total.MoneyDelta != 6 { // +8 for 甲, −2 for 乙
		t.Fatalf("totals %+v", res.Total)
	}
	if len(res.Rows) != 2 || res.Rows[0].InnovatorID != 1 || res.Rows[0].Change != ReformGains || res.Rows[1].Change != ReformLess ||
		res.Rows[1].MoneyBefore != 10 || res.Rows[1].MoneyAfter != 8 || res.Truncated {
		t.Fatalf("rows %+v", res.Rows)
	}
	var medium *ReformSegment
	for i := range res.Segments {
		if res.Segments[i].Segment == "enterprise/medium" {
			medium = &res.Segments[i]
		}
	}
	if medium == nil || medium.Total != 2 || medium.Gains != 1 || medium.Label.Zh != "企业·中型" {
		t.Fatalf("segments %+v", res.Segments)
	}
	r = NewReform(base, next, 1)
	for i := range ins {
		r.Add(&ins[i])
	}
	if res := r.Result(); len(res.Rows) != 1 || !res.Truncated || res.Total.Gains != 1 || res.Total.Less != 1 {
		t.Fatalf("limited %+v", res)
	}
}

func i64(n int64) *int64 { return &n }
