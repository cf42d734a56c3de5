package app

import (
	"context"
	"fmt"
	"testing"
	"time"

	"seedbed"
	"seedbed/evaluation"
	"seedbed/sqlstore"
)

// officer is who the monitoring tests act as.
var officer = seedbed.Actor{UserID: 1, Username: "officer1", Role: seedbed.RoleOfficer}

func qtr(year, q int) evaluation.Quarter {
	v, err := evaluation.NewQuarter(year, q)
	if err != nil {
		panic(err)
	}
	return v
}

// fixedClock sets the store's clock to 1 March 2026 (2026Q1).
func fixedClock(s *sqlstore.Store) {
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { return now }
}

// newInnovators creates n innovators of one field and size class and returns their IDs.
func newInnovators(t testing.TB, s *sqlstore.Store, n int, prefix string) []int64 {
	t.Helper()
	ids := make([]int64, n)
	for i := range ids {
		in := &seedbed.Innovator{Name: fmt.Sprintf("%s%02d", prefix, i), Kind: seedbed.KindTeam, Field: "ai"}
		if err := s.CreateInnovator(context.Background(), seedbed.System, in); err != nil {
			t.Fatal(err)
		}
		ids[i] = in.ID
	}
	return ids
}

// series builds the observations of one indicator from consecutive quarters.
func series(id int64, indicator string, from evaluation.Quarter, values ...float64) []evaluation.Observation {
	out := make([]evaluation.Observation, len(values))
	for i, v := range values {
		out[i] = evaluation.Observation{InnovatorID: id, Indicator: indicator, Period: from.Add(i), Value: v, Source: evaluation.SourceOfficer}
	}
	return out
}
