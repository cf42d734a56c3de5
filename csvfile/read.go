package csvfile

import (
	"bufio"
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"seedbed"
)

// Defaults of ReadOptions.
const (
	DefaultMaxRows   = 1_000_000
	DefaultMaxErrors = 1000
)

// progressEvery is how many rows pass between calls of ReadOptions.Progress.
const progressEvery = 2048

// ReadOptions tunes ReadInnovators.
type ReadOptions struct {
	// IgnoreUnknown skips columns the reader does not know instead of refusing the file.
	IgnoreUnknown bool
	// MaxRows refuses files with more data rows (0 means DefaultMaxRows).
	MaxRows int
	// MaxErrors caps the errors listed; the rest are counted in a last entry (0 means
	// DefaultMaxErrors, negative means no cap).
	MaxErrors int
	// Size is the input's length in bytes, passed to Progress; when 0 it is taken from the
	// reader's Len or Size method if it has one, else reported as -1.
	Size int64
	// Progress, if set, is called every few thousand rows and once at the end with the rows
	// read so far and the bytes consumed from the input, for a progress bar.
	Progress func(rowsDone int, bytesRead, totalBytes int64)
}

// ReadInnovators reads a CSV file of innovators. It returns every row, normalised and
// validated, or nothing: problems with the file are a seedbed.Errors listing each bad cell with
// its physical line (the header is line 1), its 1-based column and the header as written; any
// other error comes from reading r.
func ReadInnovators(r io.Reader, opts ReadOptions) ([]seedbed.Innovator, error) {
	if opts.MaxRows <= 0 {
		opts.MaxRows = DefaultMaxRows
	}
	if opts.MaxErrors == 0 {
		opts.MaxErrors = DefaultMaxErrors
	}
	total := opts.Size
	if total <= 0 {
		total = inputSize(r)
	}
	counter := &countingReader{r: r}
	text, enc, err := decodeInput(counter)
	if err != nil {
		return nil, err
	}
	br := bufio.NewReaderSize(text, 64<<10)
	cr := csv.NewReader(br)
	cr.Comma = sniffComma(br)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true

	rec, err := cr.Read()
	if err == io.EOF {
		return nil, seedbed.Errors{{Code: seedbed.EINVALID, Text: seedbed.Label{Zh: "文件为空，至少要有表头行", En: "the file is empty; it needs at least a header row"}}}
	}
	if err != nil {
		return nil, readError(err, enc)
	}
	hdr, herrs := parseHeader(rec, cr, opts.IgnoreUnknown)
	if n := len(herrs) - opts.MaxErrors; opts.MaxErrors > 0 && n > 0 {
		herrs = append(herrs[:opts.MaxErrors:opts.MaxErrors], &seedbed.Error{Code: seedbed.EINVALID,
			Text: seedbed.Label{Zh: "另有 %d 个错误未列出", En: "%d more errors not listed"}, Args: []any{n}})
	}
	if len(herrs) > 0 {
		return nil, herrs
	}

	rd := rowReader{hdr: hdr, cr: cr, maxErrors: opts.MaxErrors, enc: enc,
		codes: map[string]int{}, ids: map[int64]int{}}
	// Rows are collected in chunks and joined at the end: one copy, instead of the many a
	// growing slice of 300-byte structs makes.
	var chunks [][]seedbed.Innovator
	chunk := make([]seedbed.Innovator, 0, 1024)
	rows := 0
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				return nil, readError(err, enc)
			}
			rd.add(&seedbed.Error{Code: seedbed.EINVALID, Line: pe.Line,
				Text: seedbed.Label{Zh: "CSV 格式错误（该行第 %[1]d 个字节附近）：%[2]s", En: "malformed CSV near byte %[1]d of the line: %[3]v"}, Args: []any{pe.Column, csvErrorZh(pe.Err), pe.Err}})
			continue
		}
		if blank(rec) {
			continue
		}
		rows++
		if rows > opts.MaxRows {
			line, _ := cr.FieldPos(0)
			return nil, seedbed.Errors{{Code: seedbed.ETOOLARGE, Line: line,
				Text: seedbed.Label{Zh: "文件超过 %d 行数据，请拆分后分批导入", En: "more than %d data rows; split the file"}, Args: []any{opts.MaxRows}}}
		}
		in, ok := rd.row(rec)
		if ok && rd.total == 0 {
			if len(chunk) == cap(chunk) {
				chunks = append(chunks, chunk)
				chunk = make([]seedbed.Innovator, 0, min(2*cap(chunk), 64<<10))
			}
			chunk = append(chunk, in)
		}
		if opts.Progress != nil && rows%progressEvery == 0 {
			opts.Progress(rows, counter.n, total)
		}
	}
	if opts.Progress != nil {
		opts.Progress(rows, counter.n, total)
	}
	if rd.total > 0 {
		return nil, rd.result()
	}
	if len(chunks) == 0 {
		return chunk, nil
	}
	return slices.Concat(append(chunks, chunk)...), nil
}

