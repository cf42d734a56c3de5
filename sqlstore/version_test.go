package sqlstore

import (
	"context"
	"fmt"
	"testing"
	"time"

	"seedbed"
)

// fundingFixture stores a decided program and n innovators with a submitted application each,
// and returns the innovators' and the applications' ids.
func fundingFixture(t *testing.T, s *Store, n int) (ins, apps []int64) {
	t.Helper()
	ctx := context.Background()
	now := fmtTime(s.Now())
	if err := s.ExecForTest(ctx, `INSERT INTO programs (title, budget, deadline, selection_mode, rubric, stages, state, created_by, created_at, updated_at)
		VALUES ('p', 1000000000, $1, 'ranked', '[]', '[]', 'decided', 'b', $1, $1)`, now); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		in := &seedbed.Innovator{Name: fmt.Sprintf("团队%d", i), Kind: seedbed.KindTeam}
		if err := insertInnovatorForTest(ctx, s, seedbed.System, in); err != nil {
			t.Fatal(err)
		}
		err := s.InTx(ctx, func(tx *Tx) error {
			app := &seedbed.Application{ProgramID: 1, InnovatorID: in.ID, Title: fmt.Sprint("申请", i), State: seedbed.AppDraft, Version: 1,
				CreatedBy: "b", CreatedAt: tx.now, UpdatedAt: tx.now}
			if err := tx.InsertApplication(ctx, app); err != nil {
				return err
			}
			apps = append(apps, app.ID)
			_, err := tx.MarkApplicationSubmitted(ctx, app.ID, seedbed.Eligibility{Status: seedbed.Eligible})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		ins = append(ins, in.ID)
	}
	return ins, apps
}

// awardOf is an award of application app, as a decision stores it.
func awardOf(now time.Time, app, innovator int64) *seedbed.Award {
	return &seedbed.Award{ProgramID: 1, ApplicationID: app, InnovatorID: innovator, Amount: 1000, Status: seedbed.AwardActive,
		AwardedAt: now, AwardedBy: "b", Tranches: []seedbed.Tranche{{Seq: 1, Stage: "s", Amount: 1000, Milestone: "m", DueAt: now,
			MilestoneStatus: "awaiting", Status: seedbed.TranchePending}}}
}

// beginOnSlot begins a write transaction on PostgreSQL whose connection bumps a slot other than
// those taken, and returns it with its slot. Transactions begun on a taken slot are kept open
// until the end of the test, so that the next one is on another connection.
func beginOnSlot(t *testing.T, ctx context.Context, s *Store, taken ...int) (*Tx, int) {
	t.Helper()
	for range 16 {
		tx, err := s.begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { tx.Rollback() })
		var slot int
		if err := tx.QueryRowContext(ctx, `SELECT pg_backend_pid() % $1`, versionSlots).Scan(&slot); err != nil {
			t.Fatal(err)
		}
		free := true
		for _, k := range taken {
			free = free && slot != k
		}
		if free {
			return tx, slot
		}
	}
	t.Fatalf("no connection found on a slot other than %v", taken)
	return nil, 0
}

// TestFundingWritersDoNotWait: on PostgreSQL, an award committed while another award's
// transaction is open commits at once — the two bump the funding version in different slots,
// where they queued on one row before — and the figures kept per funding version follow each
// commit.
func TestFundingWritersDoNotWait(t *testing.T) {
	s := openTestPostgres(t)
	ctx := context.Background()
	ins, apps := fundingFixture(t, s, 2)
	awarded := func(want int) {
		t.Helper()
		if sums, err := s.SumAwards(ctx, seedbed.AwardFilter{}); err != nil || sums.Count != want {
			t.Fatalf("%d awards summed (%v), want %d", sums.Count, err, want)
		}
	}
	awarded(0)
	before, err := s.fundingVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}

	first, slot := beginOnSlot(t, ctx, s)
	if err := first.InsertAward(ctx, awardOf(first.now, apps[0], ins[0])); err != nil {
		t.Fatal(err)
	}
	// Left open. A second award within a few seconds, or the test fails: on one row, the second
	// waited for the first to commit.
	wctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	second, _ := beginOnSlot(t, wctx, s, slot)
	start := time.Now()
	if err := second.InsertAward(wctx, awardOf(second.now, apps[1], ins[1])); err != nil {
		t.Fatalf("a second award while the first is open: %v after %v", err, time.Since(start).Round(time.Millisecond))
	}
	if err := second.Commit(); err != nil {
		t.Fatal(err)
	}
	mid, err := s.fundingVersion(ctx)
	if err != nil || mid <= before {
		t.Fatalf("funding version %d (%v) after the second award, %d before", mid, err, before)
	}
	awarded(1)

	if err := first.Commit(); err != nil {
		t.Fatal(err)
	}
	after, err := s.fundingVersion(ctx)
	if err != nil || after <= mid {
		t.Fatalf("funding version %d (%v) after the first award, %d after the second", after, err, mid)
	}
	awarded(2)
}

