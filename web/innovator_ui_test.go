package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestRegistryFormsFlow creates and edits an innovator through the HTML forms, including the
// error summary for bad input and the conflict on a stale edit.
func TestRegistryFormsFlow(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, "")
	form := url.Values{"name": {"余杭端侧模型团队"}, "kind": {"team"}, "field": {"ai"}, "path_tags": {"开源，非主流路线"}, "employees": {"x"}}
	w := e.do("officer", "POST", "/innovators", "application/x-www-form-urlencoded", form.Encode())
	if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "error-summary") || !strings.Contains(w.Body.String(), "从业人员应为整数") {
		t.Fatalf("bad number: %d, want the form again with an error summary", w.Code)
	}
	if !strings.Contains(w.Body.String(), `value="余杭端侧模型团队"`) {
		t.Fatal("the form lost what the user typed")
	}
	form.Set("employees", "6")
	w = e.do("officer", "POST", "/innovators", "application/x-www-form-urlencoded", form.Encode())
	if w.Code != http.StatusSeeOther {
		t.Fatalf("create: %d %s", w.Code, w.Body.String())
	}
	loc := w.Header().Get("Location")
	w = e.do("officer", "GET", loc, "", "")
	if !strings.Contains(w.Body.String(), "余杭端侧模型团队") || !strings.Contains(w.Body.String(), "非主流路线") {
		t.Fatalf("show page after create: %s", w.Body.String())
	}
	form.Set("version", "1")
	form.Set("region", "杭州市余杭区")
	if w = e.do("officer", "POST", loc, "application/x-www-form-urlencoded", form.Encode()); w.Code != http.StatusSeeOther {
		t.Fatalf("edit: %d", w.Code)
	}
	form.Set("region", "杭州市西湖区") // still version 1: someone saved in between
	w = e.do("officer", "POST", loc, "application/x-www-form-urlencoded", form.Encode())
	if w.Code != http.StatusConflict || !strings.Contains(w.Body.String(), "已被他人修改") {
		t.Fatalf("stale edit: %d", w.Code)
	}
	w = e.do("officer", "GET", loc+"?lang=en", "", "")
	if !strings.Contains(w.Body.String(), "Change history") || !strings.Contains(w.Body.String(), "杭州市余杭区") {
		t.Fatalf("English page with history: %s", w.Body.String())
	}
	w = e.do("officer", "GET", fmt.Sprintf("/innovators?q=%s", url.QueryEscape("端侧")), "", "")
	if !strings.Contains(w.Body.String(), "余杭端侧模型团队") {
		t.Fatal("the UI search does not find the new team")
	}
}
