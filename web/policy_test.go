package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"seedbed"
	"seedbed/policies"
)

func init() {
	moduleMatrix = append(moduleMatrix, func(e *testEnv) []accessCase {
		publishStarter(e)
		own, other := fmt.Sprint(e.ownID), fmt.Sprint(e.otherID)
		return []accessCase{
			{"GET", "/policies", "/policies", "aorpu"},
			{"GET", "/policies/new", "/policies/new", "ao"},
			{"POST", "/policies", "/policies", "ao"},
			{"GET", "/policies/{id}", "/policies/grassroots-seed", "aorpu"},
			{"GET", "/policies/{id}/versions/{v}", "/policies/grassroots-seed/versions/1", "aorpu"},
			{"POST", "/policies/{id}/versions/{v}/publish", "/policies/grassroots-seed/versions/1/publish", "ao"},
			{"GET", "/policies/{id}/diff", "/policies/grassroots-seed/diff", "aorpu"},
			{"GET", "/policies/{id}/segment", "/policies/grassroots-seed/segment", "aoru"}, // the whole registry
			{"GET", "/innovators/{id}/eligibility", "/innovators/" + own + "/eligibility", "aorpu"},
			{"GET", "/innovators/{id}/eligibility", "/innovators/" + other + "/eligibility", "aoru"},
			{"GET", "/api/v1/policies", "/api/v1/policies", "aorpu"},
			{"POST", "/api/v1/policies", "/api/v1/policies", "ao"},
			{"GET", "/api/v1/policies/{id}", "/api/v1/policies/grassroots-seed", "aorpu"},
			{"GET", "/api/v1/policies/{id}/versions/{v}", "/api/v1/policies/grassroots-seed/versions/2", "aorpu"},
			{"POST", "/api/v1/policies/{id}/versions/{v}/publish", "/api/v1/policies/grassroots-seed/versions/2/publish", "ao"},
			{"GET", "/api/v1/policies/{id}/diff", "/api/v1/policies/grassroots-seed/diff", "aorpu"},
			{"GET", "/api/v1/policies/{id}/segment", "/api/v1/policies/grassroots-seed/segment", "aoru"},
			{"GET", "/api/v1/innovators/{id}/eligibility", "/api/v1/innovators/" + own + "/eligibility", "aorpu"},
			{"GET", "/api/v1/innovators/{id}/eligibility", "/api/v1/innovators/" + other + "/eligibility", "aoru"},
		}
	})
}

// publishStarter publishes the starter library into the environment's store.
func publishStarter(e *testEnv) {
	e.t.Helper()
	ctx := context.Background()
	names, _ := fs.Glob(policies.FS, "*.yaml")
	for _, n := range names {
		src, _ := fs.ReadFile(policies.FS, n)
		pv, err := e.srv.Policies.Upload(ctx, seedbed.System, n, src)
		if err != nil {
			e.t.Fatalf("upload %s: %v", n, err)
		}
		if _, err := e.srv.Policies.Publish(ctx, seedbed.System, pv.PolicyID, pv.Version); err != nil {
			e.t.Fatalf("publish %s: %v", n, err)
		}
	}
}

func decodeBody[T any](t *testing.T, b []byte) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("%v: %s", err, b)
	}
	return v
}

