package main

import (
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"seedbed/web"
)

var hrefRe = regexp.MustCompile(`href="(/[^"#]*)"`)

// TestCrawlDemoAsEveryRole signs in to the demo as each role and follows every link it can
// reach (up to a bound) in each language, GET only: no page may answer with a server error,
// every page the navigation offers must open, everything must render in both languages, and no
// Chinese page may show English text beside its Chinese ("中文 / English").
func TestCrawlDemoAsEveryRole(t *testing.T) {
	t.Parallel()
	crawlDemo(t, 300, true)
}

// TestCrawlSmallestDemo crawls a demo of one innovator, which skips the program stories: every
// page a role can reach must still answer, in both languages, without a formatting error.
func TestCrawlSmallestDemo(t *testing.T) {
	t.Parallel()
	crawlDemo(t, 1, false)
}

// crawlDemo signs in as each demo account on a demo of n innovators and follows every link it
// is offered, checking each page; checkHome, when set, checks each home page's work (homeWork).
func crawlDemo(t *testing.T, n int, checkHome bool) {
	base, store := startDemo(t, n)
	srv, err := web.New(webServices(newApp(store)), nil)
	if err != nil {
		t.Fatal(err)
	}
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
			home, err := client.Get(base + "/?lang=zh")
			if err != nil {
				t.Fatal(err)
			}
			page, _ := io.ReadAll(home.Body)
			home.Body.Close()
			for _, want := range homeWork[u.role] {
				if checkHome && !strings.Contains(string(page), want) {
					t.Errorf("the home page of %s does not show %q", u.name, want)
				}
			}
			// Each finding is reported once, at the first page that shows it.
			reported := map[string]bool{}
			report := func(path, what string) {
				if !reported[what] {
					reported[what] = true
					t.Errorf("GET %s as %s: %s", path, u.name, what)
				}
			}
			type visit struct{ path, lang, from string }
			seen := map[visit]bool{}
			queue := []visit{{"/", "zh", ""}, {"/", "en", ""}}
			pages := 0
			for len(queue) > 0 && pages < 300 {
				v := queue[0]
				queue = queue[1:]
				key := visit{v.path, v.lang, ""}
				if i := strings.Index(key.path, "page="); i >= 0 {
					key.path = key.path[:i] // one page of each list is enough
				}
				if seen[key] || strings.Contains(v.path, "/logout") {
					continue
				}
				seen[key] = true
				resp, err := client.Get(base + withLang(v.path, v.lang))
				if err != nil {
					t.Fatalf("GET %s: %v", v.path, err)
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				pages++
				if resp.StatusCode >= 500 {
					t.Errorf("GET %s (%s) as %s: %d", v.path, v.lang, u.name, resp.StatusCode)
				}
				if resp.StatusCode >= 400 && resp.StatusCode != 400 {
					// A link offered to this role that refuses it, finds nothing or conflicts.
					t.Errorf("GET %s (%s) as %s: a link on %s answers %d", v.path, v.lang, u.name, v.from, resp.StatusCode)
				}
				if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
					continue
				}
				// A value the template could not format: fmt's "%!f(*float64=0xc000…)" or a
				// missing field's "<no value>".
				if i := strings.Index(string(body), "%!"); i >= 0 {
					t.Errorf("GET %s (%s) as %s shows a formatting error: %q", v.path, v.lang, u.name, body[i:min(len(body), i+60)])
				}
				if strings.Contains(string(body), "&lt;no value&gt;") {
					t.Errorf("GET %s (%s) as %s shows <no value>", v.path, v.lang, u.name)
				}
				if v.lang == "zh" {
					for _, m := range mixedLanguage(string(body)) {
						t.Errorf("GET %s as %s: Chinese page shows English beside Chinese: %q", v.path, u.name, m)
					}
				}
				page := string(body)
				if v.lang == "zh" {
					for _, id := range identifiers(page) {
						report(v.path, "Chinese page shows the identifier "+strconv.Quote(id))
					}
				} else {
					for _, zh := range untranslated(page) {
						report(v.path, "English page shows Chinese interface text "+strconv.Quote(zh))
					}
				}
				for _, path := range repoPaths(page) {
					report(v.path, "page names the repository path "+strconv.Quote(path))
				}
				for _, k := range catalogueKeys(page) {
					report(v.path, "page shows the catalogue key "+strconv.Quote(k))
				}
				for _, f := range refusedButtons(srv, u.role, page) {
					report(v.path, "page offers a button its viewer may not press: "+f)
				}
				for _, m := range hrefRe.FindAllStringSubmatch(string(body), -1) {
					link := strings.ReplaceAll(m[1], "&amp;", "&")
					if strings.HasPrefix(link, "/assets/") || strings.HasPrefix(link, "/api/") || strings.Contains(link, "lang=") {
						continue
					}
					queue = append(queue, visit{link, v.lang, v.path})
				}
			}
			if pages < 10 {
				t.Fatalf("only %d pages reachable as %s", pages, u.name)
			}
			t.Logf("%s: %d pages", u.name, pages)
		})
	}
}

