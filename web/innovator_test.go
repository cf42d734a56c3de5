package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"seedbed"
)

func decode[T any](t *testing.T, body string) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		t.Fatalf("decode %s: %v", body, err)
	}
	return v
}

type errBody struct {
	Error struct {
		Code, Message, Field string
		Line                 int
	} `json:"error"`
}

// TestAPIInnovatorsContract checks the shapes outside checks rely on.
func TestAPIInnovatorsContract(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, e *testEnv) {
		w := e.do("officer", "POST", "/api/v1/innovators", "application/json",
			`{"name":"杭州开源推理团队","kind":"team","field":"ai","path_tags":["开源","非主流路线"]}`)
		if w.Code != http.StatusCreated {
			t.Fatalf("create: %d %s", w.Code, w.Body.String())
		}
		created := decode[map[string]any](t, w.Body.String())
		if created["id"] == nil || created["name"] != "杭州开源推理团队" || created["credit_code"] != "" {
			t.Fatalf("created %v", created)
		}
		w = e.do("reviewer", "GET", "/api/v1/innovators?q="+urlEscape("深度")+"&page=1", "", "")
		page := decode[struct {
			Total int
			Items []map[string]any
		}](t, w.Body.String())
		if w.Code != 200 || page.Total != 1 || page.Items[0]["name"] != "杭州深度求索人工智能基础技术研究有限公司" || page.Items[0]["credit_code"] != "91330100799655058B" {
			t.Fatalf("search 深度: %d %s", w.Code, w.Body.String())
		}
		if _, ok := page.Items[0]["contact_phone"]; ok {
			t.Fatal("list items carry personal data")
		}
		w = e.do("reviewer", "GET", "/api/v1/innovators?kind=team", "", "")
		if decode[struct{ Total int }](t, w.Body.String()).Total != 1 {
			t.Fatalf("kind=team: %s", w.Body.String())
		}
		// An applicant's list holds only its own organisation.
		w = e.do("applicant", "GET", "/api/v1/innovators", "", "")
		if got := decode[struct{ Total int }](t, w.Body.String()).Total; got != 1 {
			t.Fatalf("applicant sees %d innovators, want 1", got)
		}
		// Personal data is shown on request and the read is audited.
		w = e.do("officer", "GET", fmt.Sprintf("/api/v1/innovators/%d?personal=1", e.ownID), "", "")
		if !strings.Contains(w.Body.String(), "13900000000") {
			t.Fatalf("personal read: %s", w.Body.String())
		}
		w = e.do("auditor", "GET", "/api/v1/audit?action=personal.read", "", "")
		if decode[struct{ Total int }](t, w.Body.String()).Total != 1 {
			t.Fatalf("personal read not audited: %s", w.Body.String())
		}
	})
}

// TestAPIBadInput sends malformed requests: each gets a 4xx naming the problem, and nothing is
// written.
func TestAPIBadInput(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, e *testEnv) {
		big := `{"name":"` + strings.Repeat("长", 400_000) + `","kind":"team"}`
		cases := []struct {
			name, method, path, ctype, body string
			status                          int
			field                           string
		}{
			{"malformed JSON", "POST", "/api/v1/innovators", "application/json", `{"name":`, 400, ""},
			{"not JSON", "POST", "/api/v1/innovators", "application/json", `name=x`, 400, ""},
			{"wrong type", "POST", "/api/v1/innovators", "application/json", `{"name":"x","kind":"team","employees":"many"}`, 400, "employees"},
			{"unknown field", "POST", "/api/v1/innovators", "application/json", `{"name":"x","kind":"team","colour":"red"}`, 400, "colour"},
			{"unknown kind", "POST", "/api/v1/innovators", "application/json", `{"name":"x","kind":"company"}`, 400, "kind"},
			{"bad credit code", "POST", "/api/v1/innovators", "application/json", `{"name":"x","kind":"enterprise","credit_code":"91330100799655058C"}`, 400, "credit_code"},
			{"duplicate credit code", "POST", "/api/v1/innovators", "application/json", `{"name":"x","kind":"enterprise","credit_code":"91330100799655058B"}`, 409, "credit_code"},
			{"negative employees", "POST", "/api/v1/innovators", "application/json", `{"name":"x","kind":"enterprise","credit_code":"914403001922038216","employees":-3}`, 400, "employees"},
			{"two objects", "POST", "/api/v1/innovators", "application/json", `{"name":"x","kind":"team"}{"name":"y","kind":"team"}`, 400, ""},
			{"wrong content type", "POST", "/api/v1/innovators", "text/plain", `{"name":"x","kind":"team"}`, 400, ""},
			{"oversized body", "POST", "/api/v1/innovators", "application/json", big, 413, ""},
			{"empty body", "POST", "/api/v1/innovators", "application/json", ``, 400, ""},
			{"bad filter", "GET", "/api/v1/innovators?kind=company", "", "", 400, "kind"},
			{"bad page", "GET", "/api/v1/innovators?page=-1", "", "", 400, "page"},
			{"bad id", "GET", "/api/v1/innovators/abc", "", "", 404, "id"},
			{"missing id", "GET", "/api/v1/innovators/999999", "", "", 404, ""},
			{"replace without version", "PUT", fmt.Sprintf("/api/v1/innovators/%d", e.ownID), "application/json", `{"name":"x","kind":"team"}`, 400, "version"},
			{"replace stale version", "PUT", fmt.Sprintf("/api/v1/innovators/%d", e.ownID), "application/json", `{"name":"x","kind":"team","version":7}`, 409, ""},
			{"import wrong type", "POST", "/api/v1/innovators/import", "application/json", `{}`, 400, ""},
		}
		for _, c := range cases {
			w := e.do("officer", c.method, c.path, c.ctype, c.body)
			if w.Code != c.status {
				t.Errorf("%s: status %d, want %d: %s", c.name, w.Code, c.status, w.Body.String())
				continue
			}
			eb := decode[errBody](t, w.Body.String())
			if eb.Error.Code == "" || eb.Error.Message == "" || eb.Error.Field != c.field {
				t.Errorf("%s: error %+v, want a code, a message and field %q", c.name, eb.Error, c.field)
			}
		}
		n, _ := e.store.CountInnovators(t.Context())
		if n != 2 {
			t.Fatalf("%d innovators after refused requests, want the 2 set up", n)
		}
	})
}