// TestPolicyAPI checks the contract of the read API: lists with total and items, every
// version, a version with its source and rules in words, diffs, and refusals.
func TestPolicyAPI(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, e *testEnv) {
		publishStarter(e)
		type item struct {
			PolicyID    string `json:"policy_id"`
			Version     int    `json:"version"`
			Status      string `json:"status"`
			Instruments []struct {
				Kind string `json:"kind"`
			} `json:"instruments"`
		}
		type list struct {
			Total int    `json:"total"`
			Items []item `json:"items"`
		}
		cases := []struct {
			role, query string
			status      int
			total       int
		}{
			{"reviewer", "", 200, 9}, // every published version
			{"applicant", "?as_of=2026-03-01", 200, 8},
			{"auditor", "?as_of=2025-03-01&segment=grassroots_sme", 200, 3},
			{"officer", "?status=draft", 200, 0},
			{"officer", "?status=all", 200, 9},
			{"reviewer", "?status=draft", 403, 0},
			{"reviewer", "?status=bogus", 400, 0},
			{"reviewer", "?as_of=2026-13-01", 400, 0},
			{"reviewer", "?segment=nobody", 400, 0},
		}
		for _, c := range cases {
			w := e.do(c.role, "GET", "/api/v1/policies"+c.query, "", "")
			if w.Code != c.status {
				t.Errorf("%s %s: %d, want %d: %s", c.role, c.query, w.Code, c.status, w.Body.String())
				continue
			}
			if c.status != 200 {
				continue
			}
			l := decodeBody[list](t, w.Body.Bytes())
			if l.Total != c.total || len(l.Items) != c.total {
				t.Errorf("%s %s: total %d, %d items, want %d", c.role, c.query, l.Total, len(l.Items), c.total)
			}
			for _, it := range l.Items {
				if it.PolicyID == "" || it.Version == 0 || len(it.Instruments) == 0 {
					t.Errorf("incomplete item %+v", it)
				}
			}
		}
		w := e.do("applicant", "GET", "/api/v1/policies/grassroots-seed", "", "")
		one := decodeBody[struct {
			InForce  *int   `json:"in_force_version"`
			Versions []item `json:"versions"`
		}](t, w.Body.Bytes())
		if len(one.Versions) != 2 || one.Versions[0].Version != 1 || one.InForce == nil || *one.InForce != 2 {
			t.Errorf("policy with its versions: %s", w.Body.String())
		}
		w = e.do("applicant", "GET", "/api/v1/policies/grassroots-seed/versions/2", "", "")
		v := decodeBody[struct {
			Source string `json:"source"`
			SHA256 string `json:"sha256"`
			Rules  []struct {
				Kind     string        `json:"kind"`
				Sentence seedbed.Label `json:"sentence"`
			} `json:"rules"`
			Tests []struct {
				Passed bool `json:"passed"`
			} `json:"tests"`
		}](t, w.Body.Bytes())
		src, _ := fs.ReadFile(policies.FS, "grassroots-seed-v2.yaml")
		if v.Source != string(src) || len(v.SHA256) != 64 || len(v.Rules) < 5 || len(v.Tests) != 5 || !v.Tests[0].Passed {
			t.Errorf("version body: %s", w.Body.String())
		}
		for _, r := range v.Rules {
			if r.Sentence.Zh == "" || r.Sentence.En == "" {
				t.Errorf("rule without a sentence: %+v", r)
			}
		}
		w = e.do("reviewer", "GET", "/api/v1/policies/grassroots-seed/diff?from=1&to=2", "", "")
		if w.Code != 200 || !strings.Contains(w.Body.String(), `"kind":"instrument_added"`) || !strings.Contains(w.Body.String(), `"path":"conditions.young"`) {
			t.Errorf("diff: %d %s", w.Code, w.Body.String())
		}
		for _, p := range []string{"/api/v1/policies/none", "/api/v1/policies/grassroots-seed/versions/9",
			"/api/v1/policies/grassroots-seed/versions/x", "/api/v1/policies/grassroots-seed/diff?from=7"} {
			if w := e.do("reviewer", "GET", p, "", ""); w.Code != http.StatusNotFound && w.Code != http.StatusBadRequest {
				t.Errorf("%s: %d", p, w.Code)
			}
		}
	})
}

