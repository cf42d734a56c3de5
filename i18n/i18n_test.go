package i18n

import (
	"net/http/httptest"
	"sort"
	"strings"
	"testing"
)

// TestCataloguesComplete keeps both languages complete and their format verbs in step.
func TestCataloguesComplete(t *testing.T) {
	for _, lang := range []string{Zh, En} {
		other := map[string]map[string]string{Zh: en, En: zh}[lang]
		keys := Keys(lang)
		sort.Strings(keys)
		for _, k := range keys {
			o, ok := other[k]
			if !ok {
				t.Errorf("key %q is in %s but not in the other language", k, lang)
				continue
			}
			if strings.Count(catalogues[lang][k], "%") != strings.Count(o, "%") {
				t.Errorf("key %q: format verbs differ between languages", k)
			}
		}
	}
}

func TestFromRequest(t *testing.T) {
	cases := []struct {
		url, cookie, accept, want string
	}{
		{"/", "", "", Zh},
		{"/", "", "en-GB,en;q=0.9", Zh},
		{"/", "en", "zh-CN", En},
		{"/?lang=zh", "en", "en", Zh},
		{"/?lang=fr", "", "", Zh},
	}
	for _, c := range cases {
		r := httptest.NewRequest("GET", c.url, nil)
		if c.cookie != "" {
			r.Header.Set("Cookie", "lang="+c.cookie)
		}
		if c.accept != "" {
			r.Header.Set("Accept-Language", c.accept)
		}
		if got := FromRequest(r); got != c.want {
			t.Errorf("%s cookie=%q accept=%q: %s, want %s", c.url, c.cookie, c.accept, got, c.want)
		}
	}
	if T(En, "registry.count", 3) != "3 innovators" || T(Zh, "no.such.key") != "no.such.key" {
		t.Fatal("T does not format or fall back")
	}
}
