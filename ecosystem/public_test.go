package ecosystem

import (
	"testing"

	"seedbed/evaluation"
)

// TestPublicWithholdsSmallBases: a figure over fewer than PublicMinBase things loses its value
// and its base; its neighbours' readings no longer compare with it.
func TestPublicWithholdsSmallBases(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	inds := []Indicator{
		{Key: "sme_share_applicants", Unit: UnitShare, Value: f(0.40), Base: 9, Status: evaluation.StatusOK},
		{Key: "sme_share_awards", Unit: UnitShare, Value: f(0.70), Base: 10, Status: evaluation.StatusOK},
		{Key: "new_innovators", Unit: UnitCount, Value: f(3), Base: 3, Status: evaluation.StatusOK},
	}
	pub := Public(inds)
	if inds[0].Value == nil || inds[2].Base != 3 {
		t.Fatalf("Public changed its argument: %+v", inds)
	}
	for _, i := range []int{0, 2} {
		if p := pub[i]; p.Value != nil || p.Base != 0 || p.Status != evaluation.StatusWithheld {
			t.Errorf("%s over %d published: %+v", inds[i].Key, inds[i].Base, p)
		}
	}
	if p := pub[1]; p.Value == nil || *p.Value != 0.70 || p.Base != 10 || p.Status != evaluation.StatusOK {
		t.Errorf("sme_share_awards over 10 withheld: %+v", p)
	}
	rd := Readings(pub)
	if r := rd["sme_share_applicants"]; r.Key != "read.eco.withheld" {
		t.Errorf("withheld figure reads %+v", r)
	}
	// with the applicants' share known, the awards' share reads against it; withheld, it must not
	if r := Readings(inds)["sme_share_awards"]; len(r.Args) < 3 {
		t.Fatalf("the private reading does not compare: %+v", r)
	}
	if r := rd["sme_share_awards"]; len(r.Args) != 2 || r.Args[0] != "70" {
		t.Errorf("the public reading still compares with a withheld figure: %+v", r)
	}
}
