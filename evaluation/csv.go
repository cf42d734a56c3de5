package evaluation

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"seedbed"
)

// Limits on an observation CSV file.
const (
	MaxCSVRows   = 500000 // data rows; a larger file is refused as too large
	MaxCSVErrors = 1000   // errors reported before the reader stops listing them
)

// CSV columns, by their English header.
const (
	colInnovator = "innovator_id"
	colIndicator = "indicator"
	colPeriod    = "period"
	colValue     = "value"
	colUnit      = "unit"
	colSource    = "source"
)

// csvHeaders maps every accepted header, lower-cased, to its column.
var csvHeaders = map[string]string{
	"主体id": colInnovator, "innovator_id": colInnovator, "innovator id": colInnovator,
	"指标": colIndicator, "indicator": colIndicator,
	"期间": colPeriod, "period": colPeriod,
	"数值": colValue, "value": colValue,
	"单位": colUnit, "unit": colUnit,
	"来源": colSource, "source": colSource,
}

// ReadObservationsCSV reads observations from a CSV file: UTF-8 with or without a byte-order
// mark, a header row in Chinese or English (主体ID/innovator_id, 指标/indicator, 期间/period,
// 数值/value, and optionally 单位/unit and 来源/source), one observation per row. Rows whose
// cells are all empty are skipped. Indicators, units and sources may be written as codes or
// labels; an empty unit means the indicator's catalogue unit, an empty source means "import_csv".
//
// It is all or nothing: it returns either every row, normalised, or a seedbed.Errors listing
// every row it could not read with its physical line, 1-based column and header as written.
// It does not check the rules that need the clock or the whole batch; use
// ImportObservationsCSV for reading and validating in one step.
func ReadObservationsCSV(r io.Reader) ([]Observation, error) {
	obs, es, err := readObservationsCSV(r)
	if err != nil {
		return nil, err
	}
	if len(es) > 0 {
		return nil, capErrors(es)
	}
	return obs, nil
}

// ImportObservationsCSV reads a CSV file as ReadObservationsCSV does and validates the rows as
// ValidateObservations does, reporting the problems of both steps together, in line order.
// It returns every observation or none.
func ImportObservationsCSV(r io.Reader, now time.Time) ([]Observation, error) {
	obs, es, err := readObservationsCSV(r)
	if err != nil {
		return nil, err
	}
	es = append(es, ValidateObservations(obs, now)...)
	if len(es) > 0 {
		sort.SliceStable(es, func(a, b int) bool { return es[a].Line < es[b].Line })
		return nil, capErrors(es)
	}
	return obs, nil
}

// capErrors keeps the first MaxCSVErrors errors and says how many more there were.
func capErrors(es seedbed.Errors) seedbed.Errors {
	if len(es) <= MaxCSVErrors {
		return es
	}
	more := len(es) - MaxCSVErrors
	es = es[:MaxCSVErrors:MaxCSVErrors]
	return append(es, seedbed.Errorf(seedbed.EINVALID, seedbed.Label{Zh: "还有 %d 个错误未列出", En: "%d more errors not listed"}, more))
}

// readObservationsCSV returns the rows it could read, the errors of the rows it could not, and
// a non-nil error when the file as a whole cannot be used (I/O, bad header, too large).
func readObservationsCSV(r io.Reader) ([]Observation, seedbed.Errors, error) {
	br := bufio.NewReader(r)
	if b, err := br.Peek(3); err == nil && string(b) == "\uFEFF" {
		_, _ = br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, nil, seedbed.Errors{{Code: seedbed.EINVALID, Line: 1, Text: seedbed.Label{Zh: "文件为空，缺少表头", En: "the file is empty: no header row"}}}
	}
	if err != nil {
		return nil, nil, csvFileError(err)
	}
	cols, herrs := mapHeader(header)
	if len(herrs) > 0 {
		return nil, nil, herrs
	}
	var (
		obs  []Observation
		es   seedbed.Errors
		rows int
	)
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				return nil, nil, fmt.Errorf("read observations: %w", err)
			}
			es = append(es, &seedbed.Error{Code: seedbed.EINVALID, Line: pe.Line,
				Text: seedbed.Label{Zh: "CSV 格式错误：%v", En: "malformed CSV: %v"}, Args: []any{pe.Err}})
		} else if !blankRecord(rec) {
			rows++
			if rows > MaxCSVRows {
				return nil, nil, seedbed.Errorf(seedbed.ETOOLARGE, seedbed.Label{Zh: "文件超过 %d 行，请分批导入", En: "the file has more than %d rows; import it in parts"}, MaxCSVRows)
			}
			line, _ := cr.FieldPos(0)
			if o, rerrs := parseObservationRow(rec, header, cols, line); len(rerrs) > 0 {
				es = append(es, rerrs...)
			} else {
				obs = append(obs, o)
			}
		}
		if len(es) > MaxCSVErrors {
			break
		}
	}
	return obs, es, nil
}

