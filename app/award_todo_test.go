package app

import (
	"testing"
	"time"

	"seedbed"
)

// A milestone whose due date has passed without evidence reads as overdue, and the to-do counts
// it for officers and for the recipient alone among applicants; evidence submitted clears it.
func TestOverdueMilestonesAndTodo(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		f := newProgramFixtureN(t, a, 2, 250_000)
		ps, ctx := a.Programs, f.ctx
		apps := f.applyAll(t, 100_000)
		f.decideFunded(t)
		aw, err := ps.CreateAward(ctx, officer, f.program.ID, seedbed.AwardInput{ApplicationID: apps[0]})
		must(t, err)
		todo, err := ps.AwardTodo(ctx, officer)
		must(t, err)
		if todo != (seedbed.AwardTodo{}) {
			t.Fatalf("to-do on the day of the award %+v, want nothing", todo)
		}

		f.now = aw.Tranches[0].DueAt.Add(24 * time.Hour) // the agreement was due yesterday
		got, err := ps.GetAward(ctx, aw.ID)
		must(t, err)
		if !got.Tranches[0].Overdue || got.Tranches[1].Overdue {
			t.Fatalf("overdue flags %v %v, want the first tranche only", got.Tranches[0].Overdue, got.Tranches[1].Overdue)
		}
		list, _, err := ps.FindAwards(ctx, seedbed.AwardFilter{})
		must(t, err)
		if len(list) != 1 || !list[0].Tranches[0].Overdue {
			t.Fatalf("the list does not show the overdue milestone: %+v", list)
		}
		for _, c := range []struct {
			who  seedbed.Actor
			want int
		}{{officer, 1}, {f.applicant, 1}, {f.actors[1], 0}} {
			todo, err := ps.AwardTodo(ctx, c.who)
			must(t, err)
			if todo.MilestonesOverdue != c.want {
				t.Errorf("%s: %d overdue, want %d", c.who.Username, todo.MilestonesOverdue, c.want)
			}
		}

		_, err = ps.SubmitEvidence(ctx, f.applicant, aw.Tranches[0].ID, "任务书已签署，编号 2026-001")
		must(t, err)
		got, err = ps.GetAward(ctx, aw.ID)
		must(t, err)
		todo, err = ps.AwardTodo(ctx, officer)
		must(t, err)
		if got.Tranches[0].Overdue || todo.MilestonesOverdue != 0 || todo.MilestonesToReview != 1 {
			t.Fatalf("after late evidence: overdue %v, to-do %+v", got.Tranches[0].Overdue, todo)
		}
	})
}
