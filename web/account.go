package web

import (
	"net/http"
	"strings"

	"seedbed"
	"seedbed/i18n"
)

// accountRoutes are the account life cycle: one's own sessions, tokens and password, and an
// administrator's view of any account (disable, enable, reset the password, revoke tokens).
func (s *Server) accountRoutes() []route {
	return []route{
		ui("POST", "/account/password", seedbed.PermSelf, s.passwordChange),
		ui("POST", "/account/tokens/{id}/revoke", seedbed.PermSelf, s.tokenRevoke),
		ui("POST", "/account/sessions/{id}/revoke", seedbed.PermSelf, s.sessionRevoke),
		ui("GET", "/users/{name}", seedbed.PermUsersManage, s.userPage),
		ui("POST", "/users/{name}/disable", seedbed.PermUsersManage, s.userDisable),
		ui("POST", "/users/{name}/enable", seedbed.PermUsersManage, s.userEnable),
		ui("POST", "/users/{name}/password", seedbed.PermUsersManage, s.userPasswordReset),
		ui("POST", "/users/{name}/tokens/revoke", seedbed.PermUsersManage, s.userTokensRevoke),

		api("GET", "/api/v1/me/sessions", seedbed.PermSelf, s.apiMySessions),
		api("DELETE", "/api/v1/me/sessions/{id}", seedbed.PermSelf, s.apiMySessionEnd),
		api("GET", "/api/v1/me/tokens", seedbed.PermSelf, s.apiMyTokens),
		api("POST", "/api/v1/me/password", seedbed.PermSelf, s.apiPasswordChange),
		api("DELETE", "/api/v1/tokens/{id}", seedbed.PermSelf, s.apiTokenRevoke),
		api("GET", "/api/v1/users/{name}", seedbed.PermUsersManage, s.apiUser),
		api("GET", "/api/v1/users/{name}/sessions", seedbed.PermUsersManage, s.apiUserSessions),
		api("GET", "/api/v1/users/{name}/tokens", seedbed.PermUsersManage, s.apiUserTokens),
		api("DELETE", "/api/v1/users/{name}/tokens", seedbed.PermUsersManage, s.apiUserTokensRevoke),
		api("POST", "/api/v1/users/{name}/disable", seedbed.PermUsersManage, s.apiUserDisable),
		api("POST", "/api/v1/users/{name}/enable", seedbed.PermUsersManage, s.apiUserEnable),
		api("POST", "/api/v1/users/{name}/password", seedbed.PermUsersManage, s.apiUserPasswordReset),
	}
}

// currentSession is the session secret the request came with, or "".
func currentSession(r *http.Request) string {
	if c, err := r.Cookie(sessionCookie); err == nil {
		return c.Value
	}
	return ""
}

// accountData is the account page: one's own account, or (for an administrator) anyone's.
type accountData struct {
	User     *seedbed.User
	Self     bool
	NewToken string
	Sessions []seedbed.Session
	Tokens   []seedbed.Token
}

// accountView gathers the sessions and tokens of u for the account or user page.
func (s *Server) accountView(r *http.Request, c *reqCtx, u *seedbed.User) (accountData, error) {
	d := accountData{User: u, Self: u.ID == c.Actor.UserID}
	var err error
	if d.Sessions, err = s.Accounts.Sessions(r.Context(), c.Actor, u.Username, currentSession(r)); err != nil {
		return d, err
	}
	d.Tokens, err = s.Accounts.Tokens(r.Context(), c.Actor, u.Username)
	return d, err
}

func (s *Server) accountPage(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	d, err := s.accountView(r, c, c.User)
	if err != nil {
		return err
	}
	return s.render(w, r, "account", i18n.T(c.Lang, "account.title"), d)
}

// renderAccountErrors shows the account page again with err against its fields.
func (s *Server) renderAccountErrors(w http.ResponseWriter, r *http.Request, c *reqCtx, bad error) error {
	d, err := s.accountView(r, c, c.User)
	if err != nil {
		return err
	}
	return s.renderWithErrors(w, r, "account", i18n.T(c.Lang, "account.title"), d, bad)
}

// passwordChange replaces one's own password; every session of the account ends, so the user
// signs in again with the new one.
func (s *Server) passwordChange(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	if err := s.Accounts.ChangePassword(r.Context(), c.Actor, r.PostForm.Get("current_password"), r.PostForm.Get("password")); err != nil {
		if seedbed.ErrorCode(err) == seedbed.EINVALID {
			return s.renderAccountErrors(w, r, c, err)
		}
		return err
	}
	s.setCookie(w, sessionCookie, "", -1)
	return s.redirect(w, r, "/login", i18n.T(c.Lang, "account.password_changed"))
}

func (s *Server) tokenRevoke(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	t, err := s.Accounts.RevokeToken(r.Context(), c.Actor, id)
	if err != nil {
		return err
	}
	return s.redirect(w, r, "/account", i18n.T(c.Lang, "account.token_revoked", t.Name))
}

