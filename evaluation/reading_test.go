package evaluation

import (
	"fmt"
	"math"
	"testing"

	"seedbed/i18n"
)

func TestReadings(t *testing.T) {
	cases := []struct {
		name string
		got  Reading
		key  string
		args string
	}{
		// Interval [0.8, 1.6] wholly above a line at 0.5: 1.2 − 0.5 = 0.70.
		{"score above", ReadScore(1.2, 0.8, 1.6, 0.5, true), "read.score.above_line", "[0.70]"},
		{"score below", ReadScore(-0.9, -1.3, -0.5, -0.2, true), "read.score.below_line", "[0.70]"},
		{"score straddles above", ReadScore(0.3, -0.1, 0.7, 0.1, true), "read.score.near_line_above", "[0.20]"},
		{"score straddles below", ReadScore(0.0, -0.4, 0.4, 0.25, true), "read.score.near_line_below", "[0.25]"},
		{"score no line", ReadScore(-0.3, -0.8, 0.2, 0, false), "read.score.below_average", "[0.30]"},
		{"score average", ReadScore(0.04, -0.5, 0.5, 0, false), "read.score.average", "[]"},
		{"threshold", ReadThreshold(-0.3), "read.score.threshold", "[-0.30]"},
		// A reviewer averaging 78.5 among scores averaging 70: 8.5 points more lenient.
		{"lenient", ReadLeniency(78.5, 70), "read.leniency.lenient", "[8.5]"},
		{"strict", ReadLeniency(61, 70), "read.leniency.strict", "[9.0]"},
		{"in line", ReadLeniency(71.9, 70), "read.leniency.in_line", "[]"},
		{"momentum up", ReadMomentum(62.4), "read.momentum.up", "[12]"},
		{"momentum flat", ReadMomentum(46), "read.momentum.flat", "[]"},
		{"momentum down", ReadMomentum(31), "read.momentum.down", "[19]"},
		// exp(−0.098) − 1 = −0.0934: 9.3% lower a quarter; z = −0.098/0.03 = −3.3, clear.
		{"did lower", ReadDiD(-0.098, 0.03), "read.did.lower", "[9.3]"},
		// exp(0.05) − 1 = 0.0513; z = 0.05/0.04 = 1.25, within the noise.
		{"did higher noise", ReadDiD(0.05, 0.04), "read.did.higher_noise", "[5.1]"},
		{"did same", ReadDiD(0.004, 0.03), "read.did.same", "[]"},
		{"growth up", ReadGrowth(0.123), "read.growth.up", "[12]"},
		{"growth down", ReadGrowth(-0.4), "read.growth.down", "[40]"},
		{"gini high", ReadConcentration(0.755, 0.64, 0.1), "read.gini.high_top", "[10 64]"},
		{"gini mid", ReadConcentration(0.45, 0, 0.1), "read.gini.mid", "[]"},
		{"gini even", ReadConcentration(0.1, 0.15, 0.2), "read.gini.even_top", "[20 15]"},
		{"shares", ReadShares(20, 0.55, 0.481, 0.25, 0.1), "read.shares", "[20 55 25 48 10]"},
		{"no shares", ReadShares(0, 0, 0, 0, 0), "read.shares.none", "[]"},
		// Predicted 1.3 times the observed: close.
		{"fit close", ReadFit(1.3, true, "close"), "read.fit.more_close", "[1.3]"},
		// Predicted a quarter of the observed: 25%, poor.
		{"fit poor", ReadFit(0.25, true, "poor"), "read.fit.less_poor", "[25]"},
		{"fit none", ReadFit(0, true, "poor"), "read.fit.none_observed", "[]"},
		{"fit no data", ReadFit(0, false, "no_data"), "read.fit.no_data", "[]"},
		{"lab more", ReadLabStrategy(4.25, 2, 7, 1.5, 120.4, true), "read.lab.more_cost", "[4.2 2.0 7.0 1.5 120]"},
		{"lab same", ReadLabStrategy(3, 1, 5, 0.01, 0, false), "read.lab.same", "[3.0 1.0 5.0]"},
		{"lab fewer", ReadLabStrategy(1, 0, 2, -2, 0, true), "read.lab.fewer", "[1.0 0.0 2.0 2.0]"},
	}
	for _, c := range cases {
		if c.got.Key != c.key || fmt.Sprint(c.got.Args) != c.args {
			t.Errorf("%s: %s %v, want %s %s", c.name, c.got.Key, c.got.Args, c.key, c.args)
		}
		for _, lang := range []string{i18n.Zh, i18n.En} {
			if !i18n.Has(c.got.Key) {
				t.Errorf("%s: no message %s", c.name, c.got.Key)
			}
			if s := i18n.T(lang, c.got.Key, c.got.Args...); containsBadVerb(s) {
				t.Errorf("%s (%s): %q", c.name, lang, s)
			}
		}
	}
}

// containsBadVerb reports a message that fmt could not fill.
func containsBadVerb(s string) bool {
	for i := 0; i+1 < len(s); i++ {
		if s[i] == '%' && s[i+1] == '!' {
			return true
		}
	}
	return false
}

func TestReadDiDIsPercentOfGrowth(t *testing.T) {
	// A log slope difference of ln(0.9) is exactly 10% less growth a quarter.
	r := ReadDiD(math.Log(0.9), 0.01)
	if r.Key != "read.did.lower" || fmt.Sprint(r.Args) != "[10.0]" {
		t.Errorf("%s %v", r.Key, r.Args)
	}
}
