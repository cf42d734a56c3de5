package policy

import (
	"testing"
	"time"

	"seedbed"
	"seedbed/policies"
)

// TestSegmentCountsAndSamples feeds a segment one reused innovator value at a time, as a
// streaming reader does, and checks the counts and the samples kept.
func TestSegmentCountsAndSamples(t *testing.T) {
	lib, err := LoadFS(policies.FS)
	if err != nil {
		t.Fatal(err)
	}
	day := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	c := lib.At("grassroots-seed", day)
	seg := NewSegment([]*Compiled{c}, day, 1)
	var in seedbed.Innovator
	emp := int64(3)
	for _, x := range []seedbed.Innovator{
		{ID: 1, Name: "甲", Kind: seedbed.KindTeam, InnovationType: "grassroots", Field: "ai", Employees: &emp},
		{ID: 2, Name: "乙", Kind: seedbed.KindTeam, Field: "ai"},
		{ID: 3, Name: "丙", Kind: seedbed.KindTeam, InnovationType: "grassroots", Field: "ai", Employees: &emp},
	} {
		in = x
		seg.Add(&in)
		emp++ // the reader's variable moves on
	}
	res := seg.Results(time.Millisecond)[0]
	if res.Total != 3 || res.Eligible+res.Undecided+res.Ineligible != 3 || res.ElapsedMS != 1 {
		t.Fatalf("segment %+v", res)
	}
	if len(res.Samples) == 0 || res.Samples[0].InnovatorID != 1 {
		t.Fatalf("samples %+v", res.Samples)
	}
}

// TestEligibilityNamesPolicyNotInForce checks the verdict for a policy without a version in
// force and for an unknown one.
func TestEligibilityNamesPolicyNotInForce(t *testing.T) {
	lib, err := LoadFS(policies.FS)
	if err != nil {
		t.Fatal(err)
	}
	x := NewInput(&seedbed.Innovator{Kind: seedbed.KindTeam, InnovationType: "grassroots", Field: "ai"},
		time.Date(2020, 3, 1, 0, 0, 0, 0, time.UTC), nil)
	e := lib.Eligibility(x, []string{"grassroots-seed", "no-such-policy"})
	if e.Status != seedbed.Ineligible || len(e.Policies) != 2 || e.Policies[0].Title.Zh == "grassroots-seed" ||
		e.Policies[1].Explanation[0].En != "policy no-such-policy does not exist or is not published" {
		t.Fatalf("%+v", e)
	}
}