// csvFileError turns an error on the header row into a user error where it can.
func csvFileError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return seedbed.Errors{{Code: seedbed.EINVALID, Line: pe.Line,
			Text: seedbed.Label{Zh: "CSV 格式错误：%v", En: "malformed CSV: %v"}, Args: []any{pe.Err}}}
	}
	return fmt.Errorf("read observations: %w", err)
}

// mapHeader returns, for each column of the file, which field it holds.
func mapHeader(header []string) ([]string, seedbed.Errors) {
	var es seedbed.Errors
	cols := make([]string, len(header))
	at := map[string]int{}
	for i, h := range header {
		name := strings.ToLower(strings.TrimSpace(h))
		if !utf8.ValidString(h) {
			es = append(es, &seedbed.Error{Code: seedbed.EINVALID, Line: 1, Column: i + 1,
				Text: seedbed.Label{Zh: "表头不是 UTF-8 编码，请在 Excel 中另存为“CSV UTF-8”", En: `the header is not UTF-8; save the file as "CSV UTF-8"`}})
			continue
		}
		col, ok := csvHeaders[name]
		switch {
		case !ok:
			es = append(es, &seedbed.Error{Code: seedbed.EINVALID, Line: 1, Column: i + 1, Field: h,
				Text: seedbed.Label{Zh: "未知的列，应为 主体ID、指标、期间、数值、单位、来源", En: "unknown column; want innovator_id, indicator, period, value, unit, source"}})
		case at[col] > 0:
			es = append(es, &seedbed.Error{Code: seedbed.EINVALID, Line: 1, Column: i + 1, Field: h,
				Text: seedbed.Label{Zh: "列重复（与第 %d 列相同）", En: "duplicate column (same as column %d)"}, Args: []any{at[col]}})
		default:
			at[col] = i + 1
			cols[i] = col
		}
	}
	for _, need := range []struct{ col, zh string }{{colInnovator, "主体ID"}, {colIndicator, "指标"}, {colPeriod, "期间"}, {colValue, "数值"}} {
		if at[need.col] == 0 {
			es = append(es, &seedbed.Error{Code: seedbed.EINVALID, Line: 1, Field: need.col,
				Text: seedbed.Label{Zh: "缺少必需的列 %[1]s", En: "missing required column %[2]s"}, Args: []any{need.zh, need.col}})
		}
	}
	return cols, es
}

// blankRecord reports whether every cell of a row is empty (spreadsheets leave such rows).
func blankRecord(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// parseObservationRow reads one data row; every problem is reported with its line and column.
func parseObservationRow(rec, header, cols []string, line int) (Observation, seedbed.Errors) {
	var es seedbed.Errors
	if len(rec) != len(cols) {
		return Observation{}, seedbed.Errors{{Code: seedbed.EINVALID, Line: line,
			Text: seedbed.Label{Zh: "该行有 %d 列，表头有 %d 列", En: "the row has %d cells, the header %d"}, Args: []any{len(rec), len(cols)}}}
	}
	o := Observation{Line: line}
	for i, cell := range rec {
		add := func(format seedbed.Label, args ...any) {
			es = append(es, &seedbed.Error{Code: seedbed.EINVALID, Line: line, Column: i + 1, Field: header[i], Text: format, Args: args})
		}
		if !utf8.ValidString(cell) {
			add(seedbed.Label{Zh: "不是 UTF-8 编码，请在 Excel 中另存为“CSV UTF-8”", En: `not UTF-8; save the file as "CSV UTF-8"`})
			continue
		}
		cell = strings.TrimSpace(cell)
		switch cols[i] {
		case colInnovator:
			id, err := strconv.ParseInt(cell, 10, 64)
			if err != nil || id <= 0 {
				add(seedbed.Label{Zh: "主体ID应为正整数，而不是 %q", En: "innovator_id must be a positive integer, not %q"}, cell)
			}
			o.InnovatorID = id
		case colIndicator:
			code, ok := ParseIndicator(cell)
			if !ok {
				add(seedbed.Label{Zh: "未知的指标 %q", En: "unknown indicator %q"}, cell)
			}
			o.Indicator = code
		case colPeriod:
			q, err := ParseQuarter(cell)
			if err != nil {
				add(seedbed.Same("%s"), err)
			}
			o.Period = q
		case colValue:
			v, err := strconv.ParseFloat(cell, 64)
			if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
				add(seedbed.Label{Zh: "数值应为数字，而不是 %q", En: "value must be a number, not %q"}, cell)
			}
			o.Value = v
		case colUnit:
			o.Unit = cell
		case colSource:
			o.Source = cell
		}
	}
	if o.Source == "" {
		o.Source = SourceCSV
	}
	o.Normalize()
	return o, es
}
