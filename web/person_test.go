package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func init() {
	moduleMatrix = append(moduleMatrix, func(e *testEnv) []accessCase {
		other := fmt.Sprint(e.otherID)
		return []accessCase{
			{"GET", "/innovators/{id}/privacy", "/innovators/" + other + "/privacy", "ao"},
			{"GET", "/innovators/{id}/personal-data.json", "/innovators/" + other + "/personal-data.json", "ao"},
			{"POST", "/innovators/{id}/erasure", "/innovators/" + other + "/erasure", "ao"},
			{"GET", "/api/v1/innovators/{id}/personal-data", "/api/v1/innovators/" + other + "/personal-data", "ao"},
			{"POST", "/api/v1/innovators/{id}/erasure", "/api/v1/innovators/" + other + "/erasure", "ao"},
		}
	})
}

// TestPersonRights exports an organisation's data with its contact person, refuses bad
// erasures with the field named and nothing changed, and erases the contact person.
func TestPersonRights(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, e *testEnv) {
		own := fmt.Sprint(e.ownID)
		w := e.do("officer", "GET", "/api/v1/innovators/"+own+"/personal-data", "", "")
		if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "13900000000") ||
			!strings.Contains(w.Header().Get("Content-Disposition"), "attachment") {
			t.Fatalf("export: %d %s %.300s", w.Code, w.Header(), w.Body)
		}
		if w = e.do("auditor", "GET", "/api/v1/audit?action=personal.export", "", ""); !strings.Contains(w.Body.String(), `"entity_id":"`+own+`"`) {
			t.Fatalf("the export is not in the audit log: %s", w.Body)
		}
		for _, c := range []struct{ body, field string }{
			{`{"scope":"person","reason":"本人申请 2026-017"}`, "scope"},
			{`{"scope":"all","reason":"本人申请 2026-017"}`, "scope"},
			{`{"scope":"contact","reason":""}`, "reason"},
			{`{"scope":"contact","reason":"a\u0000b"}`, "reason"},
		} {
			w := e.do("officer", "POST", "/api/v1/innovators/"+own+"/erasure", "application/json", c.body)
			if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), `"field":"`+c.field+`"`) {
				t.Errorf("%s: %d %s, want 400 naming %s", c.body, w.Code, w.Body, c.field)
			}
		}
		code, _, body := e.form("officer", "/innovators/"+own+"/erasure", url.Values{"scope": {"contact"}, "reason": {"本人申请 2026-017"}})
		if code != http.StatusBadRequest || !strings.Contains(body, "勾选确认") {
			t.Fatalf("erasure without confirmation: %d", code)
		}
		if w = e.do("officer", "GET", "/api/v1/innovators/"+own+"?personal=1", "", ""); !strings.Contains(w.Body.String(), "13900000000") {
			t.Fatalf("a refused erasure changed the contact: %s", w.Body)
		}
		page := e.do("officer", "GET", "/innovators/"+own+"/privacy", "", "")
		if page.Code != http.StatusOK || !strings.Contains(page.Body.String(), "个人信息权利") || strings.Contains(page.Body.String(), `value="person"`) {
			t.Fatalf("privacy page of an organisation: %d", page.Code)
		}
		code, loc, _ := e.form("officer", "/innovators/"+own+"/erasure", url.Values{"scope": {"contact"}, "reason": {"联系人本人申请 2026-017"}, "confirm": {"1"}})
		if code != http.StatusSeeOther || loc != "/innovators/"+own {
			t.Fatalf("erasure: %d %s", code, loc)
		}
		if w = e.do("officer", "GET", "/api/v1/innovators/"+own+"?personal=1", "", ""); strings.Contains(w.Body.String(), "13900000000") || strings.Contains(w.Body.String(), "梁先生") {
			t.Fatalf("the contact person is still there: %s", w.Body)
		}
		if w = e.do("auditor", "GET", "/api/v1/audit?action=personal.erase", "", ""); !strings.Contains(w.Body.String(), `"entity_id":"`+own+`"`) {
			t.Fatalf("the erasure is not in the audit log: %s", w.Body)
		}
	})
}
