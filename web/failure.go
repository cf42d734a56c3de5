package web

import (
	"bytes"
	"context"
	"html/template"
	"net/http"
	"time"

	"seedbed"
	"seedbed/i18n"
)

// Honest failure: closing an award as failed (a category and a lesson, never misconduct), the
// list of failures, and the neutral context a later application shows.

// failureFuncs are the template functions of the failure pages.
var failureFuncs = template.FuncMap{"failureContext": renderFailureContext}

// failureRoutes lists the routes of failure.go.
func (s *Server) failureRoutes() []route {
	return []route{
		ui("GET", "/awards/{id}/fail", seedbed.PermProgramManage, s.failureForm),
		ui("POST", "/awards/{id}/fail", seedbed.PermProgramManage, s.failureSubmit),
		ui("GET", "/failures", seedbed.PermProgramRead, s.failureList),
		api("GET", "/api/v1/failures", seedbed.PermProgramRead, s.apiFailureList),
		api("GET", "/api/v1/awards/{id}/failure", seedbed.PermProgramRead, s.apiFailureGet),
		api("POST", "/api/v1/awards/{id}/failure", seedbed.PermProgramManage, s.apiFailureCreate),
	}
}

// PriorFailures returns the failures to show on an application submitted (or created) at
// before by the innovator: none when the server's FailureContext is hidden. A page that shows an application
// puts them in its data and renders them with {{failureContext $ .Data.PriorFailures}}.
func (s *Server) PriorFailures(ctx context.Context, innovatorID int64, before time.Time) []seedbed.Failure {
	if s.FailureContext == seedbed.FailureContextHidden || innovatorID == 0 {
		return nil
	}
	fs, err := s.Exemptions.PriorFailures(ctx, innovatorID, before)
	if err != nil {
		s.Log.Error("prior failures", "innovator", innovatorID, "err", err)
		return nil
	}
	return fs
}

// failureContextTmpl renders the neutral-context block; it is parsed from its own template
// file, so any page can embed it through the failureContext function.
var failureContextTmpl = template.Must(template.New("failure_context.html").ParseFS(templateFS, "templates/failure_context.html"))

type failureContextData struct {
	Page     *page
	Failures []seedbed.Failure
	Note     string
}

func renderFailureContext(p *page, fs []seedbed.Failure) template.HTML {
	if len(fs) == 0 {
		return ""
	}
	var b bytes.Buffer
	if err := failureContextTmpl.ExecuteTemplate(&b, "failure_context", failureContextData{Page: p, Failures: fs, Note: seedbed.FailureContextNote.In(p.Lang)}); err != nil {
		return ""
	}
	return template.HTML(b.String())
}

type failureFormData struct {
	A      *seedbed.Award
	Input  seedbed.FailureInput
	Failed bool
}

func (s *Server) failureForm(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	aw, _, err := s.awardFor(r, c)
	if err != nil {
		return err
	}
	return s.render(w, r, "failure_form", i18n.T(c.Lang, "failure.form.title", aw.ID), failureFormData{A: aw, Failed: aw.Status == seedbed.AwardFailed})
}

func (s *Server) failureSubmit(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	aw, _, err := s.awardFor(r, c)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	in := seedbed.FailureInput{Category: r.PostForm.Get("category"), Lesson: r.PostForm.Get("lesson")}
	if _, err := s.Exemptions.CloseAwardAsFailed(r.Context(), c.Actor, aw.ID, in); err != nil {
		return s.renderWithErrors(w, r, "failure_form", i18n.T(c.Lang, "failure.form.title", aw.ID), failureFormData{A: aw, Input: in}, err)
	}
	return s.redirect(w, r, "/failures#award-"+itoa(aw.ID), i18n.T(c.Lang, "failure.closed"))
}

// failureFilter reads the list's filters; an applicant sees only its own organisation's.
func failureFilter(r *http.Request, c *reqCtx) (seedbed.FailureFilter, int, error) {
	q := r.URL.Query()
	f := seedbed.FailureFilter{InnovatorIDs: seedbed.ScopeInnovators(c.Actor), Category: q.Get("category")}
	if f.Category != "" && !seedbed.FailureCategories.Has(f.Category) {
		return f, 0, seedbed.FieldError("category", seedbed.Label{Zh: "未知的失败类别 %q", En: "unknown failure category %q"}, f.Category)
	}
	for _, x := range []struct {
		name string
		dst  *int64
	}{{"program_id", &f.ProgramID}, {"innovator_id", nil}} {
		if q.Get(x.name) == "" {
			continue
		}
		n, err := queryUint(q, x.name, 0)
		if err != nil || n == 0 {
			return f, 0, seedbed.FieldError(x.name, seedbed.Label{Zh: "应为正整数编号", En: "must be a positive id"})
		}
		if x.dst != nil {
			*x.dst = int64(n)
		} else if f.InnovatorIDs == nil {
			f.InnovatorIDs = []int64{int64(n)}
		}
	}
	pg, off, lim, o, err := readListParams(q, seedbed.FailureSorts, 50, 500)
	if err != nil {
		return f, 0, err
	}
	f.Offset, f.Limit, f.Order = off, lim, o
	return f, pg, nil
}

type failureRow struct {
	seedbed.Failure
	CaseID      int64
	CaseOutcome string
}

type failureListData struct {
	listView
	Items    []failureRow
	Category string
}

func (s *Server) failureList(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	title := i18n.T(c.Lang, "failure.list.title")
	f, pg, err := failureFilter(r, c)
	if err != nil {
		return s.renderWithErrors(w, r, "failures", title, failureListData{}, err)
	}
	items, total, err := s.Exemptions.FindFailures(r.Context(), f)
	if err != nil {
		return err
	}
	d := failureListData{listView: newListView(pg, f.Limit, total, f.Order), Category: f.Category}
	for _, it := range items {
		row := failureRow{Failure: it}
		if cs, err := s.Exemptions.CaseOfAward(r.Context(), it.AwardID); err == nil {
			row.CaseID, row.CaseOutcome = cs.ID, cs.Outcome()
		}
		d.Items = append(d.Items, row)
	}
	return s.render(w, r, "failures", title, d)
}

func (s *Server) apiFailureList(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	f, pg, err := failureFilter(r, c)
	if err != nil {
		return err
	}
	items, total, err := s.Exemptions.FindFailures(r.Context(), f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, listPage[seedbed.Failure]{Total: total, Page: pg, Items: items})
	return nil
}

func (s *Server) apiFailureGet(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	aw, _, err := s.awardFor(r, c)
	if err != nil {
		return err
	}
	f, err := s.Exemptions.Failure(r.Context(), aw.ID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, f)
	return nil
}

func (s *Server) apiFailureCreate(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	aw, _, err := s.awardFor(r, c)
	if err != nil {
		return err
	}
	var in seedbed.FailureInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	f, err := s.Exemptions.CloseAwardAsFailed(r.Context(), c.Actor, aw.ID, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, f)
	return nil
}
