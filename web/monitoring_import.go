package web

import (
	"errors"
	"io"
	"mime"
	"net/http"

	"seedbed"
	"seedbed/csvfile"
	"seedbed/evaluation"
	"seedbed/i18n"
)

type observationImportData struct {
	Rows       seedbed.Errors
	Indicators []evaluation.Indicator
	Lang       string
}

func (d observationImportData) UnitOf(ind evaluation.Indicator) string {
	return evaluation.Units.Label(ind.Unit).In(d.Lang)
}

func (s *Server) observationImportPage(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	return s.render(w, r, "monitoring_import", i18n.T(c.Lang, "monitoring.import.title"),
		observationImportData{Indicators: evaluation.Catalogue[:], Lang: c.Lang})
}

// importObservations reads an observation CSV (UTF-8, or GBK/GB18030 as Excel saves it) and
// stores it, all or nothing. An applicant's file is its progress report: every row is stored
// with that source.
func (s *Server) importObservations(r *http.Request, c *reqCtx, body io.Reader) (int, error) {
	text, _, err := csvfile.DecodeText(body)
	if err != nil {
		return 0, importReadError(err)
	}
	obs, err := evaluation.ReadObservationsCSV(text)
	if err != nil {
		return 0, importReadError(err)
	}
	if len(obs) == 0 {
		return 0, seedbed.FieldError("file", seedbed.Label{Zh: "文件中没有数据行", En: "the file has no data rows"})
	}
	if c.Actor.Role == seedbed.RoleApplicant {
		for i := range obs {
			obs[i].Source = evaluation.SourceProgressReport
		}
	}
	return s.Monitoring.AddObservations(r.Context(), c.Actor, obs)
}

// importReadError keeps user errors and size limits, and turns other read failures into a
// user error (the upload broke off, or is not text).
func importReadError(err error) error {
	var maxErr *http.MaxBytesError
	if errors.As(err, &maxErr) || asErrors(err) != nil {
		return err
	}
	return seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "无法读取文件：%v", En: "cannot read the file: %v"}, err)
}

func (s *Server) observationImportUpload(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxImportBody)
	title := i18n.T(c.Lang, "monitoring.import.title")
	d := observationImportData{Indicators: evaluation.Catalogue[:], Lang: c.Lang}
	file, _, err := r.FormFile("file")
	if err != nil {
		var maxErr *http.MaxBytesError
		if errors.As(err, &maxErr) {
			return err
		}
		return s.renderWithErrors(w, r, "monitoring_import", title, d, seedbed.FieldError("file", "%s", i18n.T(c.Lang, "import.no_file")))
	}
	defer file.Close()
	n, err := s.importObservations(r, c, file)
	if err != nil {
		es := asErrors(err)
		if es == nil {
			return err
		}
		d.Rows = es
		p := s.newPage(r, title, d)
		s.write(w, r, statusOf(seedbed.ErrorCode(err)), "monitoring_import", p)
		return nil
	}
	return s.redirect(w, r, "/monitoring/import", i18n.T(c.Lang, "monitoring.import.done", n))
}

// apiObservationsImport takes a CSV body (Content-Type: text/csv) and answers 201 only when every
// row was stored.
func (s *Server) apiObservationsImport(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "text/csv" && mt != "application/csv" {
		return seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "Content-Type 应为 text/csv", En: "Content-Type must be text/csv"})
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxImportBody)
	n, err := s.importObservations(r, c, r.Body)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, map[string]int{"stored": n})
	return nil
}
