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
	ECANCELED     = "canceled" // the caller went away before the work finished
	EINTERNAL     = "internal"
)

// Error is an error meant for the user: a code, a message fit to show, and where it happened
// (the field, and for files the line and column). Anything else is an internal error.
type Error struct {
	Code    string
	Message string
	Field   string
	Line    int
	Column  int
}

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
	return where + e.Message
}

// Errorf returns an *Error with the code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// FieldError returns an invalid-input *Error about one field.
func FieldError(field, format string, args ...any) *Error {
	return &Error{Code: EINVALID, Field: field, Message: fmt.Sprintf(format, args...)}
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
