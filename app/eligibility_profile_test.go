package app

import (
	"context"
	"testing"
	"time"

	"seedbed"
	"seedbed/policy"
)

func TestProfileEligibility(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		ctx := context.Background()
		publishStarter(t, a.Policies)
		day := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
		profile := seedbed.Innovator{Kind: seedbed.KindEnterprise, Industry: "software", Employees: i64(12), Revenue: f64(260),
			Driver: "market_demand", Field: "ai", FoundedYear: 2023}
		results, err := a.Policies.ProfileEligibility(ctx, profile, day)
		if err != nil {
			t.Fatal(err)
		}
		if len(results) == 0 {
			t.Fatal("no policy in force decided")
		}
		var seed *policy.Result
		for i := range results {
			if results[i].PolicyID == "grassroots-seed" {
				seed = &results[i]
			}
		}
		if seed == nil || seed.Status != policy.Eligible || len(seed.Clauses) == 0 {
			t.Fatalf("grassroots-seed for a small AI firm: %+v", seed)
		}
		// The same answer as for a registered innovator with the same fields.
		in := profile
		in.ID, in.Name = 1, "小微智能"
		in.Normalize()
		want, err := a.Policies.PoliciesFor(ctx, &in, day)
		if err != nil {
			t.Fatal(err)
		}
		for i := range want {
			if want[i].PolicyID == "grassroots-seed" && want[i].Status != seed.Status {
				t.Errorf("profile says %s, registry says %s", seed.Status, want[i].Status)
			}
		}
		for _, bad := range []seedbed.Innovator{{Kind: "robot"}, {Field: "alchemy"}, {Employees: i64(-1)}, {Driver: "x"}} {
			if _, err := a.Policies.ProfileEligibility(ctx, bad, day); seedbed.ErrorCode(err) != seedbed.EINVALID {
				t.Errorf("%+v: %v, want invalid", bad, err)
			}
		}
	})
}
