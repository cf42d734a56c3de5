package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"seedbed"
)

// fairProgramJSON is a valid program for the API with the fair-review settings given as raw JSON
// fields (each "key":value), so that one of them at a time can be made bad.
func fairProgramJSON(deadline string, version int, fields map[string]string) string {
	set := map[string]string{"blind_review": "true", "reply_days": "7", "expertise_weight": "0.5", "champion_rule": `"draw"`}
	for k, v := range fields {
		set[k] = v
	}
	ver := ""
	if version > 0 {
		ver = fmt.Sprintf(`,"version":%d`, version)
	}
	return `{"title":"匿名评审测试计划","policy_ids":["grassroots-seed"],"budget":200000,"max_request":100000,"deadline":"` + deadline +
		`","selection_mode":"lottery","quality_bar":-1,"reviewers_per_app":2,"stages":[{"name":"一","share":100,"months":6,"milestone":"签署任务书"}]` +
		`,"blind_review":` + set["blind_review"] + `,"reply_days":` + set["reply_days"] + `,"expertise_weight":` + set["expertise_weight"] +
		`,"champion_rule":` + set["champion_rule"] + ver + `}`
}

// TestFairReviewProgramSettingsBadInput: a program's fair-review settings (blind review, reply
// window, expertise weight, champion rule), each bad in turn, through the API's create and
// replace and the officer's forms: a 400 naming the field, the program list and the program as
// they were, never a 500.
func TestFairReviewProgramSettingsBadInput(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, e *testEnv) {
		deadline := time.Now().Add(30 * 24 * time.Hour).UTC().Format(time.RFC3339)
		bad := []struct {
			field, value string
		}{
			{"expertise_weight", "1.5"},
			{"expertise_weight", "-0.1"},
			{"expertise_weight", `"high"`},
			{"champion_rule", `"golden_ticket"`},
			{"champion_rule", "1"},
			{"reply_days", "-1"},
			{"reply_days", fmt.Sprint(seedbed.MaxReplyDays + 1)},
			{"reply_days", "2.5"},
			{"blind_review", `"yes"`},
		}
		list := func() int64 { return num(e.ok(t, 200, "officer", "GET", "/api/v1/programs", "")["total"]) }
		before := list()
		for _, b := range bad {
			w := e.do("officer", "POST", "/api/v1/programs", "application/json", fairProgramJSON(deadline, 0, map[string]string{b.field: b.value}))
			eb := decode[errBody](t, w.Body.String())
			if w.Code != http.StatusBadRequest || eb.Error.Field != b.field || eb.Error.Message == "" {
				t.Errorf("create with %s = %s: %d %s, want 400 on %s", b.field, b.value, w.Code, w.Body.String(), b.field)
			}
		}
		if n := list(); n != before {
			t.Fatalf("refused creations wrote programs: %d before, %d after", before, n)
		}

		p := e.ok(t, 201, "officer", "POST", "/api/v1/programs", fairProgramJSON(deadline, 0, nil))
		path := fmt.Sprintf("/api/v1/programs/%d", num(p["id"]))
		version := int(num(p["version"]))
		for _, b := range bad {
			w := e.do("officer", "PUT", path, "application/json", fairProgramJSON(deadline, version, map[string]string{b.field: b.value}))
			eb := decode[errBody](t, w.Body.String())
			if w.Code != http.StatusBadRequest || eb.Error.Field != b.field {
				t.Errorf("replace with %s = %s: %d %s, want 400 on %s", b.field, b.value, w.Code, w.Body.String(), b.field)
			}
		}
		got := e.ok(t, 200, "officer", "GET", path, "")
		if got["blind_review"] != true || num(got["reply_days"]) != 7 || got["expertise_weight"] != 0.5 || got["champion_rule"] != "draw" ||
			int(num(got["version"])) != version {
			t.Fatalf("the program changed under refused replacements: %v", got)
		}

		// The officer's forms: the new-program form and the edit form re-render with the error
		// next to the field.
		form := url.Values{"title": {"匿名评审表单计划"}, "policy_ids": {"grassroots-seed"}, "budget": {"200000"},
			"deadline": {time.Now().Add(30 * 24 * time.Hour).In(cst).Format("2006-01-02T15:04")}, "selection_mode": {"lottery"},
			"quality_bar": {"-1"}, "reviewers_per_app": {"2"}, "blind_review": {"1"}, "reply_days": {"7"}, "expertise_weight": {"0.5"},
			"champion_rule": {"draw"}, "stages[0].name": {"一"}, "stages[0].share": {"100"}, "stages[0].months": {"6"},
			"stages[0].milestone": {"签署任务书"}, "stages_rows": {"1"}}
		formBad := []struct{ field, value string }{
			{"expertise_weight", "abc"}, {"expertise_weight", "2"}, {"reply_days", "一周"}, {"reply_days", "-3"}, {"champion_rule", "golden_ticket"},
		}
		edit := fmt.Sprintf("/programs/%d", num(p["id"]))
		for _, target := range []string{"/programs", edit} {
			for _, b := range formBad {
				v := url.Values{}
				for k, x := range form {
					v[k] = x
				}
				v.Set(b.field, b.value)
				if target == edit {
					v.Set("version", fmt.Sprint(version))
				}
				code, _, body := e.form("officer", target, v)
				if code != http.StatusBadRequest || !strings.Contains(body, `href="#f-`+b.field+`"`) {
					t.Errorf("form %s with %s = %q: %d, want 400 with the error on %s", target, b.field, b.value, code, b.field)
				}
			}
		}
		if n := list(); n != before+1 {
			t.Fatalf("refused forms wrote programs: %d, want %d", n, before+1)
		}
		if got := e.ok(t, 200, "officer", "GET", path, ""); int(num(got["version"])) != version || got["expertise_weight"] != 0.5 {
			t.Fatalf("the program changed under refused forms: %v", got)
		}
	})
}

