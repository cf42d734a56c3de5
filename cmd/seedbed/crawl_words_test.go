package main

import (
	"html"
	"regexp"
	"strings"
	"testing"

	"seedbed"
	"seedbed/i18n"
	"seedbed/web"
)

// Checks the crawl makes of every page's words: no internal identifier on a Chinese page, no
// Chinese interface text on an English page, no catalogue key left untranslated, and no button
// the viewer's role may not press.

var (
	// codeRe removes what is code by nature (policy sources, commands, file contents, the column
	// names of a file format, a test case's name, an audit entry's raw free-text detail: what the
	// templates put in <code>, <pre>, <kbd> or <samp>) and what the browser does not show. Text
	// merely styled as code (class="code": credit codes, hashes, ids) is read like any other.
	codeRe = regexp.MustCompile(`(?s)<script.*?</script>|<style.*?</style>|<pre.*?</pre>|<code.*?</code>|<kbd.*?</kbd>|<samp.*?</samp>|<textarea.*?</textarea>|<option.*?</option>`)
	// identRe finds snake_case and dotted identifiers: honest_failures, lab.run, award_failed.
	identRe = regexp.MustCompile(`(?:^|[^A-Za-z0-9_./@:=?&-])([a-z][a-z0-9]*(?:[_.][a-z0-9]+)+)`)
	// fileExt are the name endings of files and hosts, which are not identifiers.
	fileExt = map[string]bool{"csv": true, "json": true, "png": true, "pdf": true, "pem": true, "yaml": true, "yml": true,
		"md": true, "txt": true, "html": true, "svg": true, "xlsx": true, "docx": true, "zip": true, "jpg": true, "jpeg": true,
		"gz": true, "cn": true, "com": true, "org": true, "net": true, "gov": true, "io": true, "sig": true, "bundle": true}
	textNodeRe = regexp.MustCompile(`>([^<>]+)<`)
	formRe     = regexp.MustCompile(`(?s)<form[^>]*method="post"[^>]*action="(/[^"]*)"|<form[^>]*action="(/[^"]*)"[^>]*method="post"`)
	headRe     = regexp.MustCompile(`(?s)<(label|button|legend|caption|th)\b[^>]*>(.*?)</(?:label|button|legend|caption|th)>`)
	hanRe      = regexp.MustCompile(`\p{Han}`)
	// repoPathRe finds a path in the repository, which a user of the platform cannot open.
	repoPathRe = regexp.MustCompile(`(?:^|[^/\w])(?:docs|examples|policies|procedures)/[\w./-]+`)
)

// visibleText is the page's text as a reader sees it, without code and markup.
func visibleText(page string) string {
	page = codeRe.ReplaceAllString(page, "\n")
	return html.UnescapeString(tagRe.ReplaceAllString(page, "\n"))
}

// identifiers returns the internal identifiers a page shows as text.
func identifiers(page string) []string {
	var out []string
	for _, m := range identRe.FindAllStringSubmatch(visibleText(page), -1) {
		id := m[1]
		parts := strings.FieldsFunc(id, func(r rune) bool { return r == '.' || r == '_' })
		if !strings.Contains(id, "_") && fileExt[parts[len(parts)-1]] {
			continue // a file or host name
		}
		letters := false
		for _, p := range parts[1:] {
			if strings.Trim(p, "0123456789") != "" {
				letters = true
			}
		}
		if !letters {
			continue // a version number such as v1.2
		}
		out = append(out, id)
	}
	return out
}

// chineseOnly is the interface text of the Chinese catalogue that differs in English, and the
// Chinese labels of the domain's coded values.
var chineseOnly = func() map[string]bool {
	m := map[string]bool{}
	for _, k := range i18n.Keys(i18n.Zh) {
		zh, en := i18n.T(i18n.Zh, k), i18n.T(i18n.En, k)
		if zh != en && !strings.Contains(zh, "%") && hanRe.MatchString(zh) {
			m[zh] = true
		}
	}
	for _, set := range []seedbed.OptionSet{seedbed.Kinds, seedbed.SizeClasses, seedbed.InnovationTypes, seedbed.Drivers,
		seedbed.Fields, seedbed.Roles, seedbed.ProgramStates, seedbed.SelectionModes, seedbed.AppStates, seedbed.Outcomes,
		seedbed.AssignmentStates, seedbed.AwardStatuses, seedbed.TrancheStates, seedbed.MilestoneStates,
		seedbed.ExemptionOutcomes, seedbed.ConditionStatuses, seedbed.FailureCategories, seedbed.AuditActions} {
		for _, o := range set {
			if o.Label.En != "" && o.Label.En != o.Label.Zh {
				m[o.Label.Zh] = true
			}
		}
	}
	return m
}()

