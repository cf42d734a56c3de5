package web

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"

	"seedbed"
	"seedbed/evaluation"
	"seedbed/i18n"
	"seedbed/policy"
	"seedbed/selection"
)

// page is what every template receives: the request's language and actor, the page's title,
// flash message and errors, and the page's own data.
type page struct {
	Lang    string
	Title   string
	Actor   seedbed.Actor
	Flash   string
	Errors  seedbed.Errors
	Data    any
	Path    string
	Query   url.Values
	Nav     []navItem
	Version string
	Unread  int // the actor's unread messages, shown beside the inbox in the navigation
}

// T translates a message key in the page's language.
func (p *page) T(key string, args ...any) string { return i18n.T(p.Lang, key, args...) }

// Opt returns the label of a coded value from an option set name.
func (p *page) Opt(set, code string) string {
	if code == "" {
		return "—"
	}
	return optionSets[set].Label(code).In(p.Lang)
}

// Options lists an option set for a select element.
func (p *page) Options(set string) []option {
	var out []option
	for _, o := range optionSets[set] {
		out = append(out, option{Code: o.Code, Label: o.Label.In(p.Lang)})
	}
	return out
}

// Can reports whether the actor holds a permission (to show or hide links; access itself is
// decided by guard).
func (p *page) Can(perm string) bool { return seedbed.RoleCan(p.Actor.Role, seedbed.Permission(perm)) }

// LangURL is the current page's address in the other language.
func (p *page) LangURL(lang string) string {
	q := url.Values{}
	for k, v := range p.Query {
		q[k] = v
	}
	q.Set("lang", lang)
	return p.Path + "?" + q.Encode()
}

// Day writes a date the way people of the page's language write it: 2026年3月1日, 1 Mar 2026.
func (p *page) Day(t time.Time) string { return localDay(p.Lang, t) }

// localDay and localTime write a date, or a date and time, in China Standard Time in the
// layouts the catalogue gives for lang (forms.day_layout, forms.time_layout); "—" for none.
func localDay(lang string, t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.In(cst).Format(i18n.T(lang, "forms.day_layout"))
}

func localTime(lang string, t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.In(cst).Format(i18n.T(lang, "forms.time_layout"))
}

// ambiguousFields are field names that mean different things on different forms (the kind of an
// innovator, of a report, of a change; an organisation's summary and a panel's): their errors are shown without a label, which could be
// the wrong one, and say themselves what is wanted.
var ambiguousFields = map[string]bool{"kind": true, "period": true, "summary": true}

// FieldLabel names a form field as its form labels it, for the error summary: the catalogue's
// field.NAME, pf.NAME or login.NAME; for a field inside a list or a group ("stages[2].share",
// "scores.team_drive") the group's name. It returns "" rather than show a field's key.
func (p *page) FieldLabel(field string) string {
	if l := p.rowFieldLabel(field); l != "" {
		return l
	}
	if ambiguousFields[field] {
		return ""
	}
	for name := field; name != ""; {
		for _, prefix := range []string{"field.", "pf.", "login.", "programs."} {
			if i18n.Has(prefix+name) && !strings.Contains(i18n.T(i18n.Zh, prefix+name), "%") {
				return i18n.T(p.Lang, prefix+name)
			}
		}
		i := strings.LastIndexAny(name, ".[")
		if i < 0 {
			break
		}
		name = name[:i]
	}
	return ""
}

// FieldError returns the first error about a form field in the page's language, for inline
// messages.
func (p *page) FieldError(field string) string {
	for _, e := range p.Errors {
		if e.Field == field {
			return e.In(p.Lang)
		}
	}
	return ""
}

type option struct{ Code, Label string }

// selectArgs and textArgs carry a form control's data into the shared field templates.
type selectArgs struct {
	Page             *page
	Name, Set, Value string
}

type textArgs struct {
	Page              *page
	Name, Value, Kind string
}

// gateArgs is what the partial proposal_gate shows of a proposal that awaits a second person.
type gateArgs struct {
	Page *page
	Gate seedbed.ProposalGate
}

