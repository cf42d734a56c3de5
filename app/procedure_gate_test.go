package app

import (
	"fmt"
	"strings"
	"testing"

	"seedbed"
)

// TestProcedureGate: a program is not decided, nor an award made, while a step of the procedure
// in force is missing; the refusal names each step and where to record it and writes nothing.
func TestProcedureGate(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		f := newSelectedProgram(t, a)
		ctx, id := f.ctx, f.program.ID
		due := func(who seedbed.Actor) []string {
			t.Helper()
			c, err := a.Programs.ProcedureChecklist(ctx, who, id)
			must(t, err)
			if c.Procedure == nil || c.Procedure.ID != "grant-standard" || len(c.Steps) != 7 {
				t.Fatalf("checklist: %+v", c)
			}
			var ids []string
			for _, s := range c.Due() {
				ids = append(ids, s.ID)
			}
			return ids
		}
		if got := strings.Join(due(officer), ","); got != "collective,notice,decider_interest" {
			t.Fatalf("due before the steps: %s", got)
		}

		size := ledgerSize(t, a)
		_, err := a.Programs.TransitionProgram(ctx, officer, id, seedbed.ProgramDecided, "")
		wantCode(t, err, seedbed.ECONFLICT, "A collective decision")
		for _, want := range []string{"public notice", "declared no personal interest", fmt.Sprintf("/programs/%d/procedure#f-body", id)} {
			if !strings.Contains(seedbed.ErrorMessage(err), want) {
				t.Errorf("the refusal does not name %q: %v", want, err)
			}
		}
		// the award is refused for the same steps, before the program's state is looked at
		_, err = a.Programs.CreateAward(ctx, officer, id, seedbed.AwardInput{ApplicationID: f.apps[0]})
		wantCode(t, err, seedbed.ECONFLICT, "A collective decision")
		if ledgerSize(t, a) != size || refusals(t, a, "program.transition") != 1 || refusals(t, a, "award.create") != 1 {
			t.Fatal("a refused decision changed the ledger or was not audited")
		}

		recordProcedureSteps(t, f.programFixture, officer, id)
		if got := due(officer); len(got) != 0 {
			t.Fatalf("due after the steps: %v", got)
		}
		// the declaration of interests is the deciding official's own
		if got := strings.Join(due(officer2), ","); got != "decider_interest" {
			t.Fatalf("due for another official: %s", got)
		}
		_, err = a.Programs.TransitionProgram(ctx, officer2, id, seedbed.ProgramDecided, "")
		wantCode(t, err, seedbed.ECONFLICT, "declared no personal interest")
		_, err = a.Programs.TransitionProgram(ctx, officer, id, seedbed.ProgramDecided, "")
		must(t, err)
		_, err = a.Programs.CreateAward(ctx, officer2, id, seedbed.AwardInput{ApplicationID: f.apps[0]})
		wantCode(t, err, seedbed.ECONFLICT, "declared no personal interest")
		aw, err := a.Programs.CreateAward(ctx, officer, id, seedbed.AwardInput{ApplicationID: f.apps[0]})
		must(t, err)

		// the award's exemption case finds every step the gate found
		_, err = a.Exemptions.CloseAwardAsFailed(ctx, officer, aw.ID, seedbed.FailureInput{Category: seedbed.FailureTechnical, Lesson: "路线走不通"})
		must(t, err)
		c, err := a.Exemptions.OpenCase(ctx, f.auditor, aw.ID)
		must(t, err)
		for _, s := range c.Draft.Steps {
			if s.Status != seedbed.ConditionMet {
				t.Errorf("step %s: %s", s.ID, s.Explanation.En)
			}
		}
	})
}

// TestProcedureNotRetroactive: a procedure taking effect before today is refused; one from
// today or later is published.
func TestProcedureNotRetroactive(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		f := newProgramFixture(t, a) // the store's clock: 2026-03-01
		src, err := a.Exemptions.PublishStandardProcedures(f.ctx)
		if err != nil || src != 3 {
			t.Fatalf("standard procedures: %d %v", src, err)
		}
		std, err := a.Exemptions.Procedure(f.ctx, "grant-standard", 2)
		must(t, err)
		v3 := strings.Replace(strings.Replace(std.Source, "version: 2", "version: 3", 1), "effective_from: 2026-01-01", "effective_from: 2026-02-28", 1)
		_, _, err = a.Exemptions.PublishProcedure(f.ctx, officer, []byte(v3))
		wantCode(t, err, seedbed.EINVALID, "before today (2026-03-01)")
		v3 = strings.Replace(v3, "effective_from: 2026-02-28", "effective_from: 2026-03-01", 1)
		_, published, err := a.Exemptions.PublishProcedure(f.ctx, officer, []byte(v3))
		if err != nil || !published {
			t.Fatalf("from today: %v", err)
		}
	})
}
