package sqlstore

import (
	"context"
	"fmt"
	"testing"

	"seedbed"
)

// newInnovators creates n innovators of one field and size class and returns their IDs.
func newInnovators(t testing.TB, s *Store, n int, prefix string) []int64 {
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