func (s *Server) sessionRevoke(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	if err := s.Accounts.EndSession(r.Context(), c.Actor, c.Actor.Username, r.PathValue("id")); err != nil {
		return err
	}
	return s.redirect(w, r, "/account", i18n.T(c.Lang, "account.session_ended"))
}

func (s *Server) userPage(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	u, err := s.Accounts.User(r.Context(), r.PathValue("name"))
	if err != nil {
		return err
	}
	d, err := s.accountView(r, c, u)
	if err != nil {
		return err
	}
	return s.render(w, r, "user", u.Username, d)
}

func (s *Server) userDisable(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	return s.userSetDisabled(w, r, c, true)
}

func (s *Server) userEnable(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	return s.userSetDisabled(w, r, c, false)
}

func (s *Server) userSetDisabled(w http.ResponseWriter, r *http.Request, c *reqCtx, disabled bool) error {
	u, err := s.Accounts.SetDisabled(r.Context(), c.Actor, r.PathValue("name"), disabled)
	if err != nil {
		return err
	}
	msg := "users.enabled"
	if disabled {
		msg = "users.disabled"
	}
	return s.redirect(w, r, "/users/"+u.Username, i18n.T(c.Lang, msg, u.Username))
}

func (s *Server) userPasswordReset(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	name := r.PathValue("name")
	if err := s.Accounts.ResetPassword(r.Context(), c.Actor, name, r.PostForm.Get("password")); err != nil {
		if seedbed.ErrorCode(err) != seedbed.EINVALID {
			return err
		}
		u, uerr := s.Accounts.User(r.Context(), name)
		if uerr != nil {
			return uerr
		}
		d, derr := s.accountView(r, c, u)
		if derr != nil {
			return derr
		}
		return s.renderWithErrors(w, r, "user", u.Username, d, err)
	}
	return s.redirect(w, r, "/users/"+name, i18n.T(c.Lang, "users.password_reset", name))
}

func (s *Server) userTokensRevoke(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	name := r.PathValue("name")
	n, err := s.Accounts.RevokeTokens(r.Context(), c.Actor, name)
	if err != nil {
		return err
	}
	return s.redirect(w, r, "/users/"+name, i18n.T(c.Lang, "users.tokens_revoked", n))
}

func (s *Server) apiMySessions(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	return s.apiSessionsOf(w, r, c, c.Actor.Username)
}

func (s *Server) apiUserSessions(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	return s.apiSessionsOf(w, r, c, r.PathValue("name"))
}

func (s *Server) apiSessionsOf(w http.ResponseWriter, r *http.Request, c *reqCtx, name string) error {
	ss, err := s.Accounts.Sessions(r.Context(), c.Actor, name, currentSession(r))
	if err != nil {
		return err
	}
	return writePage(w, r, ss)
}

func (s *Server) apiMySessionEnd(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	if err := s.Accounts.EndSession(r.Context(), c.Actor, c.Actor.Username, r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) apiMyTokens(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	return s.apiTokensOf(w, r, c, c.Actor.Username)
}

func (s *Server) apiUserTokens(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	return s.apiTokensOf(w, r, c, r.PathValue("name"))
}

func (s *Server) apiTokensOf(w http.ResponseWriter, r *http.Request, c *reqCtx, name string) error {
	ts, err := s.Accounts.Tokens(r.Context(), c.Actor, name)
	if err != nil {
		return err
	}
	return writePage(w, r, ts)
}

// passwordInput is the API body that changes or resets a password.
type passwordInput struct {
	CurrentPassword string `json:"current_password"`
	Password        string `json:"password"`
}

func (s *Server) apiPasswordChange(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	var in passwordInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	if err := s.Accounts.ChangePassword(r.Context(), c.Actor, in.CurrentPassword, in.Password); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) apiUserPasswordReset(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	var in passwordInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	if err := s.Accounts.ResetPassword(r.Context(), c.Actor, r.PathValue("name"), in.Password); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) apiTokenRevoke(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	t, err := s.Accounts.RevokeToken(r.Context(), c.Actor, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, t)
	return nil
}

func (s *Server) apiUserTokensRevoke(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	n, err := s.Accounts.RevokeTokens(r.Context(), c.Actor, r.PathValue("name"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]int64{"revoked": n})
	return nil
}

func (s *Server) apiUser(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	u, err := s.Accounts.User(r.Context(), r.PathValue("name"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, u)
	return nil
}

func (s *Server) apiUserDisable(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	return s.apiUserSetDisabled(w, r, c, true)
}

func (s *Server) apiUserEnable(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	return s.apiUserSetDisabled(w, r, c, false)
}

func (s *Server) apiUserSetDisabled(w http.ResponseWriter, r *http.Request, c *reqCtx, disabled bool) error {
	u, err := s.Accounts.SetDisabled(r.Context(), c.Actor, strings.TrimSpace(r.PathValue("name")), disabled)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, u)
	return nil
}
