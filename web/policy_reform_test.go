package web

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"seedbed"
	"seedbed/policies"
)

func init() {
	moduleMatrix = append(moduleMatrix, func(e *testEnv) []accessCase {
		return []accessCase{
			// the version does not exist: the guard lets the allowed roles through to a 404
			{"GET", "/policies/{id}/versions/{v}/reform", "/policies/grassroots-seed/versions/9/reform", "aorpu"},
			{"GET", "/api/v1/policies/{id}/versions/{v}/reform", "/api/v1/policies/grassroots-seed/versions/9/reform", "aorpu"},
		}
	})
}

// TestPolicySuccessionAndReform: a version of grassroots-seed from a future date is uploaded
// (2xx), compared with the version in force over the registry, and published, which ends the
// open-ended version in force the day before, ledgered. A successor that would end the version
// in force before today, or one that overlaps a version otherwise, is refused with the reason and
// nothing is stored.
func TestPolicySuccessionAndReform(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, e *testEnv) {
		src, err := policies.FS.ReadFile("grassroots-seed-v2.yaml")
		if err != nil {
			t.Fatal(err)
		}
		upload := func(body string) *httptest.ResponseRecorder {
			return e.do("officer", "POST", "/api/v1/policies", "application/yaml", body)
		}
		if w := upload(string(src)); w.Code != 201 {
			t.Fatalf("upload v2: %d %s", w.Code, w.Body.String())
		}
		e.ok(t, 200, "officer", "POST", "/api/v1/policies/grassroots-seed/versions/2/publish", "")
		now := e.store.Now()
		successor := func(v, from string) string {
			s := strings.Replace(strings.Replace(string(src), "version: 2", "version: "+v, 1), "effective_from: 2026-01-01", "effective_from: "+from, 1)
			return strings.ReplaceAll(s, "as_of: 2026-03-01", "as_of: "+from)
		}
		// ending the version in force before today is refused, nothing stored
		yesterday := seedbed.DateCST(now.AddDate(0, 0, -1))
		if w := upload(successor("3", yesterday)); w.Code != 409 || !strings.Contains(w.Body.String(), `"field":"effective_from"`) ||
			!strings.Contains(w.Body.String(), "before today") {
			t.Fatalf("retroactive successor: %d %s", w.Code, w.Body.String())
		}
		e.ok(t, 404, "officer", "GET", "/api/v1/policies/grassroots-seed/versions/3", "")

		future := seedbed.DateCST(now.AddDate(0, 2, 0))
		if w := upload(successor("3", future)); w.Code/100 != 2 {
			t.Fatalf("upload v3 from %s: %d %s", future, w.Code, w.Body.String())
		}
		r := e.ok(t, 200, "officer", "GET", "/api/v1/policies/grassroots-seed/versions/3/reform", "")
		total, _ := r["total"].(map[string]any)
		if num(r["baseline_version"]) != 2 || num(r["version"]) != 3 || num(total["total"]) != 2 || r["as_of"] != future {
			t.Fatalf("reform %v", r)
		}
		if w := e.do("officer", "GET", "/policies/grassroots-seed/versions/3/reform", "", ""); w.Code != 200 || !strings.Contains(w.Body.String(), "改革对比") ||
			!strings.Contains(w.Body.String(), "按主体类别统计") {
			t.Fatalf("reform page: %d %s", w.Code, w.Body.String())
		}
		// an applicant does not see drafts, nor their comparison
		e.ok(t, 404, "applicant", "GET", "/api/v1/policies/grassroots-seed/versions/3/reform", "")

		e.ok(t, 200, "officer", "POST", "/api/v1/policies/grassroots-seed/versions/3/publish", "")
		v2 := e.ok(t, 200, "auditor", "GET", "/api/v1/policies/grassroots-seed/versions/2", "")
		end := seedbed.DateCST(now.AddDate(0, 2, -1))
		if !strings.Contains(mustJSON(t, v2), `"effective_to":"`+end+`"`) {
			t.Fatalf("v2 after the succession: %v", v2)
		}
		evs, _ := e.store.FindEvents(t.Context(), seedbed.EventFilter{Kind: "policy.succeeded"})
		if len(evs) != 1 || !strings.Contains(string(evs[0].Payload), `"effective_to":"`+end+`"`) {
			t.Fatalf("succession events %v", evs)
		}
		// a version overlapping the new one otherwise is refused
		if w := upload(successor("4", seedbed.DateCST(now.AddDate(0, 1, 0)))); w.Code != 409 || !strings.Contains(w.Body.String(), "overlaps version 3") {
			t.Fatalf("overlapping v4: %d %s", w.Code, w.Body.String())
		}
		if w := e.do("auditor", "GET", "/policies/grassroots-seed/versions/2", "", ""); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), end) {
			t.Fatalf("v2 page: %d", w.Code)
		}
	})
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
