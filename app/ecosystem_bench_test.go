package app

import (
	"context"
	"fmt"
	"testing"

	"seedbed"
	"seedbed/ecosystem"
	"seedbed/sqlstore/storetest"
)

// benchEcosystem fills SQLite with 100,000 innovators in 20 regions and 12 fields, one program,
// 60,000 submitted applications and 20,000 awards over ten years (one in ten closed as failed).
// Applications and awards are written by SQL directly, as a migration from an older system
// would: running 20,000 selections through the use cases would take the benchmark's whole time.
func benchEcosystem(b *testing.B) (*App, ecosystem.Scope) {
	ctx := context.Background()
	s := storetest.SQLite(b)
	a := New(s, fixtureOptions)
	// Teams and individuals: enterprises would need valid credit codes, and the figures' cost
	// does not depend on the kinds.
	ins := make([]seedbed.Innovator, 100_000)
	for i := range ins {
		ins[i] = seedbed.Innovator{Name: fmt.Sprintf("基准主体%06d", i), Kind: seedbed.KindTeam, Field: seedbed.Fields[i%len(seedbed.Fields)].Code,
			Region: fmt.Sprintf("基准区%02d", i%20), PathTags: []string{fmt.Sprintf("路径%02d", i%60)}}
		if i%4 == 0 {
			ins[i].Kind = seedbed.KindIndividual
		}
	}
	if _, err := New(s, Options{}).Registry.ImportInnovators(ctx, seedbed.System, ins, nil); err != nil {
		b.Fatal(err)
	}
	for _, q := range []string{
		`INSERT INTO programs (title, budget, deadline, selection_mode, rubric, stages, state, created_by, created_at, updated_at)
			VALUES ('基准计划', 100000000000, '2016-01-01T00:00:00.000000Z', 'ranked', '[]', '[]', 'closed', 'bench', '2016-01-01T00:00:00.000000Z', '2016-01-01T00:00:00.000000Z')`,
		`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60000)
			INSERT INTO applications (program_id, innovator_id, state, submitted_at, created_by, created_at, updated_at)
			SELECT 1, (i * 7919) % 100000 + 1, 'submitted', printf('%04d-%02d-15T09:00:00.000000Z', 2016 + i % 10, 1 + i % 12), 'bench',
				'2016-01-01T00:00:00.000000Z', '2016-01-01T00:00:00.000000Z' FROM n`,
		`INSERT INTO awards (program_id, application_id, innovator_id, amount, status, awarded_at, awarded_by, closed_at)
			SELECT 1, id, innovator_id, 100000 + (id * 37) % 2000000, CASE WHEN id % 10 = 0 THEN 'failed' ELSE 'active' END,
				submitted_at, 'bench', CASE WHEN id % 10 = 0 THEN printf('%04d-06-01T09:00:00.000000Z', 2017 + id % 9) END
			FROM applications WHERE id <= 20000`,
	} {
		if err := s.ExecForTest(ctx, q); err != nil {
			b.Fatal(err)
		}
	}
	dims, err := a.Ecosystem.Dimensions(ctx) // computes the monitoring snapshot once
	if err != nil {
		b.Fatal(err)
	}
	return a, ecosystem.Scope{Year: dims.Years[len(dims.Years)-2]}
}

// BenchmarkEcosystemDashboardCold measures the first dashboard after a data change: reading every
// innovator, application and award from SQLite, indexing them, and computing every indicator
// for the scope, each year (the trends) and each region and field (the comparisons).
func BenchmarkEcosystemDashboardCold(b *testing.B) {
	a, sc := benchEcosystem(b)
	ctx := context.Background()
	for b.Loop() {
		a.Ecosystem.mu.Lock()
		a.Ecosystem.cache = nil // as a write would
		a.Ecosystem.mu.Unlock()
		if _, err := a.Ecosystem.Dashboard(ctx, sc, "sme_share_awards"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEcosystemDashboardCached measures a dashboard while the data are unchanged: reading
// the data's key and assembling the cached figures.
func BenchmarkEcosystemDashboardCached(b *testing.B) {
	a, sc := benchEcosystem(b)
	ctx := context.Background()
	if _, err := a.Ecosystem.Dashboard(ctx, sc, "sme_share_awards"); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := a.Ecosystem.Dashboard(ctx, sc, "sme_share_awards"); err != nil {
			b.Fatal(err)
		}
	}
}
