package app

import (
	"math"
	"strings"
	"testing"

	"seedbed"
	"seedbed/selection"
)

// TestProgramLifecycleRanked takes a ranked program from its call through review and selection
// to its close, checking the refusals on the way and that every kind of decision left its event.
func TestProgramLifecycleRanked(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		s, ps, r := a.Store(), a.Programs, a.Reviews
		e := newReviewEnv(t, a, 4, 3, seedbed.SelectionRanked, 250_000)
		ctx := e.ctx
		// Out of order transitions and edits of a published program are refused.
		_, err := ps.TransitionProgram(ctx, e.officer, e.program.ID, seedbed.ProgramDecided, "")
		wantCode(t, err, seedbed.ECONFLICT, "cannot become")
		err = ps.UpdateProgram(ctx, e.officer, e.program, e.program.Version)
		wantCode(t, err, seedbed.ECONFLICT, "can no longer change")
		_, err = ps.TransitionProgram(ctx, e.officer, e.program.ID, seedbed.ProgramInReview, "")
		wantCode(t, err, seedbed.ECONFLICT, "cannot close early")

		e.apply(100_000, 100_000, 100_000, 100_000)
		// A second application, and a second submission, are refused.
		dup := &seedbed.Application{ProgramID: e.program.ID, InnovatorID: e.orgs[0], Title: "再来一份"}
		wantCode(t, ps.CreateApplication(ctx, e.applicants[0], dup), seedbed.ECONFLICT, "already has an application")
		_, err = ps.SubmitCheckedApplication(ctx, e.applicants[0], e.apps[0], eligible, e.clock.now())
		wantCode(t, err, seedbed.ECONFLICT, "already submitted")

		e.review([]float64{5, 4, 3, 2})
		// A late application is refused.
		late := &seedbed.Application{ProgramID: e.program.ID, InnovatorID: e.orgs[3], Title: "迟到"}
		wantCode(t, ps.CreateApplication(ctx, e.applicants[3], late), seedbed.ECONFLICT, "")

		sel, err := r.RunSelection(ctx, e.officer, e.program.ID)
		e.must(err)
		if sel.Selection.Spent != 200_000 || len(sel.Selection.Decisions) != 4 {
			t.Fatalf("selection %+v", sel.Selection)
		}
		_, err = r.RunSelection(ctx, e.officer, e.program.ID)
		wantCode(t, err, seedbed.ECONFLICT, "")
		// Raw totals and reviewer-adjusted scores are both kept, under the method named: every
		// review's raw total minus its reviewer's effect and its adjusted score (on the raw
		// scale) is the same overall mean.
		if sel.Normalised.Method != selection.MethodBayes {
			t.Fatalf("method %q", sel.Normalised.Method)
		}
		effect := map[string]float64{}
		for _, rs := range sel.Normalised.Reviewers {
			effect[rs.ReviewerID] = rs.Effect
		}
		var mu []float64
		for _, as := range sel.Normalised.Apps {
			for _, rv := range as.Reviews {
				mu = append(mu, rv.Raw-effect[rv.ReviewerID]-rv.Z*sel.Normalised.GlobalSD)
			}
		}
		for _, m := range mu {
			if math.Abs(m-mu[0]) > 1e-6 {
				t.Fatalf("overall means %v differ", mu)
			}
		}
		app, err := ps.GetApplication(ctx, e.apps[0])
		e.must(err)
		if app.Outcome != "funded" || app.Rank != 1 || app.OutcomeReason.Zh == "" {
			t.Fatalf("best application: %+v", app)
		}
		app, _ = ps.GetApplication(ctx, e.apps[3])
		if app.Outcome != "not_funded_budget" || !strings.Contains(app.OutcomeReason.En, "budget") {
			t.Fatalf("worst application: %s %v", app.Outcome, app.OutcomeReason)
		}

		_, err = ps.TransitionProgram(ctx, e.officer, e.program.ID, seedbed.ProgramDecided, "")
		e.must(err)
		_, err = ps.TransitionProgram(ctx, e.officer, e.program.ID, seedbed.ProgramClosed, "")
		e.must(err)
		// Every kind of decision left its event.
		for _, kind := range []string{seedbed.EventProgramPublished, seedbed.EventProgramState, seedbed.EventEligibility,
			seedbed.EventAssignment, seedbed.EventConflictDeclared, seedbed.EventScore, seedbed.EventNormalisation,
			seedbed.EventSelection, seedbed.EventFundingDecision, seedbed.EventRejection} {
			if evs, _ := s.FindEvents(ctx, seedbed.EventFilter{Kind: kind}); len(evs) == 0 {
				t.Errorf("no %s event", kind)
			}
		}
	})
}