// TestPolicyPages renders every policy page in both languages.
func TestPolicyPages(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, "")
	publishStarter(e)
	cases := []struct {
		role, path string
		want       []string
	}{
		{"applicant", "/policies", []string{"草根团队与小微企业种子资助", "第 2 版", "本单位适用哪些政策", "算力券"}},
		{"reviewer", "/policies?lang=en", []string{"Seed grants for grassroots teams", "version 2"}},
		{"reviewer", "/policies/grassroots-seed", []string{"第 2 版", "今日有效", "团队和个人不限；企业成立不超过 7 年", "成立年限（年）", "≤ 7", "种子资助", "5/5 通过", "与上一版比较"}},
		{"reviewer", "/policies/grassroots-seed/versions/1?lang=en", []string{"version 1", "Not in force today", "5 years", "pass"}},
		{"reviewer", "/policies/large-enterprise-cofund", []string{"配套要求：政府资金不超过自有投入的 1 倍"}},
		{"auditor", "/policies/grassroots-seed/diff", []string{"新增支持工具", "compute", "young"}},
		{"officer", "/policies/grassroots-seed/segment?as_of=2026-03-01&kind=enterprise", []string{"共 2 个主体", "符合条件"}},
		{"officer", "/policies/new", []string{`enctype="multipart/form-data"`, "检查并测试"}},
	}
	for _, c := range cases {
		w := e.do(c.role, "GET", c.path, "", "")
		if w.Code != 200 {
			t.Errorf("%s: %d", c.path, w.Code)
			continue
		}
		for _, s := range c.want {
			if !strings.Contains(w.Body.String(), s) {
				t.Errorf("%s lacks %q", c.path, s)
			}
		}
	}
	if w := e.do("reviewer", "GET", "/policies/nothing", "", ""); w.Code != http.StatusNotFound {
		t.Errorf("missing policy page: %d", w.Code)
	}
}

func testdataPolicy(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "policy", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestPolicyUploadRefusedAPI uploads every kind of broken policy through the API: each is
// refused with the file, line and column, and nothing is stored or comes into force.
func TestPolicyUploadRefusedAPI(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, e *testEnv) {
		if w := e.do("officer", "POST", "/api/v1/policies?file=seed-v1.yaml", "application/yaml", testdataPolicy(t, "overlap/seed-v1.yaml")); w.Code != 201 {
			t.Fatalf("upload: %d %s", w.Code, w.Body.String())
		}
		if w := e.do("officer", "POST", "/api/v1/policies/overlap-seed/versions/1/publish", "", ""); w.Code != 200 {
			t.Fatalf("publish: %d %s", w.Code, w.Body.String())
		}
		cases := []struct {
			file, ctype string
			status      int
			where       string // "line:column" of the first problem
		}{
			{"bad-yaml-syntax.yaml", "application/yaml", 400, "3:1"},
			{"bad-cel-syntax.yaml", "text/yaml", 400, "10:23"},
			{"bad-type.yaml", "application/x-yaml", 400, "12:19"},
			{"bad-unknown-field.yaml", "application/yaml", 400, "10:36"},
			{"bad-cost.yaml", "application/yaml", 400, "10:11"},
			{"bad-failing-test.yaml", "application/yaml", 400, ""},
			{"overlap/seed-v2.yaml", "application/yaml", 409, "6:1"},
			{"valid-minimal.yaml", "application/json", 400, ""},
		}
		for _, c := range cases {
			w := e.do("officer", "POST", "/api/v1/policies?file="+url.QueryEscape(filepath.Base(c.file)), c.ctype, testdataPolicy(t, c.file))
			if w.Code != c.status {
				t.Errorf("%s: %d, want %d: %s", c.file, w.Code, c.status, w.Body.String())
				continue
			}
			body := decodeBody[struct {
				Error struct {
					Field   string `json:"field"`
					Line    int    `json:"line"`
					Column  int    `json:"column"`
					Details []struct {
						Line int `json:"line"`
					} `json:"details"`
				} `json:"error"`
			}](t, w.Body.Bytes())
			if c.ctype == "application/json" {
				continue
			}
			if body.Error.Field != filepath.Base(c.file) || body.Error.Line == 0 || len(body.Error.Details) == 0 {
				t.Errorf("%s: not located: %s", c.file, w.Body.String())
			}
			if c.where != "" && fmt.Sprintf("%d:%d", body.Error.Line, body.Error.Column) != c.where {
				t.Errorf("%s: at %d:%d, want %s", c.file, body.Error.Line, body.Error.Column, c.where)
			}
		}
		w := e.do("officer", "GET", "/api/v1/policies?status=all", "", "")
		if l := decodeBody[struct{ Total int }](t, w.Body.Bytes()); l.Total != 1 {
			t.Errorf("refused uploads were stored: %s", w.Body.String())
		}
		big := strings.Repeat("# padding\n", 120_000)
		if w := e.do("officer", "POST", "/api/v1/policies", "application/yaml", big); w.Code != http.StatusRequestEntityTooLarge {
			t.Errorf("oversized upload: %d", w.Code)
		}
	})
}

