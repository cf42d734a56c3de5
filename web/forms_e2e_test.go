package web

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"seedbed"
	"seedbed/app"
	"seedbed/i18n"
)

// pageForm is a form as a browser sees it: the values it would post as it stands, and its
// choices (check boxes, radio buttons, select options) with their visible labels.
type pageForm struct {
	Action  string
	Values  url.Values
	Choices map[string][]pageChoice // by field name
}

type pageChoice struct{ Value, Label string }

var (
	formRE     = regexp.MustCompile(`(?s)<form [^>]*action="([^"]*)"[^>]*>(.*?)</form>`)
	inputRE    = regexp.MustCompile(`<input ([^>]*)>`)
	attrRE     = regexp.MustCompile(`([a-zA-Z_:-]+)(?:="([^"]*)")?`)
	textareaRE = regexp.MustCompile(`(?s)<textarea ([^>]*)>(.*?)</textarea>`)
	selectRE   = regexp.MustCompile(`(?s)<select ([^>]*)>(.*?)</select>`)
	optionRE   = regexp.MustCompile(`(?s)<option ([^>]*)>(.*?)</option>`)
	choiceRE   = regexp.MustCompile(`(?s)<label class="choice[^"]*"><input ([^>]*)>(.*?)</label>`)
	tagRE      = regexp.MustCompile(`<[^>]*>`)
)

func attrs(s string) map[string]string {
	m := map[string]string{}
	for _, a := range attrRE.FindAllStringSubmatch(s, -1) {
		m[a[1]] = html.UnescapeString(a[2])
	}
	return m
}

func visible(s string) string {
	return strings.Join(strings.Fields(html.UnescapeString(tagRE.ReplaceAllString(s, " "))), " ")
}

// formsOf reads every post form of a page.
func formsOf(body string) []pageForm {
	var out []pageForm
	for _, m := range formRE.FindAllStringSubmatch(body, -1) {
		f := pageForm{Action: html.UnescapeString(m[1]), Values: url.Values{}, Choices: map[string][]pageChoice{}}
		inner := m[2]
		for _, in := range inputRE.FindAllStringSubmatch(inner, -1) {
			a := attrs(in[1])
			name := a["name"]
			if name == "" {
				continue
			}
			switch a["type"] {
			case "checkbox", "radio":
				if _, on := a["checked"]; on {
					f.Values.Add(name, a["value"])
				}
			case "submit", "file":
			default:
				f.Values.Add(name, a["value"])
			}
		}
		for _, c := range choiceRE.FindAllStringSubmatch(inner, -1) {
			a := attrs(c[1])
			f.Choices[a["name"]] = append(f.Choices[a["name"]], pageChoice{a["value"], visible(c[2])})
		}
		for _, t := range textareaRE.FindAllStringSubmatch(inner, -1) {
			f.Values.Set(attrs(t[1])["name"], html.UnescapeString(strings.TrimPrefix(t[2], "\n")))
		}
		for _, s := range selectRE.FindAllStringSubmatch(inner, -1) {
			name := attrs(s[1])["name"]
			for i, o := range optionRE.FindAllStringSubmatch(s[2], -1) {
				a := attrs(o[1])
				f.Choices[name] = append(f.Choices[name], pageChoice{a["value"], visible(o[2])})
				if _, sel := a["selected"]; sel || i == 0 {
					f.Values.Set(name, a["value"])
				}
			}
		}
		out = append(out, f)
	}
	return out
}

// formAt returns the page's form that posts to action.
func formAt(t *testing.T, body, action string) pageForm {
	t.Helper()
	for _, f := range formsOf(body) {
		if f.Action == action {
			return f
		}
	}
	t.Fatalf("no form posting to %s on the page", action)
	return pageForm{}
}

// choose returns the value of the choice of field whose label holds label, as a person picks
// an option by what it says.
func (f pageForm) choose(t *testing.T, field, label string) string {
	t.Helper()
	for _, c := range f.Choices[field] {
		if strings.Contains(c.Label, label) {
			return c.Value
		}
	}
	t.Fatalf("form %s offers no %q for %s: %v", f.Action, label, field, f.Choices[field])
	return ""
}

