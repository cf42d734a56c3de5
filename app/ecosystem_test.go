package app

import (
	"context"
	"fmt"
	"testing"
	"time"

	"seedbed"
	"seedbed/ecosystem"
)

func indicator(t *testing.T, inds []ecosystem.Indicator, key string) ecosystem.Indicator {
	t.Helper()
	for _, ind := range inds {
		if ind.Key == key {
			return ind
		}
	}
	t.Fatalf("no indicator %s", key)
	return ecosystem.Indicator{}
}

func TestEcosystemIndicators(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		ctx, s := context.Background(), a.Store()
		fixedClock(s)
		var ids []int64
		for i := range 5 {
			in := &seedbed.Innovator{Name: fmt.Sprintf("草根团队%d", i), Kind: seedbed.KindTeam, Field: "ai", Region: "西湖区", PathTags: []string{fmt.Sprintf("路线%d", i%2)}}
			must(t, New(s, Options{}).Registry.CreateInnovator(ctx, seedbed.System, in))
			ids = append(ids, in.ID)
		}
		awards := fundInnovators(t, a, time.Date(2026, 1, 15, 9, 0, 0, 0, time.UTC), 100_000, ids...)
		scope := ecosystem.Scope{Region: "西湖区", Year: 2026}
		inds, err := a.Ecosystem.Indicators(ctx, scope)
		must(t, err)
		if ind := indicator(t, inds, "new_innovators"); ind.Value == nil || *ind.Value != 5 {
			t.Errorf("new_innovators = %+v, want 5", ind)
		}
		if ind := indicator(t, inds, "grassroots_share_awards"); ind.Value == nil || *ind.Value != 1 {
			t.Errorf("grassroots_share_awards = %+v, want 1", ind)
		}
		if ind := indicator(t, inds, "path_entropy_awardees"); ind.Value == nil || *ind.Value < 0.97 || *ind.Value > 0.98 {
			t.Errorf("path_entropy_awardees = %+v, want H(3/5, 2/5) ≈ 0.971", ind)
		}
		b, err := a.Ecosystem.ProgramBreadth(ctx, awards[0].ProgramID)
		must(t, err)
		if b.Awards != 5 || *b.GrassrootsShare != 1 || *b.SMEShare != 0 {
			t.Errorf("program breadth %+v", b)
		}
		rows, err := a.Ecosystem.Behind(ctx, scope, "grassroots_share_awards")
		must(t, err)
		if len(rows) != 5 || !rows[0].Counted || rows[0].ProgramTitle == "" || rows[0].InnovatorName == "" {
			t.Errorf("behind grassroots_share_awards: %+v", rows)
		}

		if ind := indicator(t, inds, "reports_per_award"); ind.Value == nil || *ind.Value != 2 {
			t.Errorf("reports_per_award = %+v, want 2 (two stages)", ind)
		}
		if ind := indicator(t, inds, "horizon_months_median"); ind.Value == nil || *ind.Value < 6 {
			t.Errorf("horizon_months_median = %+v", ind)
		}

		// A team registered as an enterprise counts as a team that became a firm.
		in, err := s.GetInnovator(ctx, ids[0])
		must(t, err)
		in.Kind, in.CreditCode = seedbed.KindEnterprise, "91330100799655058B"
		must(t, a.Registry.UpdateInnovator(ctx, seedbed.System, in, in.Version))
		inds, err = a.Ecosystem.Indicators(ctx, scope)
		must(t, err)
		if ind := indicator(t, inds, "teams_became_firms"); ind.Value == nil || *ind.Value != 1 {
			t.Errorf("teams_became_firms = %+v, want 1", ind)
		}

		// A new innovator changes the data's key: the cached figures are not served again.
		must(t, New(s, Options{}).Registry.CreateInnovator(ctx, seedbed.System, &seedbed.Innovator{Name: "新团队", Kind: seedbed.KindTeam, Region: "西湖区"}))
		inds, err = a.Ecosystem.Indicators(ctx, scope)
		must(t, err)
		if ind := indicator(t, inds, "new_innovators"); *ind.Value != 6 {
			t.Errorf("new_innovators after a registration = %v, want 6", *ind.Value)
		}
		trend, err := a.Ecosystem.Trend(ctx, ecosystem.Scope{Region: "西湖区"}, "new_innovators")
		must(t, err)
		if last := trend[len(trend)-1]; last.Year != 2026 || *last.Indicator.Value != 6 {
			t.Errorf("trend %+v", trend)
		}
		cmp, err := a.Ecosystem.Compare(ctx, scope, "sme_share_awards", "field")
		must(t, err)
		if len(cmp) != len(seedbed.Fields) {
			t.Errorf("compare by field: %d groups", len(cmp))
		}
	})
}

func TestEcosystemRefusesUnknownScope(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		ctx := context.Background()
		fixedClock(a.Store())
		for _, c := range []struct {
			scope     ecosystem.Scope
			key, by   string
			wantField string
		}{
			{ecosystem.Scope{Region: "火星"}, "landmarks", "region", "region"},
			{ecosystem.Scope{Field: "alchemy"}, "landmarks", "region", "field"},
			{ecosystem.Scope{Year: 1990}, "landmarks", "region", "year"},
			{ecosystem.Scope{}, "happiness", "region", "key"},
			{ecosystem.Scope{}, "landmarks", "planet", "by"},
		} {
			_, err := a.Ecosystem.Compare(ctx, c.scope, c.key, c.by)
			if seedbed.ErrorCode(err) != seedbed.EINVALID {
				t.Errorf("%+v: %v, want invalid", c, err)
			}
		}
		if _, err := a.Ecosystem.Indicators(ctx, ecosystem.Scope{Region: "火星"}); seedbed.ErrorCode(err) != seedbed.EINVALID {
			t.Errorf("Indicators with an unknown region: %v", err)
		}
	})
}
