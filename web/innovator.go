package web

import (
	"math"
	"net/http"
	"strconv"
	"strings"

	"seedbed"
	"seedbed/i18n"
)

const pageSize = 20

// innovatorFilter reads list filters from the query string, scoped to what the actor may see.
func innovatorFilter(r *http.Request, c *reqCtx) (seedbed.InnovatorFilter, int, error) {
	q := r.URL.Query()
	f := seedbed.InnovatorFilter{Query: strings.TrimSpace(q.Get("q")), Kind: q.Get("kind"), SizeClass: q.Get("size"),
		InnovationType: q.Get("type"), Driver: q.Get("driver"), Field: q.Get("field"), Region: strings.TrimSpace(q.Get("region")),
		IDs: seedbed.ScopeInnovators(c.Actor)}
	for _, chk := range []struct {
		name, val string
		set       seedbed.OptionSet
	}{{"kind", f.Kind, seedbed.Kinds}, {"size", f.SizeClass, seedbed.SizeClasses}, {"type", f.InnovationType, seedbed.InnovationTypes},
		{"driver", f.Driver, seedbed.Drivers}, {"field", f.Field, seedbed.Fields}} {
		if chk.val != "" && !chk.set.Has(chk.val) {
			return f, 0, seedbed.FieldError(chk.name, seedbed.Label{Zh: "未知的取值 %q，应为 %s", En: "unknown value %[1]q"}, chk.val, strings.Join(chk.set.Codes(), ", "))
		}
	}
	if len([]rune(f.Query)) > 100 {
		return f, 0, seedbed.FieldError("q", seedbed.Label{Zh: "搜索词过长", En: "search text too long"})
	}
	pg, off, lim, o, err := readListParams(q, seedbed.InnovatorSorts, pageSize, 200)
	if err != nil {
		return f, 0, err
	}
	f.Offset, f.Limit, f.Order = off, lim, o
	return f, pg, nil
}

type listData struct {
	listView
	Items      []seedbed.Innovator
	Filter     seedbed.InnovatorFilter
	FirstIndex int
}

func (s *Server) innovatorList(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	f, pg, err := innovatorFilter(r, c)
	if err != nil {
		return s.renderWithErrors(w, r, "innovators", i18n.T(c.Lang, "registry.title"), listData{listView: emptyListView}, err)
	}
	items, total, err := s.Registry.FindInnovators(r.Context(), f)
	if err != nil {
		return err
	}
	d := listData{listView: newListView(pg, f.Limit, total, f.Order), Items: items, Filter: f, FirstIndex: f.Offset + 1}
	return s.render(w, r, "innovators", i18n.T(c.Lang, "registry.title"), d)
}

type showData struct {
	In           *seedbed.Innovator
	History      []seedbed.Change
	ShowPersonal bool
}

func (s *Server) innovatorShow(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	in, err := s.innovatorFor(r, c, seedbed.PermRegistryRead)
	if err != nil {
		return err
	}
	hist, err := s.Registry.InnovatorHistory(r.Context(), in.ID)
	if err != nil {
		return err
	}
	d := showData{In: in, History: hist}
	if seedbed.Authorize(c.Actor, seedbed.PermPersonalRead, &in.ID) == nil && r.URL.Query().Get("personal") == "1" {
		d.ShowPersonal = true
		if err := s.auditPersonalRead(r, c, in.ID); err != nil {
			return err
		}
	}
	return s.render(w, r, "innovator", in.Name, d)
}

// auditPersonalRead records that the actor saw an innovator's contact details.
func (s *Server) auditPersonalRead(r *http.Request, c *reqCtx, id int64) error {
	return s.Audit.Record(r.Context(), seedbed.AuditEntry{Actor: c.Actor.Username, Role: c.Actor.Role, Action: "personal.read",
		Entity: "innovator", EntityID: strconv.FormatInt(id, 10), Detail: "contact details", IP: c.IP})
}

// innovatorFor loads the {id} innovator after checking the actor may act on it.
func (s *Server) innovatorFor(r *http.Request, c *reqCtx, p seedbed.Permission) (*seedbed.Innovator, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	if err := s.authorize(r, c, p, id); err != nil {
		return nil, err
	}
	return s.Registry.Innovator(r.Context(), id)
}

