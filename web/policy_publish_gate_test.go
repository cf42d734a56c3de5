package web

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// TestPublishButtonFollowsTheTwoPersonRule: a draft's page offers "publish" only while it can
// succeed. Once an officer proposed the publication, the proposer is told it awaits another
// officer, a second account that may approve is offered the approval instead, and another draft
// of the same policy says what it waits for — each of which the use case would refuse (409) as a
// publish button; the approval page offers its proposer only the withdrawal.
func TestPublishButtonFollowsTheTwoPersonRule(t *testing.T) {
	t.Parallel()
	forEachEngineFourEyes(t, func(t *testing.T, e *testEnv) {
		if w := e.do("officer", "POST", "/api/v1/policies?file=seed-v1.yaml", "application/yaml", testdataPolicy(t, "overlap/seed-v1.yaml")); w.Code != 201 {
			t.Fatalf("upload: %d %s", w.Code, w.Body.String())
		}
		v2 := strings.Replace(testdataPolicy(t, "overlap/seed-v2.yaml"), "effective_from: 2025-07-01", "effective_from: 2026-01-01", 1)
		if w := e.do("officer", "POST", "/api/v1/policies?file=seed-v2.yaml", "application/yaml", v2); w.Code != 201 {
			t.Fatalf("upload v2: %d %s", w.Code, w.Body.String())
		}
		page := func(role string, v int) string {
			w := e.do(role, "GET", fmt.Sprintf("/policies/overlap-seed/versions/%d", v), "", "")
			if w.Code != 200 {
				t.Fatalf("version %d as %s: %d", v, role, w.Code)
			}
			return w.Body.String()
		}
		publish := func(v int) string { return fmt.Sprintf(`action="/policies/overlap-seed/versions/%d/publish"`, v) }
		if !strings.Contains(page("officer", 1), publish(1)) || !strings.Contains(page("admin", 1), publish(1)) {
			t.Fatal("a draft nobody proposed has no publish button")
		}
		w := e.do("officer", "POST", "/policies/overlap-seed/versions/1/publish", "application/x-www-form-urlencoded", "")
		if w.Code != http.StatusSeeOther || !strings.HasPrefix(w.Header().Get("Location"), "/approvals/") {
			t.Fatalf("proposing: %d %v", w.Code, w.Header())
		}
		id := strings.TrimPrefix(w.Header().Get("Location"), "/approvals/")
		approve := fmt.Sprintf(`action="/approvals/%s/approve"`, id)

		// the proposer: no button, the reason in words
		own := page("officer", 1)
		if strings.Contains(own, publish(1)) || strings.Contains(own, approve) || !strings.Contains(own, "正在等待另一位政策管理人员复核") {
			t.Errorf("the proposer's page: publish %v, approve %v", strings.Contains(own, publish(1)), strings.Contains(own, approve))
		}
		// what the page no longer offers the use case refuses
		if w := e.do("officer", "POST", "/policies/overlap-seed/versions/1/publish", "application/x-www-form-urlencoded", ""); w.Code != http.StatusConflict {
			t.Errorf("publishing again: %d", w.Code)
		}
		// another draft of the policy waits too, and says for what
		other := page("admin", 2)
		if strings.Contains(other, publish(2)) || !strings.Contains(other, `href="/policies/overlap-seed/versions/1"`) {
			t.Errorf("version 2 while version 1 waits: publish %v", strings.Contains(other, publish(2)))
		}
		if w := e.do("admin", "POST", "/policies/overlap-seed/versions/2/publish", "application/x-www-form-urlencoded", ""); w.Code != http.StatusConflict {
			t.Errorf("publishing version 2 while version 1 waits: %d", w.Code)
		}
		// the proposal's page: its proposer may only withdraw it
		ap := e.do("officer", "GET", "/approvals/"+id, "", "").Body.String()
		if strings.Contains(ap, approve) || !strings.Contains(ap, fmt.Sprintf(`action="/approvals/%s/reject"`, id)) {
			t.Errorf("the proposer is offered the approval on its page")
		}
		// the second person: the approval, which publishes
		second := page("admin", 1)
		if strings.Contains(second, publish(1)) || !strings.Contains(second, approve) {
			t.Fatalf("the second officer's page: publish %v, approve %v", strings.Contains(second, publish(1)), strings.Contains(second, approve))
		}
		if w := e.do("admin", "POST", "/approvals/"+id+"/approve", "application/x-www-form-urlencoded", ""); w.Code != http.StatusSeeOther {
			t.Fatalf("approving from the policy page: %d %s", w.Code, w.Body.String())
		}
		if !strings.Contains(page("officer", 1), `id="policy-status"`) || strings.Contains(page("officer", 1), approve) {
			t.Error("the published version still offers the approval")
		}
		if !strings.Contains(page("officer", 2), publish(2)) {
			t.Error("once version 1 is decided, version 2 has no publish button")
		}
	})
}
