package web

import (
	"net/http"
	"net/url"
	"strings"

	"seedbed"
	"seedbed/i18n"
)

const sessionCookie = "seedbed_session"

// authenticate finds the user behind a bearer token or a session cookie; nil when there is none.
func (s *Server) authenticate(r *http.Request) (*seedbed.User, error) {
	if h := r.Header.Get("Authorization"); h != "" {
		tok, ok := strings.CutPrefix(h, "Bearer ")
		if !ok {
			return nil, seedbed.Errorf(seedbed.EUNAUTHORIZED, seedbed.Label{Zh: "Authorization 头应为 Bearer 令牌", En: "the Authorization header must hold a Bearer token"})
		}
		return s.Accounts.TokenUser(r.Context(), strings.TrimSpace(tok))
	}
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return nil, nil
	}
	return s.Accounts.SessionUser(r.Context(), c.Value)
}

type loginData struct {
	Username, Next string
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	return s.render(w, r, "login", i18n.T(c.Lang, "login.title"), loginData{Next: safeNext(r.URL.Query().Get("next"))})
}

// login checks the password, throttling failures per user name, per address and per both, as
// counted in the database by every server of the deployment.
func (s *Server) login(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	name := strings.TrimSpace(r.PostForm.Get("username"))
	data := loginData{Username: name, Next: safeNext(r.PostForm.Get("next"))}
	title := i18n.T(c.Lang, "login.title")
	ok, wait, err := s.Accounts.LoginAllowed(r.Context(), name, c.IP)
	if err != nil {
		return err
	}
	if !ok {
		s.Audit.Record(r.Context(), seedbed.AuditEntry{Actor: name, Action: "login", Entity: "session", Outcome: "throttled", IP: c.IP})
		return s.renderWithErrors(w, r, "login", title, data, &seedbed.Error{Code: seedbed.ETOOMANY, Field: "username",
			Text: catalogue("login.throttled", int(wait.Minutes())+1)})
	}
	u, secret, err := s.Accounts.Login(r.Context(), name, r.PostForm.Get("password"), s.SessionTTL, c.IP)
	if seedbed.ErrorCode(err) == seedbed.EUNAUTHORIZED {
		if err := s.Accounts.LoginFailed(r.Context(), name, c.IP); err != nil {
			return err
		}
		return s.renderWithErrors(w, r, "login", title, data, &seedbed.Error{Code: seedbed.EINVALID, Field: "password",
			Text: catalogue("login.failed")})
	}
	if err != nil {
		return err
	}
	if err := s.Accounts.LoginSucceeded(r.Context(), name, c.IP); err != nil {
		return err
	}
	if u.TOTPEnabled {
		// The password was right; the session is pending until the second factor is given.
		s.setCookie(w, loginCookie, secret, int(secondFactorWait.Seconds()))
		to := "/login/totp"
		if data.Next != "" {
			to += "?next=" + urlQueryEscape(data.Next)
		}
		http.Redirect(w, r, to, http.StatusSeeOther)
		return nil
	}
	s.setCookie(w, sessionCookie, secret, int(s.SessionTTL.Seconds()))
	next := data.Next
	if next == "" {
		next = "/"
	}
	return s.redirect(w, r, next, i18n.T(c.Lang, "login.welcome", displayName(u)))
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	if ck, err := r.Cookie(sessionCookie); err == nil {
		if err := s.Accounts.Logout(r.Context(), ck.Value); err != nil {
			return err
		}
	}
	s.setCookie(w, sessionCookie, "", -1)
	return s.redirect(w, r, "/login", i18n.T(c.Lang, "login.bye"))
}

// setCookie sets (maxAge > 0) or clears (maxAge < 0) one of the server's cookies. Every cookie
// seedbed sets goes through here, so that all of them are HttpOnly, SameSite=Lax and, under
// --secure-cookies, Secure.
func (s *Server) setCookie(w http.ResponseWriter, name, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: "/", MaxAge: maxAge, HttpOnly: true,
		Secure: s.SecureCookies, SameSite: http.SameSiteLaxMode})
}

// safeNext keeps a post-login destination only when it is a path on this site. Browsers drop
// tabs and newlines from a URL and read a backslash as a slash, so "/\t/evil.example" or
// "/\\evil.example" would leave the site: anything holding a control character or a backslash,
// as typed or once percent-decoded, is refused, and what remains must parse as a path without
// scheme or host whose decoded form does not begin with "//".
func safeNext(next string) string {
	if hasURLTrap(next) {
		return ""
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" ||
		!strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "//") || hasURLTrap(u.Path) {
		return ""
	}
	return next
}

// hasURLTrap reports a control character or a backslash, which browsers drop or turn into a
// slash when they resolve a URL.
func hasURLTrap(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f || r == '\\' })
}

func displayName(u *seedbed.User) string {
	if u.DisplayName != "" {
		return u.DisplayName
	}
	return u.Username
}
