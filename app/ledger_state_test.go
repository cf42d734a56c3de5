package app

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"seedbed"
	"seedbed/ledger"
)

// TestLedgerStateReconciled builds a program run to its awards (reviews, a recusal, the
// selection, tranches paid, stopped and a failure), a published policy and the standard
// procedures; it verifies clean, then every kind of state row is tampered with by direct SQL
// and each change is reported by table, row and field with both values.
func TestLedgerStateReconciled(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		f := newFailedAwards(t, a)
		ctx, s := context.Background(), a.Store()
		if _, err := a.Exemptions.CloseAwardAsFailed(ctx, officer, f.other.ID, seedbed.FailureInput{Category: "technical", Lesson: "关键假设未能验证，路线不通"}); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Policies.Upload(ctx, testActor, "grassroots-seed-v1.yaml", starterFile(t, "grassroots-seed-v1.yaml")); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Policies.Publish(ctx, testActor, "grassroots-seed", 1); err != nil {
			t.Fatal(err)
		}
		// a version in force without an end, then its successor, which ends it
		v2 := starterFile(t, "grassroots-seed-v2.yaml")
		v3 := strings.NewReplacer("version: 2", "version: 3", "effective_from: 2026-01-01", "effective_from: 2027-04-01",
			"as_of: 2026-03-01", "as_of: 2027-04-01").Replace(string(v2))
		for v, src := range map[int][]byte{2: v2, 3: []byte(v3)} {
			if _, err := a.Policies.Upload(ctx, testActor, fmt.Sprintf("grassroots-seed-v%d.yaml", v), src); err != nil {
				t.Fatal(err)
			}
		}
		for _, v := range []int{2, 3} {
			if _, err := a.Policies.Publish(ctx, testActor, "grassroots-seed", v); err != nil {
				t.Fatal(err)
			}
		}
		var ended string
		must(t, s.QueryRowForTest(ctx, `SELECT effective_to FROM policy_versions WHERE policy_id = 'grassroots-seed' AND version = 2`).Scan(&ended))
		if ended != "2027-03-31" {
			t.Fatalf("version 2 ends %q, not the day before its successor", ended)
		}
		state := func() *ledger.StoreReport {
			t.Helper()
			rep, err := a.Ledger.Verify(ctx, ledger.StoreVerifyOptions{Events: true, State: true, Workers: 2})
			must(t, err)
			return rep
		}
		rep := state()
		if !rep.OK() || rep.StateRows < 20 {
			t.Fatalf("an untampered database: ok %v, %d rows checked, %+v %+v", rep.OK(), rep.StateRows, rep.State, rep.Store)
		}

		var appID, scored, recused, cancelled, released int64
		exec := func(q string, args ...any) {
			t.Helper()
			must(t, s.ExecForTest(ctx, q, args...))
		}
		scan := func(q string, dst *int64, args ...any) {
			t.Helper()
			must(t, s.QueryRowForTest(ctx, q, args...).Scan(dst))
		}
		scan(`SELECT MAX(id) FROM applications WHERE id NOT IN (SELECT application_id FROM awards)`, &appID)
		scan(`SELECT MIN(id) FROM review_assignments WHERE state = 'scored'`, &scored)
		scan(`SELECT MIN(id) FROM review_assignments WHERE state = 'recused'`, &recused)
		scan(`SELECT MIN(id) FROM award_tranches WHERE status = 'cancelled' AND award_id = $1`, &cancelled, f.other.ID)
		scan(`SELECT MIN(id) FROM award_tranches WHERE status = 'released'`, &released)
		g, sk, pid := f.good.ID, f.other.ID, f.good.ProgramID
		exec(`UPDATE awards SET amount = 9999999 WHERE id = $1`, g)
		exec(`UPDATE awards SET status = 'active' WHERE id = $1`, sk)
		exec(`UPDATE awards SET innovator_id = $1, released = 1 WHERE id = $2`, f.orgs[2], sk)
		exec(`UPDATE award_tranches SET status = 'released' WHERE id = $1`, cancelled)
		exec(`UPDATE award_tranches SET amount = 1 WHERE id = $1`, released)
		exec(`UPDATE programs SET committed = committed + 1`)
		exec(`UPDATE applications SET outcome = 'rejected', granted = 1 WHERE id = $1`, appID)
		exec(`UPDATE program_selections SET mode = 'lottery'`)
		exec(`UPDATE review_assignments SET total = 20 WHERE id = $1`, scored)
		exec(`UPDATE review_assignments SET state = 'open', declaration_note = '' WHERE id = $1`, recused)
		exec(`UPDATE policy_versions SET effective_to = '2099-12-31'`)
		exec(`UPDATE procedures SET source = source || ' ' WHERE id = 'grant-standard' AND version = 2`)
		var moved int64
		scan(`SELECT MAX(id) FROM award_tranches WHERE award_id = $1`, &moved, g)
		exec(`DELETE FROM award_tranches WHERE id = $1`, moved)
		exec(`INSERT INTO awards (program_id, application_id, innovator_id, amount, status, awarded_at, awarded_by)
			VALUES ($1, $2, $3, 1000, 'active', '2026-01-01T00:00:00.000000Z', 'mallory')`, pid, appID, f.orgs[2])
		var forged int64
		scan(`SELECT id FROM awards WHERE application_id = $1`, &forged, appID)

		rep = state()
		if rep.OK() || !rep.Report.OK || len(rep.Store) != 0 {
			t.Fatalf("the tampering is not (only) a state problem: %+v", rep)
		}
		got := map[string]ledger.StateMismatch{}
		for _, m := range rep.State {
			got[fmt.Sprintf("%s/%s/%s", m.Table, m.Row, m.Field)] = m
		}
		id := func(n int64) string { return fmt.Sprint(n) }
		want := map[string][2]string{
			"awards/" + id(g) + "/amount":                             {"300000", "9999999"},
			"awards/" + id(sk) + "/status":                            {seedbed.AwardFailed, "active"},
			"awards/" + id(sk) + "/innovator_id":                      {id(f.orgs[1]), id(f.orgs[2])},
			"awards/" + id(sk) + "/released":                          {"120000", "1"},
			"award_tranches/" + id(cancelled) + "/status":             {"cancelled", "released"},
			"award_tranches/" + id(released) + "/amount":              {"120000", "1"},
			"award_tranches/" + id(moved) + "/":                       {"present", ""},
			"awards/" + id(forged) + "/":                              {"", ""},
			"programs/" + id(f.program.ID) + "/committed":             {"", ""},
			"applications/" + id(appID) + "/outcome":                  {"funded", "rejected"},
			"applications/" + id(appID) + "/granted":                  {"300000", "1"},
			"program_selections/" + id(pid) + "/mode":                 {"ranked", "lottery"},
			"review_assignments/" + id(scored) + "/total":             {"", "20"},
			"review_assignments/" + id(recused) + "/state":            {"recused", "open"},
			"review_assignments/" + id(recused) + "/declaration_note": {"", ""},
			"policy_versions/1/effective_to":                          {"", "2099-12-31"},
			"procedures/grant-standard/2/source":                      {"", ""},
		}
		for key, vals := range want {
			m, ok := got[key]
			if !ok {
				t.Errorf("not reported: %s", key)
				continue
			}
			if (vals[0] != "" && m.Ledger != vals[0]) || (vals[1] != "" && m.Stored != vals[1]) {
				t.Errorf("%s: ledger %q stored %q, want %q %q", key, m.Ledger, m.Stored, vals[0], vals[1])
			}
			msg := m.Message()
			if !strings.Contains(msg.En, m.Table) || !strings.Contains(msg.En, m.Row) || !strings.Contains(msg.Zh, m.Table) {
				t.Errorf("%s: message does not name the row: %+v", key, msg)
			}
		}
		if len(rep.State) > len(want)+4 {
			t.Errorf("more reported than tampered: %+v", rep.State)
		}
	})
}

// TestStateKindsCoverApply: every event kind whose replay changes a state row is among the
// kinds the reconciliation reads; one left out is skipped before it is applied, and the rows it
// changes are then reported as tampered with in an untouched database.
func TestStateKindsCoverApply(t *testing.T) {
	p := payload{}
	for _, k := range []string{"policy_id", "version", "id", "program_id", "application_id", "award_id", "tranche_id", "user_id",
		"assignment_id", "effective_to", "effective_from", "sha256", "status", "outcome", "mode", "seed", "new_role", "amount"} {
		p[k] = "1"
	}
	for _, kind := range seedbed.EventKinds {
		s := newLedgerState()
		s.apply(kind.Code, p)
		changed := 0
		for _, rows := range s.rows {
			changed += len(rows)
		}
		if changed > 0 && !stateKinds[kind.Code] {
			t.Errorf("replaying %s changes state rows, but the reconciliation does not read it", kind.Code)
		}
	}
}
