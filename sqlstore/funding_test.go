package sqlstore

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"seedbed"
)

// TestFundingFiguresFollowWrites: the figures kept per funding version — the awards' sums by
// status, each program's count of submitted applications, the awards' count in the monitoring
// key — give what the database gives after every kind of write to awards and applications. On
// SQLite the writes are made through a second store on the same file, as the command line
// would make them while a server runs.
func TestFundingFiguresFollowWrites(t *testing.T) {
	forEachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		writer := s
		if s.Dialect() == SQLite {
			w, err := Open(ctx, Options{DataDir: filepath.Dir(s.Path)})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { w.Close() })
			writer = w
		}
		now := fmtTime(s.Now())
		if err := s.ExecForTest(ctx, `INSERT INTO programs (title, budget, deadline, selection_mode, rubric, stages, state, created_by, created_at, updated_at)
			VALUES ('p', 1000000000, $1, 'ranked', '[]', '[]', 'decided', 'b', $1, $1)`, now); err != nil {
			t.Fatal(err)
		}
		var ins []int64
		for i := range 8 {
			in := &seedbed.Innovator{Name: fmt.Sprintf("团队%d", i), Kind: seedbed.KindTeam}
			if err := insertInnovatorForTest(ctx, s, seedbed.System, in); err != nil {
				t.Fatal(err)
			}
			ins = append(ins, in.ID)
		}
		check := func(stage string) {
			t.Helper()
			for range 2 { // the first read may count, the second is kept
				for _, st := range []string{"", seedbed.AwardActive, seedbed.AwardCompleted, seedbed.AwardStopped, seedbed.AwardFailed} {
					got, err := s.SumAwards(ctx, seedbed.AwardFilter{Status: st})
					want, err2 := s.sumAwardsSQL(ctx, seedbed.AwardFilter{Status: st})
					if err != nil || err2 != nil || got != want {
						t.Fatalf("%s: sums of %q awards %+v (%v), the database %+v (%v)", stage, st, got, err, want, err2)
					}
					if _, total, err := s.FindAwards(ctx, seedbed.AwardFilter{Status: st, Limit: 1}); err != nil || total != want.Count {
						t.Fatalf("%s: %d %q awards listed (%v), the database has %d", stage, total, st, err, want.Count)
					}
				}
				progs, _, err := s.FindPrograms(ctx, seedbed.ProgramFilter{Limit: 100})
				if err != nil {
					t.Fatal(err)
				}
				for _, p := range progs {
					direct, err := s.GetProgram(ctx, p.ID)
					if err != nil || p.Applications != direct.Applications {
						t.Fatalf("%s: program %d lists %d submitted applications, the database %d (%v)", stage, p.ID, p.Applications, direct.Applications, err)
					}
				}
				key, err := s.MonitoringKey(ctx)
				var mv, n, last int64
				if err2 := s.read.QueryRowContext(ctx, `SELECT (SELECT CAST(sum(version) AS BIGINT) FROM monitoring_version), count(*), coalesce(max(id), 0) FROM awards`).Scan(&mv, &n, &last); err != nil || err2 != nil ||
					key != fmt.Sprintf("m%d.a%d.%d", mv, n, last) {
					t.Fatalf("%s: monitoring key %q (%v), the database has %d awards, the last %d (%v)", stage, key, err, n, last, err2)
				}
			}
		}
		check("empty")

		var apps []int64
		application := func(tx *Tx, i int, submit bool) error {
			app := &seedbed.Application{ProgramID: 1, InnovatorID: ins[i], Title: fmt.Sprint("申请", i), State: seedbed.AppDraft, Version: 1,
				CreatedBy: "b", CreatedAt: tx.now, UpdatedAt: tx.now}
			if err := tx.InsertApplication(ctx, app); err != nil {
				return err
			}
			apps = append(apps, app.ID)
			if submit {
				if ok, err := tx.MarkApplicationSubmitted(ctx, app.ID, seedbed.Eligibility{Status: seedbed.Eligible}); !ok || err != nil {
					return fmt.Errorf("submit %d: %v, %v", app.ID, ok, err)
				}
			}
			return nil
		}
		var awards []int64
		award := func(tx *Tx, i int, amount int64) error {
			if err := application(tx, i, true); err != nil {
				return err
			}
			aw := &seedbed.Award{ProgramID: 1, ApplicationID: apps[len(apps)-1], InnovatorID: ins[i], Amount: amount, Status: seedbed.AwardActive,
				AwardedAt: tx.now, AwardedBy: "b", Tranches: []seedbed.Tranche{{Seq: 1, Stage: "s", Amount: amount, Milestone: "m", DueAt: tx.now,
					MilestoneStatus: "awaiting", Status: seedbed.TranchePending}}}
			if err := tx.InsertAward(ctx, aw); err != nil {
				return err
			}
			awards = append(awards, aw.ID)
			return nil
		}
		for _, w := range []struct {
			name string
			fn   func(tx *Tx) error
		}{
			{"a draft application", func(tx *Tx) error { return application(tx, 0, false) }},
			{"its submission", func(tx *Tx) error {
				_, err := tx.MarkApplicationSubmitted(ctx, apps[0], seedbed.Eligibility{Status: seedbed.Eligible})
				return err
			}},
			{"a withdrawal", func(tx *Tx) error { _, err := tx.MarkApplicationWithdrawn(ctx, apps[0]); return err }},
			{"an award", func(tx *Tx) error { return award(tx, 1, 1000) }},
			{"money released", func(tx *Tx) error { return tx.AddReleased(ctx, awards[0], 400, seedbed.AwardActive) }},
			{"the rest released", func(tx *Tx) error { return tx.AddReleased(ctx, awards[0], 600, seedbed.AwardCompleted) }},
			{"two more awards", func(tx *Tx) error {
				if err := award(tx, 2, 2000); err != nil {
					return err
				}
				return award(tx, 3, 3000)
			}},
			{"an award stopped", func(tx *Tx) error { _, err := tx.StopAward(ctx, awards[1], "n"); return err }},
			{"a status set", func(tx *Tx) error {
				_, err := tx.SetAwardStatus(ctx, awards[1], seedbed.AwardStopped, seedbed.AwardCompleted, "")
				return err
			}},
			{"an honest failure", func(tx *Tx) error {
				_, err := tx.CloseAwardAsFailed(ctx, testActor, &seedbed.Failure{AwardID: awards[2], ProgramID: 1, InnovatorID: ins[3],
					Category: seedbed.FailureTechnical, Lesson: "l", PreviousStatus: seedbed.AwardActive, Amount: 3000}, seedbed.AwardActive, false)
				return err
			}},
			{"an archive", func(tx *Tx) error {
				p := &seedbed.Program{Title: "往年", Deadline: tx.now.Add(-24 * time.Hour), SelectionMode: "ranked", CreatedBy: "b", CreatedAt: tx.now, UpdatedAt: tx.now}
				return tx.InsertArchive(ctx, testActor, p, []seedbed.ArchivedAward{{InnovatorID: ins[4], Title: "a", Amount: 500, AwardedAt: tx.now},
					{InnovatorID: ins[5], Title: "b", Amount: 700, AwardedAt: tx.now}})
			}},
		} {
			if err := writer.InTx(ctx, w.fn); err != nil {
				t.Fatalf("%s: %v", w.name, err)
			}
			check("after " + w.name)
		}
		if sums, _ := s.SumAwards(ctx, seedbed.AwardFilter{}); sums.Count != 5 || sums.Amount != 7200 {
			t.Errorf("after every write: %+v, want 5 awards of 7,200", sums)
		}
	})
}