// linkTo finds on a page the first link whose address matches pattern.
func linkTo(t *testing.T, body, pattern string) string {
	t.Helper()
	m := regexp.MustCompile(`href="(` + pattern + `)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no link matching %s on the page", pattern)
	}
	return html.UnescapeString(m[1])
}

// TestProgramWithoutCodes creates a program, edits its rubric, applies, assigns reviewers,
// reviews and decides it through the pages alone, as people would: every value typed is a
// title, a text, a number or a date; every policy, organisation, option and id posted is one
// the pages offered, read from the rendered HTML.
func TestProgramWithoutCodes(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, "")
	publishStarter(e)
	ctx := context.Background()
	clock := &e2eClock{}
	e.store.Now = clock.now
	e.srv.Programs.(*app.Programs).CheckEligibility = func(_ context.Context, _ *seedbed.Innovator, ids []string, _ time.Time) (seedbed.Eligibility, error) {
		el := seedbed.Eligibility{Status: seedbed.Eligible}
		for _, id := range ids {
			el.Policies = append(el.Policies, seedbed.PolicyEligibility{PolicyID: id, Title: seedbed.Label{Zh: "政策", En: "policy"}, Status: seedbed.Eligible})
		}
		return el, nil
	}
	university := &seedbed.Innovator{Name: "上海交通大学智能团队", Kind: seedbed.KindTeam, Field: "ai"}
	if err := testApp(e.store).Registry.CreateInnovator(ctx, seedbed.System, university); err != nil {
		t.Fatal(err)
	}
	get := func(role, path string) string {
		t.Helper()
		w := e.do(role, "GET", path, "", "")
		if w.Code != http.StatusOK {
			t.Fatalf("GET %s as %s: %d", path, role, w.Code)
		}
		return w.Body.String()
	}
	post := func(role string, f pageForm, want int) (string, string) {
		t.Helper()
		code, loc, body := e.form(role, f.Action, f.Values)
		if code != want {
			t.Fatalf("POST %s as %s: %d, want %d: %s", f.Action, role, code, want, between(body, "error-summary", "</ul>"))
		}
		return loc, body
	}

	// 1. The officer drafts a program: policies found by two characters of their name and
	// ticked, one stage row more asked for and filled in, an extra question written in words.
	f := formAt(t, get("officer", "/programs/new"), "/programs")
	f.Values.Set("title", "草根创新种子计划")
	f.Values.Set("budget", "600,000")
	f.Values.Set("deadline", clock.now().Add(30*time.Minute).In(cst).Format("2006-01-02T15:04"))
	f.Values.Set("selection_mode", f.choose(t, "selection_mode", seedbed.SelectionModes.Label(seedbed.SelectionRanked).Zh))
	f.Values.Set("reviewers_per_app", "1")
	f.Values.Set("q_policy_ids", "草根")
	f.Values.Set("find", "policy_ids")
	_, body := post("officer", f, http.StatusOK)
	f = formAt(t, body, "/programs")
	if f.Values.Get("title") != "草根创新种子计划" {
		t.Fatal("the search step lost what was typed")
	}
	f.Values.Add("policy_ids", f.choose(t, "policy_ids", "草根"))
	f.Values.Set("add", "stages")
	_, body = post("officer", f, http.StatusOK)
	f = formAt(t, body, "/programs")
	if f.Values.Get("stages_rows") != "4" || len(f.Values["policy_ids"]) != 1 {
		t.Fatalf("after adding a stage row: %s rows, policies %v", f.Values.Get("stages_rows"), f.Values["policy_ids"])
	}
	f.Values.Set("stages[0].share", "20")
	f.Values.Set("stages[1].share", "50")
	f.Values.Set("stages[2].name", "第三阶段：推广")
	f.Values.Set("stages[2].share", "30")
	f.Values.Set("stages[2].months", "6")
	f.Values.Set("stages[2].milestone", "首批用户试用")
	f.Values.Set("fields[0].label", "是否开源")
	f.Values.Set("fields[0].label_en", "Open source?")
	loc, _ := post("officer", f, http.StatusSeeOther)
	pid := strings.TrimPrefix(loc, "/programs/")
	p, err := e.srv.Programs.GetProgram(ctx, int64(atoiT(t, pid)))
	if err != nil {
		t.Fatal(err)
	}
	if len(p.PolicyIDs) != 1 || len(p.Stages) != 3 || p.Stages[2].Milestone != "首批用户试用" || len(p.Fields) != 1 || p.Fields[0].Key != "q1" {
		t.Fatalf("program as stored: policies %v, stages %+v, fields %+v", p.PolicyIDs, p.Stages, p.Fields)
	}

	// 2. The rubric: one criterion more, a weight in words refused with the row named, then saved.
	rubric := linkTo(t, get("officer", loc), `/programs/\d+/rubric`)
	f = formAt(t, get("officer", rubric), rubric)
	f.Values.Set("rubric.criteria[0].weight", "4")
	n := len(p.Rubric)
	row := func(i int, field string) string { return "rubric.criteria[" + itoa(int64(i)) + "]." + field }
	f.Values.Set(row(n, "name"), "市场验证")
	f.Values.Set(row(n, "name_en"), "Market test")
	f.Values.Set(row(n, "weight"), "很重")
	_, body = post("officer", f, http.StatusBadRequest)
	want := i18n.T(i18n.Zh, "forms.row_field", i18n.T(i18n.Zh, "forms.row.rubric.criteria", n+1), i18n.T(i18n.Zh, "pf.rubric.criteria.weight"))
	if !strings.Contains(between(body, "error-summary", "</ul>"), want) || !strings.Contains(body, `aria-describedby="e-`+row(n, "weight")+`" aria-invalid="true"`) {
		t.Fatalf("a bad weight should be named %q and marked: %s", want, between(body, "error-summary", "</ul>"))
	}
	f = formAt(t, body, rubric)
	f.Values.Set(row(n, "weight"), "1")
	post("officer", f, http.StatusSeeOther)
	p, _ = e.srv.Programs.GetProgram(ctx, p.ID)
	if len(p.Rubric) != n+1 || p.Rubric[0].Weight != 4 || p.Rubric[n].Name.Zh != "市场验证" || p.Rubric[n].ID == "" {
		t.Fatalf("rubric as stored: %+v", p.Rubric)
	}

	// 3. Published from its page.
	post("officer", formAt(t, get("officer", loc), loc+"/transition"), http.StatusSeeOther)
	if locked := get("officer", rubric); !strings.Contains(locked, i18n.T(i18n.Zh, "rubric.locked")) || strings.Contains(locked, `name="version"`) {
		t.Fatal("a published program's rubric should show read only")
	}
	if code, _, body := e.form("officer", rubric, f.Values); code != http.StatusConflict || !strings.Contains(body, "条款不能再修改") {
		t.Fatalf("changing a published rubric: %d", code)
	}

	// 4. The applicant applies with a partner found by two characters of its name.
	apply := "/programs/" + pid + "/apply"
	f = formAt(t, get("applicant", apply), apply)
	for k, v := range map[string]string{"title": "稀疏注意力", "direction": "不走主流路线", "team": "三位全职成员", "unlocks": "算力", "amount": "100000"} {
		f.Values.Set(k, v)
	}
	f.Values.Set("field", f.Choices["field"][1].Value)
	f.Values.Set("q_coapplicant_ids", "人才")
	f.Values.Set("find", "coapplicant_ids")
	_, body = post("applicant", f, http.StatusOK)
	f = formAt(t, body, apply)
	f.Values.Add("coapplicant_ids", f.choose(t, "coapplicant_ids", "宁波人才科技"))
	answer := ""
	for k := range f.Values {
		if strings.HasPrefix(k, "extra_") {
			answer = k
		}
	}
	if answer == "" {
		t.Fatal("the application form does not ask the program's question")
	}
	f.Values.Set(answer, "是，Apache-2.0")
	appLoc, _ := post("applicant", f, http.StatusSeeOther)
	post("applicant", formAt(t, get("applicant", appLoc), appLoc+"/submit"), http.StatusSeeOther)
	a, err := e.srv.Programs.GetApplication(ctx, int64(atoiT(t, strings.TrimPrefix(appLoc, "/applications/"))))
	if err != nil || len(a.CoApplicantIDs) != 1 || a.CoApplicantIDs[0] != e.otherID || a.State != seedbed.AppSubmitted {
		t.Fatalf("application as stored: %+v %v", a, err)
	}

	// 5. The reviewer names the university they work for, found by two characters.
	f = formAt(t, get("reviewer", "/reviews/profile"), "/reviews/profile")
	f.Values.Set("expertise", "人工智能")
	f.Values.Set("q_org_id", "交通")
	f.Values.Set("find", "org_id")
	_, body = post("reviewer", f, http.StatusOK)
	f = formAt(t, body, "/reviews/profile")
	f.Values.Set("org_id", f.choose(t, "org_id", "上海交通大学"))
	post("reviewer", f, http.StatusSeeOther)
	rp, _ := e.store.ReviewerProfile(ctx, actorOf(t, e, "reviewer").UserID)
	if rp.OrgID == nil || *rp.OrgID != university.ID {
		t.Fatalf("reviewer profile %+v", rp)
	}

	// 6. After the deadline the officer closes the call and assigns reviewers.
	clock.skip(31 * time.Minute)
	post("officer", formAt(t, get("officer", loc), loc+"/transition"), http.StatusSeeOther)
	console := loc + "/review"
	post("officer", formAt(t, get("officer", console), loc+"/assignments"), http.StatusSeeOther)

	// 7. The reviewer declares no conflict and scores every criterion from the scale offered.
	review := linkTo(t, get("reviewer", "/reviews"), `/reviews/\d+`)
	f = formAt(t, get("reviewer", review), review+"/declaration")
	f.Values.Set("conflict", f.choose(t, "conflict", i18n.T(i18n.Zh, "review.no_conflict")))
	post("reviewer", f, http.StatusSeeOther)
	f = formAt(t, get("reviewer", review), review+"/score")
	scored := 0
	for name, cs := range f.Choices {
		if strings.HasPrefix(name, "score_") {
			f.Values.Set(name, cs[len(cs)-1].Value)
			scored++
		}
	}
	if scored != len(p.Rubric) {
		t.Fatalf("the score form offers %d criteria, the rubric has %d", scored, len(p.Rubric))
	}
	f.Values.Set("comment", "方向独到，团队投入足")
	post("reviewer", f, http.StatusSeeOther)

	// 8. The officer normalises, selects and decides, then makes the award.
	post("officer", formAt(t, get("officer", console), loc+"/normalise"), http.StatusSeeOther)
	post("officer", formAt(t, get("officer", console), loc+"/selection"), http.StatusSeeOther)
	post("officer", formAt(t, get("officer", loc), loc+"/transition"), http.StatusSeeOther)
	post("officer", formAt(t, get("officer", console), loc+"/awards"), http.StatusSeeOther)
	p, _ = e.srv.Programs.GetProgram(ctx, p.ID)
	awards, _, _ := e.srv.Programs.FindAwards(ctx, seedbed.AwardFilter{ProgramID: p.ID})
	if p.State != seedbed.ProgramDecided || len(awards) != 1 || awards[0].Amount != 100000 {
		t.Fatalf("decided: state %s, awards %+v", p.State, awards)
	}
}

func atoiT(t *testing.T, s string) int {
	t.Helper()
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			t.Fatalf("not a number: %q", s)
		}
		n = n*10 + int(c-'0')
	}
	return n
}
