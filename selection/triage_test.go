package selection

import (
	"testing"

	"seedbed"
)

func TestMayTriage(t *testing.T) {
	n := Normalised{Apps: []AppScore{
		{AppID: "A1", Score: 80, Lower: 75, Upper: 85},
		{AppID: "A2", Score: 70, Lower: 65, Upper: 75},
		{AppID: "A3", Score: 60, Lower: 50, Upper: 72}, // reaches the median of 65
		{AppID: "A4", Score: 40, Lower: 35, Upper: 45},
		{AppID: "A5", Score: 30, Lower: 10, Upper: 50, Flags: []Flag{{Code: FlagDisagreement}}},
	}}
	// The median score is 60.
	cases := []struct {
		app      string
		champion bool
		ok       bool
	}{
		{"A4", false, true},
		{"A4", true, false},  // championed: discussed
		{"A5", false, false}, // disagreement: discussed
		{"A3", false, false}, // upper end 72 ≥ 60
		{"A1", false, false},
		{"A9", false, false}, // not scored
	}
	for _, c := range cases {
		err := MayTriage(n, c.app, c.champion)
		if (err == nil) != c.ok {
			t.Errorf("%s champion=%v: err %v, want ok=%v", c.app, c.champion, err, c.ok)
		}
		if err != nil && seedbed.ErrorCode(err) != seedbed.ECONFLICT {
			t.Errorf("%s: code %s, want conflict", c.app, seedbed.ErrorCode(err))
		}
	}
	if m := median([]float64{3, 1, 2, 4}); m != 2.5 {
		t.Fatalf("median %v, want 2.5", m)
	}
}
