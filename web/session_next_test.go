package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestLoginNextStaysOnSite logs in with destinations that browsers would resolve to another site
// and checks that each one lands on a path of this site, while a plain path is kept.
func TestLoginNextStaysOnSite(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, "")
	const login = "username=u-admin&password=test+password+123&next="
	cases := []struct{ name, body, want string }{
		// As an attacker's link delivers it: the form value decodes to "/\t/evil.example".
		{"tab", login + "/%09/evil.example", "/"},
		{"newline", login + "/%0a/evil.example", "/"},
		{"backslash", login + "/%5C/evil.example", "/"},
		{"scheme-relative", login + url.QueryEscape("//evil.example"), "/"},
		{"absolute", login + url.QueryEscape("https://evil.example/"), "/"},
		{"script", login + url.QueryEscape("javascript:alert(1)"), "/"},
		// Percent-encoded once more, so that the value holds the escapes themselves.
		{"encoded tab", login + url.QueryEscape("/%09/evil.example"), "/"},
		{"encoded slashes", login + url.QueryEscape("/%2F%2Fevil.example"), "/"},
		{"encoded backslash", login + url.QueryEscape("/%5Cevil.example"), "/"},
		{"same-site path", login + url.QueryEscape("/programs?status=open"), "/programs?status=open"},
	}
	for _, c := range cases {
		w := e.do("", "POST", "/login", "application/x-www-form-urlencoded", c.body)
		if w.Code != http.StatusSeeOther {
			t.Fatalf("%s: login answered %d", c.name, w.Code)
		}
		loc := w.Header().Get("Location")
		if loc != c.want {
			t.Errorf("%s: login redirects to %q, want %q", c.name, loc, c.want)
		}
		if u, err := url.Parse(loc); err != nil || u.Host != "" || strings.HasPrefix(u.Path, "//") {
			t.Errorf("%s: login leaves the site: %q", c.name, loc)
		}
	}
}
