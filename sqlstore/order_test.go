package sqlstore

import (
	"context"
	"testing"

	"seedbed"
)

// TestEverySortKeyHasColumns fails when a list names a sort key the store cannot order by, and
// runs every key both ways against each engine so that each column expression is valid SQL there.
func TestEverySortKeyHasColumns(t *testing.T) {
	lists := []struct {
		sorts seedbed.Sorts
		cols  map[string][]string
	}{
		{seedbed.AwardSorts, awardOrder}, {seedbed.ApplicationSorts, applicationOrder}, {seedbed.ProgramSorts, programOrder},
		{seedbed.InnovatorSorts, innovatorOrder}, {seedbed.AuditSorts, auditOrder}, {seedbed.ExemptionSorts, exemptionOrder},
		{seedbed.FailureSorts, failureOrder}, {seedbed.MessageSorts, messageOrder}, {seedbed.FlagSorts, flagOrder},
	}
	for _, l := range lists {
		for _, k := range l.sorts.Keys {
			if len(l.cols[k]) == 0 {
				t.Errorf("sort key %q has no column", k)
			}
		}
		if len(l.cols) != len(l.sorts.Keys) {
			t.Errorf("%v: %d columns for %d keys", l.sorts.Keys, len(l.cols), len(l.sorts.Keys))
		}
	}
	if got := orderBy(seedbed.Order{Key: "amount; DROP TABLE awards"}, seedbed.AwardSorts, awardOrder, "w.id"); got != " ORDER BY w.id DESC, w.id DESC" {
		t.Errorf("unknown key: %q", got)
	}
	forEachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		for _, desc := range []bool{false, true} {
			each := func(sorts seedbed.Sorts, run func(o seedbed.Order) error) {
				for _, k := range sorts.Keys {
					if err := run(seedbed.Order{Key: k, Desc: desc}); err != nil {
						t.Errorf("sort %s desc=%v: %v", k, desc, err)
					}
				}
			}
			each(seedbed.AwardSorts, func(o seedbed.Order) error { _, _, err := s.FindAwards(ctx, seedbed.AwardFilter{Order: o}); return err })
			each(seedbed.ApplicationSorts, func(o seedbed.Order) error {
				_, _, err := s.FindApplications(ctx, seedbed.ApplicationFilter{Order: o})
				return err
			})
			each(seedbed.ProgramSorts, func(o seedbed.Order) error {
				_, _, err := s.FindPrograms(ctx, seedbed.ProgramFilter{Order: o})
				return err
			})
			each(seedbed.InnovatorSorts, func(o seedbed.Order) error {
				if _, _, err := s.FindInnovators(ctx, seedbed.InnovatorFilter{Order: o}); err != nil {
					return err
				}
				_, _, err := s.FindInnovators(ctx, seedbed.InnovatorFilter{Order: o, Query: "科技"})
				return err
			})
			each(seedbed.AuditSorts, func(o seedbed.Order) error { _, _, err := s.FindAudit(ctx, seedbed.AuditFilter{Order: o}); return err })
			each(seedbed.ExemptionSorts, func(o seedbed.Order) error {
				_, _, err := s.FindExemptionCases(ctx, seedbed.ExemptionFilter{Order: o})
				return err
			})
			each(seedbed.FailureSorts, func(o seedbed.Order) error {
				_, _, err := s.FindFailures(ctx, seedbed.FailureFilter{Order: o})
				return err
			})
			each(seedbed.MessageSorts, func(o seedbed.Order) error {
				_, _, _, err := s.FindMessages(ctx, seedbed.MessageFilter{Username: "u", Order: o})
				return err
			})
			each(seedbed.FlagSorts, func(o seedbed.Order) error { _, _, err := s.FindFlags(ctx, seedbed.FlagFilter{Order: o}); return err })
		}
	})
}
