package web

import (
	"net/http"
	"strconv"

	"seedbed"
	"seedbed/i18n"
)

// programRubricRoutes lists the routes of program_rubric.go: the rubric of a draft program,
// edited as rows of criteria. Once the program is published its rubric is one of the terms
// announced and the use case refuses a change (409), so the page shows it read only.
func (s *Server) programRubricRoutes() []route {
	return []route{
		ui("GET", "/programs/{id}/rubric", seedbed.PermProgramManage, s.rubricEdit),
		ui("POST", "/programs/{id}/rubric", seedbed.PermProgramManage, s.rubricSave),
	}
}

type rubricFormData struct {
	P        *seedbed.Program
	Rows     []rubricRow
	Version  int
	Editable bool
}

func (s *Server) rubricEdit(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	p, err := s.programFor(r, c)
	if err != nil {
		return err
	}
	d := rubricFormData{P: p, Rows: rubricRows(p.Rubric), Version: p.Version, Editable: p.CheckEditable() == nil}
	return s.renderRubric(w, r, c, d, nil)
}

// renderRubric shows the rubric form with one blank criterion to fill in, and errs when set.
func (s *Server) renderRubric(w http.ResponseWriter, r *http.Request, c *reqCtx, d rubricFormData, errs error) error {
	if d.Editable {
		d.Rows = append(d.Rows, rubricRow{Min: "1", Max: "5", Weight: "1"})
	}
	title := i18n.T(c.Lang, "rubric.title") + " · " + d.P.Title
	if errs != nil {
		return s.renderWithErrors(w, r, "program_rubric", title, d, errs)
	}
	return s.render(w, r, "program_rubric", title, d)
}

// rubricSave replaces the rubric of a draft program through the program's own update, so that
// the same rules, version check, ledger record and audit apply as to any change of its terms.
func (s *Server) rubricSave(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	p, err := s.programFor(r, c)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	version, _ := strconv.Atoi(r.PostForm.Get("version"))
	cs, rows, es := rubricFromForm(r)
	d := rubricFormData{P: p, Rows: rows, Version: version, Editable: true}
	if addRequested(r, rubricGroup) {
		d.Rows = append(d.Rows, rubricRow{Min: "1", Max: "5", Weight: "1"})
		return s.renderRubric(w, r, c, d, nil)
	}
	if len(es) > 0 {
		return s.renderRubric(w, r, c, d, es)
	}
	if len(cs) == 0 {
		return s.renderRubric(w, r, c, d, seedbed.FieldError(rubricGroup, seedbed.Label{Zh: "评分表至少需要一个评分项", En: "a rubric needs at least one criterion"}))
	}
	np := *p
	np.Rubric = cs
	if err := s.Programs.UpdateProgram(r.Context(), c.Actor, &np, version); err != nil {
		if seedbed.ErrorCode(err) == seedbed.ECONFLICT {
			d.Editable = p.CheckEditable() == nil
		}
		return s.renderRubric(w, r, c, d, err)
	}
	return s.redirect(w, r, "/programs/"+itoa(p.ID)+"#rubric", i18n.T(c.Lang, "rubric.saved"))
}
