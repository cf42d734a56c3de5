package web

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"seedbed"
	"seedbed/app"
)

// form posts a urlencoded form as role through the UI and returns the response.
func (e *testEnv) form(role, path string, v url.Values) (int, string, string) {
	w := e.do(role, "POST", path, "application/x-www-form-urlencoded", v.Encode())
	return w.Code, w.Header().Get("Location"), w.Body.String()
}

// TestProgramUIForms walks the forms without JavaScript: the officer writes and publishes a
// program, the applicant applies, attaches and submits, the reviewer declares and scores, and
// bad input re-renders the form with the error next to its field.
func TestProgramUIForms(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, "")
	clock := &e2eClock{}
	e.store.Now = clock.now
	e.srv.Programs.(*app.Programs).CheckEligibility = func(context.Context, *seedbed.Innovator, []string, time.Time) (seedbed.Eligibility, error) {
		return seedbed.Eligibility{Status: seedbed.Eligible, Policies: []seedbed.PolicyEligibility{{PolicyID: "grassroots-seed",
			Title: seedbed.Label{Zh: "草根种子", En: "Grassroots seed"}, Status: seedbed.Eligible}}}, nil
	}
	deadline := clock.now().Add(30 * time.Minute).In(cst).Format("2006-01-02T15:04")
	program := url.Values{"title": {"草根创新种子计划"}, "policy_ids": {"grassroots-seed"}, "budget": {"1,000,000"},
		"deadline": {deadline}, "selection_mode": {"lottery"}, "quality_bar": {"-0.5"}, "reviewers_per_app": {"1"},
		"stages[0].name": {"第一阶段"}, "stages[0].share": {"40"}, "stages[0].months": {"6"}, "stages[0].milestone": {"签署任务书"},
		"stages[1].name": {"第二阶段"}, "stages[1].share": {"60"}, "stages[1].months": {"12"}, "stages[1].milestone": {"关键假设已验证"},
		"stages_rows": {"3"}, "fields[0]._key": {"open_source"}, "fields[0].label": {"是否开源"}, "fields[0].label_en": {"Open source?"},
		"fields[0].required": {"1"}, "fields_rows": {"2"}}

	bad := url.Values{}
	for k, v := range program {
		bad[k] = v
	}
	bad.Set("budget", "很多")
	bad.Set("stages[1].share", "六十")
	code, _, body := e.form("officer", "/programs", bad)
	if code != http.StatusBadRequest || !strings.Contains(body, "应为整数（元）") ||
		!strings.Contains(body, `<a href="#f-stages%5b1%5d.share">第 2 阶段 · 拨付比例（%）：应为整数</a>`) ||
		!strings.Contains(body, `value="六十" inputmode="decimal" size="6" aria-describedby="e-stages[1].share" aria-invalid="true"`) {
		t.Fatalf("bad program form: %d %s %s", code, between(body, "error-summary", "</ul>"), between(body, `id="f-stages[1].share"`, ">"))
	}
	code, loc, _ := e.form("officer", "/programs", program)
	if code != http.StatusSeeOther || !strings.HasPrefix(loc, "/programs/") {
		t.Fatalf("create program: %d %q", code, loc)
	}
	pid := strings.TrimPrefix(loc, "/programs/")
	if w := e.do("officer", "GET", loc+"/edit", "", ""); !strings.Contains(w.Body.String(), `name="stages[1].milestone" type="text" value="关键假设已验证"`) ||
		!strings.Contains(w.Body.String(), `name="fields[0]._key" value="open_source"`) {
		t.Fatal("the edit form does not show the stages and questions back")
	}
	program.Set("version", "1")
	program.Set("title", "草根创新种子计划（部分随机抽签）")
	if code, _, body := e.form("officer", loc, program); code != http.StatusSeeOther {
		t.Fatalf("update program: %d %s", code, body)
	}
	if code, _, _ := e.form("officer", loc+"/transition", url.Values{"to": {"open"}}); code != http.StatusSeeOther {
		t.Fatalf("publish: %d", code)
	}

	// The applicant applies; a missing required answer is reported at submission.
	app := url.Values{"title": {"稀疏注意力"}, "direction": {"不走主流路线"}, "team": {"三人"}, "unlocks": {"算力"}, "amount": {"100,000"},
		"field": {"ai"}, "people": {"张三，李四"}}
	code, loc, _ = e.form("applicant", "/programs/"+pid+"/apply", app)
	if code != http.StatusSeeOther || !strings.HasPrefix(loc, "/applications/") {
		t.Fatalf("apply: %d %q", code, loc)
	}
	if w := e.do("applicant", "GET", "/programs/"+pid+"/apply", "", ""); w.Code != http.StatusSeeOther || w.Header().Get("Location") != loc {
		t.Fatalf("applying twice should lead to the draft: %d %q", w.Code, w.Header().Get("Location"))
	}
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", "plan.png")
	fw.Write([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))
	mw.Close()
	if w := e.do("applicant", "POST", loc+"/attachments", mw.FormDataContentType(), buf.String()); w.Code != http.StatusSeeOther {
		t.Fatalf("upload: %d %s", w.Code, w.Body.String())
	}
	if code, _, body := e.form("applicant", loc+"/submit", nil); code != http.StatusBadRequest || !strings.Contains(body, "请回答「是否开源」") {
		t.Fatalf("submission without the required answer: %d", code)
	}
	app.Set("extra_open_source", "是，Apache-2.0")
	app.Set("version", "1")
	if code, _, body := e.form("applicant", loc, app); code != http.StatusSeeOther {
		t.Fatalf("update application: %d %s", code, body)
	}
	if code, _, _ := e.form("applicant", loc+"/submit", nil); code != http.StatusSeeOther {
		t.Fatalf("submit: %d", code)
	}
	if w := e.do("applicant", "GET", loc, "", ""); !strings.Contains(w.Body.String(), "符合条件") || !strings.Contains(w.Body.String(), "plan.png") {
		t.Fatal("the application page does not show the eligibility and the attachment")
	}

	// Review through the forms.
	clock.skip(31 * time.Minute)
	if code, _, _ := e.form("officer", "/programs/"+pid+"/transition", url.Values{"to": {"in_review"}}); code != http.StatusSeeOther {
		t.Fatalf("close the call: %d", code)
	}
	if code, _, _ := e.form("officer", "/programs/"+pid+"/assignments", nil); code != http.StatusSeeOther {
		t.Fatalf("assign: %d", code)
	}
	list, _ := e.store.FindAssignments(context.Background(), seedbed.AssignmentFilter{})
	if len(list) != 1 {
		t.Fatalf("assignments %v", list)
	}
	rp := fmt.Sprintf("/reviews/%d", list[0].ID)
	if w := e.do("reviewer", "GET", rp, "", ""); strings.Contains(w.Body.String(), "不走主流路线") || !strings.Contains(w.Body.String(), "利益冲突声明") {
		t.Fatal("the application shows before the declaration")
	}
	if code, _, body := e.form("reviewer", rp+"/declaration", url.Values{"conflict": {"no"}}); code != http.StatusSeeOther {
		t.Fatalf("declare: %d %s", code, body)
	}
	if w := e.do("reviewer", "GET", rp, "", ""); !strings.Contains(w.Body.String(), "不走主流路线") {
		t.Fatal("the application does not show after the declaration")
	}
	if code, _, body := e.form("reviewer", rp+"/score", url.Values{"score_originality": {"5"}}); code != http.StatusBadRequest || !strings.Contains(body, "资金撬动作用") {
		t.Fatalf("incomplete scores: %d", code)
	}
	scores := url.Values{"score_originality": {"5"}, "score_team_drive": {"4"}, "score_leverage": {"4"}, "score_next_step": {"3"}, "comment": {"好"}}
	if code, _, _ := e.form("reviewer", rp+"/score", scores); code != http.StatusSeeOther {
		t.Fatalf("score: %d", code)
	}
	as, _ := e.store.GetAssignment(context.Background(), list[0].ID)
	if as.Total == nil || *as.Total != 100*(3*1+3*0.75+2*0.75+2*0.5)/10 {
		t.Fatalf("total %v", as.Total)
	}
	if code, _, _ := e.form("reviewer", "/reviews/profile", url.Values{"expertise": {"ai，大模型"}, "declared_names": {"某某大学\n王五"}}); code != http.StatusSeeOther {
		t.Fatalf("profile: %d", code)
	}
	if p, _ := e.store.ReviewerProfile(context.Background(), list[0].ReviewerID); len(p.Expertise) != 2 || len(p.DeclaredNames) != 2 {
		t.Fatalf("profile %+v", p)
	}
}
