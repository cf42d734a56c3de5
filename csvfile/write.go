package csvfile

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"strings"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"

	"seedbed"
)

// WriteOptions tunes the CSV that Writer produces. The zero value writes UTF-8 with a
// byte-order mark (so that Excel opens it correctly), Chinese headers and codes.
type WriteOptions struct {
	// Encoding is "" or "utf-8" (the default), or "gb18030" for older Excel versions ("gbk" is
	// accepted and also writes GB18030, a superset of GBK).
	Encoding string
	// NoBOM leaves out the UTF-8 byte-order mark.
	NoBOM bool
	// Lang "en" writes English headers (and English labels with Labels); anything else Chinese.
	Lang string
	// Labels writes coded values as labels (企业) instead of codes (enterprise); both read back.
	Labels bool
	// ExcelSafe guards cells against formula injection with a leading apostrophe and writes long
	// digit strings (credit codes, phone numbers) after a tab so that Excel keeps them as text.
	// Both read back unchanged.
	ExcelSafe bool
}

// formulaLead are the first characters that make a spreadsheet run a cell as a formula, and the
// apostrophe that escapes them; see the package documentation.
const formulaLead = "=+-@\t\r'"

// flushAt is the buffered size at which the writer passes output on.
const flushAt = 64 << 10

// Writer writes innovators as CSV rows, header first.
type Writer struct {
	w       io.Writer
	opts    WriteOptions
	buf     bytes.Buffer
	cw      *csv.Writer
	enc     *encoding.Encoder // nil for UTF-8
	rec     []string
	started bool
	err     error
}

// NewWriter returns a Writer to w; an unknown opts.Encoding is reported by the first Write or
// Flush.
func NewWriter(w io.Writer, opts WriteOptions) *Writer {
	wr := &Writer{w: w, opts: opts, rec: make([]string, len(columns))}
	wr.cw = csv.NewWriter(&wr.buf)
	switch strings.ToLower(strings.ReplaceAll(opts.Encoding, "-", "")) {
	case "", "utf8":
	case "gb18030", "gbk":
		wr.enc = simplifiedchinese.GB18030.NewEncoder()
	default:
		wr.err = seedbed.FieldError("encoding", seedbed.Label{Zh: "不支持的编码 %q，可选 utf-8、gb18030", En: "unsupported encoding %q, want utf-8 or gb18030"}, opts.Encoding)
	}
	return wr
}

// Write writes one innovator, after the header if this is the first row. An innovator that
// CSV cannot carry unchanged (a path tag containing a tag separator) is an invalid-input
// error and nothing of it is written.
func (w *Writer) Write(in *seedbed.Innovator) error {
	if w.err != nil {
		return w.err
	}
	if err := checkWritable(in); err != nil {
		return err
	}
	w.start()
	for i, c := range columns {
		w.rec[i] = w.cell(c, in)
	}
	if err := w.cw.Write(w.rec); err != nil {
		w.err = err
		return err
	}
	if w.buf.Len() >= flushAt {
		return w.drain()
	}
	return nil
}

// Flush writes the header if no row was written, and passes all buffered output to the
// underlying writer.
func (w *Writer) Flush() error {
	if w.err != nil {
		return w.err
	}
	w.start()
	return w.drain()
}

// WriteInnovators writes ins as a CSV file to w. It checks every innovator first, so that an
// innovator CSV cannot carry leaves w untouched.
func WriteInnovators(w io.Writer, ins []seedbed.Innovator, opts WriteOptions) error {
	for i := range ins {
		if err := checkWritable(&ins[i]); err != nil {
			return err
		}
	}
	cw := NewWriter(w, opts)
	for i := range ins {
		if err := cw.Write(&ins[i]); err != nil {
			return err
		}
	}
	return cw.Flush()
}

// start writes the byte-order mark and the header once.
func (w *Writer) start() {
	if w.started {
		return
	}
	w.started = true
	if w.enc == nil && !w.opts.NoBOM {
		w.buf.Write(bomUTF8)
	}
	for i, c := range columns {
		w.rec[i] = c.zh
		if w.opts.Lang == "en" {
			w.rec[i] = c.en
		}
	}
	if err := w.cw.Write(w.rec); err != nil {
		w.err = err
	}
}

// cell returns the text of column c for in, escaped.
func (w *Writer) cell(c *column, in *seedbed.Innovator) string {
	v := c.get(in)
	if c.options != nil && w.opts.Labels && v != "" {
		v = c.options.Label(v).In(w.opts.Lang)
	}
	v = escapeCell(v, w.opts.ExcelSafe)
	if w.opts.ExcelSafe && (c.key == "credit_code" || c.key == "contact_phone") && longDigits(v) {
		v = "\t" + v // Excel would show 18 digits as 9.14403E+17 and lose the last three
	}
	return v
}

// drain flushes the CSV writer and passes the buffer on, encoded. The buffer holds whole
// records, so a character is never cut between two encoder calls.
func (w *Writer) drain() error {
	w.cw.Flush()
	if err := w.cw.Error(); err != nil {
		w.err = err
		return err
	}
	out := w.buf.Bytes()
	if w.enc != nil {
		var err error
		if out, err = w.enc.Bytes(out); err != nil {
			w.err = fmt.Errorf("csvfile: encoding GB18030: %w", err)
			return w.err
		}
	}
	w.buf.Reset()
	if _, err := w.w.Write(out); err != nil {
		w.err = err
		return err
	}
	return nil
}

// checkWritable reports what of in a CSV file cannot carry unchanged.
func checkWritable(in *seedbed.Innovator) error {
	for _, t := range in.PathTags {
		if strings.ContainsAny(t, tagSeparators) {
			return seedbed.FieldError("path_tags", seedbed.Label{Zh: "“%s”的技术路径标签“%s”含有分隔符（; ； | ｜），无法写入 CSV", En: "path tag %[2]q of %[1]q contains a tag separator (; ； | ｜) and cannot be written to CSV"}, in.Name, t)
		}
	}
	return nil
}

// escapeCell puts an apostrophe before a cell that a spreadsheet would run as a formula (when
// excelSafe) and before a cell that already starts with such an apostrophe, so that
// unescapeCell undoes exactly what escapeCell did.
func escapeCell(s string, excelSafe bool) string {
	switch {
	case s == "":
		return s
	case excelSafe && strings.IndexByte(formulaLead[:len(formulaLead)-1], s[0]) >= 0:
		return "'" + s
	case len(s) >= 2 && s[0] == '\'' && strings.IndexByte(formulaLead, s[1]) >= 0:
		return "'" + s
	}
	return s
}

// longDigits reports whether s is eleven or more ASCII digits, which Excel turns into a number.
func longDigits(s string) bool {
	if len(s) < 11 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