// TestInvitationChampionPanelBadInput: declining an invitation, naming a champion and writing to
// the panel, each with bad input through the API and the form: a specific error naming the field
// (or saying why the step is not open), nothing written, never a 500.
func TestInvitationChampionPanelBadInput(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, e *testEnv) {
		f := newProgramFixture(t, e)
		ctx := context.Background()
		var invited int64 // the reviewer's unanswered invitation, on the applicant's application
		ass, err := e.store.FindAssignments(ctx, seedbed.AssignmentFilter{ApplicationID: f.reviewOwn, ReviewerID: f.reviewerID})
		if err != nil || len(ass) != 1 || ass[0].State != seedbed.AssignmentAssigned {
			t.Fatalf("fixture: the reviewer's invitation on %d: %v %+v", f.reviewOwn, err, ass)
		}
		invited = ass[0].ID
		state := func(id int64) string {
			t.Helper()
			for _, as := range need(e.store.FindAssignments(ctx, seedbed.AssignmentFilter{ProgramID: f.review})) {
				if as.ID == id {
					return as.State
				}
			}
			t.Fatalf("assignment %d gone", id)
			return ""
		}
		long := func(n int) string { return strings.Repeat("长", n) }
		type call struct {
			name, role, path, body string
			status                 int
			field                  string
		}
		apiCase := func(c call) {
			t.Helper()
			w := e.do(c.role, "POST", c.path, "application/json", c.body)
			eb := decode[errBody](t, w.Body.String())
			if w.Code != c.status || eb.Error.Field != c.field || eb.Error.Message == "" {
				t.Errorf("%s: %d %s, want %d on %q", c.name, w.Code, w.Body.String(), c.status, c.field)
			}
		}

		// Invitations: a reason is required and bounded; an answered invitation cannot be declined.
		decline := fmt.Sprintf("/api/v1/assignments/%d/decline", invited)
		for _, c := range []call{
			{"decline without a reason", "reviewer", decline, `{"reason":"  "}`, 400, "reason"},
			{"decline with an oversized reason", "reviewer", decline, `{"reason":"` + long(501) + `"}`, 400, "reason"},
			{"decline with a wrong type", "reviewer", decline, `{"reason":5}`, 400, "reason"},
			{"decline with an unknown field", "reviewer", decline, `{"reason":"没时间","when":"now"}`, 400, "when"},
			{"decline an accepted invitation", "reviewer", fmt.Sprintf("/api/v1/assignments/%d/decline", f.assignment), `{"reason":"没时间"}`, 409, ""},
		} {
			apiCase(c)
		}
		if code, _, body := e.form("reviewer", fmt.Sprintf("/reviews/%d/decline", invited), url.Values{"reason": {""}}); code != 400 || !strings.Contains(body, `href="#f-reason"`) {
			t.Errorf("decline form without a reason: %d", code)
		}
		if s := state(invited); s != seedbed.AssignmentAssigned {
			t.Fatalf("refused declines changed the invitation to %s", s)
		}
		if s := state(f.assignment); s != seedbed.AssignmentOpen {
			t.Fatalf("a refused decline changed the accepted assignment to %s", s)
		}

		// Champions: a reason is required and bounded; not before accepting; one per reviewer and round.
		champion := fmt.Sprintf("/api/v1/assignments/%d/champion", f.assignment)
		for _, c := range []call{
			{"champion without a reason", "reviewer", champion, `{"reason":""}`, 400, "reason"},
			{"champion with an oversized reason", "reviewer", champion, `{"reason":"` + long(1001) + `"}`, 400, "reason"},
			{"champion with a wrong type", "reviewer", champion, `{"reason":["好"]}`, 400, "reason"},
			{"champion before accepting", "reviewer", fmt.Sprintf("/api/v1/assignments/%d/champion", invited), `{"reason":"路线新颖"}`, 403, ""},
		} {
			apiCase(c)
		}
		if code, _, body := e.form("reviewer", fmt.Sprintf("/reviews/%d/champion", f.assignment), url.Values{"reason": {" "}}); code != 400 || !strings.Contains(body, `href="#f-reason"`) {
			t.Errorf("champion form without a reason: %d", code)
		}
		if cs := need(e.store.ProgramChampions(ctx, f.review)); len(cs) != 0 {
			t.Fatalf("refused champions were written: %+v", cs)
		}
		e.ok(t, 200, "reviewer", "POST", champion, `{"reason":"与主流相反的路线，值得一试"}`)
		apiCase(call{"a second champion in the round", "reviewer", champion, `{"reason":"再力荐一次"}`, 409, ""})
		if cs := need(e.store.ProgramChampions(ctx, f.review)); len(cs) != 1 {
			t.Fatalf("%d champions after a refused second one, want 1", len(cs))
		}

		// Panel: notes and outcomes need text within bounds and a known kind.
		e.ok(t, 200, "reviewer", "POST", fmt.Sprintf("/api/v1/assignments/%d/score", f.assignment),
			`{"scores":{"originality":4,"team_drive":4,"leverage":3,"next_step":4},"comment":"路线新颖。"}`)
		notes := fmt.Sprintf("/api/v1/assignments/%d/notes", f.assignment)
		panel := fmt.Sprintf("/api/v1/applications/%d/panel", f.reviewOther)
		for _, c := range []call{
			{"an empty note", "reviewer", notes, `{"body":" "}`, 400, "body"},
			{"an oversized note", "reviewer", notes, `{"body":"` + long(seedbed.MaxPanelNoteLen+1) + `"}`, 400, "body"},
			{"a note of the wrong type", "reviewer", notes, `{"body":{}}`, 400, "body"},
			{"an unknown kind", "officer", panel, `{"kind":"verdict","body":"一致"}`, 400, "kind"},
			{"an empty outcome", "officer", panel, `{"kind":"disagreement","body":""}`, 400, "body"},
			{"an oversized outcome", "officer", panel, `{"kind":"consensus","body":"` + long(seedbed.MaxPanelNoteLen+1) + `"}`, 400, "body"},
			{"an outcome by a reviewer", "reviewer", panel, `{"kind":"consensus","body":"一致"}`, 403, ""},
		} {
			apiCase(c)
		}
		if code, _, body := e.form("reviewer", fmt.Sprintf("/reviews/%d/notes", f.assignment), url.Values{"body": {""}}); code != 400 || !strings.Contains(body, `href="#f-body"`) {
			t.Errorf("note form without text: %d", code)
		}
		if code, _, body := e.form("officer", fmt.Sprintf("/applications/%d/panel", f.reviewOther), url.Values{"kind": {"verdict"}, "body": {"一致"}}); code != 400 || !strings.Contains(body, `href="#f-kind"`) {
			t.Errorf("outcome form with an unknown kind: %d", code)
		}
		if entries := need(e.store.PanelEntries(ctx, f.reviewOther)); len(entries) != 0 {
			t.Fatalf("refused panel entries were written: %+v", entries)
		}
	})
}
