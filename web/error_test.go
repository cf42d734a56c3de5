package web

import (
	"html/template"
	"strings"
	"testing"

	"seedbed"
)

// TestErrorsInTheRequestsLanguage checks that an error is shown in the request's language: the
// API's message in that language with both beside it, a page in that language only.
func TestErrorsInTheRequestsLanguage(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, "")
	type body struct {
		Error struct {
			Code, Message string
			Messages      seedbed.Label
		} `json:"error"`
	}
	for _, lang := range []string{"zh", "en"} {
		w := e.do("officer", "GET", "/api/v1/innovators/abc?lang="+lang, "", "")
		b := decode[body](t, w.Body.String())
		m := b.Error.Messages
		if w.Code != 404 || m.Zh == "" || m.En == "" || m.Zh == m.En || b.Error.Message != m.In(lang) {
			t.Errorf("%s: %d %s", lang, w.Code, w.Body.String())
		}
		page := e.do("officer", "GET", "/innovators/abc?lang="+lang, "", "").Body.String()
		shown, hidden := template.HTMLEscapeString(m.Zh), template.HTMLEscapeString(m.En)
		if lang == "en" {
			shown, hidden = hidden, shown
		}
		if !strings.Contains(page, shown) || strings.Contains(page, hidden) {
			t.Errorf("%s page shows %q: %v, hides %q: %v", lang, shown, strings.Contains(page, shown), hidden, !strings.Contains(page, hidden))
		}
	}
}
