package web

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"
)

// The life of an award through the API and the pages, on both engines: a report beyond the
// yearly cap and an extension past the program's end are refused (409, naming why) with nothing
// written; the recipient submits a report and asks for an extension; the officer who asked
// cannot approve his own change; a second officer does; the inboxes say so.
func TestAwardLifeHTTP(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, e *testEnv) {
		f := newProgramFixture(t, e)
		e.addAccount(t, "officer2", "officer", nil)
		ctx := context.Background()
		aw := need(e.srv.Programs.GetAward(ctx, f.ownAward))
		p := need(e.srv.Programs.GetProgram(ctx, aw.ProgramID))
		path := fmt.Sprintf("/api/v1/awards/%d", aw.ID)
		end := p.End()
		countRows := func() (int, int) {
			a := need(e.srv.Programs.GetAward(ctx, aw.ID))
			return len(a.Reports), len(a.Changes)
		}
		reports0, _ := countRows()

		// Bad input: refused with the reason, nothing written.
		past := end.AddDate(0, 0, 2).Format(time.RFC3339)
		w := e.do("officer", "POST", path+"/reports", "application/json", `{"kind":"progress","due_at":"`+past+`"}`)
		if w.Code != 409 || !strings.Contains(w.Body.String(), "program's end") {
			t.Fatalf("report past the end: %d %s", w.Code, w.Body.String())
		}
		w = e.do("applicant", "POST", path+"/changes", "application/json", fmt.Sprintf(`{"kind":"extension","report_id":%d,"new_due_at":"%s","reason":"设备到货延迟"}`, aw.Reports[0].ID, past))
		if w.Code != 409 || !strings.Contains(w.Body.String(), "program's end") || !strings.Contains(w.Body.String(), `"field":"new_due_at"`) {
			t.Fatalf("extension past the end: %d %s", w.Code, w.Body.String())
		}
		w = e.do("applicant", "POST", path+"/changes", "application/json", `{"kind":"extension","reason":"设备到货延迟"}`)
		if w.Code != 400 || !strings.Contains(w.Body.String(), `"field":"target"`) {
			t.Fatalf("extension without a target: %d %s", w.Code, w.Body.String())
		}
		w = e.do("reviewer", "POST", path+"/changes", "application/json", `{"kind":"extension","reason":"设备到货延迟"}`)
		if w.Code != 403 {
			t.Fatalf("a reviewer asking for a change: %d", w.Code)
		}
		in := aw.AwardedAt.AddDate(0, 13, 0).Format(time.RFC3339)
		for i := 0; ; i++ {
			w = e.do("officer", "POST", path+"/reports", "application/json", `{"kind":"progress","due_at":"`+in+`"}`)
			if w.Code == 409 {
				if !strings.Contains(w.Body.String(), "cap of 4") {
					t.Fatalf("cap refusal: %s", w.Body.String())
				}
				break
			}
			if w.Code != 201 || i > 4 {
				t.Fatalf("report %d in year 2: %d %s", i, w.Code, w.Body.String())
			}
		}
		if n, c := countRows(); c != 0 || n > reports0+4 {
			t.Fatalf("after refusals: %d reports (from %d), %d changes", n, reports0, c)
		}

		// The recipient reports and asks for more time; officer asks too; second person decides.
		rep := aw.Reports[0]
		e.ok(t, 200, "applicant", "POST", fmt.Sprintf("/api/v1/reports/%d/submit", rep.ID), `{"text":"第一阶段：样机完成，测试报告 T-01"}`)
		e.ok(t, 200, "officer", "POST", fmt.Sprintf("/api/v1/reports/%d/review", rep.ID), `{"decision":"accept"}`)
		newDue := aw.Tranches[1].DueAt.AddDate(0, 1, 0).Format(time.RFC3339)
		ch := e.ok(t, 201, "officer", "POST", path+"/changes", fmt.Sprintf(`{"kind":"extension","tranche_id":%d,"new_due_at":"%s","reason":"检测机构排期推迟一个月"}`, aw.Tranches[1].ID, newDue))
		decidePath := fmt.Sprintf("/api/v1/changes/%d/decide", num(ch["id"]))
		w = e.do("officer", "POST", decidePath, "application/json", `{"decision":"approve"}`)
		if w.Code != 409 || !strings.Contains(w.Body.String(), "two-person") {
			t.Fatalf("self-approval: %d %s", w.Code, w.Body.String())
		}
		got := e.ok(t, 200, "officer2", "POST", decidePath, `{"decision":"approve","note":"同意"}`)
		tr := got["tranches"].([]any)[1].(map[string]any)
		if tr["due_at"] != newDue {
			t.Fatalf("tranche due after approval %v, want %s", tr["due_at"], newDue)
		}

		// The pages: the award shows the schedule and the change; the inbox the messages.
		w = e.do("officer", "GET", fmt.Sprintf("/awards/%d", aw.ID), "", "")
		for _, want := range []string{"报告安排", "进展报告", "已通过", "延期与变更", "已批准", "检测机构排期推迟一个月"} {
			if !strings.Contains(w.Body.String(), want) {
				t.Errorf("award page lacks %q", want)
			}
		}
		w = e.do("applicant", "GET", "/inbox", "", "")
		if !strings.Contains(w.Body.String(), "延期或变更决定") || !strings.Contains(w.Body.String(), "已批准") {
			t.Errorf("the recipient's inbox does not tell of the decision:\n%s", w.Body.String())
		}
		list := e.ok(t, 200, "applicant", "GET", "/api/v1/inbox?unread=1", "")
		if num(list["unread"]) < 2 {
			t.Fatalf("recipient's unread %v", list["unread"])
		}
		e.ok(t, 200, "applicant", "POST", "/api/v1/inbox/read", "")
		if l := e.ok(t, 200, "applicant", "GET", "/api/v1/inbox", ""); num(l["unread"]) != 0 {
			t.Fatalf("unread after marking all read: %v", l["unread"])
		}

		// A form with a bad date names the field and writes nothing.
		form := url.Values{"kind": {"progress"}, "due_at": {"明年"}}
		w = e.do("officer", "POST", fmt.Sprintf("/awards/%d/reports", aw.ID), "application/x-www-form-urlencoded", form.Encode())
		if w.Code != 400 || !strings.Contains(w.Body.String(), "日期格式应为 2026-09-30") {
			t.Fatalf("form with a bad date: %d", w.Code)
		}
		w = e.do("applicant", "POST", "/inbox/email", "application/x-www-form-urlencoded", url.Values{"email": {"not an address"}}.Encode())
		if w.Code != 400 || !strings.Contains(w.Body.String(), "电子邮件地址格式不正确") {
			t.Fatalf("bad e-mail: %d", w.Code)
		}
	})
}
