package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func init() {
	moduleMatrix = append(moduleMatrix, func(e *testEnv) []accessCase {
		return []accessCase{
			{"POST", "/users/{name}/role", "/users/nobody/role", "a"},
			{"POST", "/users/{name}/sessions/{id}/end", "/users/nobody/sessions/none/end", "a"},
			{"POST", "/users/{name}/tokens/{id}/revoke", "/users/nobody/tokens/999999/revoke", "a"},
			{"PUT", "/api/v1/users/{name}/role", "/api/v1/users/nobody/role", "a"},
			{"DELETE", "/api/v1/users/{name}/sessions/{id}", "/api/v1/users/nobody/sessions/none", "a"},
		}
	})
}

// TestUserAdministration walks an administrator's day with accounts over the real handler: the
// home page leads to the accounts list in plain words; an account's page changes its role (a bad
// choice or one's own role refused on the form), ends one of its sessions and revokes one of its
// tokens, each returning to the account's page; the API changes a role too.
func TestUserAdministration(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, e *testEnv) {
		home := e.do("admin", "GET", "/", "", "").Body.String()
		if !strings.Contains(home, "管理账号：停用或启用、更改角色、重置密码、结束会话、撤销令牌") || !strings.Contains(home, `href="/users"`) {
			t.Errorf("the admin's home does not lead to account administration")
		}
		page := e.do("admin", "GET", "/users/u-reviewer", "", "").Body.String()
		for _, want := range []string{`action="/users/u-reviewer/role"`, `action="/users/u-reviewer/disable"`, `action="/users/u-reviewer/password"`,
			`action="/users/u-reviewer/sessions/`, `action="/users/u-reviewer/tokens/`} {
			if !strings.Contains(page, want) {
				t.Errorf("account page lacks %s", want)
			}
		}
		code, loc, _ := e.form("admin", "/users/u-reviewer/role", url.Values{"role": {"officer"}})
		if code != http.StatusSeeOther || loc != "/users/u-reviewer" {
			t.Fatalf("role change: %d %s", code, loc)
		}
		if !strings.Contains(e.do("admin", "GET", "/users/u-reviewer", "", "").Body.String(), `<option value="officer" selected>`) {
			t.Errorf("the role did not change")
		}
		for _, bad := range []struct{ user, role string }{{"u-reviewer", "king"}, {"u-admin", "officer"}, {"u-reviewer", "applicant"}} {
			code, _, body := e.form("admin", "/users/"+bad.user+"/role", url.Values{"role": {bad.role}})
			if code != http.StatusBadRequest || !strings.Contains(body, `class="error-summary"`) || (bad.role != "applicant" && !strings.Contains(body, `href="#f-role"`)) {
				t.Errorf("role %s for %s: %d", bad.role, bad.user, code)
			}
		}
		w := e.do("admin", "PUT", "/api/v1/users/u-reviewer/role", "application/json", `{"role":"reviewer"}`)
		if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `"role":"reviewer"`) {
			t.Errorf("API role: %d %s", w.Code, w.Body.String())
		}
		// One session and one token of the officer's, ended from the officer's account page.
		page = e.do("admin", "GET", "/users/u-officer", "", "").Body.String()
		i := strings.Index(page, `action="/users/u-officer/sessions/`)
		if i < 0 {
			t.Fatalf("no session to end")
		}
		action := page[i+len(`action="`):]
		action = action[:strings.Index(action, `"`)]
		if code, loc, _ := e.form("admin", action, nil); code != http.StatusSeeOther || loc != "/users/u-officer" {
			t.Errorf("end session: %d %s", code, loc)
		}
		if w := e.do("officer", "GET", "/account", "", ""); w.Code == http.StatusOK {
			t.Errorf("the ended session still works")
		}
		i = strings.Index(page, `action="/users/u-officer/tokens/`)
		action = page[i+len(`action="`):]
		action = action[:strings.Index(action, `"`)]
		if code, loc, _ := e.form("admin", action, nil); code != http.StatusSeeOther || loc != "/users/u-officer" {
			t.Errorf("revoke token: %d %s", code, loc)
		}
		if w := e.do("officer", "GET", "/api/v1/me", "", ""); w.Code != http.StatusUnauthorized {
			t.Errorf("the revoked token still works: %d", w.Code)
		}
		if code, _, _ := e.form("admin", "/users/u-reviewer/tokens/999999/revoke", nil); code != http.StatusNotFound {
			t.Errorf("someone else's token through another account: %d", code)
		}
	})
}
