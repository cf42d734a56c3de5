package web

import (
	"net/url"
	"strings"
	"testing"
)

// A form's error summary names the field by its label and links to it, never by its key.
func TestErrorSummaryNamesFieldsByLabel(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, "")
	w := e.do("", "POST", "/login", "application/x-www-form-urlencoded", url.Values{"username": {"u-admin"}, "password": {"wrong password"}}.Encode())
	body := w.Body.String()
	if !strings.Contains(body, `<a href="#f-password">密码：`) || strings.Contains(body, "password：") {
		t.Errorf("login error summary: %d %s", w.Code, between(body, "error-summary", "</ul>"))
	}
	p := &page{Lang: "en"}
	for field, want := range map[string]string{"password": "Password", "budget": "Budget", "stages[2].share": "Stage 3 · Share of the award (%)", "rubric.criteria[0].max": "Criterion 1 · Highest score", "stages": "Stages and tranches", "no_such_field": ""} {
		if got := p.FieldLabel(field); got != want {
			t.Errorf("FieldLabel(%q) = %q, want %q", field, got, want)
		}
	}
}

// between returns the text of s from the first from to the next to, for messages.
func between(s, from, to string) string {
	i := strings.Index(s, from)
	if i < 0 {
		return ""
	}
	j := strings.Index(s[i:], to)
	if j < 0 {
		return s[i:]
	}
	return s[i : i+j]
}
