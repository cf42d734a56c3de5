package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"seedbed"
	"seedbed/i18n"
)

type usersData struct {
	Users []seedbed.User
	Form  userInput
	// State filters the list: "" for all, disabled, active, or no_factor (accounts that must use
	// a second factor and have none).
	State string
	// Orgs names the organisations applicants speak for.
	Orgs map[int64]string
}

// Org names the organisation an applicant's account speaks for.
func (d usersData) Org(id *int64) string {
	if id == nil {
		return ""
	}
	return d.Orgs[*id]
}

// usersView filters the accounts by state and names their organisations.
func (s *Server) usersView(r *http.Request, form userInput) (usersData, error) {
	d := usersData{Form: form, State: r.URL.Query().Get("state"), Orgs: map[int64]string{}}
	users, err := s.Accounts.Users(r.Context())
	if err != nil {
		return d, err
	}
	for _, u := range users {
		keep := false
		switch d.State {
		case "disabled":
			keep = u.Disabled
		case "active":
			keep = !u.Disabled
		case "no_factor":
			keep = !u.Disabled && !u.TOTPEnabled && seedbed.NeedsSecondFactor(u.Role)
		default:
			keep = true
		}
		if !keep {
			continue
		}
		d.Users = append(d.Users, u)
		if u.InnovatorID != nil {
			if _, ok := d.Orgs[*u.InnovatorID]; !ok {
				in, err := s.Registry.Innovator(r.Context(), *u.InnovatorID)
				if err != nil {
					return d, err
				}
				d.Orgs[*u.InnovatorID] = in.Name
			}
		}
	}
	return d, nil
}

// userInput is the form and API body that creates an account.
type userInput struct {
	Username    string `json:"username"`
	DisplayName string `json:"display_name"`
	Role        string `json:"role"`
	InnovatorID *int64 `json:"innovator_id"`
	Password    string `json:"password"`
}

func (s *Server) usersPage(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	d, err := s.usersView(r, userInput{Role: seedbed.RoleReviewer})
	if err != nil {
		return err
	}
	return s.render(w, r, "users", i18n.T(c.Lang, "users.title"), d)
}

func (s *Server) userCreate(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	in := userInput{Username: r.PostForm.Get("username"), DisplayName: r.PostForm.Get("display_name"),
		Role: r.PostForm.Get("role"), Password: r.PostForm.Get("password")}
	var bad error
	if v := strings.TrimSpace(r.PostForm.Get("innovator_id")); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			bad = seedbed.FieldError("innovator_id", seedbed.Label{Zh: "应为创新主体编号", En: "must be an innovator id"})
		}
		in.InnovatorID = &id
	}
	if bad == nil {
		bad = s.createUser(r, c, in)
	}
	if bad != nil {
		in.Password = ""
		d, err := s.usersView(r, in)
		if err != nil {
			return err
		}
		return s.renderWithErrors(w, r, "users", i18n.T(c.Lang, "users.title"), d, bad)
	}
	return s.redirect(w, r, "/users", i18n.T(c.Lang, "users.created", in.Username))
}

func (s *Server) createUser(r *http.Request, c *reqCtx, in userInput) error {
	u := &seedbed.User{Username: in.Username, DisplayName: in.DisplayName, Role: in.Role, InnovatorID: in.InnovatorID}
	return s.Accounts.CreateUser(r.Context(), c.Actor, u, in.Password)
}

func (s *Server) apiUsers(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	users, err := s.Accounts.Users(r.Context())
	if err != nil {
		return err
	}
	return writePage(w, r, users)
}

func (s *Server) apiUserCreate(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	var in userInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	if err := s.createUser(r, c, in); err != nil {
		return err
	}
	u, err := s.Accounts.User(r.Context(), strings.TrimSpace(in.Username))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, u)
	return nil
}

func (s *Server) apiMe(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	writeJSON(w, http.StatusOK, c.User)
	return nil
}

// tokenCreate makes an API token for the signed-in user and shows it once.
func (s *Server) tokenCreate(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	name := strings.TrimSpace(r.PostForm.Get("name"))
	if len([]rune(name)) > 60 {
		return s.renderAccountErrors(w, r, c, seedbed.FieldError("name", seedbed.Label{Zh: "名称过长", En: "name too long"}))
	}
	secret, _, err := s.Accounts.CreateToken(r.Context(), c.Actor, c.Actor.Username, name, 90*24*time.Hour)
	if err != nil {
		return err
	}
	d, err := s.accountView(r, c, c.User)
	if err != nil {
		return err
	}
	d.NewToken = secret
	return s.render(w, r, "account", i18n.T(c.Lang, "account.title"), d)
}
