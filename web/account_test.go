package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"seedbed"
)

func init() {
	moduleMatrix = append(moduleMatrix, func(e *testEnv) []accessCase {
		return []accessCase{
			{"POST", "/account/password", "/account/password", "aorpul"},
			{"POST", "/account/tokens/{id}/revoke", "/account/tokens/999999/revoke", "aorpul"},
			{"POST", "/account/sessions/{id}/revoke", "/account/sessions/none/revoke", "aorpul"},
			{"GET", "/users/{name}", "/users/nobody", "a"},
			{"POST", "/users/{name}/disable", "/users/nobody/disable", "a"},
			{"POST", "/users/{name}/enable", "/users/nobody/enable", "a"},
			{"POST", "/users/{name}/password", "/users/nobody/password", "a"},
			{"POST", "/users/{name}/tokens/revoke", "/users/nobody/tokens/revoke", "a"},
			{"GET", "/api/v1/me/sessions", "/api/v1/me/sessions", "aorpul"},
			{"DELETE", "/api/v1/me/sessions/{id}", "/api/v1/me/sessions/none", "aorpul"},
			{"GET", "/api/v1/me/tokens", "/api/v1/me/tokens", "aorpul"},
			{"POST", "/api/v1/me/password", "/api/v1/me/password", "aorpul"},
			{"DELETE", "/api/v1/tokens/{id}", "/api/v1/tokens/999999", "aorpul"},
			{"GET", "/api/v1/users/{name}", "/api/v1/users/nobody", "a"},
			{"GET", "/api/v1/users/{name}/sessions", "/api/v1/users/nobody/sessions", "a"},
			{"GET", "/api/v1/users/{name}/tokens", "/api/v1/users/nobody/tokens", "a"},
			{"DELETE", "/api/v1/users/{name}/tokens", "/api/v1/users/nobody/tokens", "a"},
			{"POST", "/api/v1/users/{name}/disable", "/api/v1/users/nobody/disable", "a"},
			{"POST", "/api/v1/users/{name}/enable", "/api/v1/users/nobody/enable", "a"},
			{"POST", "/api/v1/users/{name}/password", "/api/v1/users/nobody/password", "a"},
		}
	})
}

// login signs in through POST /login and returns the session secret, or "" when it failed.
func (e *testEnv) login(name, password string) string {
	w := serve(e, newRequest("POST", "/login", "application/x-www-form-urlencoded",
		"username="+url.QueryEscape(name)+"&password="+url.QueryEscape(password)))
	for _, c := range w.Result().Cookies() {
		if c.Name == sessionCookie && c.Value != "" {
			return c.Value
		}
	}
	return ""
}

// withSession sends a page request with a session cookie.
func (e *testEnv) withSession(secret, method, path, body string) *http.Response {
	r := newRequest(method, path, "application/x-www-form-urlencoded", body)
	r.AddCookie(&http.Cookie{Name: sessionCookie, Value: secret})
	return serve(e, r).Result()
}

// withToken sends an API request with a bearer token.
func (e *testEnv) withToken(tok, method, path, body string) *http.Response {
	r := newRequest(method, path, "application/json", body)
	r.Header.Set("Authorization", "Bearer "+tok)
	return serve(e, r).Result()
}

func decodeResponse(t *testing.T, res *http.Response, v any) {
	t.Helper()
	if err := json.NewDecoder(res.Body).Decode(v); err != nil {
		t.Fatal(err)
	}
}