// optionSets names every coded field's allowed values for the templates' Opt and Options.
var optionSets = map[string]seedbed.OptionSet{
	"kind": seedbed.Kinds, "size": seedbed.SizeClasses, "type": seedbed.InnovationTypes, "driver": seedbed.Drivers,
	"field": seedbed.Fields, "industry": seedbed.Industries, "role": seedbed.Roles,
	"segment": policy.Segments, "selection": policy.Selections, "application": policy.Applications,
	"instrument": policy.InstrumentKinds, "unit": policy.Units,
	"program_state": seedbed.ProgramStates, "selection_mode": seedbed.SelectionModes, "app_state": seedbed.AppStates,
	"prog_outcome": seedbed.Outcomes, "assignment_state": seedbed.AssignmentStates, "panel_kind": seedbed.PanelKinds, "champion_rule": seedbed.ChampionRules, "award_status": seedbed.AwardStatuses,
	"tranche_state": seedbed.TrancheStates, "milestone_state": seedbed.MilestoneStates,
	"prog_eligibility": {{Code: seedbed.Eligible, Label: seedbed.Label{Zh: "符合条件", En: "Eligible"}},
		{Code: seedbed.Ineligible, Label: seedbed.Label{Zh: "不符合条件", En: "Not eligible"}},
		{Code: seedbed.Undecided, Label: seedbed.Label{Zh: "待人工核对", En: "To be checked by hand"}}},
	"audit_action":      seedbed.AuditActions,
	"exemption_outcome": seedbed.ExemptionOutcomes, "condition_status": seedbed.ConditionStatuses,
	"culture_grouping": seedbed.CultureGroupings, "culture_dimension": seedbed.CultureDimensions,
	"failure_category": seedbed.FailureCategories, "normalise_method": selection.NormaliseMethods,
	"reform_change":   policy.ReformChanges,
	"two_person_rule": seedbed.TwoPersonRuleSet, "approval_status": seedbed.ApprovalStatuses,
	"message_kind": seedbed.MessageKinds, "report_kind": seedbed.ReportKinds, "report_state": seedbed.ReportStates,
	"change_kind": seedbed.ChangeKinds, "change_state": seedbed.ChangeStates, "program_kind": seedbed.ProgramKinds,
	"rating": seedbed.Ratings, "termination_reason": append(append(seedbed.OptionSet{}, seedbed.FailureCategories...), seedbed.TerminationReasons...),
	"closeout_outcome": closeoutOutcomeKinds(),
}

// navItem is one entry of the main navigation.
type navItem struct {
	Key, Path string
	Perm      seedbed.Permission
	Active    bool
	Order     int
}

// navigation lists the main sections in display order.
var navigation = []navItem{
	{Key: "nav.home", Path: "/"},
	{Key: "nav.inbox", Path: "/inbox", Perm: seedbed.PermSelf},
	{Key: "nav.registry", Path: "/innovators", Perm: seedbed.PermRegistryRead},
	{Key: "nav.policies", Path: "/policies", Perm: seedbed.PermPolicyRead},
	{Key: "nav.programs", Path: "/programs", Perm: seedbed.PermProgramRead},
	{Key: "nav.applications", Path: "/applications", Perm: seedbed.PermApply},
	{Key: "nav.reviews", Path: "/reviews", Perm: seedbed.PermReview},
	{Key: "nav.awards", Path: "/awards", Perm: seedbed.PermProgramRead},
	{Key: "nav.monitoring", Path: "/monitoring", Perm: seedbed.PermMonitorRead},
	{Key: "nav.impact", Path: "/impact", Perm: seedbed.PermMonitorRead},
	{Key: "nav.approvals", Path: "/approvals", Perm: seedbed.PermProgramManage},
	{Key: "nav.ledger", Path: "/ledger", Perm: seedbed.PermLedgerRead},
	{Key: "nav.exemptions", Path: "/exemptions", Perm: seedbed.PermLedgerRead},
	{Key: "nav.lab", Path: "/lab", Perm: seedbed.PermLabUse},
	{Key: "nav.ecosystem", Path: "/ecosystem", Perm: seedbed.PermEcosystemRead},
	{Key: "nav.audit", Path: "/audit", Perm: seedbed.PermAuditRead},
	{Key: "nav.users", Path: "/users", Perm: seedbed.PermUsersManage},
}

// templateFuncs is every template function, dates written the Chinese way.
func templateFuncs() template.FuncMap { return templateFuncsFor(i18n.Zh) }

