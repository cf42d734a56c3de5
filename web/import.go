package web

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"seedbed"
	"seedbed/csvfile"
	"seedbed/i18n"
)

type importData struct {
	Rows seedbed.Errors
}

func (s *Server) importPage(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	return s.render(w, r, "import", i18n.T(c.Lang, "import.title"), importData{})
}

// importUpload takes a CSV file from the form. All or nothing: a bad row shows every bad row
// with line, column and reason, and writes nothing.
func (s *Server) importUpload(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxImportBody)
	title := i18n.T(c.Lang, "import.title")
	file, hdr, err := r.FormFile("file")
	if err != nil {
		var maxErr *http.MaxBytesError
		if errors.As(err, &maxErr) {
			return err
		}
		return s.renderWithErrors(w, r, "import", title, importData{}, seedbed.FieldError("file", "%s", i18n.T(c.Lang, "import.no_file")))
	}
	defer file.Close()
	n, err := s.importCSV(r, c, file, hdr.Size)
	if err != nil {
		es := asErrors(err)
		if es == nil {
			return err
		}
		p := s.newPage(r, title, importData{Rows: es})
		s.write(w, r, statusOf(seedbed.ErrorCode(err)), "import", p)
		return nil
	}
	return s.redirect(w, r, "/innovators", i18n.T(c.Lang, "import.done", n))
}

// importCSV parses and stores a CSV upload.
func (s *Server) importCSV(r *http.Request, c *reqCtx, body io.Reader, size int64) (int, error) {
	ins, err := csvfile.ReadInnovators(body, csvfile.ReadOptions{Size: size})
	if err != nil {
		var maxErr *http.MaxBytesError
		if errors.As(err, &maxErr) || asErrors(err) != nil {
			return 0, err
		}
		return 0, seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "无法读取文件：%v", En: "cannot read the file: %v"}, err)
	}
	if len(ins) == 0 {
		return 0, seedbed.FieldError("file", seedbed.Label{Zh: "文件中没有数据行", En: "the file has no data rows"})
	}
	return s.Registry.ImportInnovators(r.Context(), c.Actor, ins, nil)
}

// apiImport takes a CSV body (Content-Type: text/csv) and answers 200 only when every row was
// imported.
func (s *Server) apiImport(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "text/csv" && mt != "application/csv" {
		return seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "Content-Type 应为 text/csv", En: "Content-Type must be text/csv"})
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxImportBody)
	n, err := s.importCSV(r, c, r.Body, r.ContentLength)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]int{"imported": n})
	return nil
}

// exportCSV streams the registry as CSV (UTF-8 with BOM by default, or GB18030 for older Excel).
func (s *Server) exportCSV(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	q := r.URL.Query()
	opts := csvfile.WriteOptions{ExcelSafe: true}
	switch enc := strings.ToLower(q.Get("encoding")); enc {
	case "", "utf-8", "utf8":
	case "gb18030", "gbk":
		opts.Encoding = "gb18030"
	default:
		return seedbed.FieldError("encoding", seedbed.Label{Zh: "不支持的编码 %q（可选 utf-8、gb18030）", En: "unsupported encoding %q (utf-8 or gb18030)"}, enc)
	}
	if q.Get("headers") == "en" {
		opts.Lang = "en"
	}
	// Under Chinese headers the coded values are written in Chinese too (企业, not enterprise);
	// the import reads labels and codes alike, so the file comes back unchanged.
	opts.Labels = opts.Lang != "en"
	w.Header().Set("Content-Type", "text/csv; charset="+map[bool]string{true: "gb18030", false: "utf-8"}[opts.Encoding == "gb18030"])
	w.Header().Set("Content-Disposition", `attachment; filename="innovators.csv"`)
	cw := csvfile.NewWriter(w, opts)
	if err := s.Registry.EachInnovator(r.Context(), func(in *seedbed.Innovator) error { return cw.Write(in) }); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if err := cw.Flush(); err != nil {
		return err
	}
	return s.Audit.Record(r.Context(), seedbed.AuditEntry{Actor: c.Actor.Username, Role: c.Actor.Role, Action: "innovator.export",
		Entity: "innovator", Detail: "full registry including contact details (personal data)", IP: c.IP})
}
