package app

import (
	"slices"
	"testing"
	"time"

	"seedbed"
	"seedbed/selection"
)

// TestChampion: a reviewer champions one application with a reason; a second champion, one
// without a reason, or one of an application not opened, is refused; in a partial lottery the
// champion enters the draw although it is below the quality bar.
func TestChampion(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		r := a.Reviews
		e := newReviewEnv(t, a, 3, 2, seedbed.SelectionLottery, 100_000)
		e.apply(50_000, 50_000, 50_000)
		e.clock.add(25 * time.Hour)
		_, err := a.Programs.TransitionProgram(e.ctx, e.officer, e.program.ID, seedbed.ProgramInReview, "")
		e.must(err)
		_, err = r.AssignReviewers(e.ctx, e.officer, e.program.ID, 7)
		e.must(err)
		rev := e.reviewers[0]
		mine, err := r.FindAssignments(e.ctx, seedbed.AssignmentFilter{ReviewerID: rev.UserID})
		e.must(err)
		_, err = r.NameChampion(e.ctx, rev, mine[0].ID, "非共识路线")
		wantCode(t, err, seedbed.EFORBIDDEN, "")
		base := map[int64]float64{e.apps[0]: 5, e.apps[1]: 5, e.apps[2]: 1}
		for _, rv := range e.reviewers {
			list, err := r.FindAssignments(e.ctx, seedbed.AssignmentFilter{ReviewerID: rv.UserID})
			e.must(err)
			for _, as := range list {
				_, err = r.DeclareConflict(e.ctx, rv, as.ID, seedbed.Declaration{})
				e.must(err)
				v := base[as.ApplicationID]
				_, err = r.ScoreApplication(e.ctx, rv, as.ID, seedbed.ScoreSheet{Scores: map[string]float64{
					"originality": v, "team_drive": v, "leverage": v, "next_step": v}})
				e.must(err)
			}
		}
		var weak int64
		for _, as := range mine {
			if as.ApplicationID == e.apps[2] {
				weak = as.ID
			}
		}
		_, err = r.NameChampion(e.ctx, rev, weak, "  ")
		wantCode(t, err, seedbed.EINVALID, "reason")
		_, err = r.NameChampion(e.ctx, rev, weak, "唯一敢走这条非主流路线的团队")
		e.must(err)
		_, err = r.NameChampion(e.ctx, rev, mine[0].ID, "第二项")
		wantCode(t, err, seedbed.ECONFLICT, "already")
		champs, err := r.ProgramChampions(e.ctx, e.program.ID)
		e.must(err)
		if len(champs) != 1 {
			t.Fatalf("%d champions", len(champs))
		}
		_, err = r.NormaliseScores(e.ctx, e.officer, e.program.ID)
		e.must(err)
		ps, err := r.RunSelection(e.ctx, e.officer, e.program.ID)
		e.must(err)
		for _, d := range ps.Selection.Decisions {
			if d.AppID == seedbed.AppCode(e.apps[2]) {
				if d.Outcome != selection.OutcomeDrawPending || !slices.ContainsFunc(d.Flags, func(f selection.Flag) bool { return f.Code == selection.FlagChampion }) {
					t.Fatalf("the champion's decision: %+v", d)
				}
			}
		}
	})
}

// TestChampionFundedByRule: under a program whose champion rule is fund, the weak champion is
// funded directly from the budget left after the applications funded on their scores, instead
// of entering the draw.
func TestChampionFundedByRule(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		r := a.Reviews
		e := newReviewEnv(t, a, 3, 2, seedbed.SelectionLottery, 150_000)
		p := *e.program
		p.ID, p.ChampionRule = 0, seedbed.ChampionFund
		e.must(a.Programs.CreateProgram(e.ctx, e.officer, &p))
		_, err := a.Programs.TransitionProgram(e.ctx, e.officer, p.ID, seedbed.ProgramOpen, "")
		e.must(err)
		e.program = &p
		e.apply(50_000, 50_000, 50_000)
		e.clock.add(25 * time.Hour)
		_, err = a.Programs.TransitionProgram(e.ctx, e.officer, p.ID, seedbed.ProgramInReview, "")
		e.must(err)
		_, err = r.AssignReviewers(e.ctx, e.officer, p.ID, 7)
		e.must(err)
		base := map[int64]float64{e.apps[0]: 5, e.apps[1]: 5, e.apps[2]: 1}
		var weak int64
		for _, rv := range e.reviewers {
			list, err := r.FindAssignments(e.ctx, seedbed.AssignmentFilter{ReviewerID: rv.UserID})
			e.must(err)
			for _, as := range list {
				_, err = r.DeclareConflict(e.ctx, rv, as.ID, seedbed.Declaration{})
				e.must(err)
				v := base[as.ApplicationID]
				_, err = r.ScoreApplication(e.ctx, rv, as.ID, seedbed.ScoreSheet{Scores: map[string]float64{
					"originality": v, "team_drive": v, "leverage": v, "next_step": v}})
				e.must(err)
				if as.ApplicationID == e.apps[2] && rv.UserID == e.reviewers[0].UserID {
					weak = as.ID
				}
			}
		}
		_, err = r.NameChampion(e.ctx, e.reviewers[0], weak, "唯一敢走这条非主流路线的团队")
		e.must(err)
		_, err = r.NormaliseScores(e.ctx, e.officer, p.ID)
		e.must(err)
		ps, err := r.RunSelection(e.ctx, e.officer, p.ID)
		e.must(err)
		for _, d := range ps.Selection.Decisions {
			if d.AppID == seedbed.AppCode(e.apps[2]) && (d.Outcome != selection.OutcomeFunded || d.Granted != 50_000) {
				t.Fatalf("the champion under the fund rule: %+v", d)
			}
		}
	})
}
