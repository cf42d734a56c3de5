package main

import (
	"bytes"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
)

// TestPressEveryButton signs in to the demo as each role, walks the pages it can reach and
// submits every form it finds there — each kind of form once, with the values the page gives it
// (what is filled in, ticked or selected) and its first button, on the page as it stands just
// before (an earlier button may have changed what it offers). No answer may be a server error,
// and none may refuse the button outright: 403, 404 or 409 is a button offered to someone who
// can never use it (the page must not show it, or show why it cannot be used yet), 429 a limit
// an ordinary day's work should not reach. A form sent as the page fills it in may be refused as
// incomplete (400), with a page that names what to fill in, in plain words of the page's
// language, not a bare status or a code. Roles that change accounts run last, and the crawl
// signs in again when a button ended its own session.
func TestPressEveryButton(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("presses every button of the demo")
	}
	base, _ := startDemo(t, 300)
	// Accounts are changed by the administrator's buttons (disable, reset): it presses last.
	order := []string{"leader", "auditor", "reviewer", "applicant", "officer", "officer2", "admin"}
	for _, name := range order {
		var role string
		for _, u := range demoUsers {
			if u.name == name {
				role = u.role
			}
		}
		t.Run(name, func(t *testing.T) {
			p := newPresser(t, base, name)
			p.crawl(t, role)
		})
	}
}

// presser is one role's walk over the demo.
type presser struct {
	base, name string
	client     *http.Client
	pressed    map[string]bool
	presses    int
	refusals   int
}

