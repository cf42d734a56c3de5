package app

import (
	"testing"

	"seedbed"
)

func TestPublishedGrants(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		f := newProgramFixtureN(t, a, 2, 300_000)
		ctx := f.ctx
		// The second organisation is an individual inventor.
		person := f.orgs[1]
		must(t, a.Store().ExecForTest(ctx, `UPDATE innovators SET kind = 'individual', name = '王小明', region = '杭州市西湖区' WHERE id = $1`, person))
		apps := f.applyAll(t, 100_000)
		f.decideFunded(t)
		for _, id := range apps {
			_, err := a.Programs.CreateAward(ctx, officer, f.program.ID, seedbed.AwardInput{ApplicationID: id})
			must(t, err)
		}
		for _, programID := range []int64{f.program.ID, 0} {
			gs, err := a.Programs.PublishedGrants(ctx, programID)
			must(t, err)
			if len(gs) != 2 || gs[0].AwardID > gs[1].AwardID {
				t.Fatalf("program %d: %+v", programID, gs)
			}
			team, ind := gs[0], gs[1]
			if team.ToIndividual || team.Recipient.Name != "" || !team.NameWithheld || team.Recipient.Kind != seedbed.KindTeam || team.Amount != 100_000 ||
				team.ProgramTitle != f.program.Title {
				t.Errorf("grant to a team: %+v", team)
			}
			if !ind.ToIndividual || ind.Recipient.Name != "" || ind.Recipient.InnovatorID != 0 || ind.Title != "" || ind.Recipient.Region != "" {
				t.Errorf("grant to an individual: %+v", ind)
			}
		}
		sum, err := a.Programs.GrantSummary(ctx)
		must(t, err)
		if sum != (seedbed.GrantSummary{Grants: 2, ToIndividuals: 1, Programs: 1, Total: 200_000}) {
			t.Fatalf("summary %+v", sum)
		}
		gs, err := a.Programs.PublishedGrants(ctx, f.program.ID+100)
		must(t, err)
		if len(gs) != 0 {
			t.Fatalf("another program's grants: %+v", gs)
		}
	})
}
