package web

import (
	"net/http"

	"seedbed"
	"seedbed/i18n"
)

// The account page gives an administrator every action on an account in one place: disable or
// enable, change its role, reset its password or two-step verification, end one of its sessions,
// revoke one or all of its API tokens. This file holds the actions the trust work left without a
// page: the role, another account's session, and one token, returning to the account's page.

// userAdminRoutes lists the routes of user_admin.go.
func (s *Server) userAdminRoutes() []route {
	return []route{
		ui("POST", "/users/{name}/role", seedbed.PermUsersManage, s.userRole),
		ui("POST", "/users/{name}/sessions/{id}/end", seedbed.PermUsersManage, s.userSessionEnd),
		ui("POST", "/users/{name}/tokens/{id}/revoke", seedbed.PermUsersManage, s.userTokenRevoke),
		api("PUT", "/api/v1/users/{name}/role", seedbed.PermUsersManage, s.apiUserRole),
		api("DELETE", "/api/v1/users/{name}/sessions/{id}", seedbed.PermUsersManage, s.apiUserSessionEnd),
	}
}

// userPageWithError shows an account's page again with an error on its form.
func (s *Server) userPageWithError(w http.ResponseWriter, r *http.Request, c *reqCtx, name string, bad error) error {
	u, err := s.Accounts.User(r.Context(), name)
	if err != nil {
		return err
	}
	d, err := s.accountView(r, c, u)
	if err != nil {
		return err
	}
	return s.renderWithErrors(w, r, "user", u.Username, d, bad)
}

func (s *Server) userRole(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	name, role := r.PathValue("name"), r.PostForm.Get("role")
	if !seedbed.Roles.Has(role) {
		return s.userPageWithError(w, r, c, name, seedbed.FieldError("role", seedbed.Label{Zh: "请选择一个角色", En: "choose a role"}))
	}
	if name == c.Actor.Username {
		return s.userPageWithError(w, r, c, name, seedbed.FieldError("role", seedbed.Label{Zh: "不能更改自己的角色：请另一位管理员操作", En: "you cannot change your own role: ask another administrator"}))
	}
	u, err := s.Accounts.SetRole(r.Context(), c.Actor, name, role)
	if err != nil {
		if seedbed.ErrorCode(err) == seedbed.EINVALID {
			return s.userPageWithError(w, r, c, name, err)
		}
		return err
	}
	return s.redirect(w, r, "/users/"+u.Username, i18n.T(c.Lang, "lists.users.role_set", u.Username, seedbed.Roles.Label(u.Role).In(c.Lang)))
}

func (s *Server) userSessionEnd(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	name := r.PathValue("name")
	if err := s.Accounts.EndSession(r.Context(), c.Actor, name, r.PathValue("id")); err != nil {
		return err
	}
	return s.redirect(w, r, "/users/"+name, i18n.T(c.Lang, "account.session_ended"))
}

func (s *Server) userTokenRevoke(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	name := r.PathValue("name")
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	u, err := s.Accounts.User(r.Context(), name)
	if err != nil {
		return err
	}
	toks, err := s.Accounts.Tokens(r.Context(), c.Actor, name)
	if err != nil {
		return err
	}
	mine := false
	for _, t := range toks {
		mine = mine || t.ID == id
	}
	if !mine {
		return seedbed.Errorf(seedbed.ENOTFOUND, seedbed.Label{Zh: "账号 %s 没有编号为 %d 的有效令牌", En: "account %s has no working token %d"}, u.Username, id)
	}
	t, err := s.Accounts.RevokeToken(r.Context(), c.Actor, id)
	if err != nil {
		return err
	}
	return s.redirect(w, r, "/users/"+name, i18n.T(c.Lang, "account.token_revoked", t.Name))
}

func (s *Server) apiUserRole(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	var body struct {
		Role string `json:"role"`
	}
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	if !seedbed.Roles.Has(body.Role) {
		return seedbed.FieldError("role", seedbed.Label{Zh: "未知的角色 %q", En: "unknown role %q"}, body.Role)
	}
	name := r.PathValue("name")
	if name == c.Actor.Username {
		return seedbed.FieldError("role", seedbed.Label{Zh: "不能更改自己的角色：请另一位管理员操作", En: "you cannot change your own role: ask another administrator"})
	}
	u, err := s.Accounts.SetRole(r.Context(), c.Actor, name, body.Role)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, u)
	return nil
}

func (s *Server) apiUserSessionEnd(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	if err := s.Accounts.EndSession(r.Context(), c.Actor, r.PathValue("name"), r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