// TestAccountLifecycle revokes tokens, ends sessions, disables and enables accounts, changes and
// resets passwords through the real handler, and checks that each takes effect at once and is
// audited; user names are unique whatever their case.
func TestAccountLifecycle(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, e *testEnv) {
		// User names differ by more than case.
		w := e.do("admin", "POST", "/api/v1/users", "application/json", `{"username":"U-ADMIN","role":"officer","password":"a long password 1"}`)
		if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "username") {
			t.Fatalf("U-ADMIN beside u-admin: %d %s", w.Code, w.Body.String())
		}

		// Tokens: the officer lists and revokes its own; it stops working at once.
		var toks listPage[seedbed.Token]
		decodeResponse(t, e.withToken(e.tokens["officer"], "GET", "/api/v1/me/tokens", ""), &toks)
		if len(toks.Items) != 1 {
			t.Fatalf("officer's tokens: %+v", toks)
		}
		id := toks.Items[0].ID
		// Someone else's token is not there for a reviewer.
		if res := e.withToken(e.tokens["reviewer"], "DELETE", fmt.Sprintf("/api/v1/tokens/%d", id), ""); res.StatusCode != http.StatusNotFound {
			t.Fatalf("reviewer revoking the officer's token: %d", res.StatusCode)
		}
		if res := e.withToken(e.tokens["officer"], "DELETE", fmt.Sprintf("/api/v1/tokens/%d", id), ""); res.StatusCode != http.StatusOK {
			t.Fatalf("revoking one's own token: %d", res.StatusCode)
		}
		if res := e.withToken(e.tokens["officer"], "GET", "/api/v1/me", ""); res.StatusCode != http.StatusUnauthorized {
			t.Fatalf("a revoked token still works: %d", res.StatusCode)
		}
		// An administrator revokes anyone's, all at once.
		if w := e.do("admin", "DELETE", "/api/v1/users/u-reviewer/tokens", "", ""); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `"revoked":1`) {
			t.Fatalf("admin revoking the reviewer's tokens: %d %s", w.Code, w.Body.String())
		}
		if res := e.withToken(e.tokens["reviewer"], "GET", "/api/v1/me", ""); res.StatusCode != http.StatusUnauthorized {
			t.Fatalf("a token revoked by an admin still works: %d", res.StatusCode)
		}

		// Sessions: listed for their owner and for an administrator; one ends on request.
		var sess listPage[seedbed.Session]
		decodeResponse(t, e.withToken(e.tokens["auditor"], "GET", "/api/v1/me/sessions", ""), &sess)
		if len(sess.Items) != 1 {
			t.Fatalf("auditor's sessions: %+v", sess)
		}
		w = e.do("admin", "GET", "/api/v1/users/u-auditor/sessions", "", "")
		if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), sess.Items[0].ID) {
			t.Fatalf("admin listing the auditor's sessions: %d %s", w.Code, w.Body.String())
		}
		if res := e.withToken(e.tokens["auditor"], "DELETE", "/api/v1/me/sessions/"+sess.Items[0].ID, ""); res.StatusCode != http.StatusNoContent {
			t.Fatalf("ending a session: %d", res.StatusCode)
		}
		if res := e.withSession(e.cookies["auditor"], "GET", "/account", ""); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("an ended session still works: %d", res.StatusCode)
		}

		// Disabling an account ends its sessions and stops its tokens at once; enabling brings
		// back the tokens, not the sessions.
		if w := e.do("admin", "POST", "/api/v1/users/u-admin/disable", "", ""); w.Code != http.StatusBadRequest {
			t.Fatalf("an admin disabling their own account: %d", w.Code)
		}
		if w := e.do("admin", "POST", "/users/u-applicant/disable", "", ""); w.Code != http.StatusSeeOther {
			t.Fatalf("disabling the applicant: %d %s", w.Code, w.Body.String())
		}
		if res := e.withToken(e.tokens["applicant"], "GET", "/api/v1/me", ""); res.StatusCode != http.StatusUnauthorized {
			t.Fatalf("a disabled account's token still works: %d", res.StatusCode)
		}
		if res := e.withSession(e.cookies["applicant"], "GET", "/account", ""); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("a disabled account's session still works: %d", res.StatusCode)
		}
		if s := e.login("u-applicant", "test password 123"); s != "" {
			t.Fatal("a disabled account signed in")
		}
		if w := e.do("admin", "GET", "/users/u-applicant", "", ""); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "/users/u-applicant/enable") {
			t.Fatalf("user page of a disabled account: %d", w.Code)
		}
		if w := e.do("admin", "POST", "/api/v1/users/u-applicant/enable", "", ""); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `"disabled":false`) {
			t.Fatalf("enabling: %d %s", w.Code, w.Body.String())
		}
		if res := e.withToken(e.tokens["applicant"], "GET", "/api/v1/me", ""); res.StatusCode != http.StatusOK {
			t.Fatalf("an enabled account's token: %d", res.StatusCode)
		}

		// Changing one's own password checks the current one and ends every session.
		rev := e.login("u-reviewer", "test password 123")
		if rev == "" {
			t.Fatal("reviewer cannot sign in")
		}
		if res := e.withSession(rev, "POST", "/account/password", "current_password=wrong&password=a+new+password+9"); res.StatusCode != http.StatusBadRequest {
			t.Fatalf("password change with a wrong current password: %d", res.StatusCode)
		}
		res := e.withSession(rev, "POST", "/account/password", "current_password=test+password+123&password=a+new+password+9")
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/login" {
			t.Fatalf("password change: %d %s", res.StatusCode, res.Header.Get("Location"))
		}
		if res := e.withSession(rev, "GET", "/account", ""); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("a session survived the password change: %d", res.StatusCode)
		}
		if e.login("u-reviewer", "test password 123") != "" || e.login("u-reviewer", "a new password 9") == "" {
			t.Fatal("sign-in after a password change")
		}
		// An administrator resets another's password.
		if w := e.do("admin", "POST", "/api/v1/users/u-officer/password", "application/json", `{"password":"short"}`); w.Code != http.StatusBadRequest {
			t.Fatalf("reset to a short password: %d", w.Code)
		}
		if w := e.do("admin", "POST", "/api/v1/users/u-officer/password", "application/json", `{"password":"reset password 42"}`); w.Code != http.StatusNoContent {
			t.Fatalf("password reset: %d %s", w.Code, w.Body.String())
		}
		if e.login("U-Officer", "reset password 42") == "" {
			t.Fatal("sign-in (any case of the name) after a reset")
		}

		// Every step is in the audit log.
		for _, action := range []string{"token.revoke", "session.revoke", "user.disable", "user.enable", "user.password", "user.password_reset"} {
			w := e.do("auditor", "GET", "/api/v1/audit?action="+action, "", "")
			if !strings.Contains(w.Body.String(), `"action":"`+action+`"`) {
				t.Errorf("%s not audited: %s", action, w.Body.String())
			}
		}
	})
}

// TestAccountPages renders the account page with its sessions, tokens and password form.
func TestAccountPages(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, "")
	w := e.do("officer", "GET", "/account", "", "")
	body := w.Body.String()
	if w.Code != http.StatusOK || !strings.Contains(body, "/account/password") || !strings.Contains(body, "/account/tokens/") {
		t.Fatalf("account page: %d %s", w.Code, body)
	}
	w = e.do("admin", "GET", "/users", "", "")
	if !strings.Contains(w.Body.String(), `href="/users/u-officer"`) {
		t.Fatalf("users page does not link the accounts")
	}
}
