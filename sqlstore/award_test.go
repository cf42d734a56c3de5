package sqlstore

import (
	"context"
	"fmt"
	"testing"

	"seedbed"
)

// BenchmarkFindAwards measures the awards listing the monitoring module reads: 500 awards with
// two tranches each.
func BenchmarkFindAwards(b *testing.B) {
	ctx := context.Background()
	s, err := Open(ctx, Options{DataDir: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	exec := func(q string, args ...any) {
		if err := s.ExecForTest(ctx, q, args...); err != nil {
			b.Fatal(err)
		}
	}
	now := fmtTime(s.Now())
	exec(`INSERT INTO programs (title, budget, deadline, selection_mode, rubric, stages, state, created_by, created_at, updated_at)
		VALUES ('p', 1000000000, $1, 'ranked', '[]', '[]', 'decided', 'b', $1, $1)`, now)
	for i := 1; i <= 500; i++ {
		in := &seedbed.Innovator{Name: fmt.Sprintf("团队%d", i), Kind: seedbed.KindTeam}
		if err := insertInnovatorForTest(ctx, s, seedbed.System, in); err != nil {
			b.Fatal(err)
		}
		exec(`INSERT INTO applications (program_id, innovator_id, title, state, outcome, granted, created_by, created_at, updated_at)
			VALUES (1, $1, 't', 'submitted', 'funded', 100000, 'b', $2, $2)`, in.ID, now)
		exec(`INSERT INTO awards (program_id, application_id, innovator_id, amount, status, awarded_at, awarded_by)
			VALUES (1, $1, $1, 100000, 'active', $2, 'b')`, i, now)
		for seq := 1; seq <= 2; seq++ {
			exec(`INSERT INTO award_tranches (award_id, seq, stage, amount, milestone, due_at, milestone_status, status)
				VALUES ($1, $2, 's', 50000, 'm', $3, 'awaiting', 'pending')`, i, seq, now)
		}
	}
	b.ResetTimer()
	for b.Loop() {
		aw, total, err := s.FindAwards(ctx, seedbed.AwardFilter{Limit: 500})
		if err != nil || total != 500 || len(aw[0].Tranches) != 2 {
			b.Fatalf("%d awards: %v", total, err)
		}
	}
}
