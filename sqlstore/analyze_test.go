package sqlstore

import (
	"context"
	"fmt"
	"testing"

	"seedbed"
)

// TestAnalyzeAfterBulkWrite checks that Analyze gives PostgreSQL's planner the size of a table
// filled in one bulk write (before it, the table is planned as never counted), and that it does
// nothing harmful on SQLite.
func TestAnalyzeAfterBulkWrite(t *testing.T) {
	forEachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		const n = 300
		bulkFill(t, s, n)
		if err := s.Analyze(ctx); err != nil {
			t.Fatal(err)
		}
		if s.dialect != Postgres {
			return
		}
		var tuples float64
		if err := s.read.QueryRowContext(ctx, `SELECT reltuples FROM pg_class WHERE oid = 'innovators'::regclass`).Scan(&tuples); err != nil {
			t.Fatal(err)
		}
		if tuples != n {
			t.Errorf("the planner counts %v innovators after Analyze, want %d", tuples, n)
		}
	})
}

// TestVacuumAfterBulkWrite checks that Vacuum vacuums and analyzes the tables a bulk write fills
// on PostgreSQL (the demo runs it at its end), and does nothing harmful on SQLite.
func TestVacuumAfterBulkWrite(t *testing.T) {
	forEachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		bulkFill(t, s, 50)
		if err := s.Vacuum(ctx); err != nil {
			t.Fatal(err)
		}
		if s.dialect != Postgres {
			return
		}
		var vacuumed, analyzed bool
		if err := s.read.QueryRowContext(ctx, `SELECT last_vacuum IS NOT NULL, last_analyze IS NOT NULL
			FROM pg_stat_user_tables WHERE relid = 'innovators'::regclass`).Scan(&vacuumed, &analyzed); err != nil {
			t.Fatal(err)
		}
		if !vacuumed || !analyzed {
			t.Errorf("after Vacuum the registry's table is vacuumed: %v, analyzed: %v; want both", vacuumed, analyzed)
		}
	})
}

// bulkFill registers n innovators in one bulk write.
func bulkFill(t *testing.T, s *Store, n int) {
	t.Helper()
	ctx := context.Background()
	ins := make([]seedbed.Innovator, n)
	lines := make([]int, n)
	for i := range ins {
		ins[i] = seedbed.Innovator{Name: fmt.Sprintf("统计测试企业%03d", i), Kind: seedbed.KindTeam,
			SizeClass: seedbed.SizeMicro, Region: "高新区"}
		lines[i] = i
	}
	a := seedbed.Actor{Username: "importer", Role: seedbed.RoleOfficer}
	if err := s.InBulkTx(ctx, func(tx *Tx) error { return tx.InsertInnovatorsReporting(ctx, a, ins, lines, nil) }); err != nil {
		t.Fatal(err)
	}
}
