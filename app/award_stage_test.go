package app

import (
	"testing"

	"seedbed"
)

// TestTranchesKeepStageTextsInBothLanguages checks that an award's tranches carry their stage's
// name and milestone in Chinese and English, and in Chinese alone where the stage has no English.
func TestTranchesKeepStageTextsInBothLanguages(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		f := newProgramFixture(t, a)
		apps := f.applyAll(t, 50_000)
		f.decideFunded(t)
		aw, err := a.Programs.CreateAward(f.ctx, officer, f.program.ID, seedbed.AwardInput{ApplicationID: apps[0]})
		must(t, err)
		got, err := a.Programs.GetAward(f.ctx, aw.ID)
		must(t, err)
		first, second := got.Tranches[0], got.Tranches[1]
		if first.StageLabel() != (seedbed.Label{Zh: "第一阶段", En: "Phase I"}) ||
			first.MilestoneLabel() != (seedbed.Label{Zh: "签署任务书", En: "agreement signed"}) {
			t.Errorf("first tranche: %+v", first)
		}
		if second.StageLabel().In("en") != "第二阶段" || second.MilestoneEn != "" {
			t.Errorf("second tranche: %+v", second)
		}
	})
}