// TestVersionSlotsAddUp: each slotted version has its slots, and the version read after a
// commit on any slot is higher than before it — on PostgreSQL writes from two connections on
// different slots, on SQLite slot 0 and a slot written directly.
func TestVersionSlotsAddUp(t *testing.T) {
	forEachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		for _, table := range []string{"funding_version", "registry_version", "monitoring_version"} {
			var n, lo, hi int
			if err := s.QueryRowForTest(ctx, `SELECT count(*), min(slot), max(slot) FROM `+table).Scan(&n, &lo, &hi); err != nil {
				t.Fatal(err)
			}
			if n != versionSlots || lo != 0 || hi != versionSlots-1 {
				t.Fatalf("%s: %d slots from %d to %d, want %d from 0", table, n, lo, hi, versionSlots)
			}
		}
		versions := func() (funding, registry int64, monitoring string) {
			t.Helper()
			funding, err := s.fundingVersion(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if registry, err = s.RegistryVersion(ctx); err != nil {
				t.Fatal(err)
			}
			if monitoring, err = s.MonitoringKey(ctx); err != nil {
				t.Fatal(err)
			}
			return funding, registry, monitoring
		}
		f, r, m := versions()
		rises := func(stage string) {
			t.Helper()
			f2, r2, m2 := versions()
			if f2 <= f || r2 <= r || m2 == m {
				t.Fatalf("%s: funding version %d → %d, registry version %d → %d, monitoring key %s → %s: want each to move",
					stage, f, f2, r, r2, m, m2)
			}
			f, r, m = f2, r2, m2
		}
		bump := func(tx *Tx) error {
			if err := bumpFunding(ctx, tx); err != nil {
				return err
			}
			if err := tx.BumpMonitoring(ctx); err != nil {
				return err
			}
			if err := bumpRebuilds(ctx, tx); err != nil {
				return err
			}
			return bumpRegistry(ctx, tx)
		}
		if s.Dialect() == Postgres {
			a, slot := beginOnSlot(t, ctx, s)
			b, _ := beginOnSlot(t, ctx, s, slot)
			for i, tx := range []*Tx{a, b} {
				if err := bump(tx); err != nil {
					t.Fatal(err)
				}
				if err := tx.Commit(); err != nil {
					t.Fatal(err)
				}
				rises(fmt.Sprint("commit ", i+1))
			}
		} else {
			for i := range 2 {
				if err := s.InTx(ctx, bump); err != nil {
					t.Fatal(err)
				}
				rises(fmt.Sprint("commit ", i+1))
			}
		}
		if err := s.ExecForTest(ctx, `UPDATE funding_version SET version = version + 1 WHERE slot = 37`); err != nil {
			t.Fatal(err)
		}
		if err := s.ExecForTest(ctx, `UPDATE registry_version SET version = version + 1, rebuilds = rebuilds + 1 WHERE slot = 37`); err != nil {
			t.Fatal(err)
		}
		if err := s.ExecForTest(ctx, `UPDATE monitoring_version SET version = version + 1 WHERE slot = 37`); err != nil {
			t.Fatal(err)
		}
		rises("slot 37 written")
	})
}

