package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"seedbed"
)

func TestCheckEligibility(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		s := a.Policies
		ctx := context.Background()
		publishStarter(t, s)
		in := &seedbed.Innovator{ID: 1, Name: "小微智能", Kind: seedbed.KindEnterprise, Industry: "software",
			Employees: i64(12), Revenue: f64(260), Driver: "market_demand", Field: "ai", FoundedYear: 2023}
		in.Normalize()
		day := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
		cases := []struct {
			ids    []string
			status string
			want   []string // per policy: status
		}{
			{[]string{"grassroots-seed"}, seedbed.Eligible, []string{seedbed.Eligible}},
			{[]string{"grassroots-seed", "national-basic-research"}, seedbed.Ineligible, []string{seedbed.Eligible, seedbed.Ineligible}},
			{[]string{"failure-retry"}, seedbed.Undecided, []string{seedbed.Undecided}},
			{[]string{"no-such-policy"}, seedbed.Ineligible, []string{seedbed.Ineligible}},
			{nil, seedbed.Ineligible, nil},
		}
		for _, c := range cases {
			e, err := s.CheckEligibility(ctx, in, c.ids, day)
			if err != nil {
				t.Fatal(err)
			}
			if e.Status != c.status || len(e.Policies) != len(c.want) {
				t.Errorf("%v: %+v, want %s", c.ids, e, c.status)
				continue
			}
			for i, p := range e.Policies {
				if p.Status != c.want[i] || len(p.Explanation) == 0 {
					t.Errorf("%v: policy %s %s %v, want %s with an explanation", c.ids, p.PolicyID, p.Status, p.Explanation, c.want[i])
				}
			}
		}
		e, _ := s.CheckEligibility(ctx, in, []string{"grassroots-seed", "failure-retry"}, day)
		if e.Policies[0].Version != "2" || !strings.Contains(e.Policies[0].Explanation[1].Zh, "3 ≤ 7 ✓") {
			t.Errorf("trace of v2 in 2026: %+v", e.Policies[0])
		}
		if !strings.Contains(e.Policies[1].Explanation[0].En, "cannot decide") {
			t.Errorf("an empty indicator is not explained: %+v", e.Policies[1].Explanation)
		}
		// As of a day in 2025 the first version decides; before any version, nothing is in force.
		e, _ = s.CheckEligibility(ctx, in, []string{"grassroots-seed"}, time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC))
		if e.Policies[0].Version != "1" {
			t.Errorf("as of 2025: version %s", e.Policies[0].Version)
		}
		e, _ = s.CheckEligibility(ctx, in, []string{"grassroots-seed"}, time.Date(2020, 3, 1, 0, 0, 0, 0, time.UTC))
		if e.Status != seedbed.Ineligible || !strings.Contains(e.Policies[0].Explanation[0].En, "no version in force on 2020-03-01") {
			t.Errorf("as of 2020: %+v", e)
		}
	})
}