// templateFuncsFor is every template function: the shared ones below, each feature's own, and
// date, which writes a time in the layout the catalogue gives for lang (forms.time_layout).
func templateFuncsFor(lang string) template.FuncMap {
	all := template.FuncMap{"date": func(t time.Time) string { return localTime(lang, t) }}
	for _, fs := range []template.FuncMap{baseFuncs, policyFuncs, programFuncs, selectionFuncs, exemptionFuncs, failureFuncs, awardLifeFuncs, noticeFuncs, panelFuncs, pickerFuncs, riskFilingFuncs} {
		for name, f := range fs {
			if _, dup := all[name]; dup {
				panic("web: template function " + name + " defined twice")
			}
			all[name] = f
		}
	}
	return all
}

var baseFuncs = template.FuncMap{
	"deref": func(v any) string {
		switch x := v.(type) {
		case *int64:
			if x != nil {
				return strconv.FormatInt(*x, 10)
			}
		case *float64:
			if x != nil {
				return strconv.FormatFloat(*x, 'f', -1, 64)
			}
		}
		return ""
	},
	"join":        strings.Join,
	"pct":         func(f float64) string { return strconv.FormatFloat(100*f, 'f', -1, 64) + "%" },
	"tagLabel":    tagLabel,
	"eventKind":   func(k, lang string) string { return seedbed.EventKindLabel(k).In(lang) },
	"auditAction": func(a, lang string) string { return seedbed.AuditActionLabel(a).In(lang) },
	"auditEntity": func(e, lang string) string { return seedbed.AuditEntityLabel(e).In(lang) },
	// auditDetail writes an audit entry's detail: coded values as their labels, any other detail
	// as the raw record it is (a sample of the entry, in <samp>).
	"auditDetail": func(action, detail, lang string) template.HTML {
		l, ok := seedbed.AuditDetail(action, detail)
		if ok {
			return template.HTML(template.HTMLEscapeString(l.In(lang)))
		}
		if detail == "" {
			return ""
		}
		return template.HTML("<samp>" + template.HTMLEscapeString(detail) + "</samp>")
	},
	"hasPrefix": strings.HasPrefix,
	"list":      func(xs ...string) []string { return xs },
	"dict3": func(p *page, name, set, value string) selectArgs {
		return selectArgs{Page: p, Name: name, Set: set, Value: value}
	},
	"dict4": func(p *page, name, value, kind string) textArgs {
		return textArgs{Page: p, Name: name, Value: value, Kind: kind}
	},
	"gateArgs": func(p *page, g seedbed.ProposalGate) gateArgs { return gateArgs{Page: p, Gate: g} },
	"yearText": func(y int) string {
		if y == 0 {
			return ""
		}
		return strconv.Itoa(y)
	},
	"add": func(a, b int) int { return a + b },
	"pageURL": func(q url.Values, p int) string {
		v := url.Values{}
		for k, x := range q {
			v[k] = x
		}
		v.Set("page", strconv.Itoa(p))
		return "?" + v.Encode()
	},
}

// tagLabel shows a tag (a reviewer's expertise, a path tag) in the page's language: a field's
// code or label becomes the field's label; any other tag is the text people typed.
func tagLabel(tag, lang string) string {
	if code, ok := seedbed.Fields.Parse(tag); ok {
		return seedbed.Fields.Label(code).In(lang)
	}
	return tag
}

// cst is China Standard Time, used to show times.
var cst = time.FixedZone("CST", 8*3600)

// loadTemplates parses the layout with each page template, once for each language (the
// templates' date function writes that language's dates).
func (s *Server) loadTemplates() error {
	s.pages = map[string]*template.Template{}
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return err
	}
	for _, lang := range []string{i18n.Zh, i18n.En} {
		funcs := templateFuncsFor(lang)
		for _, n := range names {
			base := strings.TrimSuffix(path.Base(n), ".html")
			if base == "layout" || base == "partials" {
				continue
			}
			t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/partials.html", n)
			if err != nil {
				return fmt.Errorf("template %s: %w", n, err)
			}
			s.pages[lang+"/"+base] = t
		}
	}
	return nil
}

// render writes a page with status 200.
func (s *Server) render(w http.ResponseWriter, r *http.Request, name, title string, data any) error {
	s.renderStatus(w, r, http.StatusOK, name, title, data)
	return nil
}