// rowReader turns records into innovators and collects the errors of every row.
type rowReader struct {
	hdr       *header
	cr        *csv.Reader
	enc       string
	maxErrors int
	errs      seedbed.Errors
	total     int            // errors found, listed or not
	cells     int            // cells in the current record
	codes     map[string]int // credit code -> line of its first row
	ids       map[int64]int  // id -> line of its first row
}

// row parses, normalises and validates one record; ok is false when it had errors.
func (rd *rowReader) row(rec []string) (in seedbed.Innovator, ok bool) {
	before := rd.total
	rd.cells = len(rec)
	if named := rd.hdr.namedColumns(); len(rec) < named {
		rd.cellError(len(rec)-1, "", seedbed.Label{Zh: "此行只有 %d 个单元格，表头有 %d 列：缺少的列请留空而不要省略（用逗号占位）", En: "this row has %d cells but the header has %d columns; leave missing cells empty instead of leaving them out"}, len(rec), named)
	}
	var bad uint64 // columns (by c.bit) whose cell already has an error
	for i, cell := range rec {
		if i >= len(rd.hdr.cols) {
			if strings.TrimSpace(cell) != "" {
				rd.cellError(i, "", seedbed.Label{Zh: "此单元格超出表头范围（表头只有 %d 列）", En: "this cell is beyond the header's %d columns"}, len(rd.hdr.cols))
			}
			continue
		}
		c := rd.hdr.cols[i]
		if c == nil {
			if rd.hdr.names[i] == "" && strings.TrimSpace(cell) != "" {
				rd.cellError(i, "", seedbed.Label{Zh: "此列没有表头", En: "this column has no header"})
			}
			continue
		}
		if c.derived {
			continue
		}
		if !utf8.ValidString(cell) || strings.ContainsRune(cell, utf8.RuneError) {
			rd.cellError(i, rd.hdr.names[i], seedbed.Label{Zh: "含有无法识别的字符，文件编码（%s）可能有误", En: "contains undecodable characters; the file's encoding (%s) may be wrong"}, rd.enc)
			bad |= c.bit()
			continue
		}
		if e := seedbed.CheckText("", cell); e != nil {
			rd.cellError(i, rd.hdr.names[i], seedbed.Same("%s"), e)
			bad |= c.bit()
			continue
		}
		v := strings.TrimSpace(unescapeCell(cell))
		if v == "" {
			continue
		}
		if c.options != nil {
			code, err := c.parseCode(v)
			if err != nil {
				rd.cellError(i, rd.hdr.names[i], seedbed.Same("%s"), err)
				bad |= c.bit()
				continue
			}
			v = code
		}
		if err := c.set(&in, v); err != nil {
			rd.cellError(i, rd.hdr.names[i], seedbed.Same("%s"), err)
			bad |= c.bit()
		}
	}
	in.Normalize()
	if err := in.Validate(); err != nil {
		var es seedbed.Errors
		if !errors.As(err, &es) {
			es = seedbed.Errors{{Code: seedbed.EINVALID, Text: seedbed.Same("%v"), Args: []any{err}}}
		}
		for _, e := range es {
			if c := byKey[e.Field]; c != nil && bad&c.bit() != 0 {
				continue // already reported while parsing the cell
			}
			rd.fieldError(e.Field, seedbed.Same("%s"), e)
		}
	}
	if in.CreditCode != "" {
		line := rd.fieldLine("credit_code")
		if first, dup := rd.codes[in.CreditCode]; dup {
			rd.fieldError("credit_code", seedbed.Label{Zh: "统一社会信用代码 %s 与第 %d 行重复", En: "credit code %s repeats line %d"}, in.CreditCode, first)
		} else {
			rd.codes[in.CreditCode] = line
		}
	}
	if in.ID != 0 {
		line := rd.fieldLine("id")
		if first, dup := rd.ids[in.ID]; dup {
			rd.fieldError("id", seedbed.Label{Zh: "编号 %d 与第 %d 行重复", En: "id %d repeats line %d"}, in.ID, first)
		} else {
			rd.ids[in.ID] = line
		}
	}
	return in, rd.total == before
}

