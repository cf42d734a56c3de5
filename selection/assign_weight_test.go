package selection

import (
	"fmt"
	"testing"
)

// TestAssignExpertiseWeight is the case of the issue: eight AI applications, four AI experts and
// eight experts of other fields, two reviews each. Balanced first (weight 0) the AI experts can
// take only their balanced share; at a high weight every review goes to an AI expert; in between
// the AI experts take more than at weight 0. No reviewer is ever assigned twice to an
// application, and every application gets its k reviewers.
func TestAssignExpertiseWeight(t *testing.T) {
	var apps []AppInfo
	for i := range 8 {
		apps = append(apps, AppInfo{ID: fmt.Sprintf("A%d", i), ApplicantID: int64(100 + i), Field: "ai"})
	}
	var revs []ReviewerInfo
	for i := range 4 {
		revs = append(revs, ReviewerInfo{ID: fmt.Sprintf("ai%d", i), Expertise: []string{"ai"}})
	}
	for i, f := range []string{"agritech", "agritech", "biomed", "biomed", "quantum", "quantum", "materials", "energy"} {
		revs = append(revs, ReviewerInfo{ID: fmt.Sprintf("x%d", i), Expertise: []string{f}})
	}
	expert := func(w float64) int {
		as, problems := AssignWeighted(apps, revs, 2, 7, w)
		if len(problems) > 0 || len(as.Pairs) != 16 {
			t.Fatalf("weight %v: %d pairs, problems %v", w, len(as.Pairs), problems)
		}
		n := 0
		seen := map[string]bool{}
		for _, p := range as.Pairs {
			key := p.AppID + "/" + p.ReviewerID
			if seen[key] {
				t.Fatalf("weight %v: %s assigned twice", w, key)
			}
			seen[key] = true
			if p.Expertise > 0 {
				n++
			}
		}
		return n
	}
	low, mid, high, full := expert(0), expert(0.3), expert(0.8), expert(1)
	if low > 8 {
		t.Errorf("weight 0 balances first: %d of 16 reviews by AI experts, want at most 8", low)
	}
	if high != 16 || full != 16 {
		t.Errorf("at weight 0.8 and 1 every review should go to an AI expert: %d and %d of 16", high, full)
	}
	if mid <= low {
		t.Errorf("weight 0.3 gives AI experts %d reviews, no more than weight 0 (%d)", mid, low)
	}
	if a, _ := Assign(apps, revs, 2, 7); fmt.Sprint(a) != fmt.Sprint(must(AssignWeighted(apps, revs, 2, 7, 0))) {
		t.Error("AssignWeighted at weight 0 differs from Assign")
	}
}

func must(a Assignment, _ []Problem) Assignment { return a }
