package policy

import (
	"fmt"
	"sort"
	"strings"

	"seedbed"
)

// Error is one problem with a policy document, located in its file (lines and columns are
// 1-based and count characters, as the YAML parser does). The message is in both languages,
// with fmt verbs in Text filled from Args as seedbed.Error does.
type Error struct {
	File   string        `json:"file"`
	Line   int           `json:"line"`
	Column int           `json:"column"`
	Code   string        `json:"code"` // a seedbed error code: invalid, or conflict for version clashes
	Text   seedbed.Label `json:"messages"`
	Args   []any         `json:"-"`
}

// text returns the message in both languages as one string (Chinese first).
func (e Error) text() string {
	m := (&seedbed.Error{Text: e.Text, Args: e.Args}).Messages()
	if m.Zh == m.En {
		return m.Zh
	}
	return m.Zh + " / " + m.En
}

// Error formats the problem as "file:line:col: message", as compilers do.
func (e Error) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		b.WriteByte(':')
	}
	if e.Line > 0 {
		fmt.Fprintf(&b, "%d:", e.Line)
		if e.Column > 0 {
			fmt.Fprintf(&b, "%d:", e.Column)
		}
	}
	if b.Len() > 0 {
		b.WriteByte(' ')
	}
	b.WriteString(e.text())
	return b.String()
}

// ErrorList is every problem found in one or more policy documents, in file and position order.
type ErrorList []Error

// Error prints one problem per line.
func (l ErrorList) Error() string {
	lines := make([]string, len(l))
	for i, e := range l {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Err returns the list as an error, or nil when it is empty.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// Sort orders the list by file, line and column, keeping the order of equal positions.
func (l ErrorList) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
}

// Domain converts the list into the domain's error type for the web and API layers: each
// entry keeps its code, line and column, and the file becomes the field.
func (l ErrorList) Domain() seedbed.Errors {
	out := make(seedbed.Errors, len(l))
	for i, e := range l {
		code := e.Code
		if code == "" {
			code = seedbed.EINVALID
		}
		out[i] = &seedbed.Error{Code: code, Text: e.Text, Args: e.Args, Field: e.File, Line: e.Line, Column: e.Column}
	}
	return out
}

// Pos is a position in a policy file.
type Pos struct {
	Line   int `json:"line"`
	Column int `json:"column"`
}

// errorSink collects errors for one file.
type errorSink struct {
	file string
	errs ErrorList
}

// add records an invalid-input error at p with a message in two formats that take the same
// arguments.
func (s *errorSink) add(p Pos, zh, en string, args ...any) {
	s.addRaw(p, seedbed.EINVALID, seedbed.Label{Zh: zh, En: en}, args...)
}

// addRaw records an error with a code.
func (s *errorSink) addRaw(p Pos, code string, msg seedbed.Label, args ...any) {
	s.errs = append(s.errs, Error{File: s.file, Line: p.Line, Column: p.Column, Code: code, Text: msg, Args: args})
}