// renderWithErrors re-renders a form page with its errors and status 400 (or the error's status).
func (s *Server) renderWithErrors(w http.ResponseWriter, r *http.Request, name, title string, data any, err error) error {
	es := asErrors(err)
	if es == nil {
		return err
	}
	p := s.newPage(r, title, data)
	p.Errors = es
	s.write(w, r, statusOf(seedbed.ErrorCode(err)), name, p)
	return nil
}

func (s *Server) renderStatus(w http.ResponseWriter, r *http.Request, status int, name, title string, data any) {
	s.write(w, r, status, name, s.newPage(r, title, data))
}

func (s *Server) newPage(r *http.Request, title string, data any) *page {
	c := ctxOf(r)
	p := &page{Lang: c.Lang, Title: title, Actor: c.Actor, Data: data, Path: r.URL.Path, Query: r.URL.Query(), Version: s.Version}
	p.Query.Del("lang")
	if c.Actor.Username != "" && s.Inbox != nil {
		// The count is a convenience: a failure to read it must not fail the page.
		p.Unread, _ = s.Inbox.Unread(r.Context(), c.Actor)
	}
	for _, n := range navigation {
		if n.Perm != "" && !seedbed.RoleCan(c.Actor.Role, n.Perm) {
			continue
		}
		if c.Actor.Role == "" && n.Path != "/" {
			continue
		}
		n.Active = n.Path == r.URL.Path || (n.Path != "/" && strings.HasPrefix(r.URL.Path, n.Path))
		p.Nav = append(p.Nav, n)
	}
	return p
}

func (s *Server) write(w http.ResponseWriter, r *http.Request, status int, name string, p *page) {
	t := s.pages[p.Lang+"/"+name]
	if t == nil {
		t = s.pages[i18n.Zh+"/"+name]
	}
	if t == nil {
		s.Log.Error("no template", "name", name)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	if f, err := r.Cookie("flash"); err == nil {
		if msg, err := url.QueryUnescape(f.Value); err == nil {
			p.Flash = msg
		}
		s.setCookie(w, "flash", "", -1)
	}
	if l := r.URL.Query().Get("lang"); l == i18n.Zh || l == i18n.En {
		s.setCookie(w, "lang", l, 365*24*3600)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout.html", p); err != nil {
		s.Log.Error("render", "template", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// redirect sends the browser on after a successful form post, with a flash message.
func (s *Server) redirect(w http.ResponseWriter, r *http.Request, to, flash string) error {
	if flash != "" {
		s.setCookie(w, "flash", url.QueryEscape(flash), 60)
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

// asErrors turns a user error into a list for the error summary, or nil for internal errors.
func asErrors(err error) seedbed.Errors {
	switch e := err.(type) {
	case seedbed.Errors:
		return e
	case *seedbed.Error:
		return seedbed.Errors{e}
	}
	var es seedbed.Errors
	var one *seedbed.Error
	if errors.As(err, &es) {
		return es
	}
	if errors.As(err, &one) {
		return seedbed.Errors{one}
	}
	return nil
}

// Read writes a figure's plain-language reading in the page's language, followed by the link
// to the methods page's section that says how the figure is computed.
func (p *page) Read(r evaluation.Reading) template.HTML {
	return readingHTML(p.Lang, r, true)
}

// ReadText writes a reading without the link, for a row of a table whose caption carries it.
func (p *page) ReadText(r evaluation.Reading) string { return i18n.T(p.Lang, r.Key, r.Args...) }

// HowComputed links to the methods page's section on topic.
func (p *page) HowComputed(topic string) template.HTML {
	return template.HTML(`<a class="how" href="/help#` + template.HTMLEscapeString(topic) + `">` +
		template.HTMLEscapeString(i18n.T(p.Lang, "link.how_computed")) + `</a>`)
}

// readingHTML is a reading as a hint span, with its "how is this computed" link when link is set.
func readingHTML(lang string, r evaluation.Reading, link bool) template.HTML {
	s := `<span class="hint reading">` + template.HTMLEscapeString(i18n.T(lang, r.Key, r.Args...))
	if link && r.Help != "" {
		s += ` <a class="how" href="/help#` + template.HTMLEscapeString(r.Help) + `">` +
			template.HTMLEscapeString(i18n.T(lang, "link.how_computed")) + `</a>`
	}
	return template.HTML(s + `</span>`)
}
