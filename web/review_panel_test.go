package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"seedbed"
)

// TestPanelStageWeb walks the panel stage over HTTP: a reviewer whose score is in reads the
// discussion, adds a note by API and by form; an applicant may not read it; the officer records
// the outcome on the application page's form, a bad kind is a 400 naming the field, and the
// outcome reaches the reviews the applicant reads with the summary statement.
func TestPanelStageWeb(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, e *testEnv) {
		f := newProgramFixture(t, e)
		ctx := context.Background()
		app := fmt.Sprint(f.reviewOther)
		notes := "/api/v1/assignments/" + fmt.Sprint(f.assignment) + "/notes"
		if w := e.do("reviewer", "POST", notes, "application/json", `{"body":"还没评分就想发言"}`); w.Code != http.StatusForbidden {
			t.Fatalf("a note before scoring: %d %s", w.Code, w.Body.String())
		}
		e.ok(t, 200, "reviewer", "POST", "/api/v1/assignments/"+fmt.Sprint(f.assignment)+"/score",
			`{"scores":{"originality":4,"team_drive":4,"leverage":3,"next_step":4},"comment":"路线新颖，算力来源需说明。"}`)
		e.ok(t, 201, "reviewer", "POST", notes, `{"body":"算力来源是主要疑问。"}`)
		code, loc, body := e.form("reviewer", "/reviews/"+fmt.Sprint(f.assignment)+"/notes", url.Values{"body": {"补充：团队已有合作方。"}})
		if code != http.StatusSeeOther || !strings.Contains(loc, "#panel") {
			t.Fatalf("note form: %d %s %s", code, loc, body)
		}
		w := e.do("reviewer", "GET", "/reviews/"+fmt.Sprint(f.assignment), "", "")
		if w.Code != 200 || !strings.Contains(w.Body.String(), "补充：团队已有合作方。") || !strings.Contains(w.Body.String(), "评审组讨论") {
			t.Fatalf("the review page does not show the discussion: %d", w.Code)
		}
		if w := e.do("applicant", "GET", "/api/v1/applications/"+app+"/panel", "", ""); w.Code != http.StatusForbidden {
			t.Fatalf("an applicant reads the panel: %d", w.Code)
		}
		w = e.do("officer", "POST", "/api/v1/applications/"+app+"/panel", "application/json", `{"kind":"verdict","body":"x"}`)
		eb := decode[errBody](t, w.Body.String())
		if w.Code != http.StatusBadRequest || eb.Error.Field != "kind" {
			t.Fatalf("bad kind: %d %+v", w.Code, eb)
		}
		code, _, body = e.form("officer", "/applications/"+app+"/panel", url.Values{"kind": {"consensus"}, "body": {""}})
		if code != http.StatusBadRequest || !strings.Contains(body, "has-error") {
			t.Fatalf("empty outcome form: %d", code)
		}
		code, loc, _ = e.form("officer", "/applications/"+app+"/panel", url.Values{"kind": {"consensus"}, "body": {"评审组一致认为路线值得一试，算力来源已由答复说明。"}})
		if code != http.StatusSeeOther {
			t.Fatalf("outcome form: %d %s", code, loc)
		}
		d := e.ok(t, 200, "reviewer", "GET", "/api/v1/applications/"+app+"/panel", "")
		if out, _ := d["outcome"].(map[string]any); out["kind"] != seedbed.PanelConsensus || len(d["notes"].([]any)) != 2 {
			t.Fatalf("the discussion: %v", d)
		}
		fb := e.ok(t, 200, "officer", "GET", "/api/v1/applications/"+app+"/reviews", "")
		if p, _ := fb["panel"].(map[string]any); p["kind"] != seedbed.PanelConsensus {
			t.Fatalf("the reviews lack the panel's outcome: %v", fb)
		}
		w = e.do("officer", "GET", "/applications/"+app, "", "")
		if !strings.Contains(w.Body.String(), "评审组达成一致") || !strings.Contains(w.Body.String(), `action="/applications/`+app+`/panel"`) {
			t.Fatalf("the application page lacks the panel")
		}
		w = e.do("officer", "GET", fmt.Sprintf("/programs/%d/review", f.review), "", "")
		if !strings.Contains(w.Body.String(), "评审组达成一致") {
			t.Fatalf("the console lacks the panel's outcome")
		}
		entries, err := e.store.PanelEntries(ctx, f.reviewOther)
		if err != nil || len(entries) != 3 {
			t.Fatalf("%d panel entries (%v), want 3", len(entries), err)
		}
	})
}
