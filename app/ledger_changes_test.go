package app

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"seedbed"
	"seedbed/ledger"
)

// TestRolesRelationsAndTermsAreLedgered: a user's role, a reviewer's declared relations and a
// program's terms are ledgered with their old and new values when they change (and not when
// they stay), a refused change records nothing, and the stored rows are reconciled with the
// ledger: a direct SQL change to each is reported.
func TestRolesRelationsAndTermsAreLedgered(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		ctx := context.Background()
		events := func(kind string) []map[string]any {
			t.Helper()
			evs, err := a.store.FindEvents(ctx, seedbed.EventFilter{Kind: kind})
			must(t, err)
			var out []map[string]any
			for _, ev := range evs {
				var p map[string]any
				must(t, json.Unmarshal(ev.Payload, &p))
				out = append(out, p)
			}
			return out
		}
		u := &seedbed.User{Username: "expert", DisplayName: "专家", Role: seedbed.RoleReviewer}
		must(t, a.Accounts.CreateUser(ctx, seedbed.System, u, "long enough password"))
		if got := events(seedbed.EventUserRole); len(got) != 1 || got[0]["old_role"] != "" || got[0]["new_role"] != "reviewer" {
			t.Fatalf("role at creation: %+v", got)
		}
		if _, err := a.Accounts.SetRole(ctx, seedbed.System, "expert", "chief"); seedbed.ErrorCode(err) != seedbed.EINVALID {
			t.Fatalf("unknown role: %v", err)
		}
		if _, err := a.Accounts.SetRole(ctx, seedbed.System, "expert", seedbed.RoleReviewer); err != nil {
			t.Fatal(err)
		}
		if got := events(seedbed.EventUserRole); len(got) != 1 {
			t.Fatalf("a refused or empty change was ledgered: %+v", got)
		}

		must(t, a.Reviews.SaveReviewerProfile(ctx, officer, &seedbed.ReviewerProfile{UserID: u.ID, Expertise: []string{"ai"}}))
		must(t, a.Reviews.SaveReviewerProfile(ctx, officer, &seedbed.ReviewerProfile{UserID: u.ID, Expertise: []string{"ai"},
			DeclaredNames: []string{"李四"}}))
		must(t, a.Reviews.SaveReviewerProfile(ctx, officer, &seedbed.ReviewerProfile{UserID: u.ID, Expertise: []string{"ai"},
			DeclaredNames: []string{"李四"}}))
		rel := events(seedbed.EventReviewerRelations)
		if len(rel) != 2 || fmt.Sprint(rel[1]["old"].(map[string]any)["declared_names"]) != "[]" ||
			fmt.Sprint(rel[1]["new"].(map[string]any)["declared_names"]) != "[李四]" {
			t.Fatalf("relations: %+v", rel)
		}

		if _, err := a.Accounts.SetRole(ctx, seedbed.System, "expert", seedbed.RoleOfficer); err != nil {
			t.Fatal(err)
		}
		if got := events(seedbed.EventUserRole); len(got) != 2 || got[1]["old_role"] != "reviewer" || got[1]["new_role"] != "officer" {
			t.Fatalf("role change: %+v", got)
		}

		p := &seedbed.Program{Title: "条款测试计划", PolicyIDs: []string{"grassroots-seed"}, Budget: 100_000,
			Deadline: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), SelectionMode: seedbed.SelectionRanked, ReviewersPerApp: 1}
		must(t, a.Programs.CreateProgram(ctx, officer, p))
		p.Budget = 250_000
		must(t, a.Programs.UpdateProgram(ctx, officer, p, 1))
		terms := events(seedbed.EventProgramTerms)
		if len(terms) != 2 || terms[0]["old"] != nil || fmt.Sprint(terms[1]["old"].(map[string]any)["budget"]) != "100000" ||
			fmt.Sprint(terms[1]["new"].(map[string]any)["budget"]) != "250000" {
			t.Fatalf("terms: %+v", terms)
		}

		state := func() map[string]ledger.StateMismatch {
			t.Helper()
			rep, err := a.Ledger.Verify(ctx, ledger.StoreVerifyOptions{State: true, Workers: 2})
			must(t, err)
			out := map[string]ledger.StateMismatch{}
			for _, m := range rep.State {
				out[m.Table+"/"+m.Row+"/"+m.Field] = m
			}
			return out
		}
		if got := state(); len(got) != 0 {
			t.Fatalf("untampered: %+v", got)
		}
		must(t, a.store.ExecForTest(ctx, `UPDATE users SET role = 'admin' WHERE id = $1`, u.ID))
		must(t, a.store.ExecForTest(ctx, `UPDATE reviewer_profiles SET declared_names = '[]' WHERE user_id = $1`, u.ID))
		must(t, a.store.ExecForTest(ctx, `UPDATE programs SET budget = 900000, stages = '[]' WHERE id = $1`, p.ID))
		got := state()
		for key, want := range map[string][2]string{
			fmt.Sprintf("users/%d/role", u.ID):                       {"officer", "admin"},
			fmt.Sprintf("reviewer_profiles/%d/declared_names", u.ID): {`["李四"]`, "[]"},
			fmt.Sprintf("programs/%d/budget", p.ID):                  {"250000", "900000"},
			fmt.Sprintf("programs/%d/stages", p.ID):                  {"", "[]"},
		} {
			m, ok := got[key]
			if !ok || (want[0] != "" && m.Ledger != want[0]) || m.Stored != want[1] {
				t.Errorf("%s: %+v (reported: %v)", key, m, ok)
			}
		}
		if len(got) != 4 {
			t.Errorf("reported: %+v", got)
		}
	})
}
