package ecosystem

import (
	"fmt"
	"testing"

	"seedbed/i18n"
)

func TestReadings(t *testing.T) {
	val := func(v float64) *float64 { return &v }
	inds := []Indicator{
		{Key: "sme_share_applicants", Unit: UnitShare, Value: val(0.60), Base: 50},
		{Key: "sme_share_awards", Unit: UnitShare, Value: val(0.48), Base: 20},
		{Key: "sme_share_money", Unit: UnitShare, Value: val(0.46), Base: 20},
		{Key: "grassroots_share_applicants", Unit: UnitShare, Value: val(0.20), Base: 50},
		{Key: "grassroots_share_awards", Unit: UnitShare, Value: val(0.30), Base: 20},
		{Key: "grassroots_share_money", Unit: UnitShare, Base: 3},
		{Key: "funding_gini", Unit: UnitIndex, Value: val(0.755), Base: 40},
		{Key: "funding_hhi", Unit: UnitIndex, Value: val(0.08), Base: 40},
		{Key: "path_entropy_awardees", Unit: UnitBits, Value: val(3), Base: 40},
		{Key: "selection_narrowing", Unit: UnitBits, Value: val(-0.42), Base: 40},
		{Key: "retry_days_median", Unit: UnitDays, Value: val(183), Base: 9},
		{Key: "horizon_months_median", Unit: UnitMonths, Value: val(30), Base: 40},
		{Key: "new_grassroots_teams", Unit: UnitCount, Value: val(7), Base: 31},
		{Key: "reports_per_award", Unit: UnitRate, Value: val(2.25), Base: 40},
		{Key: "retry_rate", Unit: UnitShare, Value: val(0.4), Base: 10},
	}
	got := Readings(inds)
	want := map[string]string{
		// 48% of awards against 60% of applicants: 12 points less.
		"sme_share_awards": "read.eco.sme_share_awards.less [48 12 60]",
		// 46% of money against 48% of awards: within 5 points.
		"sme_share_money":         "read.eco.sme_share_money.even [46 48]",
		"grassroots_share_awards": "read.eco.grassroots_share_awards.more [30 10 20]",
		"grassroots_share_money":  "read.eco.not_enough [3 5]",
		"funding_gini":            "read.eco.funding_gini.high [40]",
		// 1/0.08 = 12.5 equal recipients, rounded half to even: 12.
		"funding_hhi": "read.eco.funding_hhi [12 40]",
		// 2³ = 8 equally common paths.
		"path_entropy_awardees": "read.eco.path_entropy_awardees [8.0 40]",
		"selection_narrowing":   "read.eco.selection_narrowing.narrows [0.42]",
		// 183 days ≈ 6 months.
		"retry_days_median":     "read.eco.retry_days_median [183 6]",
		"horizon_months_median": "read.eco.horizon_months_median [30 2.5]",
		"new_grassroots_teams":  "read.eco.new_grassroots_teams [7 31]",
		"reports_per_award":     "read.eco.reports_per_award [2.2 40]",
		"retry_rate":            "read.eco.retry_rate [40 10]",
		"sme_share_applicants":  "read.eco.sme_share_applicants [60 50]",
	}
	for key, w := range want {
		r := got[key]
		if s := r.Key + " " + fmt.Sprint(r.Args); s != w {
			t.Errorf("%s: %s, want %s", key, s, w)
		}
	}
}

// TestEveryIndicatorReads reads every defined indicator with and without neighbours and checks
// that its message exists in both languages and formats without error.
func TestEveryIndicatorReads(t *testing.T) {
	v := 0.3
	for _, def := range Definitions {
		ind := Indicator{Key: def.Key, Unit: def.Unit, Value: &v, Base: 12}
		for _, others := range []map[string]Indicator{nil, {"sme_share_applicants": ind, "sme_share_awards": ind,
			"grassroots_share_applicants": ind, "grassroots_share_awards": ind, "first_time_share_awards": ind}} {
			r := Read(ind, others)
			for _, lang := range []string{i18n.Zh, i18n.En} {
				if !i18n.Has(r.Key) {
					t.Fatalf("%s: no message %s", def.Key, r.Key)
				}
				if s := i18n.T(lang, r.Key, r.Args...); containsAny(s, "%!", "%(") {
					t.Errorf("%s (%s): %q", def.Key, lang, s)
				}
			}
		}
	}
}

func containsAny(s string, subs ...string) bool {
	for _, sub := range subs {
		for i := 0; i+len(sub) <= len(s); i++ {
			if s[i:i+len(sub)] == sub {
				return true
			}
		}
	}
	return false
}
