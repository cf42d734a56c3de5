package web

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"
)

func init() {
	moduleMatrix = append(moduleMatrix, func(e *testEnv) []accessCase {
		return []accessCase{
			{"GET", "/login/totp", "/login/totp", "*"},
			{"POST", "/login/totp", "/login/totp", "*"},
			{"GET", "/account/totp", "/account/totp", "aorpul"},
			{"POST", "/account/totp", "/account/totp", "aorpul"},
			{"POST", "/users/{name}/totp/reset", "/users/nobody/totp/reset", "a"},
			{"POST", "/api/v1/users/{name}/totp/reset", "/api/v1/users/nobody/totp/reset", "a"},
		}
	})
}

var (
	totpSecretRe = regexp.MustCompile(`<code class="totp-secret">([A-Z2-7]+)</code>`)
	recoveryRe   = regexp.MustCompile(`<li><code>([A-Z2-7]{5}-[A-Z2-7]{5})</code></li>`)
)

// cookieOf returns the value a response sets for a cookie, or "".
func cookieOf(res *http.Response, name string) string {
	for _, c := range res.Cookies() {
		if c.Name == name && c.MaxAge >= 0 {
			return c.Value
		}
	}
	return ""
}

// TestTOTP enrols an officer's second factor through the pages, signs in with it, refuses a
// replayed code, accepts a recovery code once, and lets an administrator reset it; with the
// requirement on, an officer without a second factor reaches only the enrolment page.
func TestTOTP(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, e *testEnv) {
		e.srv.RequireTOTP = true
		officer := e.cookies["officer"]
		// Required: the session leads to enrolment; the API token is not held back; a reviewer
		// is not asked.
		res := e.withSession(officer, "GET", "/innovators", "")
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/account/totp" {
			t.Fatalf("officer without a second factor: %d %s", res.StatusCode, res.Header.Get("Location"))
		}
		if res := e.withSession(officer, "POST", "/innovators", "name=x"); res.StatusCode != http.StatusForbidden {
			t.Fatalf("officer without a second factor posting: %d", res.StatusCode)
		}
		if w := e.do("officer", "GET", "/api/v1/me", "", ""); w.Code != http.StatusOK {
			t.Fatalf("officer's token: %d", w.Code)
		}
		if res := e.withSession(e.cookies["reviewer"], "GET", "/innovators", ""); res.StatusCode != http.StatusOK {
			t.Fatalf("reviewer: %d", res.StatusCode)
		}

		// Enrolment: a QR code as a data URL, the key, a code confirms, recovery codes shown once.
		w := serve(e, withCookie(newRequest("GET", "/account/totp", "", ""), officer))
		page := w.Body.String()
		m := totpSecretRe.FindStringSubmatch(page)
		if w.Code != http.StatusOK || m == nil || !strings.Contains(page, `src="data:image/png;base64,`) {
			t.Fatalf("enrolment page: %d %s", w.Code, page)
		}
		secret := m[1]
		if again := serve(e, withCookie(newRequest("GET", "/account/totp", "", ""), officer)).Body.String(); !strings.Contains(again, secret) {
			t.Fatal("a second visit changed the key being enrolled")
		}
		if res := e.withSession(officer, "POST", "/account/totp", "code=000000"); res.StatusCode != http.StatusBadRequest {
			t.Fatalf("a wrong code confirmed: %d", res.StatusCode)
		}
		now := time.Now()
		code, _ := totp.GenerateCode(secret, now)
		w = serve(e, withCookie(newRequest("POST", "/account/totp", "application/x-www-form-urlencoded", "code="+code), officer))
		codes := recoveryRe.FindAllStringSubmatch(w.Body.String(), -1)
		if w.Code != http.StatusOK || len(codes) != 10 {
			t.Fatalf("confirm: %d, %d recovery codes", w.Code, len(codes))
		}
		if res := e.withSession(officer, "GET", "/innovators", ""); res.StatusCode != http.StatusOK {
			t.Fatalf("officer with a second factor: %d", res.StatusCode)
		}

		// Sign-in asks for the code after the password; the pending sign-in lets nothing in.
		signIn := func() string {
			res := serve(e, newRequest("POST", "/login", "application/x-www-form-urlencoded",
				"username=u-officer&password=test+password+123&next="+url.QueryEscape("/programs"))).Result()
			if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login/totp") || cookieOf(res, sessionCookie) != "" {
				t.Fatalf("password step: %d %s", res.StatusCode, res.Header.Get("Location"))
			}
			return cookieOf(res, loginCookie)
		}
		second := func(pending, code string) *http.Response {
			r := newRequest("POST", "/login/totp", "application/x-www-form-urlencoded", "next=%2Fprograms&code="+url.QueryEscape(code))
			r.AddCookie(&http.Cookie{Name: loginCookie, Value: pending})
			return serve(e, r).Result()
		}
		pending := signIn()
		if res := e.withSession(pending, "GET", "/account", ""); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("a pending sign-in used as a session: %d", res.StatusCode)
		}
		if res := second(pending, code); res.StatusCode != http.StatusBadRequest {
			t.Fatalf("the enrolment's code replayed: %d", res.StatusCode)
		}
		next, _ := totp.GenerateCode(secret, now.Add(30*time.Second))
		res = second(pending, next)
		sess := cookieOf(res, sessionCookie)
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/programs" || sess == "" {
			t.Fatalf("code step: %d %s", res.StatusCode, res.Header.Get("Location"))
		}
		if res := e.withSession(sess, "GET", "/innovators", ""); res.StatusCode != http.StatusOK {
			t.Fatalf("the new session: %d", res.StatusCode)
		}
		if res := second(pending, next); res.StatusCode != http.StatusBadRequest {
			t.Fatalf("the pending sign-in was used twice: %d", res.StatusCode)
		}
		// A recovery code works once.
		rc := strings.ToLower(codes[3][1])
		if res := second(signIn(), rc); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("recovery code: %d", res.StatusCode)
		}
		if res := second(signIn(), rc); res.StatusCode != http.StatusBadRequest {
			t.Fatalf("recovery code used twice: %d", res.StatusCode)
		}

		// Wrong codes count as failed sign-ins of the account, in the database: five from one
		// address, spread over two servers and two pending sign-ins, and a right code from there
		// is refused on either server; the officer's own address is not held back.
		other := newTestServer(t, e.store).Handler()
		from := func(h http.Handler, r *http.Request) *http.Response {
			r.RemoteAddr = "198.51.100.9:1234"
			return serveWith(h, r).Result()
		}
		var pendings []string
		for range 2 {
			res := from(e.h, newRequest("POST", "/login", "application/x-www-form-urlencoded", "username=u-officer&password=test+password+123"))
			pendings = append(pendings, cookieOf(res, loginCookie))
		}
		guess := func(h http.Handler, pending, code string) int {
			r := newRequest("POST", "/login/totp", "application/x-www-form-urlencoded", "code="+code)
			r.AddCookie(&http.Cookie{Name: loginCookie, Value: pending})
			return from(h, r).StatusCode
		}
		for i := range 5 {
			h := e.h
			if i%2 == 1 {
				h = other
			}
			if code := guess(h, pendings[i%2], fmt.Sprintf("%06d", 111111*(i+1)%1000000)); code != http.StatusBadRequest {
				t.Fatalf("wrong code %d: %d", i, code)
			}
		}
		valid, _ := totp.GenerateCode(secret, now.Add(60*time.Second))
		if code := guess(other, pendings[1], valid); code != http.StatusTooManyRequests {
			t.Fatalf("a right code after five wrong ones, on another server: %d, want 429", code)
		}
		if code := guess(e.h, pendings[0], valid); code != http.StatusTooManyRequests {
			t.Fatalf("a right code after five wrong ones: %d, want 429", code)
		}

		// An administrator resets it; the officer enrols again.
		if w := e.do("admin", "POST", "/api/v1/users/u-officer/totp/reset", "", ""); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `"totp_enabled":false`) {
			t.Fatalf("reset: %d %s", w.Code, w.Body.String())
		}
		if s := e.login("u-officer", "test password 123"); s == "" {
			t.Fatal("after a reset the password alone opens a session")
		} else if res := e.withSession(s, "GET", "/innovators", ""); res.Header.Get("Location") != "/account/totp" {
			t.Fatalf("after a reset: %d %s", res.StatusCode, res.Header.Get("Location"))
		}
		for _, action := range []string{"totp.enrol", "totp.reset", "login.password"} {
			w := e.do("auditor", "GET", "/api/v1/audit?action="+action, "", "")
			if !strings.Contains(w.Body.String(), `"action":"`+action+`"`) {
				t.Errorf("%s not audited", action)
			}
		}
		w = e.do("auditor", "GET", "/api/v1/audit?action=login&outcome=denied", "", "")
		if !strings.Contains(w.Body.String(), "second factor") {
			t.Errorf("refused codes not audited: %s", w.Body.String())
		}
	})
}

func withCookie(r *http.Request, secret string) *http.Request {
	r.AddCookie(&http.Cookie{Name: sessionCookie, Value: secret})
	return r
}
