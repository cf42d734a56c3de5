package web

import (
	"encoding/json"
	"errors"
	"net/http"

	"seedbed"
	"seedbed/i18n"
)

// statusClientClosed is the status logged for a request whose client went away before the
// answer was ready (nginx's 499); the client never sees it.
const statusClientClosed = 499

// statusOf maps an error code to its HTTP status: the one place that does so.
func statusOf(code string) int {
	switch code {
	case seedbed.EINVALID:
		return http.StatusBadRequest
	case seedbed.ENOTFOUND:
		return http.StatusNotFound
	case seedbed.ECONFLICT:
		return http.StatusConflict
	case seedbed.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case seedbed.EFORBIDDEN:
		return http.StatusForbidden
	case seedbed.ETOOLARGE:
		return http.StatusRequestEntityTooLarge
	case seedbed.ETOOMANY:
		return http.StatusTooManyRequests
	case seedbed.ECANCELED:
		return statusClientClosed
	case seedbed.EUNAVAILABLE:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// apiError is the JSON body of every API error.
type apiError struct {
	Error apiErrorBody `json:"error"`
}

type apiErrorBody struct {
	Code     string        `json:"code"`
	Message  string        `json:"message"` // in the request's language
	Messages seedbed.Label `json:"messages"`
	Field    string        `json:"field,omitempty"`
	Line     int           `json:"line,omitempty"`
	Column   int           `json:"column,omitempty"`
	Details  []apiErrorRow `json:"details,omitempty"`
}

type apiErrorRow struct {
	Field    string        `json:"field,omitempty"`
	Line     int           `json:"line,omitempty"`
	Column   int           `json:"column,omitempty"`
	Message  string        `json:"message"`
	Messages seedbed.Label `json:"messages"`
}

// Error renders err as JSON for API requests and as an HTML page otherwise. Internal errors
// are logged and shown only as "internal error".
func (s *Server) Error(w http.ResponseWriter, r *http.Request, err error) {
	var proposed *seedbed.Proposed
	if errors.As(err, &proposed) {
		s.proposedAnswer(w, r, proposed)
		return
	}
	var maxErr *http.MaxBytesError
	if errors.As(err, &maxErr) {
		err = seedbed.Errorf(seedbed.ETOOLARGE, seedbed.Label{Zh: "请求体过大（上限 %d 字节）", En: "request body too large (limit %d bytes)"}, maxErr.Limit)
	}
	code := seedbed.ErrorCode(err)
	if code == seedbed.EINTERNAL && r.Context().Err() == nil && s.System != nil {
		// A database that cannot be reached or written is not a bug: the request may succeed later.
		err = s.System.Unavailable(err)
		code = seedbed.ErrorCode(err)
	}
	status := statusOf(code)
	if code == seedbed.EINTERNAL && r.Context().Err() != nil && errors.Is(err, r.Context().Err()) {
		code, status = seedbed.ECANCELED, statusClientClosed
	}
	switch code {
	case seedbed.EINTERNAL:
		s.Log.Error("internal error", "method", r.Method, "path", r.URL.Path, "err", err)
	case seedbed.ECANCELED:
		s.Log.Info("request cancelled by the client", "method", r.Method, "path", r.URL.Path)
	case seedbed.EUNAVAILABLE:
		s.Log.Warn("database unavailable", "method", r.Method, "path", r.URL.Path, "err", err)
		w.Header().Set("Retry-After", "5")
	}
	c := ctxOf(r)
	body := errorBody(err, c.Lang)
	if isAPI(r) || wantsJSON(r) {
		writeJSON(w, status, apiError{Error: body})
		return
	}
	title := i18n.T(c.Lang, "error.title."+code)
	s.renderStatus(w, r, status, "error", title, errorPage{Status: status, Code: code, Body: body})
}

// errorBody describes err for the user in lang and in both languages; anything that is not a
// user error is only "internal error".
func errorBody(err error, lang string) apiErrorBody {
	code := seedbed.ErrorCode(err)
	internal := seedbed.Label{Zh: "内部错误", En: "internal error"}
	body := apiErrorBody{Code: code, Message: internal.In(lang), Messages: internal}
	var e *seedbed.Error
	var es seedbed.Errors
	switch {
	case errors.As(err, &es) && len(es) > 0:
		body.Messages = seedbed.Label{Zh: es.In("zh"), En: es.In("en")}
		body.Message, body.Field, body.Line, body.Column = es.In(lang), es[0].Field, es[0].Line, es[0].Column
		for _, x := range es {
			body.Details = append(body.Details, apiErrorRow{Field: x.Field, Line: x.Line, Column: x.Column,
				Message: x.In(lang), Messages: x.Messages()})
		}
	case errors.As(err, &e):
		body.Message, body.Messages, body.Field, body.Line, body.Column = e.In(lang), e.Messages(), e.Field, e.Line, e.Column
	}
	return body
}

type errorPage struct {
	Status int
	Code   string
	Body   apiErrorBody
}

func wantsJSON(r *http.Request) bool {
	return r.Header.Get("Accept") == "application/json"
}

// writeJSON writes v as JSON with a status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	enc.Encode(v)
}
