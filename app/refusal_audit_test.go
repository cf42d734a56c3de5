package app

import (
	"context"
	"testing"

	"seedbed"
)

// TestRefusalAuditedInBothLanguages: the reason a refused action gives is kept in the audit log
// in both working languages, as the person was told it, and reads in either.
func TestRefusalAuditedInBothLanguages(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		ctx := context.Background()
		refusal := a.Programs.CreateProgram(ctx, officer, &seedbed.Program{Title: ""})
		if seedbed.ErrorCode(refusal) != seedbed.EINVALID {
			t.Fatalf("bad program: %v", refusal)
		}
		es, n, err := a.Store().FindAudit(ctx, seedbed.AuditFilter{Action: "program.create", Outcome: "invalid"})
		must(t, err)
		if n != 1 {
			t.Fatalf("%d refusals audited", n)
		}
		got, ok := seedbed.AuditDetail(es[0].Action, es[0].Detail)
		want := seedbed.Label{Zh: seedbed.ErrorIn(refusal, "zh"), En: seedbed.ErrorIn(refusal, "en")}
		if !ok || got != want || got.Zh == got.En {
			t.Fatalf("the audited reason reads %+v (%v), want %+v", got, ok, want)
		}
	})
}