// TestMigrationVersionSlots: migration 00030 carries the single rows' versions over into the
// slots, so that no version goes back on an upgraded database, and going down sums the slots
// into one row again.
func TestMigrationVersionSlots(t *testing.T) {
	forEachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		p := downTo(t, s, 29)
		for _, q := range []string{`UPDATE funding_version SET version = 41 WHERE id = 1`,
			`UPDATE registry_version SET version = 17, rebuilds = 3 WHERE id = 1`} {
			if err := s.ExecForTest(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := p.UpTo(ctx, 30); err != nil {
			t.Fatal(err)
		}
		check := func(stage string, funding, registry, rebuilds int64) {
			t.Helper()
			f, err := s.fundingVersion(ctx)
			if err != nil {
				t.Fatal(err)
			}
			r, err := s.RegistryVersion(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if f != funding || r != registry<<20+rebuilds {
				t.Fatalf("%s: funding version %d, registry version %d; want %d and %d", stage, f, r, funding, registry<<20+rebuilds)
			}
		}
		check("up", 41, 17, 3)

		// ExecForTest bumps the funding version once more each time.
		if err := s.ExecForTest(ctx, `UPDATE funding_version SET version = version + 5 WHERE slot = 37`); err != nil {
			t.Fatal(err)
		}
		if err := s.ExecForTest(ctx, `UPDATE registry_version SET version = version + 2, rebuilds = rebuilds + 1 WHERE slot = 63`); err != nil {
			t.Fatal(err)
		}
		check("slots written", 48, 19, 4)
		if _, err := p.DownTo(ctx, 29); err != nil {
			t.Fatal(err)
		}
		var f, r, rebuilds int64
		if err := s.QueryRowForTest(ctx, `SELECT f.version, r.version, r.rebuilds FROM funding_version f, registry_version r
			WHERE f.id = 1 AND r.id = 1`).Scan(&f, &r, &rebuilds); err != nil {
			t.Fatal(err)
		}
		if f != 48 || r != 19 || rebuilds != 4 {
			t.Fatalf("down: funding version %d, registry version %d and %d rebuilds; want 48, 19 and 4", f, r, rebuilds)
		}
		if err := s.migrate(ctx); err != nil {
			t.Fatal(err)
		}
		check("up again", 48, 19, 4)
	})
}

// TestMigrationMonitoringVersionSlots: migration 00032 carries the monitoring data's version
// over from its single row into the slots, so that the monitoring key does not go back on an
// upgraded database, and going down sums the slots into the row again.
func TestMigrationMonitoringVersionSlots(t *testing.T) {
	forEachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		p := downTo(t, s, 31)
		if err := s.ExecForTest(ctx, `UPDATE monitoring_state SET version = 23 WHERE id = 1`); err != nil {
			t.Fatal(err)
		}
		if _, err := p.UpTo(ctx, 32); err != nil {
			t.Fatal(err)
		}
		check := func(stage string, want int64) {
			t.Helper()
			key, err := s.MonitoringKey(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if prefix := fmt.Sprintf("m%d.", want); len(key) < len(prefix) || key[:len(prefix)] != prefix {
				t.Fatalf("%s: monitoring key %q, want the version %d", stage, key, want)
			}
		}
		check("up", 23)
		if err := s.ExecForTest(ctx, `UPDATE monitoring_version SET version = version + 4 WHERE slot = 63`); err != nil {
			t.Fatal(err)
		}
		check("a slot written", 27)
		if _, err := p.DownTo(ctx, 31); err != nil {
			t.Fatal(err)
		}
		var v int64
		if err := s.QueryRowForTest(ctx, `SELECT version FROM monitoring_state WHERE id = 1`).Scan(&v); err != nil {
			t.Fatal(err)
		}
		if v != 27 {
			t.Fatalf("down: monitoring version %d, want 27", v)
		}
		if err := s.migrate(ctx); err != nil {
			t.Fatal(err)
		}
		check("up again", 27)
	})
}

// TestMonitoringWritersDoNotWait: on PostgreSQL, a write that bumps the monitoring data's
// version commits while another such write's transaction is open (one row made it wait).
func TestMonitoringWritersDoNotWait(t *testing.T) {
	s := openTestPostgres(t)
	ctx := context.Background()
	first, slot := beginOnSlot(t, ctx, s)
	if err := first.BumpMonitoring(ctx); err != nil {
		t.Fatal(err)
	}
	wctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	second, _ := beginOnSlot(t, wctx, s, slot)
	start := time.Now()
	if err := second.BumpMonitoring(wctx); err != nil {
		t.Fatalf("a second bump while the first is open: %v after %v", err, time.Since(start).Round(time.Millisecond))
	}
	if err := second.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := first.Commit(); err != nil {
		t.Fatal(err)
	}
}
