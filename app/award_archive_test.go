package app

import (
	"context"
	"errors"
	"testing"
	"time"

	"seedbed"
)

// TestImportArchive imports a past program's awards: the program is closed with its awards'
// total as budget and commitment, every award is completed and fully released with a funded
// application, and an archive with a row naming an unknown innovator stores nothing and says
// which row; an applicant may not import.
func TestImportArchive(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		ctx := context.Background()
		now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		a.Store().Now = func() time.Time { return now }
		ids := newInnovators(t, a.Store(), 3, "往年")
		program := func() *seedbed.Program {
			return &seedbed.Program{Title: "2019 年创新券（往年档案）", PolicyIDs: []string{"grassroots-seed"}, MaxRequest: 500_000,
				SelectionMode: seedbed.SelectionRanked, ReviewersPerApp: 1, QualityBar: -1,
				Deadline: time.Date(2019, 3, 31, 9, 0, 0, 0, time.UTC),
				Stages:   []seedbed.Stage{{Name: "一次拨付", NameEn: "one payment", Share: 100, Months: 12, Milestone: "结题", MilestoneEn: "closing report"}}}
		}
		awarded := time.Date(2019, 4, 20, 9, 0, 0, 0, time.UTC)
		bad := []seedbed.ArchivedAward{{InnovatorID: ids[0], Title: "创新券 1", Amount: 100_000, AwardedAt: awarded},
			{InnovatorID: 999_999, Title: "创新券 2", Amount: 100_000, AwardedAt: awarded}}
		_, err := a.Programs.ImportArchive(ctx, officer, program(), bad)
		var es seedbed.Errors
		if !errors.As(err, &es) || len(es) != 1 || es[0].Line != 2 || es[0].Field != "innovator_id" {
			t.Fatalf("unknown innovator: %v", err)
		}
		if _, n, _ := a.Programs.FindPrograms(ctx, seedbed.ProgramFilter{}); n != 0 {
			t.Fatalf("a refused archive stored %d programs", n)
		}
		applicant := seedbed.Actor{Username: "app", Role: seedbed.RoleApplicant, InnovatorID: &ids[0]}
		if _, err := a.Programs.ImportArchive(ctx, applicant, program(), bad[:1]); seedbed.ErrorCode(err) != seedbed.EFORBIDDEN {
			t.Fatalf("applicant: %v", err)
		}
		good := []seedbed.ArchivedAward{{InnovatorID: ids[0], Title: "创新券 1", Amount: 100_000, AwardedAt: awarded},
			{InnovatorID: ids[1], Title: "创新券 2", Amount: 250_000, AwardedAt: awarded.Add(24 * time.Hour)}}
		p := program()
		if n, err := a.Programs.ImportArchive(ctx, officer, p, good); err != nil || n != 2 {
			t.Fatalf("import: %d %v", n, err)
		}
		got, err := a.Programs.GetProgram(ctx, p.ID)
		if err != nil || got.State != seedbed.ProgramClosed || got.Budget != 350_000 || got.Committed != 350_000 {
			t.Fatalf("program %+v %v", got, err)
		}
		aws, n, err := a.Programs.FindAwards(ctx, seedbed.AwardFilter{ProgramID: p.ID})
		if err != nil || n != 2 {
			t.Fatalf("awards %d %v", n, err)
		}
		for _, aw := range aws {
			if aw.Status != seedbed.AwardCompleted || aw.Released != aw.Amount || aw.ApplicationTitle == "" || !aw.AwardedAt.Before(now) {
				t.Errorf("award %+v", aw)
			}
		}
		apps, _, err := a.Programs.FindApplications(ctx, seedbed.ApplicationFilter{ProgramID: p.ID})
		if err != nil || len(apps) != 2 || apps[0].Outcome != "funded" || apps[0].Granted == 0 {
			t.Fatalf("applications %+v %v", apps, err)
		}
	})
}
