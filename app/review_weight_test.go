package app

import (
	"testing"
	"time"

	"seedbed"
)

// TestAssignExpertiseWeight: a program's expertise weight reaches the assignment. Four AI
// applications, two AI experts and two others, two reviewers each: balanced first (weight 0) the
// AI experts take half the reviews; at weight 0.9 they take all of them. The weight is in the
// program's JSON terms and the assignment event.
func TestAssignExpertiseWeight(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		r := a.Reviews
		e := newReviewEnv(t, a, 4, 4, seedbed.SelectionRanked, 300_000)
		for i, rv := range e.reviewers {
			field := "ai"
			if i >= 2 {
				field = []string{"agritech", "quantum"}[i-2]
			}
			e.must(r.SaveReviewerProfile(e.ctx, e.officer, &seedbed.ReviewerProfile{UserID: rv.UserID, Expertise: []string{field}}))
		}
		bad := *e.program
		bad.ID, bad.ExpertiseWeight = 0, 1.5
		wantCode(t, a.Programs.CreateProgram(e.ctx, e.officer, &bad), seedbed.EINVALID, "expertise")
		experts := func(weight float64) int {
			p := *e.program
			p.ID, p.ExpertiseWeight, p.Deadline = 0, weight, e.clock.now().Add(24*time.Hour)
			e.must(a.Programs.CreateProgram(e.ctx, e.officer, &p))
			_, err := a.Programs.TransitionProgram(e.ctx, e.officer, p.ID, seedbed.ProgramOpen, "")
			e.must(err)
			e.program, e.apps = &p, nil
			e.apply(50_000, 50_000, 50_000, 50_000)
			e.clock.add(25 * time.Hour)
			_, err = a.Programs.TransitionProgram(e.ctx, e.officer, p.ID, seedbed.ProgramInReview, "")
			e.must(err)
			run, err := r.AssignReviewers(e.ctx, e.officer, p.ID, 3)
			e.must(err)
			got, err := a.Programs.GetProgram(e.ctx, p.ID)
			e.must(err)
			if got.ExpertiseWeight != weight {
				t.Fatalf("stored weight %v, want %v", got.ExpertiseWeight, weight)
			}
			n := 0
			for _, pair := range run.Pairs {
				if pair.Expertise > 0 {
					n++
				}
			}
			return n
		}
		if n := experts(0); n != 4 {
			t.Errorf("weight 0: %d of 8 reviews by AI experts, want 4 (load first)", n)
		}
		if n := experts(0.9); n != 8 {
			t.Errorf("weight 0.9: %d of 8 reviews by AI experts, want 8", n)
		}
	})
}