// TestPolicyUploadPublishForms runs the officers' flow through the HTML forms: a broken paste
// shown again with its problems at line and column, a file upload that becomes a draft (hidden
// from other roles), and its publication.
func TestPolicyUploadPublishForms(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, "")
	form := url.Values{"source": {testdataPolicy(t, "bad-type.yaml")}}
	w := e.do("officer", "POST", "/policies", "application/x-www-form-urlencoded", form.Encode())
	body := w.Body.String()
	if w.Code != 400 || !strings.Contains(body, "error-summary") || !strings.Contains(body, "policy.yaml:12:19") ||
		!strings.Contains(body, `id="f-policy.yaml"`) || !strings.Contains(body, `class="bad-line"`) || !strings.Contains(body, "未保存任何内容") {
		t.Fatalf("broken paste: %d %s", w.Code, body)
	}
	if w := e.do("officer", "POST", "/policies", "application/x-www-form-urlencoded", "source="); w.Code != 400 {
		t.Errorf("empty upload: %d", w.Code)
	}
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", "valid-minimal.yaml")
	fw.Write([]byte(testdataPolicy(t, "valid-minimal.yaml")))
	mw.Close()
	w = e.do("officer", "POST", "/policies", mw.FormDataContentType(), buf.String())
	if w.Code != http.StatusSeeOther {
		t.Fatalf("file upload: %d %s", w.Code, w.Body.String())
	}
	loc := w.Header().Get("Location")
	w = e.do("officer", "GET", loc, "", "")
	if !strings.Contains(w.Body.String(), "草稿（未生效）") || !strings.Contains(w.Body.String(), "/publish") {
		t.Fatalf("draft page: %s", w.Body.String())
	}
	if w := e.do("reviewer", "GET", loc, "", ""); w.Code != http.StatusNotFound {
		t.Errorf("a reviewer sees a draft: %d", w.Code)
	}
	if w := e.do("officer", "GET", "/policies", "", ""); !strings.Contains(w.Body.String(), "1 个草稿") {
		t.Error("the list does not show the draft to officers")
	}
	if w = e.do("officer", "POST", loc+"/publish", "", ""); w.Code != http.StatusSeeOther {
		t.Fatalf("publish: %d %s", w.Code, w.Body.String())
	}
	if w = e.do("officer", "POST", loc+"/publish", "", ""); w.Code != http.StatusConflict || !strings.Contains(w.Body.String(), "已发布的版本不可更改") {
		t.Errorf("publish twice: %d", w.Code)
	}
	if w := e.do("reviewer", "GET", loc, "", ""); w.Code != 200 {
		t.Errorf("published version hidden: %d", w.Code)
	}
	evs, err := e.store.FindEvents(context.Background(), seedbed.EventFilter{Kind: "policy.published"})
	if err != nil || len(evs) != 1 || evs[0].Actor != "u-officer" {
		t.Errorf("decision event: %+v %v", evs, err)
	}
}

// TestNoRouteChangesPublishedPolicy checks that published versions cannot be changed or
// deleted through the server: no such route exists, and such requests are refused.
func TestNoRouteChangesPublishedPolicy(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, "")
	publishStarter(e)
	for _, rt := range e.srv.routes {
		if strings.Contains(rt.pattern, "polic") && rt.method != "GET" && !strings.HasSuffix(rt.pattern, "/publish") &&
			rt.pattern != "/policies" && rt.pattern != "/api/v1/policies" {
			t.Errorf("route %s %s may change a policy", rt.method, rt.pattern)
		}
	}
	for _, m := range []string{"PUT", "PATCH", "DELETE"} {
		for _, p := range []string{"/api/v1/policies/grassroots-seed", "/api/v1/policies/grassroots-seed/versions/1", "/policies/grassroots-seed/versions/1"} {
			if w := e.do("admin", m, p, "application/yaml", "id: x"); w.Code < 400 {
				t.Errorf("%s %s: %d", m, p, w.Code)
			}
		}
	}
	pv, err := e.srv.Policies.Version(context.Background(), "grassroots-seed", 1)
	src, _ := fs.ReadFile(policies.FS, "grassroots-seed-v1.yaml")
	if err != nil || pv.Source != string(src) {
		t.Error("the published source changed")
	}
}
