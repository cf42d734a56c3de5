package selection

import (
	"testing"

	"seedbed"
)

// TestSelectEveryMode checks that Select handles every mode of the one declared list, with the
// mode's own function, and refuses any other.
func TestSelectEveryMode(t *testing.T) {
	cands := []Candidate{cand("A", 50, 2.0, 0.1), cand("B", 60, 1.5, 0.1), cand("C", 30, -1.0, 0.1)}
	rules := Rules{Threshold: 0, QualityBar: -0.5}
	for _, mode := range seedbed.SelectionModes.Codes() {
		sel, plan, err := Select(mode, cands, 100, rules)
		if err != nil {
			t.Fatalf("%s: %v", mode, err)
		}
		if sel.Mode != mode {
			t.Errorf("%s: selection made in mode %q", mode, sel.Mode)
		}
		if (plan != nil) != (mode == ModeLottery) {
			t.Errorf("%s: plan %v", mode, plan)
		}
	}
	if _, _, err := Select("auction", cands, 100, rules); seedbed.ErrorCode(err) != seedbed.EINVALID {
		t.Fatalf("unknown mode: %v", err)
	}
}
