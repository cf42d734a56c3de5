package web

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"seedbed"
)

// TestReviewerMomentumOnlyForAssigned: a reviewer sees the momentum of applicants whose
// applications were assigned to it and opened, and of nobody else; the refusal is audited.
func TestReviewerMomentumOnlyForAssigned(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, "")
	seedMonitoring(t, e) // assigns and opens the funded applications of the own organisation
	stranger := &seedbed.Innovator{Name: "无关团队", Kind: seedbed.KindTeam}
	if err := testApp(e.store).Registry.CreateInnovator(context.Background(), seedbed.System, stranger); err != nil {
		t.Fatal(err)
	}
	if w := e.do("reviewer", "GET", fmt.Sprintf("/api/v1/innovators/%d/momentum", e.ownID), "", ""); w.Code != http.StatusOK {
		t.Fatalf("momentum of an assigned applicant: %d %s", w.Code, w.Body.String())
	}
	if w := e.do("reviewer", "GET", fmt.Sprintf("/api/v1/innovators/%d/momentum", stranger.ID), "", ""); w.Code != http.StatusForbidden {
		t.Fatalf("momentum of an innovator the reviewer does not review: %d", w.Code)
	}
	if w := e.do("officer", "GET", fmt.Sprintf("/api/v1/innovators/%d/momentum", stranger.ID), "", ""); w.Code != http.StatusOK {
		t.Fatalf("officer: %d", w.Code)
	}
}
