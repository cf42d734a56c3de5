package app

import (
	"context"
	"strconv"
	"testing"
	"time"

	"seedbed"
	"seedbed/ledger"
)

// TestLedgerStateArchive: a program imported from the archive is one decision event for all its
// awards; verification accepts its award and application rows as the import made them, and
// reports a changed amount, a changed status, a removed award and an added one by program and
// figure, or by row and field.
func TestLedgerStateArchive(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		ctx, s := context.Background(), a.Store()
		now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		s.Now = func() time.Time { return now }
		ids := newInnovators(t, s, 3, "档案")
		p := &seedbed.Program{Title: "2019 年创新券（往年档案）", PolicyIDs: []string{"grassroots-seed"}, MaxRequest: 500_000,
			SelectionMode: seedbed.SelectionRanked, ReviewersPerApp: 1, QualityBar: -1,
			Deadline: time.Date(2019, 3, 31, 9, 0, 0, 0, time.UTC),
			Stages:   []seedbed.Stage{{Name: "一次拨付", NameEn: "one payment", Share: 100, Months: 12, Milestone: "结题", MilestoneEn: "closing report"}}}
		awarded := time.Date(2019, 4, 20, 9, 0, 0, 0, time.UTC)
		awards := []seedbed.ArchivedAward{{InnovatorID: ids[0], Title: "创新券 1", Amount: 100_000, AwardedAt: awarded},
			{InnovatorID: ids[1], Title: "创新券 2", Amount: 250_000, AwardedAt: awarded},
			{InnovatorID: ids[2], Title: "创新券 3", Amount: 150_000, AwardedAt: awarded}}
		if _, err := a.Programs.ImportArchive(ctx, officer, p, awards); err != nil {
			t.Fatal(err)
		}
		verify := func() []ledger.StateMismatch {
			t.Helper()
			rep, err := a.Ledger.Verify(ctx, ledger.StoreVerifyOptions{Events: true, State: true, Workers: 2})
			must(t, err)
			return rep.State
		}
		if got := verify(); len(got) != 0 {
			t.Fatalf("an untampered archive: %+v", got)
		}
		var first, second int64
		must(t, s.QueryRowForTest(ctx, `SELECT min(id), max(id) FROM awards WHERE program_id = $1`, p.ID).Scan(&first, &second))
		exec := func(q string, args ...any) {
			t.Helper()
			must(t, s.ExecForTest(ctx, q, args...))
		}
		exec(`UPDATE awards SET amount = 900000, released = 900000 WHERE id = $1`, first)
		exec(`UPDATE awards SET status = 'active' WHERE id = $1`, second)
		want := map[string][2]string{
			"awards/program " + strconv.FormatInt(p.ID, 10) + "/archived total": {"500000", "1300000"},
			"awards/" + strconv.FormatInt(second, 10) + "/status":               {seedbed.AwardCompleted, seedbed.AwardActive},
		}
		check := func(want map[string][2]string) {
			t.Helper()
			got := verify()
			seen := map[string]bool{}
			for _, m := range got {
				k := m.Table + "/" + m.Row + "/" + m.Field
				if w, ok := want[k]; !ok || w != [2]string{m.Ledger, m.Stored} {
					t.Errorf("unexpected %+v", m)
				}
				seen[k] = true
			}
			for k := range want {
				if !seen[k] {
					t.Errorf("not reported: %s %v", k, want[k])
				}
			}
		}
		check(want)
		// an award removed with its application: the counts no longer match
		exec(`UPDATE awards SET amount = 100000, released = 100000 WHERE id = $1`, first)
		exec(`UPDATE awards SET status = 'completed' WHERE id = $1`, second)
		var appID int64
		must(t, s.QueryRowForTest(ctx, `SELECT application_id FROM awards WHERE id = $1`, second).Scan(&appID))
		exec(`DELETE FROM awards WHERE id = $1`, second)
		exec(`DELETE FROM application_parties WHERE application_id = $1`, appID)
		exec(`DELETE FROM applications WHERE id = $1`, appID)
		pid := strconv.FormatInt(p.ID, 10)
		check(map[string][2]string{
			"awards/program " + pid + "/archived awards":             {"3", "2"},
			"awards/program " + pid + "/archived total":              {"500000", "350000"},
			"applications/program " + pid + "/archived applications": {"3", "2"},
			"applications/program " + pid + "/archived grants":       {"500000", "350000"},
		})
	})
}
