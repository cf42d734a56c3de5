package app

import (
	"context"
	"strings"
	"testing"

	"seedbed"
	"seedbed/ledger"
)

// TestPersonExportAndErase exports what is held about a grassroots team that was funded and
// failed, erases it, and checks that the personal fields are gone everywhere they were kept,
// that money and decisions are kept, and that the ledger and the state it governs still verify.
func TestPersonExportAndErase(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		f := newFailedAwards(t, a)
		ctx, s := context.Background(), a.Store()
		id := f.good.InnovatorID
		in, err := a.Registry.Innovator(ctx, id)
		must(t, err)
		in.ContactName, in.ContactPhone, in.ContactEmail, in.Description = "王小明", "13912345678", "wxm@example.cn", "王小明和两位同学的团队"
		must(t, a.Registry.UpdateInnovator(ctx, officer, in, in.Version))
		must(t, s.ExecForTest(ctx, `UPDATE applications SET team = '王小明（负责人）', people = '["王小明","李四"]' WHERE innovator_id = $1`, id))

		// export: everything, audited as a read of personal data
		_, err = a.Persons.Export(ctx, seedbed.Actor{Username: "u", Role: seedbed.RoleAuditor}, id)
		wantCode(t, err, seedbed.EFORBIDDEN, "")
		d, err := a.Persons.Export(ctx, officer, id)
		must(t, err)
		if d.Innovator.ContactPhone != "13912345678" || len(d.Applications) == 0 || len(d.Awards) == 0 || len(d.Accounts) != 1 ||
			len(d.Events) == 0 || len(d.History) == 0 || d.Scope != seedbed.ErasePerson {
			t.Fatalf("export: %+v", d)
		}
		pseudonym := seedbed.EventActor(f.applicants[0])
		byApplicant := 0
		for _, e := range d.Events {
			// the eligibility verdict is the system's decision, naming the applicant as who submitted
			if e.Kind == seedbed.EventEligibility && strings.Contains(string(e.Payload), `"submitted_by":"`+pseudonym+`"`) {
				byApplicant++
			}
			if e.ActorRole == seedbed.RoleApplicant {
				byApplicant++
				if e.Actor != pseudonym {
					t.Errorf("event %d (%s) names the applicant %q, want the pseudonym %q", e.ID, e.Kind, e.Actor, pseudonym)
				}
			}
		}
		if byApplicant == 0 {
			t.Fatal("no event by the applicant in the export")
		}
		if _, n, _ := s.FindAudit(ctx, seedbed.AuditFilter{Action: "personal.export"}); n != 1 {
			t.Fatalf("%d personal.export audit entries, want 1", n)
		}

		// refusals change nothing
		_, err = a.Persons.Erase(ctx, officer, id, seedbed.ErasePerson, " ")
		wantCode(t, err, seedbed.EINVALID, "ground")
		_, err = a.Persons.Erase(ctx, officer, id, "everything", "申请 2026-001")
		wantCode(t, err, seedbed.EINVALID, "scope")
		org := &seedbed.Innovator{Name: "某某科技有限公司", Kind: seedbed.KindEnterprise, CreditCode: "91330100799655058B", ContactName: "赵六"}
		must(t, a.Registry.CreateInnovator(ctx, officer, org))
		_, err = a.Persons.Erase(ctx, officer, org.ID, seedbed.ErasePerson, "申请 2026-002")
		wantCode(t, err, seedbed.EINVALID, "organisation")
		if got, _ := a.Registry.Innovator(ctx, id); got.Name != in.Name || got.ContactName != "王小明" {
			t.Fatalf("a refused erasure changed the innovator: %+v", got)
		}
		size := ledgerSize(t, a)

		// an organisation's contact person only
		er, err := a.Persons.Erase(ctx, officer, org.ID, seedbed.EraseContact, "联系人本人申请 2026-003")
		must(t, err)
		if got, _ := a.Registry.Innovator(ctx, org.ID); got.ContactName != "" || got.Name != "某某科技有限公司" || er.Erased["innovators.contact"] != 1 {
			t.Fatalf("contact erasure: %+v %+v", got, er)
		}

		// the whole team
		er, err = a.Persons.Erase(ctx, officer, id, seedbed.ErasePerson, "团队负责人 2026-11-30 书面申请")
		must(t, err)
		got, err := a.Registry.Innovator(ctx, id)
		must(t, err)
		if got.Name != seedbed.ErasedName(id) || got.ContactPhone != "" || got.Description != "" || got.Kind != seedbed.KindTeam || got.Field != "ai" {
			t.Fatalf("erased innovator: %+v", got)
		}
		var leftover int64
		for _, q := range []string{
			`SELECT count(*) FROM innovators WHERE name LIKE '%王小明%' OR description LIKE '%王小明%' OR contact_name <> '' AND id = $1`,
			`SELECT count(*) FROM innovator_search WHERE text LIKE '%王小明%' OR (id = $1 AND text LIKE '%探索%')`,
			`SELECT count(*) FROM innovator_changes WHERE innovator_id = $1 AND (old_value LIKE '%王小明%' OR new_value LIKE '%王小明%' OR new_value LIKE '%1391234%' OR old_value LIKE '%探索%' OR new_value LIKE '%探索%')`,
			`SELECT count(*) FROM applications WHERE innovator_id = $1 AND (team <> '' OR people <> '[]')`,
			`SELECT count(*) FROM users WHERE innovator_id = $1 AND (disabled = FALSE OR username NOT LIKE 'erased-%')`,
			`SELECT count(*) FROM sessions WHERE user_id IN (SELECT id FROM users WHERE innovator_id = $1)`,
		} {
			must(t, s.QueryRowForTest(ctx, q, id).Scan(&leftover))
			if leftover != 0 {
				t.Errorf("after erasure %d rows left: %s", leftover, q)
			}
		}
		aw, err := s.GetAward(ctx, f.good.ID)
		must(t, err)
		if aw.Amount != f.good.Amount || aw.InnovatorID != id {
			t.Fatalf("the award changed: %+v", aw)
		}
		if ledgerSize(t, a) != size+2 {
			t.Fatalf("ledger grew by %d, want the two erasure events", ledgerSize(t, a)-size)
		}
		rep, err := a.Ledger.Verify(ctx, ledger.StoreVerifyOptions{Events: true, State: true, Workers: 2})
		must(t, err)
		if !rep.OK() {
			t.Fatalf("the ledger no longer verifies after an erasure: %+v %+v %+v", rep.Report, rep.Store, rep.State)
		}
		evs, err := s.FindEvents(ctx, seedbed.EventFilter{Kind: "personal_erasure"})
		must(t, err)
		if len(evs) != 2 || strings.Contains(string(evs[1].Payload), "王小明") || !strings.Contains(string(evs[1].Payload), "innovators.name") {
			t.Fatalf("erasure events: %+v", evs)
		}
		if _, n, _ := s.FindAudit(ctx, seedbed.AuditFilter{Action: "personal.erase"}); n != 2 {
			t.Fatalf("%d personal.erase audit entries, want 2", n)
		}
		// erasing twice is harmless
		if _, err := a.Persons.Erase(ctx, officer, id, seedbed.ErasePerson, "重复申请"); err != nil {
			t.Fatal(err)
		}
	})
}