type formData struct {
	In     *seedbed.Innovator
	Action string
	IsNew  bool
}

func (s *Server) innovatorNew(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	return s.render(w, r, "innovator_form", i18n.T(c.Lang, "registry.new"), formData{In: &seedbed.Innovator{Kind: seedbed.KindEnterprise}, Action: "/innovators", IsNew: true})
}

func (s *Server) innovatorEdit(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	in, err := s.innovatorFor(r, c, seedbed.PermRegistryWrite)
	if err != nil {
		return err
	}
	return s.render(w, r, "innovator_form", i18n.T(c.Lang, "registry.edit"), formData{In: in, Action: "/innovators/" + strconv.FormatInt(in.ID, 10)})
}

// innovatorFromForm reads the form fields; number fields that do not parse become errors.
func innovatorFromForm(r *http.Request) (*seedbed.Innovator, seedbed.Errors) {
	f := r.PostForm
	in := &seedbed.Innovator{Name: f.Get("name"), Kind: f.Get("kind"), CreditCode: strings.ToUpper(strings.TrimSpace(f.Get("credit_code"))),
		Industry: f.Get("industry"), InnovationType: f.Get("innovation_type"), Driver: f.Get("driver"), Field: f.Get("field"),
		Region: f.Get("region"), Description: f.Get("description"), ContactName: f.Get("contact_name"),
		ContactPhone: f.Get("contact_phone"), ContactEmail: f.Get("contact_email")}
	var es seedbed.Errors
	if v := strings.TrimSpace(f.Get("employees")); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			es = append(es, seedbed.FieldError("employees", seedbed.Label{Zh: "从业人员应为整数", En: "employees must be a whole number"}))
		}
		in.Employees = &n
	}
	if v := strings.TrimSpace(f.Get("revenue")); v != "" {
		x, err := strconv.ParseFloat(v, 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			es = append(es, seedbed.FieldError("revenue", seedbed.Label{Zh: "营业收入应为数字（万元）", En: "revenue must be a number (10,000 yuan)"}))
		}
		in.Revenue = &x
	}
	if v := strings.TrimSpace(f.Get("founded_year")); v != "" {
		y, err := strconv.Atoi(v)
		if err != nil {
			es = append(es, seedbed.FieldError("founded_year", seedbed.Label{Zh: "成立年份应为整数", En: "founded year must be a whole number"}))
		}
		in.FoundedYear = y
	}
	for _, t := range strings.FieldsFunc(f.Get("path_tags"), func(r rune) bool { return r == ',' || r == '，' || r == ';' || r == '；' }) {
		in.PathTags = append(in.PathTags, strings.TrimSpace(t))
	}
	return in, es
}

func (s *Server) innovatorCreate(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	in, es := innovatorFromForm(r)
	title := i18n.T(c.Lang, "registry.new")
	fd := formData{In: in, Action: "/innovators", IsNew: true}
	if len(es) > 0 {
		return s.renderWithErrors(w, r, "innovator_form", title, fd, es)
	}
	if err := s.Registry.CreateInnovator(r.Context(), c.Actor, in); err != nil {
		return s.renderWithErrors(w, r, "innovator_form", title, fd, err)
	}
	return s.redirect(w, r, "/innovators/"+strconv.FormatInt(in.ID, 10), i18n.T(c.Lang, "registry.created", in.Name))
}

func (s *Server) innovatorUpdate(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	old, err := s.innovatorFor(r, c, seedbed.PermRegistryWrite)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	in, es := innovatorFromForm(r)
	in.ID = old.ID
	version, _ := strconv.Atoi(r.PostForm.Get("version"))
	title := i18n.T(c.Lang, "registry.edit")
	fd := formData{In: in, Action: "/innovators/" + strconv.FormatInt(in.ID, 10)}
	in.Version = version
	if len(es) > 0 {
		return s.renderWithErrors(w, r, "innovator_form", title, fd, es)
	}
	if err := s.Registry.UpdateInnovator(r.Context(), c.Actor, in, version); err != nil {
		return s.renderWithErrors(w, r, "innovator_form", title, fd, err)
	}
	return s.redirect(w, r, "/innovators/"+strconv.FormatInt(in.ID, 10), i18n.T(c.Lang, "registry.saved"))
}
