package csvfile

import (
	"encoding/csv"

	"strings"

	"seedbed"
)

// header is a file's header row mapped to columns.
type header struct {
	cols  []*column      // per file column; nil for an ignored or unnamed column
	names []string       // per file column, the header as written (trimmed)
	pos   map[string]int // field key -> 0-based file column
}

// parseHeader maps the header row to columns. Missing required columns, columns named twice
// and (unless ignoreUnknown) unknown columns are errors; all of them are reported at once.
func parseHeader(rec []string, cr *csv.Reader, ignoreUnknown bool) (*header, seedbed.Errors) {
	line, _ := cr.FieldPos(0)
	h := &header{cols: make([]*column, len(rec)), names: make([]string, len(rec)), pos: map[string]int{}}
	var errs seedbed.Errors
	var unknown []string
	for i, cell := range rec {
		name := strings.TrimSpace(strings.ReplaceAll(cell, "\ufeff", ""))
		h.names[i] = name
		if name == "" {
			continue
		}
		c := byHeader[headerKey(name)]
		if c == nil {
			if !ignoreUnknown {
				unknown = append(unknown, name)
				errs = append(errs, &seedbed.Error{Code: seedbed.EINVALID, Line: line, Column: i + 1, Field: name,
					Text: seedbed.Label{Zh: "未知的列“%s”", En: "unknown column %q"}, Args: []any{name}})
			}
			continue
		}
		if j, dup := h.pos[c.key]; dup {
			errs = append(errs, &seedbed.Error{Code: seedbed.EINVALID, Line: line, Column: i + 1, Field: name,
				Text: seedbed.Label{Zh: "列“%s”与第 %d 列“%s”重复", En: "column %q repeats column %d (%q)"}, Args: []any{name, j + 1, h.names[j]}})
			continue
		}
		h.cols[i] = c
		h.pos[c.key] = i
	}
	for _, key := range requiredColumns {
		if _, ok := h.pos[key]; !ok {
			c := byKey[key]
			errs = append(errs, &seedbed.Error{Code: seedbed.EINVALID, Line: line, Field: key,
				Text: seedbed.Label{Zh: "缺少必需的列“%s”（%s）", En: "missing required column %[2]q (%[1]s)"}, Args: []any{c.zh, c.en}})
		}
	}
	if len(unknown) > 0 {
		errs = append(errs, &seedbed.Error{Code: seedbed.EINVALID, Line: line,
			Text: seedbed.Label{Zh: "可用的列：%[1]s。如需忽略其他列，请选择“忽略未知列”", En: `known columns: %[2]s; choose "ignore unknown columns" to skip others`}, Args: []any{knownColumns("zh"), knownColumns("en")}})
	}
	return h, errs
}

// knownColumns lists the export headers in one language, for messages.
func knownColumns(lang string) string {
	names := make([]string, 0, len(columns))
	for _, c := range columns {
		if lang == "en" {
			names = append(names, c.en)
		} else {
			names = append(names, c.zh)
		}
	}
	sep := "、"
	if lang == "en" {
		sep = ", "
	}
	return strings.Join(names, sep)
}

// namedColumns is the number of columns up to and including the last one with a header: a row
// with fewer cells than that has left a column out.
func (h *header) namedColumns() int {
	for i := len(h.names) - 1; i >= 0; i-- {
		if h.names[i] != "" {
			return i + 1
		}
	}
	return 0
}