// homeWork is what each role's home page must show of the demo: its own work, each count a link
// to the list it counts.
var homeWork = map[string][]string{
	"officer":   {"需要处理的计划", `href="/programs?state=in_review"`, "里程碑与拨付", "证明待审核", "“死于安乐”预警", "容错免责案件"},
	"reviewer":  {"我的评审任务", "待声明利益冲突", "待评分", `href="/reviews/`},
	"applicant": {"可申报的计划", "我的申报", "草稿未提交", `href="/applications?state=draft"`, "应交的进展报告"},
	"auditor":   {"容错免责案件", `href="/exemptions?state=draft"`, "账本事件", "被拒绝的访问"},
	"admin":     {"账号与系统", `href="/users?state=disabled"`, "数据库：SQLite", "运行正常"},
	"leader":    {`href="/ecosystem"`},
}

// withLang adds the lang parameter to a path.
func withLang(path, lang string) string {
	if strings.Contains(path, "?") {
		return path + "&lang=" + lang
	}
	return path + "?lang=" + lang
}

var (
	tagRe   = regexp.MustCompile(`(?s)<script.*?</script>|<style.*?</style>|<[^>]*>`)
	attrRe  = regexp.MustCompile(`\s(?:placeholder|title|value|alt|aria-label)="([^"]*)"`)
	mixedRe = regexp.MustCompile(`\p{Han}[^\n/]{0,60}?[\s）」》”。]/ (?:[A-Za-z][A-Za-z'’]*(?:[ ,:;()-]+[A-Za-z][A-Za-z'’]*)+|[A-Za-z]{3,})`)
)

// mixedLanguage returns the texts of a page (its text and the attributes people read) that put
// English after Chinese across a slash, as "第一阶段：概念验证 / Phase I: proof of concept" does:
// a message or stored text carrying both languages in one string.
func mixedLanguage(page string) []string {
	var texts []string
	for _, m := range attrRe.FindAllStringSubmatch(page, -1) {
		texts = append(texts, m[1])
	}
	texts = append(texts, tagRe.ReplaceAllString(page, "\n"))
	var out []string
	for _, t := range texts {
		for _, m := range mixedRe.FindAllString(html.UnescapeString(t), -1) {
			out = append(out, m)
		}
	}
	return out
}

func TestMixedLanguage(t *testing.T) {
	cases := []struct {
		page string
		want int
	}{
		{`<td>第一阶段：概念验证 / Phase I: proof of concept</td>`, 1},
		{`<textarea>第二阶段：放大验证 / Phase II | 70 | 12 | 签署任务书 / agreement signed</textarea>`, 2},
		{`<p>理由过长（最多 1000 字）/ reason too long</p>`, 1},
		{`<input placeholder="请填写 / please fill in">`, 1},
		{`<td>第一阶段：概念验证</td><td>Phase I: proof of concept</td>`, 0},
		{`<a href="/monitoring/flags/3">预警</a> / <a href="/x">更多</a>`, 0},
		{`<td>营业收入 / 职工人数</td><td>revenue / employees</td>`, 0},
		{`<td>文本 / text</td>`, 1},
		{`<p>（见 /monitoring/flags/3）</p>`, 0},
		{`<script>var s = "中文 / English words";</script>`, 0},
	}
	for _, c := range cases {
		if got := mixedLanguage(c.page); len(got) != c.want {
			t.Errorf("%s: %q, want %d", c.page, got, c.want)
		}
	}
}
