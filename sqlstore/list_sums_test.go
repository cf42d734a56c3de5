package sqlstore

import (
	"context"
	"fmt"
	"testing"

	"seedbed"
)

// TestListsCountEveryPage checks that the paged lists report what their whole filtered set holds,
// not the page: award sums over every page of a filter, and the decided approvals paged with
// their count.
func TestListsCountEveryPage(t *testing.T) {
	forEachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		exec := func(q string, args ...any) {
			t.Helper()
			if err := s.ExecForTest(ctx, q, args...); err != nil {
				t.Fatal(err)
			}
		}
		now := fmtTime(s.Now())
		exec(`INSERT INTO programs (title, budget, deadline, selection_mode, rubric, stages, state, created_by, created_at, updated_at)
			VALUES ('p', 1000000000, $1, 'ranked', '[]', '[]', 'decided', 'b', $1, $1)`, now)
		awards := []struct {
			amount, released int64
			status           string
		}{{100, 0, "active"}, {200, 50, "active"}, {300, 300, "completed"}, {400, 100, "active"}}
		for i, a := range awards {
			in := &seedbed.Innovator{Name: fmt.Sprintf("团队%d", i), Kind: seedbed.KindTeam}
			if err := insertInnovatorForTest(ctx, s, seedbed.System, in); err != nil {
				t.Fatal(err)
			}
			exec(`INSERT INTO applications (program_id, innovator_id, title, state, outcome, granted, created_by, created_at, updated_at)
				VALUES (1, $1, 't', 'submitted', 'funded', 100000, 'b', $2, $2)`, in.ID, now)
			exec(`INSERT INTO awards (program_id, application_id, innovator_id, amount, released, status, awarded_at, awarded_by)
				VALUES (1, $1, $2, $3, $4, $5, $6, 'b')`, i+1, in.ID, a.amount, a.released, a.status, now)
		}
		for _, c := range []struct {
			f    seedbed.AwardFilter
			want seedbed.AwardSums
		}{
			{seedbed.AwardFilter{Limit: 1}, seedbed.AwardSums{Count: 4, Amount: 1000, Released: 450}},
			{seedbed.AwardFilter{Status: "active", Offset: 2, Limit: 1}, seedbed.AwardSums{Count: 3, Amount: 700, Released: 150}},
			{seedbed.AwardFilter{Status: "failed"}, seedbed.AwardSums{}},
		} {
			got, err := s.SumAwards(ctx, c.f)
			if err != nil || got != c.want {
				t.Errorf("SumAwards(%+v) = %+v, %v; want %+v", c.f, got, err, c.want)
			}
			page, total, err := s.FindAwards(ctx, c.f)
			if err != nil || total != c.want.Count || len(page) > max(c.f.Limit, 0) && c.f.Limit > 0 {
				t.Errorf("FindAwards(%+v): %d of %d, %v", c.f, len(page), total, err)
			}
		}

		for i, st := range []string{"pending", "approved", "rejected", "approved", "pending"} {
			exec(`INSERT INTO approvals (rule, subject, link, summary_zh, summary_en, reason, payload, status, proposed_by, proposed_role, proposed_at)
				VALUES ('award', $1, '/x', '摘要', 'summary', '', '{}', $2, 'a', 'officer', $3)`, fmt.Sprint(i), st, now)
		}
		page, total, err := s.FindApprovals(ctx, seedbed.ApprovalFilter{Decided: true, Offset: 1, Limit: 2})
		if err != nil || total != 3 || len(page) != 2 {
			t.Fatalf("decided approvals, second page: %d of %d, %v", len(page), total, err)
		}
		for _, ap := range page {
			if ap.Status == seedbed.ApprovalPending {
				t.Errorf("a pending approval among the decided: %+v", ap)
			}
		}
		if page[0].Subject != "2" || page[1].Subject != "1" {
			t.Errorf("decided approvals not newest first from the offset: %s, %s", page[0].Subject, page[1].Subject)
		}
	})
}
