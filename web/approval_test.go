package web

import (
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"

	"seedbed"
	"seedbed/app"
)

func init() {
	moduleMatrix = append(moduleMatrix, func(e *testEnv) []accessCase {
		return []accessCase{
			{"GET", "/approvals", "/approvals", "aou"},
			{"GET", "/approvals/{id}", "/approvals/999", "aou"},
			{"POST", "/approvals/{id}/{decision}", "/approvals/999/approve", "ao"},
			{"GET", "/api/v1/approvals", "/api/v1/approvals", "aou"},
			{"GET", "/api/v1/approvals/{id}", "/api/v1/approvals/999", "aou"},
			{"POST", "/api/v1/approvals/{id}/{decision}", "/api/v1/approvals/999/reject", "ao"},
		}
	})
}

// forEachEngineFourEyes runs body over each engine with every two-person rule on, as deployed.
func forEachEngineFourEyes(t *testing.T, body func(t *testing.T, e *testEnv)) {
	t.Run("sqlite", func(t *testing.T) { body(t, newTestEnv(t, "", app.Options{})) })
	t.Run("postgres", func(t *testing.T) {
		dsn := os.Getenv("SEEDBED_TEST_POSTGRES")
		if dsn == "" {
			t.Skip("SEEDBED_TEST_POSTGRES not set")
		}
		body(t, newTestEnv(t, dsn, app.Options{}))
	})
}

// TestFourEyesThroughAPIAndForms: publishing a policy through the API answers 202 with the
// proposal and publishes nothing; its proposer approving it is refused (409) through the API and
// the form alike, with nothing written; a second officer's approval publishes it; the pending
// list shows it to those who may approve and not after.
func TestFourEyesThroughAPIAndForms(t *testing.T) {
	t.Parallel()
	forEachEngineFourEyes(t, func(t *testing.T, e *testEnv) {
		if w := e.do("officer", "POST", "/api/v1/policies?file=seed-v1.yaml", "application/yaml", testdataPolicy(t, "overlap/seed-v1.yaml")); w.Code != 201 {
			t.Fatalf("upload: %d %s", w.Code, w.Body.String())
		}
		ap := e.ok(t, 202, "officer", "POST", "/api/v1/policies/overlap-seed/versions/1/publish", "")
		id := num(ap["id"])
		if ap["rule"] != seedbed.TwoPersonPolicy || ap["status"] != "pending" || ap["proposed_by"] != "u-officer" {
			t.Fatalf("proposal %v", ap)
		}
		published := func() bool {
			v := e.ok(t, 200, "officer", "GET", "/api/v1/policies/overlap-seed/versions/1", "")
			return v["status"] == "published"
		}
		if published() {
			t.Fatal("a proposal published the policy")
		}
		// the same person approving: refused through the API and the form, nothing written
		if w := e.do("officer", "POST", fmt.Sprintf("/api/v1/approvals/%d/approve", id), "", ""); w.Code != 409 || !strings.Contains(w.Body.String(), "two-person rule") {
			t.Fatalf("proposer approving through the API: %d %s", w.Code, w.Body.String())
		}
		w := e.do("officer", "POST", fmt.Sprintf("/approvals/%d/approve", id), "application/x-www-form-urlencoded", "note=")
		if w.Code != 409 || !strings.Contains(w.Body.String(), "须由另一人复核") {
			t.Fatalf("proposer approving through the form: %d %s", w.Code, w.Body.String())
		}
		if w := e.do("officer", "POST", "/api/v1/policies/overlap-seed/versions/1/publish", "", ""); w.Code != 409 || !strings.Contains(w.Body.String(), "waits for another person") {
			t.Fatalf("a second proposal: %d %s", w.Code, w.Body.String())
		}
		if published() {
			t.Fatal("a refused approval published the policy")
		}
		list := e.ok(t, 200, "admin", "GET", "/api/v1/approvals", "")
		if items, _ := list["items"].([]any); len(items) != 1 {
			t.Fatalf("pending for the administrator: %v", list)
		}
		if w := e.do("admin", "GET", "/approvals", "", ""); w.Code != 200 || !strings.Contains(w.Body.String(), "发布政策") ||
			!strings.Contains(w.Body.String(), fmt.Sprintf(`href="/approvals/%d"`, id)) {
			t.Fatalf("pending page: %d %s", w.Code, w.Body.String())
		}
		w = e.do("admin", "POST", fmt.Sprintf("/approvals/%d/approve", id), "application/x-www-form-urlencoded", "note=%E6%A0%B8%E5%AF%B9%E6%97%A0%E8%AF%AF")
		if w.Code != http.StatusSeeOther {
			t.Fatalf("second approval: %d %s", w.Code, w.Body.String())
		}
		if !published() {
			t.Fatal("the approved policy is not published")
		}
		done := e.ok(t, 200, "auditor", "GET", fmt.Sprintf("/api/v1/approvals/%d", id), "")
		if done["status"] != "approved" || done["decided_by"] != "u-admin" || done["note"] != "核对无误" {
			t.Fatalf("decided %v", done)
		}
		e.ok(t, 409, "admin", "POST", fmt.Sprintf("/api/v1/approvals/%d/approve", id), "")
		// a form post that proposes lands on the proposal
		if w := e.do("officer", "POST", "/api/v1/policies?file=seed-v2.yaml", "application/yaml", strings.Replace(testdataPolicy(t, "overlap/seed-v2.yaml"), "effective_from: 2025-07-01", "effective_from: 2026-01-01", 1)); w.Code != 201 {
			t.Fatalf("upload v2: %d %s", w.Code, w.Body.String())
		}
		w = e.do("officer", "POST", "/policies/overlap-seed/versions/2/publish", "application/x-www-form-urlencoded", "")
		if w.Code != http.StatusSeeOther || !strings.HasPrefix(w.Header().Get("Location"), "/approvals/") {
			t.Fatalf("form publish: %d %v", w.Code, w.Header())
		}
		for _, kind := range []string{seedbed.EventApprovalProposed, seedbed.EventApprovalDecided} {
			if evs, _ := e.store.FindEvents(t.Context(), seedbed.EventFilter{Kind: kind}); len(evs) == 0 {
				t.Errorf("no %s event", kind)
			}
		}
	})
}