func newPresser(t *testing.T, base, name string) *presser {
	jar, _ := cookiejar.New(nil)
	p := &presser{base: base, name: name, pressed: map[string]bool{},
		client: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	p.login(t)
	return p
}

func (p *presser) login(t *testing.T) {
	t.Helper()
	resp, err := p.client.PostForm(p.base+"/login", url.Values{"username": {p.name}, "password": {demoPassword}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("login as %s: %d", p.name, resp.StatusCode)
	}
}

var (
	formBlockRe = regexp.MustCompile(`(?s)<form\b([^>]*)>(.*?)</form>`)
	attrOfRe    = regexp.MustCompile(`([a-z-]+)="([^"]*)"`)
	inputRe     = regexp.MustCompile(`<input\b([^>]*)>`)
	selectRe    = regexp.MustCompile(`(?s)<select\b([^>]*)>(.*?)</select>`)
	optionRe    = regexp.MustCompile(`(?s)<option\b([^>]*)>`)
	textareaRe  = regexp.MustCompile(`(?s)<textarea\b([^>]*)>(.*?)</textarea>`)
	buttonRe    = regexp.MustCompile(`(?s)<button\b([^>]*)>`)
	numberRe    = regexp.MustCompile(`/\d+`)
	summaryRe   = regexp.MustCompile(`(?s)<div class="error-summary".*?</div>`)
	leadRe      = regexp.MustCompile(`(?s)<p class="lead">(.*?)</p>`)
	flashErrRe  = regexp.MustCompile(`(?s)<p class="field-error"[^>]*>(.*?)</p>`)
	// formatVerbRe finds a catalogue message shown without its values ("执行期至 %s").
	formatVerbRe = regexp.MustCompile(`%[-+# 0-9.]*[sdvqfg]\b`)
	// latinWordRe finds a lower-case Latin word in a Chinese message: a code ("extension") or
	// English left untranslated.
	latinWordRe = regexp.MustCompile(`(?:^|[^A-Za-z0-9_.@/-])[a-z]{3,}(?:$|[^A-Za-z0-9_.@/-])`)
)

func attrs(s string) map[string]string {
	m := map[string]string{}
	for _, a := range attrOfRe.FindAllStringSubmatch(s, -1) {
		m[a[1]] = html.UnescapeString(a[2])
	}
	if strings.Contains(s, " checked") {
		m["checked"] = "checked"
	}
	if strings.Contains(s, " selected") {
		m["selected"] = "selected"
	}
	if strings.Contains(s, " disabled") {
		m["disabled"] = "disabled"
	}
	return m
}

// pageForm is one form of a page with the values it would send as it stands.
type pageForm struct {
	method, action, enctype string
	values                  url.Values
}

// formsOf reads a page's forms with their default values and first submit button.
func formsOf(page string) []pageForm {
	var out []pageForm
	for _, m := range formBlockRe.FindAllStringSubmatch(page, -1) {
		fa := attrs(m[1])
		f := pageForm{method: strings.ToUpper(fa["method"]), action: fa["action"], enctype: fa["enctype"], values: url.Values{}}
		if f.method == "" {
			f.method = "GET"
		}
		if !strings.HasPrefix(f.action, "/") {
			continue
		}
		for _, in := range inputRe.FindAllStringSubmatch(m[2], -1) {
			a := attrs(in[1])
			if a["name"] == "" || a["disabled"] != "" {
				continue
			}
			switch a["type"] {
			case "checkbox", "radio":
				if a["checked"] != "" {
					f.values.Add(a["name"], a["value"])
				}
			case "file", "submit", "button", "image", "reset":
			default:
				f.values.Add(a["name"], a["value"])
			}
		}
		for _, s := range selectRe.FindAllStringSubmatch(m[2], -1) {
			a := attrs(s[1])
			opts := optionRe.FindAllStringSubmatch(s[2], -1)
			if a["name"] == "" || len(opts) == 0 {
				continue
			}
			v := attrs(opts[0][1])["value"]
			for _, o := range opts {
				if oa := attrs(o[1]); oa["selected"] != "" {
					v = oa["value"]
				}
			}
			f.values.Add(a["name"], v)
		}
		for _, ta := range textareaRe.FindAllStringSubmatch(m[2], -1) {
			if a := attrs(ta[1]); a["name"] != "" {
				f.values.Add(a["name"], html.UnescapeString(strings.TrimPrefix(ta[2], "\n")))
			}
		}
		// The first button that submits, with its name and value when it has them and the
		// address it sends to when it has its own (formaction); a picker's search button (name
		// "find") is not the form's own. A form whose every button is disabled cannot be sent.
		submits, enabled := 0, 0
		for _, b := range buttonRe.FindAllStringSubmatch(m[2], -1) {
			a := attrs(b[1])
			if a["type"] != "" && a["type"] != "submit" || a["name"] == "find" || a["aria-hidden"] == "true" {
				continue
			}
			submits++
			if a["disabled"] != "" {
				continue
			}
			enabled++
			if a["name"] != "" {
				f.values.Set(a["name"], a["value"])
			}
			if strings.HasPrefix(a["formaction"], "/") {
				f.action = a["formaction"]
			}
			break
		}
		if submits > 0 && enabled == 0 {
			continue
		}
		out = append(out, f)
	}
	return out
}

// formKey names a kind of form: its method, its action with ids left out, and its fields.
func formKey(f pageForm) string {
	var names []string
	for k := range f.values {
		names = append(names, k)
	}
	sort.Strings(names)
	return f.method + " " + numberRe.ReplaceAllString(strings.SplitN(f.action, "?", 2)[0], "/N") + " " + strings.Join(names, ",")
}

// skipForm is what a walk must not press: signing out ends the walk.
func skipForm(f pageForm) bool {
	return strings.HasPrefix(f.action, "/logout") || strings.HasPrefix(f.action, "/login")
}

func (p *presser) get(t *testing.T, path string) (int, string, string) {
	resp, err := p.client.Get(p.base + path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode == http.StatusSeeOther || resp.StatusCode == http.StatusFound {
		return resp.StatusCode, resp.Header.Get("Location"), ""
	}
	return resp.StatusCode, "", string(body)
}

// press submits f in lang and checks the answer.
func (p *presser) press(t *testing.T, from string, f pageForm, lang string) {
	action := withLang(html.UnescapeString(f.action), lang)
	var req *http.Request
	var err error
	switch {
	case f.method == "GET":
		u := strings.SplitN(action, "?", 2)[0] + "?" + f.values.Encode() + "&lang=" + lang
		req, err = http.NewRequest("GET", p.base+u, nil)
	case strings.Contains(f.enctype, "multipart"):
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		for k, vs := range f.values {
			for _, v := range vs {
				mw.WriteField(k, v)
			}
		}
		mw.Close()
		req, err = http.NewRequest("POST", p.base+action, &b)
		if err == nil {
			req.Header.Set("Content-Type", mw.FormDataContentType())
		}
	default:
		req, err = http.NewRequest("POST", p.base+action, strings.NewReader(f.values.Encode()))
		if err == nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	resp, err := p.client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", f.method, action, err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	p.presses++
	what := f.method + " " + f.action + " (" + lang + ", from " + from + ", sending " + f.values.Encode() + ")"
	if len(what) > 400 {
		what = what[:400] + "…"
	}
	switch {
	case resp.StatusCode >= 500:
		t.Errorf("%s as %s: %d %.300s", what, p.name, resp.StatusCode, body)
	case resp.StatusCode == http.StatusForbidden || resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusConflict:
		p.refusals++
		t.Errorf("%s as %s: %d — a button offered to someone who cannot use it (%s)", what, p.name, resp.StatusCode,
			strings.Join(strings.Fields(visibleText(refusalMessage(string(body)))), " "))
	case resp.StatusCode == http.StatusTooManyRequests:
		p.refusals++
		t.Errorf("%s as %s: 429 — a limit reached by one press of each button (%s)", what, p.name,
			strings.Join(strings.Fields(visibleText(refusalMessage(string(body)))), " "))
	case resp.StatusCode >= 400:
		p.refusals++
		msg := refusalMessage(string(body))
		t.Logf("%d %s %s: %.200s", resp.StatusCode, f.method, f.action, strings.Join(strings.Fields(visibleText(msg)), " "))
		switch {
		case !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html"):
			t.Errorf("%s as %s: %d answered %s, not a page", what, p.name, resp.StatusCode, resp.Header.Get("Content-Type"))
		case strings.TrimSpace(msg) == "":
			t.Errorf("%s as %s: %d with no message saying why", what, p.name, resp.StatusCode)
		case lang == "zh" && !hanRe.MatchString(msg):
			t.Errorf("%s as %s: %d says %q, not in Chinese", what, p.name, resp.StatusCode, msg)
		case formatVerbRe.MatchString(visibleText(msg)):
			t.Errorf("%s as %s: %d shows a message not filled in: %q", what, p.name, resp.StatusCode, visibleText(msg))
		case lang == "zh" && len(identifiers(msg)) > 0:
			t.Errorf("%s as %s: %d names a code: %q in %q", what, p.name, resp.StatusCode, identifiers(msg), msg)
		case lang == "zh" && latinWordRe.MatchString(withoutUsernames(visibleText(msg))):
			t.Errorf("%s as %s: %d shows English or codes in a Chinese message: %q", what, p.name, resp.StatusCode, strings.Join(strings.Fields(visibleText(msg)), " "))
		case lang == "en" && hanRe.MatchString(msg) && len(untranslated(msg)) > 0:
			t.Errorf("%s as %s: %d says %q, in Chinese on an English page", what, p.name, resp.StatusCode, msg)
		}
	}
	// A button that ended its own session (end this session, change the password): sign in again.
	if code, loc, _ := p.get(t, "/inbox"); code == http.StatusSeeOther && strings.HasPrefix(loc, "/login") {
		p.login(t)
	}
}

// refusalMessage is what a refused answer tells the person: the error summary of a form shown
// again, or the error page's lead.
func refusalMessage(page string) string {
	if m := summaryRe.FindString(page); m != "" {
		return m
	}
	if m := flashErrRe.FindStringSubmatch(page); m != nil {
		return m[1]
	}
	if m := leadRe.FindStringSubmatch(page); m != nil {
		return m[1]
	}
	return ""
}

// crawl walks the role's pages (a bounded number) and presses each kind of form once, in
// Chinese on the first page that shows it and in English on the second.
func (p *presser) crawl(t *testing.T, role string) {
	kinds := map[string]int{} // pages of each kind visited: a few, as records in other states show other buttons
	seen := map[string]bool{}
	from := map[string]string{} // the page that first offered each link
	queue := []string{"/"}
	pages := 0
	for len(queue) > 0 && pages < 150 {
		path := queue[0]
		queue = queue[1:]
		key := numberRe.ReplaceAllString(strings.SplitN(path, "?", 2)[0], "/N")
		if kinds[key] >= 3 || seen[path] || strings.Contains(path, "/logout") || strings.Contains(path, "lang=") {
			continue
		}
		kinds[key]++
		seen[path] = true
		code, _, body := p.get(t, path)
		pages++
		if code != http.StatusOK {
			// A link offered to this role that refuses it, finds nothing, conflicts or is
			// incomplete — after the buttons pressed so far, which may have changed what it offers.
			if code >= 400 {
				t.Errorf("GET %s as %s: a link on %s answers %d", path, p.name, from[path], code)
			}
			continue
		}
		// Press the page's forms one at a time, reading the page again before each: a button
		// pressed may have changed what the page offers (disabling an account ends its sessions).
		done := map[string]bool{} // forms of this page pressed already, by action and fields
		for page := body; ; {
			var next *pageForm
			for _, f := range formsOf(page) {
				k := formKey(f)
				if skipForm(f) || p.pressed[k+" en"] || done[f.action+" "+k] {
					continue
				}
				next = &f
				break
			}
			if next == nil {
				break
			}
			k := formKey(*next)
			done[next.action+" "+k] = true
			lang := "zh"
			if p.pressed[k+" zh"] {
				lang = "en"
			}
			p.pressed[k+" "+lang] = true
			p.press(t, path, *next, lang)
			var code int
			if code, _, page = p.get(t, path); code != http.StatusOK {
				break
			}
		}
		for _, m := range hrefRe.FindAllStringSubmatch(body, -1) {
			link := strings.ReplaceAll(m[1], "&amp;", "&")
			if strings.HasPrefix(link, "/assets/") || strings.HasPrefix(link, "/api/") || slices.Contains(queue, link) {
				continue
			}
			if _, ok := from[link]; !ok {
				from[link] = path
			}
			queue = append(queue, link)
		}
	}
	if p.presses == 0 && role != "leader" {
		t.Errorf("%s pressed no button on %d pages", p.name, pages)
	}
	t.Logf("%s: %d pages, %d presses, %d refusals", p.name, pages, p.presses, p.refusals)
}

func TestRefusalWords(t *testing.T) {
	for _, c := range []struct {
		msg         string
		verb, latin bool
	}{
		{"执行期至 %s · 每年最多 %d 份报告", true, false},
		{"类型应为 extension（延期）或 variation", false, true},
		{"请选择确认或改判（confirm、override）", false, true},
		{"密码至少 10 个字符", false, false},
		{"请写明理由（5–1000 字，现为 0%）", false, false},
		{"账号 u-officer 已停用", false, false},
	} {
		if formatVerbRe.MatchString(c.msg) != c.verb || latinWordRe.MatchString(c.msg) != c.latin {
			t.Errorf("%q: verb %v latin %v", c.msg, formatVerbRe.MatchString(c.msg), latinWordRe.MatchString(c.msg))
		}
	}
}

func TestFormsOf(t *testing.T) {
	page := `<form method="post" action="/x/3/do"><input type="hidden" name="version" value="2"><input type="checkbox" name="a" value="1" checked>
<input type="checkbox" name="a" value="2"><input type="radio" name="r" value="no" checked><input type="radio" name="r" value="yes">
<select name="s"><option value="">—</option><option value="k" selected>K</option></select><textarea name="t">
hello</textarea><input name="q_x" type="search" value=""><button type="submit" name="find" value="x">Find</button>
<button type="submit" name="decision" value="approve">OK</button><button type="submit" name="decision" value="reject">No</button></form>
<form action="/list" method="get"><select name="state"><option value="">all</option><option value="draft">d</option></select></form>`
	fs := formsOf(page)
	if len(fs) != 2 {
		t.Fatalf("%d forms", len(fs))
	}
	want := url.Values{"version": {"2"}, "a": {"1"}, "r": {"no"}, "s": {"k"}, "t": {"hello"}, "q_x": {""}, "decision": {"approve"}}
	if fs[0].method != "POST" || fs[0].action != "/x/3/do" || fs[0].values.Encode() != want.Encode() {
		t.Errorf("%s %s %v", fs[0].method, fs[0].action, fs[0].values)
	}
	if fs[1].method != "GET" || fs[1].values.Get("state") != "" || formKey(fs[0]) != "POST /x/N/do a,decision,q_x,r,s,t,version" {
		t.Errorf("%+v, key %q", fs[1], formKey(fs[0]))
	}
	for _, c := range []struct{ page, want string }{
		{`<div class="error-summary" role="alert"><h2>请更正</h2><ul><li><a href="#f-a">金额：应为整数</a></li></ul></div>`, "金额：应为整数"},
		{`<h1>冲突</h1><p class="lead">申报已截止</p>`, "申报已截止"},
		{`<h1>Conflict</h1>`, ""},
	} {
		if got := visibleText(refusalMessage(c.page)); !strings.Contains(got, c.want) || c.want == "" && strings.TrimSpace(got) != "" {
			t.Errorf("%s: %q", c.page, got)
		}
	}
}

// withoutUsernames removes the demo's sign-in names from a message, which may name who did what.
func withoutUsernames(msg string) string {
	for _, u := range demoUsers {
		msg = strings.ReplaceAll(msg, u.name, "")
	}
	return msg
}