// cellError records an error about the cell in column i (0-based) of the current record.
func (rd *rowReader) cellError(i int, field string, format seedbed.Label, args ...any) {
	line := rd.line(i)
	rd.add(&seedbed.Error{Code: seedbed.EINVALID, Field: field, Line: line, Column: i + 1, Text: format, Args: args})
}

// fieldError records an error about an Innovator field: at its column when the file has one,
// else at the start of the record, naming the field.
func (rd *rowReader) fieldError(key string, format seedbed.Label, args ...any) {
	if i, ok := rd.hdr.pos[key]; ok {
		rd.cellError(i, rd.hdr.names[i], format, args...)
		return
	}
	rd.add(&seedbed.Error{Code: seedbed.EINVALID, Field: key, Line: rd.line(0), Text: format, Args: args})
}

// fieldLine returns the line of the field's cell in the current record.
func (rd *rowReader) fieldLine(key string) int {
	return rd.line(rd.hdr.pos[key])
}

// line returns the line of cell i (0-based) of the current record; a cell missing from a
// short record is placed on the record's last line.
func (rd *rowReader) line(i int) int {
	line, _ := rd.cr.FieldPos(min(i, rd.cells-1))
	return line
}

// add records an error, keeping at most maxErrors of them.
func (rd *rowReader) add(e *seedbed.Error) {
	rd.total++
	if rd.maxErrors < 0 || len(rd.errs) < rd.maxErrors {
		rd.errs = append(rd.errs, e)
	}
}

// result returns the listed errors in file order, with a last entry counting the unlisted.
func (rd *rowReader) result() seedbed.Errors {
	slices.SortStableFunc(rd.errs, func(a, b *seedbed.Error) int {
		return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column))
	})
	if n := rd.total - len(rd.errs); n > 0 {
		rd.errs = append(rd.errs, &seedbed.Error{Code: seedbed.EINVALID,
			Text: seedbed.Label{Zh: "另有 %d 个错误未列出", En: "%d more errors not listed"}, Args: []any{n}})
	}
	return rd.errs
}

// blank reports whether every cell of the record is empty or spaces (a row Excel left behind).
func blank(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// readError classifies an error from the CSV reader: parse errors are the user's, anything
// else comes from the input.
func readError(err error, enc string) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return seedbed.Errors{{Code: seedbed.EINVALID, Line: pe.Line,
			Text: seedbed.Label{Zh: "CSV 格式错误：%[1]s", En: "malformed CSV: %[2]v"}, Args: []any{csvErrorZh(pe.Err), pe.Err}}}
	}
	return fmt.Errorf("csvfile: reading %s input: %w", enc, err)
}

// csvErrorZh translates encoding/csv's parse errors.
func csvErrorZh(err error) string {
	switch {
	case errors.Is(err, csv.ErrBareQuote):
		return "未加引号的单元格中出现了引号"
	case errors.Is(err, csv.ErrQuote):
		return "引号不成对"
	}
	return "无法解析"
}

// unescapeCell removes the apostrophe that guards a cell against formula injection (see the
// package documentation).
func unescapeCell(s string) string {
	if len(s) >= 2 && s[0] == '\'' && strings.IndexByte(formulaLead, s[1]) >= 0 {
		return s[1:]
	}
	return s
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// inputSize returns the length of readers that know it (bytes.Reader, strings.Reader), or -1.
func inputSize(r io.Reader) int64 {
	switch v := r.(type) {
	case interface{ Len() int }:
		return int64(v.Len())
	case interface{ Size() int64 }:
		return v.Size()
	}
	return -1
}
