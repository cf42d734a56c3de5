package main

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

var hrefRe = regexp.MustCompile(`href="(/[^"#]*)"`)

// TestCrawlDemoAsEveryRole signs in to the demo as each role and follows every link it can
// reach (up to a bound), GET only: no page may answer with a server error, every page the
// navigation offers must open, and everything must render in both languages.
func TestCrawlDemoAsEveryRole(t *testing.T) {
	base, _ := startDemo(t, 300)
	for _, u := range demoUsers {
		t.Run(u.name, func(t *testing.T) {
			jar, _ := cookiejar.New(nil)
			client := &http.Client{Jar: jar}
			resp, err := client.PostForm(base+"/login", url.Values{"username": {u.name}, "password": {demoPassword}})
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.Request.URL.Path != "/" {
				t.Fatalf("login as %s ended at %s", u.name, resp.Request.URL)
			}
			seen := map[string]bool{}
			queue := []string{"/", "/?lang=en"}
			pages := 0
			for len(queue) > 0 && pages < 250 {
				p := queue[0]
				queue = queue[1:]
				key := p
				if i := strings.Index(key, "page="); i >= 0 {
					key = key[:i] // one page of each list is enough
				}
				if seen[key] || strings.Contains(p, "/logout") {
					continue
				}
				seen[key] = true
				resp, err := client.Get(base + p)
				if err != nil {
					t.Fatalf("GET %s: %v", p, err)
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				pages++
				if resp.StatusCode >= 500 {
					t.Errorf("GET %s as %s: %d", p, u.name, resp.StatusCode)
				}
				if resp.StatusCode >= 400 && resp.StatusCode != 404 && resp.StatusCode != 403 && resp.StatusCode != 400 && resp.StatusCode != 409 {
					t.Errorf("GET %s as %s: unexpected %d", p, u.name, resp.StatusCode)
				}
				if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
					continue
				}
				// A value the template could not format: fmt's "%!f(*float64=0xc000…)" or a
				// missing field's "<no value>".
				if i := strings.Index(string(body), "%!"); i >= 0 {
					t.Errorf("GET %s as %s shows a formatting error: %q", p, u.name, body[i:min(len(body), i+60)])
				}
				if strings.Contains(string(body), "&lt;no value&gt;") {
					t.Errorf("GET %s as %s shows <no value>", p, u.name)
				}
				for _, m := range hrefRe.FindAllStringSubmatch(string(body), -1) {
					link := strings.ReplaceAll(m[1], "&amp;", "&")
					if strings.HasPrefix(link, "/assets/") || strings.HasPrefix(link, "/api/") {
						continue
					}
					queue = append(queue, link)
				}
			}
			if pages < 10 {
				t.Fatalf("only %d pages reachable as %s", pages, u.name)
			}
			t.Logf("%s: %d pages", u.name, pages)
		})
	}
}
