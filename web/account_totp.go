package web

import (
	"html/template"
	"net/http"
	"strings"
	"time"

	"seedbed"
	"seedbed/auth"
	"seedbed/i18n"
)

// loginCookie holds the secret of a sign-in whose password was right and whose second factor is
// still owed; it lets nothing in but POST /login/totp.
const loginCookie = "seedbed_login"

// secondFactorWait is how long the browser keeps loginCookie (the session behind it lasts as long).
const secondFactorWait = 5 * time.Minute

// totpRoutes are the second factor: enrolment, the sign-in step that asks for the code, and an
// administrator's reset.
func (s *Server) totpRoutes() []route {
	return []route{
		ui("GET", "/login/totp", "", s.loginTOTPPage),
		ui("POST", "/login/totp", "", s.loginTOTP),
		ui("GET", "/account/totp", seedbed.PermSelf, s.totpPage),
		ui("POST", "/account/totp", seedbed.PermSelf, s.totpConfirm),
		ui("POST", "/users/{name}/totp/reset", seedbed.PermUsersManage, s.userTOTPReset),
		api("POST", "/api/v1/users/{name}/totp/reset", seedbed.PermUsersManage, s.apiUserTOTPReset),
	}
}

// secondFactorOwed enforces RequireTOTP: a browser session of a role that needs a second factor,
// on an account without one, reaches only the enrolment page and sign-out until it enrols. It
// answers the request itself and reports true when it stopped it. API tokens are not held back:
// they are made by a signed-in user or by the operator.
func (s *Server) secondFactorOwed(w http.ResponseWriter, r *http.Request, c *reqCtx) bool {
	if !s.RequireTOTP || c.User == nil || c.User.TOTPEnabled || !seedbed.NeedsSecondFactor(c.User.Role) ||
		r.Header.Get("Authorization") != "" || r.URL.Path == "/account/totp" || r.URL.Path == "/logout" {
		return false
	}
	if r.Method == http.MethodGet && !isAPI(r) {
		http.Redirect(w, r, "/account/totp", http.StatusSeeOther)
		return true
	}
	s.Error(w, r, seedbed.Errorf(seedbed.EFORBIDDEN, catalogue("totp.required")))
	return true
}

type totpData struct {
	Enabled  bool
	QR       template.URL // a data: URL of the PNG, allowed by the Content-Security-Policy's img-src
	Secret   string
	Recovery []string
	Required bool
}

func (s *Server) totpPage(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	d, err := s.totpEnrolment(r, c)
	if err != nil {
		return err
	}
	return s.render(w, r, "totp", i18n.T(c.Lang, "totp.title"), d)
}

// totpEnrolment is the enrolment page's data: the QR code and key, or that the factor is on.
func (s *Server) totpEnrolment(r *http.Request, c *reqCtx) (totpData, error) {
	d := totpData{Enabled: c.User.TOTPEnabled, Required: s.RequireTOTP && seedbed.NeedsSecondFactor(c.User.Role)}
	if d.Enabled {
		return d, nil
	}
	key, err := s.Accounts.TOTPEnrolment(r.Context(), c.Actor)
	if err != nil {
		return d, err
	}
	// The data URL is built here from PNG bytes, never from input.
	d.QR, d.Secret = template.URL(auth.QRDataURL(key.QRPNG)), key.Secret
	return d, nil
}

func (s *Server) totpConfirm(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	codes, err := s.Accounts.ConfirmTOTP(r.Context(), c.Actor, r.PostForm.Get("code"))
	if seedbed.ErrorCode(err) == seedbed.EINVALID {
		d, derr := s.totpEnrolment(r, c)
		if derr != nil {
			return derr
		}
		return s.renderWithErrors(w, r, "totp", i18n.T(c.Lang, "totp.title"), d, err)
	}
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	return s.render(w, r, "totp", i18n.T(c.Lang, "totp.title"), totpData{Enabled: true, Recovery: codes})
}

type loginTOTPData struct{ Next string }

func (s *Server) loginTOTPPage(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	return s.render(w, r, "login_totp", i18n.T(c.Lang, "totp.login_title"), loginTOTPData{Next: safeNext(r.URL.Query().Get("next"))})
}

// loginTOTP takes the second factor of a sign-in whose password was right, throttled like the
// password itself.
func (s *Server) loginTOTP(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	data := loginTOTPData{Next: safeNext(r.PostForm.Get("next"))}
	title := i18n.T(c.Lang, "totp.login_title")
	ck, err := r.Cookie(loginCookie)
	if err != nil || ck.Value == "" {
		return s.renderWithErrors(w, r, "login_totp", title, data, &seedbed.Error{Code: seedbed.EINVALID, Field: "code",
			Text: catalogue("totp.expired")})
	}
	ok, wait, err := s.Accounts.SecondFactorAllowed(r.Context(), ck.Value, c.IP)
	if err != nil {
		return err
	}
	if !ok {
		return s.renderWithErrors(w, r, "login_totp", title, data, &seedbed.Error{Code: seedbed.ETOOMANY, Field: "code",
			Text: catalogue("login.throttled", int(wait.Minutes())+1)})
	}
	u, secret, err := s.Accounts.CompleteLogin(r.Context(), ck.Value, strings.TrimSpace(r.PostForm.Get("code")), s.SessionTTL, c.IP)
	if seedbed.ErrorCode(err) == seedbed.EUNAUTHORIZED {
		return s.renderWithErrors(w, r, "login_totp", title, data, &seedbed.Error{Code: seedbed.EINVALID, Field: "code",
			Text: catalogue("totp.failed")})
	}
	if err != nil {
		return err
	}
	s.setCookie(w, loginCookie, "", -1)
	s.setCookie(w, sessionCookie, secret, int(s.SessionTTL.Seconds()))
	next := data.Next
	if next == "" {
		next = "/"
	}
	return s.redirect(w, r, next, i18n.T(c.Lang, "login.welcome", displayName(u)))
}

func (s *Server) userTOTPReset(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	u, err := s.Accounts.ResetTOTP(r.Context(), c.Actor, r.PathValue("name"))
	if err != nil {
		return err
	}
	return s.redirect(w, r, "/users/"+u.Username, i18n.T(c.Lang, "totp.reset_done", u.Username))
}

func (s *Server) apiUserTOTPReset(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	u, err := s.Accounts.ResetTOTP(r.Context(), c.Actor, r.PathValue("name"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, u)
	return nil
}
