package main

import (
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"seedbed"
)

var (
	phoneRe  = regexp.MustCompile(`(^|[^0-9A-Za-z])1[3-9][0-9]{9}([^0-9A-Za-z]|$)`)
	emailRe  = regexp.MustCompile(`[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}`)
	idCardRe = regexp.MustCompile(`(^|[^0-9A-Za-z])[1-9][0-9]{5}(19|20)[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx]([^0-9A-Za-z]|$)`)
)

// TestPublicPortalCarriesNoPersonalData crawls every public page and export of the demo, signed
// out, and fails on a phone number, an e-mail address, an ID-card number or the name of a person
// the registry holds (an individual innovator or any organisation's contact).
func TestPublicPortalCarriesNoPersonalData(t *testing.T) {
	t.Parallel()
	base, store := startDemo(t, 300)
	var names []string
	if err := store.EachInnovator(context.Background(), func(in *seedbed.Innovator) error {
		if in.Kind == seedbed.KindIndividual {
			names = append(names, in.Name)
		}
		if in.ContactName != "" {
			names = append(names, in.ContactName)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(names) == 0 {
		t.Fatal("the demo holds no personal names: the test would prove nothing")
	}
	queue := []string{"/", "/public", "/public?lang=en", "/public/eligibility?check=1&kind=enterprise&employees=12&field=ai",
		"/api/v1/public/policies", "/api/v1/public/grants.json", "/api/v1/public/grants.csv",
		"/api/v1/public/ledger/head", "/api/v1/public/ledger/keys"}
	seen := map[string]bool{}
	pages := 0
	for len(queue) > 0 && pages < 400 {
		p := queue[0]
		queue = queue[1:]
		if seen[p] {
			continue
		}
		seen[p] = true
		resp, err := http.Get(base + p)
		if err != nil {
			t.Fatalf("GET %s: %v", p, err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		pages++
		if resp.StatusCode != 200 && resp.StatusCode != 404 {
			t.Errorf("GET %s: %d", p, resp.StatusCode)
			continue
		}
		text := string(body)
		if m := phoneRe.FindString(text); m != "" {
			t.Errorf("GET %s shows a phone number %q", p, m)
		}
		if m := emailRe.FindString(text); m != "" {
			t.Errorf("GET %s shows an e-mail address %q", p, m)
		}
		if m := idCardRe.FindString(text); m != "" {
			t.Errorf("GET %s shows an ID-card number %q", p, m)
		}
		for _, n := range names {
			if strings.Contains(text, n) {
				i := strings.Index(text, n)
				t.Errorf("GET %s shows the name of a person, %q: …%s…", p, n, text[max(0, i-60):min(len(text), i+60)])
			}
		}
		for _, m := range hrefRe.FindAllStringSubmatch(text, -1) {
			link := strings.ReplaceAll(m[1], "&amp;", "&")
			if strings.HasPrefix(link, "/public") || strings.HasPrefix(link, "/api/v1/public/") {
				queue = append(queue, link)
			}
		}
	}
	if pages < 15 {
		t.Fatalf("only %d public pages and exports crawled", pages)
	}
	t.Logf("%d public pages and exports crawled, %d personal names checked", pages, len(names))
}

// TestPersonalDataPatterns holds the crawl's patterns to what they must and must not find: a
// mobile number or an ID-card number in text, but not a run of digits inside a hexadecimal hash
// or key, which the public ledger pages show and which once matched by chance.
func TestPersonalDataPatterns(t *testing.T) {
	for _, c := range []struct {
		re   *regexp.Regexp
		text string
		want bool
	}{
		{phoneRe, "联系电话：13587395259。", true},
		{phoneRe, "tel 13587395259", true},
		{phoneRe, "13587395259", true},
		{phoneRe, "head 9f2d13587395259d0a", false},
		{phoneRe, "1358739525", false},
		{idCardRe, "身份证号 330106199001011234，", true},
		{idCardRe, "33010619900101123X", true},
		{idCardRe, "key e330106199001011234f", false},
	} {
		if got := c.re.MatchString(c.text); got != c.want {
			t.Errorf("%v on %q: %v, want %v", c.re, c.text, got, c.want)
		}
	}
}
