package web

import (
	"net/http/httptest"
	"strings"
	"testing"
)

// TestEveryCookieSecure logs in, switches language, reads a flash and logs out with
// --secure-cookies on, and checks that every cookie the server sets on the way is Secure and
// HttpOnly.
func TestEveryCookieSecure(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, "")
	e.srv.SecureCookies = true
	seen := map[string]bool{}
	check := func(step string, headers []string) {
		for _, h := range headers {
			name, _, _ := strings.Cut(h, "=")
			seen[name] = true
			if !strings.Contains(h, "; Secure") || !strings.Contains(h, "; HttpOnly") {
				t.Errorf("%s: cookie without Secure or HttpOnly: %s", step, h)
			}
		}
	}
	w := e.do("", "POST", "/login", "application/x-www-form-urlencoded", "username=u-admin&password=test+password+123")
	check("login", w.Header().Values("Set-Cookie"))
	var session string
	for _, h := range w.Header().Values("Set-Cookie") {
		if v, ok := strings.CutPrefix(h, sessionCookie+"="); ok {
			session, _, _ = strings.Cut(v, ";")
		}
	}
	e.cookies["admin"] = session
	r := newRequest("GET", "/?lang=en", "", "")
	r.Header.Set("Cookie", sessionCookie+"="+session+"; flash=hello")
	w = httptest.NewRecorder()
	e.h.ServeHTTP(w, r)
	check("page with a flash and a language switch", w.Header().Values("Set-Cookie"))
	w = e.do("admin", "POST", "/logout", "application/x-www-form-urlencoded", "")
	check("logout", w.Header().Values("Set-Cookie"))
	for _, name := range []string{sessionCookie, "flash", "lang"} {
		if !seen[name] {
			t.Errorf("the %s cookie was never set, so not checked", name)
		}
	}
}