// untranslated returns the Chinese interface text an English page shows: a text equal to a
// Chinese message, or Chinese in a label, button, legend, caption or column head.
func untranslated(page string) []string {
	page = codeRe.ReplaceAllString(page, "")
	var out []string
	for _, m := range textNodeRe.FindAllStringSubmatch(page, -1) {
		if t := strings.TrimSpace(html.UnescapeString(m[1])); chineseOnly[t] {
			out = append(out, t)
		}
	}
	for _, m := range headRe.FindAllStringSubmatch(page, -1) {
		if m[1] == "th" && strings.Contains(m[0], `scope="row"`) {
			continue // a row's head names a record, which may be Chinese data
		}
		if t := strings.TrimSpace(html.UnescapeString(tagRe.ReplaceAllString(m[2], ""))); hanRe.MatchString(t) && !strings.Contains(m[0], `lang="zh`) {
			out = append(out, t)
		}
	}
	return out
}

// catalogueKeys returns the catalogue keys a page shows instead of their messages.
func catalogueKeys(page string) []string {
	var out []string
	for _, m := range textNodeRe.FindAllStringSubmatch(codeRe.ReplaceAllString(page, ""), -1) {
		if t := strings.TrimSpace(m[1]); strings.Contains(t, ".") && i18n.Has(t) {
			out = append(out, t)
		}
	}
	return out
}

// repoPaths returns the repository paths a page names in its text.
func repoPaths(page string) []string {
	return repoPathRe.FindAllString(tagRe.ReplaceAllString(codeRe.ReplaceAllString(page, ""), "\n"), -1)
}

// refusedButtons returns the forms a page offers whose route the role may not use.
func refusedButtons(srv *web.Server, role, page string) []string {
	var out []string
	for _, m := range formRe.FindAllStringSubmatch(page, -1) {
		action := m[1] + m[2]
		action = html.UnescapeString(action)
		perm, ok := srv.RoutePermission("POST", strings.SplitN(action, "?", 2)[0])
		if !ok {
			out = append(out, action+" (no such route)")
			continue
		}
		if perm != "" && !seedbed.RoleCan(role, perm) {
			out = append(out, action)
		}
	}
	return out
}

func TestIdentifiers(t *testing.T) {
	cases := []struct {
		page string
		want int
	}{
		{`<td>honest_failures</td>`, 1},
		{`<td>审计动作 lab.run</td>`, 1},
		{`<td>新材料（new_materials）</td>`, 1},
		{`<a href="/x">grants.csv</a>`, 0},
		{`<td>docs/model.md</td>`, 0},
		{`<code>honest_failures</code>`, 0},
		{`<td class="code">draft → in_review</td>`, 1},
		{`<span class="code">award_failed</span>`, 1},
		{`<pre>employees < 200 && revenue_wan</pre>`, 0},
		{`<td>seedbed v1.2</td>`, 0},
		{`<td>Weisberg &amp; Muldoon</td>`, 0},
		{`<td>example.gov.cn</td>`, 0},
	}
	for _, c := range cases {
		if got := identifiers(c.page); len(got) != c.want {
			t.Errorf("%s: %q, want %d", c.page, got, c.want)
		}
	}
}

func TestUntranslated(t *testing.T) {
	cases := []struct {
		page string
		want int
	}{
		{`<td>草稿</td>`, 1},
		{`<th>金额</th>`, 1},
		{`<th scope="row">杭州深度求索</th>`, 0},
		{`<td>杭州深度求索人工智能基础技术研究有限公司</td>`, 0},
		{`<a lang="zh-CN" href="?lang=zh">中文</a>`, 0},
		{`<button>Submit</button>`, 0},
	}
	for _, c := range cases {
		if got := untranslated(c.page); len(got) != c.want {
			t.Errorf("%s: %q, want %d", c.page, got, c.want)
		}
	}
}

func TestRepoPaths(t *testing.T) {
	for page, want := range map[string]int{
		`<p>见 docs/methods.md 第 3 节</p>`:                1,
		`<p>The format is in policies/README.md</p>`:    1,
		`<td>/policies/grassroots-seed/versions/2</td>`: 0,
		`<pre>docs/model.md</pre>`:                      0,
	} {
		if got := repoPaths(page); len(got) != want {
			t.Errorf("%s: %q, want %d", page, got, want)
		}
	}
}
