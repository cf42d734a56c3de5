package web

import (
	"cmp"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"seedbed"
	"seedbed/i18n"
)

type usersData struct {
	listView
	Users []seedbed.User
	Form  userInput
	// State filters the list: "" for all, disabled, active, or no_factor (accounts that must use
	// a second factor and have none).
	State string
	// Role keeps the accounts of one role; Search those whose sign-in or display name holds it.
	Role, Search string
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
	q := r.URL.Query()
	d := usersData{Form: form, State: q.Get("state"), Role: q.Get("role"), Search: strings.TrimSpace(q.Get("q")), Orgs: map[int64]string{}}
	if d.State != "" && d.State != "disabled" && d.State != "active" && d.State != "no_factor" {
		return d, seedbed.FieldError("state", seedbed.Label{Zh: "未知的账号状态 %q", En: "unknown account state %q"}, d.State)
	}
	if d.Role != "" && !seedbed.Roles.Has(d.Role) {
		return d, seedbed.FieldError("role", seedbed.Label{Zh: "未知的角色 %q", En: "unknown role %q"}, d.Role)
	}
	pg, offset, per, o, err := readListParams(q, userSorts, 50, 500)
	if err != nil {
		return d, err
	}
	users, err := s.Accounts.Users(r.Context())
	if err != nil {
		return d, err
	}
	search := strings.ToLower(d.Search)
	var kept []seedbed.User
	for _, u := range users {
		if d.Role != "" && u.Role != d.Role {
			continue
		}
		if search != "" && !strings.Contains(strings.ToLower(u.Username), search) && !strings.Contains(strings.ToLower(u.DisplayName), search) {
			continue
		}
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
		if keep {
			kept = append(kept, u)
		}
	}
	sortUsers(kept, o)
	d.listView = newListView(pg, per, len(kept), o)
	for _, u := range kept[min(offset, len(kept)):min(offset+per, len(kept))] {
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

// userSorts orders the accounts list, the oldest account first by default.
var userSorts = seedbed.Sorts{Keys: []string{"id", "username", "display_name", "role", "created_at", "status"}}

// sortUsers puts the accounts in order o, the account number breaking ties.
func sortUsers(us []seedbed.User, o seedbed.Order) {
	key := func(a, b seedbed.User) int {
		switch o.Key {
		case "username":
			return strings.Compare(a.Username, b.Username)
		case "display_name":
			return strings.Compare(a.DisplayName, b.DisplayName)
		case "role":
			return strings.Compare(a.Role, b.Role)
		case "created_at":
			return a.CreatedAt.Compare(b.CreatedAt)
		case "status":
			return cmp.Compare(b2i(a.Disabled), b2i(b.Disabled))
		}
		return 0
	}
	slices.SortStableFunc(us, func(a, b seedbed.User) int {
		c := key(a, b)
		if c == 0 {
			c = cmp.Compare(a.ID, b.ID)
		}
		if o.Desc {
			return -c
		}
		return c
	})
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
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
		return s.renderWithErrors(w, r, "users", i18n.T(c.Lang, "users.title"), d, err)
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
