package web

import (
	"encoding/json"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"seedbed"
)

// FuzzDecodeJSON feeds arbitrary bodies to the API's one JSON decoder, into the inputs of two
// write endpoints: it never panics, refuses with a user error (invalid or too large, never
// internal), and accepts only a single valid UTF-8 JSON object (or null, the empty input).
func FuzzDecodeJSON(f *testing.F) {
	for _, s := range []string{
		`{"name":"杭州甲智能科技有限公司","kind":"enterprise","employees":120,"revenue":3000.5}`,
		`{"title":"计划","budget":100000,"stages":[{"name":"一","share":100,"months":6}]}`,
		`{"name":1}`, `{"unknown":true}`, `{"name":"a"} {"name":"b"}`, `{"name":"a"}x`, `[]`, `null`, ``, `{`,
		"{\"name\":\"\xff\"}", `{"name":"\u0000"}`, `{"employees":1e400}`, `{"path_tags":[1,2]}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		for _, v := range []any{&innovatorInput{}, &programInput{}} {
			r := httptest.NewRequest("POST", "/api/v1/x", strings.NewReader(body))
			r.Header.Set("Content-Type", "application/json")
			err := decodeJSON(httptest.NewRecorder(), r, v)
			if err == nil {
				// null decodes to the empty input, which the use case then refuses field by field
				trimmed := strings.TrimSpace(body)
				if !utf8.ValidString(body) || !json.Valid([]byte(body)) || !strings.HasPrefix(trimmed, "{") && trimmed != "null" {
					t.Fatalf("accepted %q into %T", body, v)
				}
				continue
			}
			if code := seedbed.ErrorCode(err); code != seedbed.EINVALID && code != seedbed.ETOOLARGE {
				t.Fatalf("%q into %T: code %s (%v)", body, v, code, err)
			}
		}
	})
}

// FuzzSafeNext checks the post-login destination filter against arbitrary values: what it
// keeps is the value itself, and a browser resolving it (after dropping tabs and newlines and
// reading backslashes as slashes, as browsers do) stays on this site.
func FuzzSafeNext(f *testing.F) {
	for _, s := range []string{"/programs?status=open", "/\t/evil.example", "//evil.example", "/%2F%2Fevil.example",
		"/\\evil.example", "https://evil.example/", "javascript:alert(1)", "/%09/evil.example", "", "/", "/a/../..//b"} {
		f.Add(s)
	}
	site, _ := url.Parse("https://seedbed.example/login")
	f.Fuzz(func(t *testing.T, next string) {
		got := safeNext(next)
		if got == "" {
			return
		}
		if got != next {
			t.Fatalf("safeNext(%q) = %q: kept values must be unchanged", next, got)
		}
		browser := strings.NewReplacer("\t", "", "\n", "", "\r", "", "\\", "/").Replace(got)
		u, err := url.Parse(browser)
		if err != nil {
			t.Fatalf("kept %q, which does not parse: %v", got, err)
		}
		if to := site.ResolveReference(u); to.Host != site.Host || to.Scheme != site.Scheme {
			t.Fatalf("kept %q, which a browser resolves to %s", got, to)
		}
		if dec, err := url.PathUnescape(u.Path); err == nil && strings.HasPrefix(dec, "//") {
			t.Fatalf("kept %q, whose path decodes to %q", got, dec)
		}
	})
}
