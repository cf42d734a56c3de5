package web

import (
	"net/http/httptest"
	"testing"

	"seedbed/i18n"
)

func TestLangOf(t *testing.T) {
	t.Parallel()
	cases := []struct {
		url, cookie, accept, want string
	}{
		{"/", "", "", i18n.Zh},
		{"/", "", "en-GB,en;q=0.9", i18n.Zh},
		{"/", "en", "zh-CN", i18n.En},
		{"/?lang=zh", "en", "en", i18n.Zh},
		{"/?lang=fr", "", "", i18n.Zh},
	}
	for _, c := range cases {
		r := httptest.NewRequest("GET", c.url, nil)
		if c.cookie != "" {
			r.Header.Set("Cookie", "lang="+c.cookie)
		}
		if c.accept != "" {
			r.Header.Set("Accept-Language", c.accept)
		}
		if got := langOf(r); got != c.want {
			t.Errorf("%s cookie=%q accept=%q: %s, want %s", c.url, c.cookie, c.accept, got, c.want)
		}
	}
}
