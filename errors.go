// Package seedbed holds the domain of the seedbed platform: the types that every layer shares
// (innovators, users, roles), the rules that belong to them (credit-code check characters, SME
// size classes), and the one error type the whole system reports with.
//
// It must not import anything that touches SQL, HTTP or the file system: storage (sqlstore), the
// web server (web) and the command line (cmd/seedbed) depend on it, never the other way round.
package seedbed

import (
	"errors"
	"fmt"
	"strings"
)

// Error codes, mapped to HTTP statuses by the web layer and to exit codes by the CLI.
const (
	EINVALID      = "invalid"
	ENOTFOUND     = "not_found"
	ECONFLICT     = "conflict"
	EUNAUTHORIZED = "unauthorized"
	EFORBIDDEN    = "forbidden"
	ETOOLARGE     = "too_large"
	ETOOMANY      = "too_many_requests"
	ECANCELED     = "canceled"    // the caller went away before the work finished
	EUNAVAILABLE  = "unavailable" // the database cannot be reached or written for now; retrying later may work
	EINTERNAL     = "internal"
)

// Error is an error meant for the user: a code, a message in both working languages, and where
// it happened (the field, and for files the line and column). Anything else is an internal error.
//
// The message is a Label whose two texts may hold fmt verbs that Args fill; an argument that is
// itself a Label or a user error is shown in the same language, so a message can quote another.
type Error struct {
	Code   string
	Text   Label
	Args   []any
	Field  string
	Line   int
	Column int
}

// In returns the message in lang ("en" or "zh"), without the field and line.
func (e *Error) In(lang string) string {
	msg := e.Text.In(lang)
	if len(e.Args) == 0 || !strings.Contains(msg, "%") {
		return msg
	}
	args := make([]any, len(e.Args))
	for i, a := range e.Args {
		args[i] = argIn(a, lang)
	}
	// One language may use fewer of the arguments than the other: fmt's note about the extra
	// ones is not for the user.
	out := fmt.Sprintf(msg, args...)
	if k := strings.Index(out, "%!(EXTRA "); k >= 0 {
		out = out[:k]
	}
	return out
}

// Messages returns the message in both languages.
func (e *Error) Messages() Label { return Label{Zh: e.In("zh"), En: e.In("en")} }

// argIn shows a message argument in lang: labels and user errors in that language, anything
// else as it is.
func argIn(a any, lang string) any {
	switch x := a.(type) {
	case Label:
		return x.In(lang)
	case *Error:
		return x.In(lang)
	case Errors:
		return x.In(lang)
	case error:
		var e *Error
		if errors.As(x, &e) {
			return e.In(lang)
		}
	}
	return a
}

// Error returns where the error happened and its message in both languages (Chinese first),
// for logs and the command line; the web layer shows In(lang) instead.
func (e *Error) Error() string {
	var where string
	if e.Line > 0 {
		where = fmt.Sprintf("line %d: ", e.Line)
		if e.Column > 0 {
			where = fmt.Sprintf("line %d, column %d: ", e.Line, e.Column)
		}
	}
	if e.Field != "" {
		where += e.Field + ": "
	}
	m := e.Messages()
	if m.Zh == m.En {
		return where + m.Zh
	}
	return where + m.Zh + " / " + m.En
}

// message is what a message parameter accepts: a Label (text in the two languages) or a string
// that reads the same in both (a format of codes and numbers, an internal detail).
type message interface{ string | Label }

// Errorf returns an *Error with the code and a message filled from args.
func Errorf[M message](code string, msg M, args ...any) *Error {
	return &Error{Code: code, Text: asLabel(msg), Args: args}
}

// FieldError returns an invalid-input *Error about one field.
func FieldError[M message](field string, msg M, args ...any) *Error {
	return &Error{Code: EINVALID, Field: field, Text: asLabel(msg), Args: args}
}

// Same is a text that reads the same in both languages: a code, a number, a name.
func Same(s string) Label { return Label{Zh: s, En: s} }

func asLabel[M message](msg M) Label {
	switch m := any(msg).(type) {
	case Label:
		return m
	case string:
		return Same(m)
	}
	return Label{}
}

// ErrorCode returns the code of the first *Error in err's chain, or EINTERNAL.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	var es Errors
	if errors.As(err, &es) && len(es) > 0 {
		return es[0].Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of err, or "internal error" for anything
// that is not an *Error: internal details are never shown to users.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Error()
	}
	var es Errors
	if errors.As(err, &es) && len(es) > 0 {
		return es.Error()
	}
	return "internal error"
}

// ErrorIn returns the user-facing message of err in lang, or "internal error" for anything that
// is not an *Error.
func ErrorIn(err error, lang string) string {
	var e *Error
	if errors.As(err, &e) {
		return e.In(lang)
	}
	var es Errors
	if errors.As(err, &es) && len(es) > 0 {
		return es.In(lang)
	}
	return internalError.In(lang)
}

var internalError = Label{Zh: "内部错误", En: "internal error"}

// Errors collects many user errors (for example every bad row of an import) into one error.
type Errors []*Error

func (es Errors) Error() string {
	switch len(es) {
	case 0:
		return "no errors"
	case 1:
		return es[0].Error()
	}
	return fmt.Sprintf("%s (and %d more)", es[0].Error(), len(es)-1)
}

// In returns the first error's message in lang, with how many more there are.
func (es Errors) In(lang string) string {
	switch len(es) {
	case 0:
		return ""
	case 1:
		return es[0].In(lang)
	}
	if lang == "en" {
		return fmt.Sprintf("%s (and %d more)", es[0].In(lang), len(es)-1)
	}
	return fmt.Sprintf("%s（另有 %d 处）", es[0].In(lang), len(es)-1)
}
