package web

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"seedbed"
)

// accessCase is one row of the route × role matrix: who may reach the route. Letters: a admin,
// o officer, r reviewer, p applicant, u auditor, l leader; "*" lets everyone in, anonymous users
// included.
type accessCase struct {
	method, pattern, path string // pattern as in the route table; path with ids filled in
	allowed               string
}

// moduleMatrix lets each module's test file add its rows from an init function.
var moduleMatrix []func(e *testEnv) []accessCase

func matrix(e *testEnv) []accessCase {
	rows := foundationMatrix(e)
	for _, m := range moduleMatrix {
		rows = append(rows, m(e)...)
	}
	// POST /logout ends the sessions the other rows use, so it goes last.
	return append(rows, accessCase{"POST", "/logout", "/logout", "aorpul"})
}

func foundationMatrix(e *testEnv) []accessCase {
	own, other := fmt.Sprint(e.ownID), fmt.Sprint(e.otherID)
	return []accessCase{
		{"GET", "/{$}", "/", "*aorpu"},
		{"GET", "/login", "/login", "*aorpu"},
		{"POST", "/login", "/login", "*aorpu"},
		{"GET", "/innovators", "/innovators", "aorpu"},
		{"GET", "/innovators/new", "/innovators/new", "ao"},
		{"POST", "/innovators", "/innovators", "ao"},
		{"GET", "/innovators/{id}", "/innovators/" + own, "aorpu"},
		{"GET", "/innovators/{id}", "/innovators/" + other, "aoru"}, // an applicant sees only its own
		{"GET", "/innovators/{id}/edit", "/innovators/" + own + "/edit", "ao"},
		{"POST", "/innovators/{id}", "/innovators/" + own, "ao"},
		{"GET", "/innovators/import", "/innovators/import", "ao"},
		{"POST", "/innovators/import", "/innovators/import", "ao"},
		{"GET", "/innovators/export.csv", "/innovators/export.csv", "aou"},
		{"GET", "/audit", "/audit", "au"},
		{"GET", "/users", "/users", "a"},
		{"POST", "/users", "/users", "a"},
		{"GET", "/account", "/account", "aorpul"},
		{"POST", "/account/tokens", "/account/tokens", "aorpul"},
		{"GET", "/healthz", "/healthz", "*aorpu"},
		{"GET", "/api/v1/openapi.json", "/api/v1/openapi.json", "*aorpu"},
		{"GET", "/api/v1/me", "/api/v1/me", "aorpul"},
		{"GET", "/api/v1/innovators", "/api/v1/innovators", "aorpu"},
		{"POST", "/api/v1/innovators", "/api/v1/innovators", "ao"},
		{"GET", "/api/v1/innovators/{id}", "/api/v1/innovators/" + own, "aorpu"},
		{"GET", "/api/v1/innovators/{id}", "/api/v1/innovators/" + other, "aoru"},
		{"PUT", "/api/v1/innovators/{id}", "/api/v1/innovators/" + own, "ao"},
		{"GET", "/api/v1/innovators/{id}/history", "/api/v1/innovators/" + own + "/history", "aorpu"},
		{"GET", "/api/v1/innovators/{id}/history", "/api/v1/innovators/" + other + "/history", "aoru"},
		{"POST", "/api/v1/innovators/import", "/api/v1/innovators/import", "ao"},
		{"GET", "/api/v1/innovators/export", "/api/v1/innovators/export", "aou"},
		{"GET", "/api/v1/audit", "/api/v1/audit", "au"},
		{"GET", "/api/v1/users", "/api/v1/users", "a"},
		{"POST", "/api/v1/users", "/api/v1/users", "a"},
	}
}

var roleLetter = map[string]string{seedbed.RoleAdmin: "a", seedbed.RoleOfficer: "o", seedbed.RoleReviewer: "r",
	seedbed.RoleApplicant: "p", seedbed.RoleAuditor: "u", seedbed.RoleLeader: "l", "": "*"}

// TestAccessMatrix sends every route as every role (and anonymously) and checks that exactly the
// expected roles get past access control, and that every route of the table is in the matrix.
func TestAccessMatrix(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, "")
	cases := matrix(e)
	covered := map[string]bool{}
	for _, c := range cases {
		covered[c.method+" "+c.pattern] = true
	}
	for _, rt := range e.srv.routes {
		if !covered[rt.method+" "+rt.pattern] {
			t.Errorf("route %s %s is missing from the access matrix", rt.method, rt.pattern)
		}
	}
	for _, c := range cases {
		for _, role := range append([]string{""}, roles...) {
			w := e.do(role, c.method, c.path, "", "")
			allowed := strings.Contains(c.allowed, roleLetter[role]) || strings.Contains(c.allowed, "*")
			refused := w.Code == http.StatusForbidden || w.Code == http.StatusUnauthorized ||
				(role == "" && w.Code == http.StatusSeeOther && strings.HasPrefix(w.Header().Get("Location"), "/login"))
			if allowed == refused {
				t.Errorf("%s %s as %q: status %d, want allowed=%v", c.method, c.path, role, w.Code, allowed)
			}
		}
	}
}

// TestDeniedAttemptsAreAudited checks that a refused request leaves a trace for auditors.
func TestDeniedAttemptsAreAudited(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, "")
	w := e.do(seedbed.RoleApplicant, "GET", fmt.Sprintf("/api/v1/innovators/%d", e.otherID), "", "")
	if w.Code != http.StatusForbidden {
		t.Fatalf("applicant reading another organisation: %d", w.Code)
	}
	if !strings.Contains(w.Body.String(), `"code":"forbidden"`) {
		t.Fatalf("body %s is not a JSON forbidden error", w.Body.String())
	}
	w = e.do(seedbed.RoleAuditor, "GET", "/api/v1/audit?outcome=denied", "", "")
	if !strings.Contains(w.Body.String(), "u-applicant") {
		t.Fatalf("audit log does not show the refused attempt: %s", w.Body.String())
	}
}