// TestCrossOriginFormRefused checks CSRF protection: a form posted from another site is refused.
func TestCrossOriginFormRefused(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, "")
	r := newRequest("POST", "/innovators", "application/x-www-form-urlencoded", "name=evil&kind=team")
	r.Header.Set("Origin", "https://evil.example")
	r.Header.Set("Sec-Fetch-Site", "cross-site")
	r.AddCookie(&http.Cookie{Name: sessionCookie, Value: e.cookies[seedbed.RoleOfficer]})
	w := serve(e, r)
	if w.Code != http.StatusForbidden {
		t.Fatalf("cross-site form post: %d, want 403", w.Code)
	}
	if n, _ := e.store.CountInnovators(t.Context()); n != 2 {
		t.Fatal("cross-site post wrote a row")
	}
	r = newRequest("POST", "/innovators", "application/x-www-form-urlencoded", "name=%E8%8D%89%E6%A0%B9%E5%9B%A2%E9%98%9F&kind=team")
	r.Header.Set("Sec-Fetch-Site", "same-origin")
	r.AddCookie(&http.Cookie{Name: sessionCookie, Value: e.cookies[seedbed.RoleOfficer]})
	if w := serve(e, r); w.Code != http.StatusSeeOther {
		t.Fatalf("same-origin form post: %d %s", w.Code, w.Body.String())
	}
}

// TestOpenAPICoversRoutes fails when an API route is missing from the OpenAPI document.
func TestOpenAPICoversRoutes(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, "")
	var doc struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	w := e.do("", "GET", "/api/v1/openapi.json", "", "")
	if err := json.Unmarshal(w.Body.Bytes(), &doc); err != nil || !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Fatalf("openapi.json: %v %q", err, doc.OpenAPI)
	}
	n := 0
	for _, rt := range e.srv.routes {
		if !rt.api {
			continue
		}
		n++
		if _, ok := doc.Paths[rt.pattern][strings.ToLower(rt.method)]; !ok {
			t.Errorf("%s %s is not in the OpenAPI document", rt.method, rt.pattern)
		}
	}
	if n < 10 {
		t.Fatalf("only %d API routes found", n)
	}
}

// TestHistoryMasksPersonalData checks that contact changes in the history are masked unless
// personal data is asked for (and then audited).
func TestHistoryMasksPersonalData(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, "")
	path := fmt.Sprintf("/api/v1/innovators/%d", e.ownID)
	w := e.do("officer", "PUT", path, "application/json", `{"name":"杭州深度求索人工智能基础技术研究有限公司","kind":"enterprise",
		"credit_code":"91330100799655058B","industry":"software","employees":160,"revenue":8000,"field":"ai",
		"contact_name":"梁先生","contact_phone":"13911112222","version":1}`)
	if w.Code != 200 {
		t.Fatalf("update: %d %s", w.Code, w.Body.String())
	}
	w = e.do("reviewer", "GET", path+"/history", "", "")
	if strings.Contains(w.Body.String(), "13911112222") || !strings.Contains(w.Body.String(), "***") {
		t.Fatalf("history shows personal data unasked: %s", w.Body.String())
	}
	if w = e.do("reviewer", "GET", path+"/history?personal=1", "", ""); w.Code != http.StatusForbidden {
		t.Fatalf("reviewer asking for personal data: %d", w.Code)
	}
	w = e.do("auditor", "GET", path+"/history?personal=1", "", "")
	if !strings.Contains(w.Body.String(), "13911112222") {
		t.Fatalf("auditor cannot see the history's personal data: %s", w.Body.String())
	}
}

// TestLoginThrottled checks that repeated failed logins are refused for a while and audited.
func TestLoginThrottled(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, "")
	for i := 0; i < 5; i++ {
		if w := e.do("", "POST", "/login", "application/x-www-form-urlencoded", "username=u-admin&password=wrong"); w.Code != http.StatusBadRequest {
			t.Fatalf("failed login %d: %d", i+1, w.Code)
		}
	}
	w := e.do("", "POST", "/login", "application/x-www-form-urlencoded", "username=u-admin&password=test+password+123")
	if w.Code != http.StatusTooManyRequests {
		t.Fatalf("login after 5 failures: %d, want 429 even with the right password", w.Code)
	}
	if err := e.store.ExecForTest(context.Background(), "DELETE FROM login_failures"); err != nil {
		t.Fatal(err)
	}
	w = e.do("", "POST", "/login", "application/x-www-form-urlencoded", "username=u-admin&password=test+password+123")
	if w.Code != http.StatusSeeOther || !strings.Contains(w.Header().Get("Set-Cookie"), sessionCookie) {
		t.Fatalf("login with the right password: %d %v", w.Code, w.Header())
	}
	w = e.do("auditor", "GET", "/api/v1/audit?action=login&outcome=throttled", "", "")
	if decode[struct{ Total int }](t, w.Body.String()).Total != 1 {
		t.Fatalf("throttled login not audited: %s", w.Body.String())
	}
}
