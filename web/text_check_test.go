package web

import (
	"net/http"
	"strings"
	"testing"
)

// TestControlCharactersRefused sends NUL and other control characters and bytes that are not
// UTF-8 through every way text comes in — JSON, forms, query strings — and checks, on both
// engines, that each gets a 400 naming the field and that nothing was stored. Before, PostgreSQL
// answered 500 to a NUL and SQLite stored it.
func TestControlCharactersRefused(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, e *testEnv) {
		cases := []struct {
			name, method, path, ctype, body string
			field                           string
		}{
			{"NUL in a JSON string", "POST", "/api/v1/innovators", "application/json", `{"name":"甲\u0000乙","kind":"team"}`, "name"},
			{"bell in a nested JSON string", "POST", "/api/v1/innovators", "application/json", `{"name":"甲乙","kind":"team","path_tags":["ok","响\u0007铃"]}`, "path_tags[1]"},
			{"invalid UTF-8 in JSON", "POST", "/api/v1/innovators", "application/json", "{\"name\":\"\xff\xfe\",\"kind\":\"team\"}", ""},
			{"NUL in a query", "GET", "/api/v1/innovators?q=%00", "", "", "q"},
			{"NUL in a path", "GET", "/api/v1/innovators/1%00", "", "", "path"},
		}
		for _, c := range cases {
			w := e.do("officer", c.method, c.path, c.ctype, c.body)
			if w.Code != http.StatusBadRequest {
				t.Errorf("%s: status %d, want 400: %s", c.name, w.Code, w.Body.String())
				continue
			}
			eb := decode[errBody](t, w.Body.String())
			if eb.Error.Code != "invalid" || eb.Error.Field != c.field {
				t.Errorf("%s: error %+v, want invalid on field %q", c.name, eb.Error, c.field)
			}
		}
		w := e.do("officer", "POST", "/innovators", "application/x-www-form-urlencoded", "name=%E7%94%B2%00&kind=team")
		if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "控制字符") {
			t.Errorf("NUL in a form: status %d, want 400 naming the control character: %s", w.Code, w.Body.String())
		}
		// Tabs and line breaks are text, not controls to refuse.
		w = e.do("officer", "POST", "/api/v1/innovators", "application/json", `{"name":"丙团队","kind":"team","description":"第一行\n第二行\t制表"}`)
		if w.Code != http.StatusCreated {
			t.Errorf("text with a line break and a tab: status %d: %s", w.Code, w.Body.String())
		}
		n, _ := e.store.CountInnovators(t.Context())
		if n != 3 {
			t.Fatalf("%d innovators after the refused requests and one good one, want 3", n)
		}
	})
}
