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

// TestFailureAndExemptionUI closes an award as failed through the form, opens its case, reads
// the case and the printable determination, and decides it: refused without a reason,
// recorded with one.
func TestFailureAndExemptionUI(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, e *testEnv) {
		f := newLedgerFixture(t, e)
		fail := fmt.Sprintf("/awards/%d/fail", f.otherAward)
		if code, _, body := e.form("officer", fail, nil); code != http.StatusBadRequest || !strings.Contains(body, "请选择失败类别") || !strings.Contains(body, "error-summary") {
			t.Fatalf("empty failure form: %d", code)
		}
		code, loc, _ := e.form("officer", fail, url.Values{"category": {"market"}, "lesson": {"试点客户没有采购，需求没有形成"}})
		if code != http.StatusSeeOther || !strings.HasPrefix(loc, "/failures") {
			t.Fatalf("failure form: %d %s", code, loc)
		}
		if w := e.do("officer", "GET", "/failures", "", ""); !strings.Contains(w.Body.String(), "试点客户没有采购") || !strings.Contains(w.Body.String(), "不是失信记录") {
			t.Fatal("the failure list does not show the lesson with its neutral note")
		}
		// the applicant sees its own failure, never another organisation's
		if w := e.do("applicant", "GET", "/api/v1/failures", "", ""); strings.Contains(w.Body.String(), "试点客户") || !strings.Contains(w.Body.String(), "关键假设未能验证") {
			t.Fatalf("applicant's failures: %s", w.Body.String())
		}

		code, loc, _ = e.form("auditor", "/exemptions", url.Values{"award_id": {fmt.Sprint(f.otherAward)}})
		if code != http.StatusSeeOther || !strings.HasPrefix(loc, "/exemptions/") {
			t.Fatalf("open case: %d %s", code, loc)
		}
		page := e.do("auditor", "GET", loc, "", "").Body.String()
		for _, want := range []string{"免责条件", "标准程序逐步核对", "包含证明已验证", "作出认定"} {
			if !strings.Contains(page, want) {
				t.Errorf("case page lacks %q", want)
			}
		}
		if w := e.do("officer", "GET", loc, "", ""); strings.Contains(w.Body.String(), `action="`+loc+`/decision"`) {
			t.Error("an officer is offered the decision form")
		}
		printed := e.do("auditor", "GET", loc+"/print?lang=en", "", "").Body.String()
		for _, want := range []string{"Committee signatures", "Conditions of exemption", "signed tree head"} {
			if !strings.Contains(printed, want) {
				t.Errorf("printed determination lacks %q", want)
			}
		}
		if code, _, body := e.form("auditor", loc+"/decision", url.Values{"decision": {"override"}, "outcome": {"exempt"}}); code != http.StatusBadRequest || !strings.Contains(body, "须写明理由") {
			t.Fatalf("decision without a reason: %d", code)
		}
		code, _, _ = e.form("auditor", loc+"/decision", url.Values{"decision": {"override"}, "outcome": {"exempt"},
			"reason": {"委员会复核后认为账本外的会议纪要足以证明集体决策。"}, "committee": {"赵、钱、孙"}})
		if code != http.StatusSeeOther {
			t.Fatalf("decision: %d", code)
		}
		if w := e.do("auditor", "GET", "/api/v1"+loc, "", ""); !strings.Contains(w.Body.String(), `"final_outcome":"exempt"`) || !strings.Contains(w.Body.String(), `"decision":"override"`) {
			t.Fatalf("decided case: %s", w.Body.String())
		}
		if code, _, _ := e.form("auditor", loc+"/decision", url.Values{"decision": {"confirm"}, "reason": {"再次认定，应当被拒绝。"}}); code != http.StatusConflict {
			t.Fatalf("a second decision: %d", code)
		}
	})
}

// TestExemptionBadInput: every refusal is a 4xx naming the problem, and changes nothing.
func TestExemptionBadInput(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, e *testEnv) {
		f := newLedgerFixture(t, e)
		cs := fmt.Sprintf("/api/v1/exemptions/%d", f.caseID)
		before, _ := e.store.LedgerStatus(context.Background())
		cases := []struct {
			role, method, path, body string
			status                   int
			want                     string
		}{
			{"auditor", "POST", cs + "/decision", `{"decision":"confirm"}`, 400, `"field":"reason"`},
			{"auditor", "POST", cs + "/decision", `{"decision":"maybe","reason":"理由写得足够长了吧，真的"}`, 400, `"field":"decision"`},
			{"auditor", "POST", cs + "/decision", `{"decision":"override","outcome":"perhaps","reason":"理由写得足够长了吧，真的"}`, 400, `"field":"outcome"`},
			{"auditor", "POST", cs + "/decision", `{"decision":"confirm","reason":"理由写得足够长了吧，真的","extra":1}`, 400, `"field":"extra"`},
			{"auditor", "POST", cs + "/decision", `{"decision":"override","outcome":"exempt","reason":"理由写得足够长了吧，真的","version":99}`, 409, "recomputed"},
			{"auditor", "POST", "/api/v1/exemptions/999/decision", `{"decision":"confirm","reason":"理由写得足够长了吧，真的"}`, 404, "not found"},
			{"auditor", "POST", "/api/v1/exemptions", `{"award_id":0}`, 400, `"field":"award_id"`},
			{"auditor", "POST", "/api/v1/exemptions", fmt.Sprintf(`{"award_id":%d}`, f.otherAward), 409, "closed as failed"},
			{"auditor", "POST", "/api/v1/exemptions", fmt.Sprintf(`{"award_id":%d}`, f.ownAward), 409, "already has"},
			{"officer", "POST", fmt.Sprintf("/api/v1/awards/%d/failure", f.otherAward), `{"category":"laziness","lesson":"这不是一个类别"}`, 400, `"field":"category"`},
			{"officer", "POST", fmt.Sprintf("/api/v1/awards/%d/failure", f.ownAward), `{"category":"technical","lesson":"又一次失败记录"}`, 409, "already"},
			{"officer", "POST", fmt.Sprintf("/api/v1/programs/%d/public-notices", f.decided), `{"channel":"网站","start_on":"2026-03-09","end_on":"2026-03-01"}`, 400, `"field":"end_on"`},
			{"officer", "POST", fmt.Sprintf("/api/v1/programs/%d/collective-decisions", f.decided), `{"body":"局务会","held_on":"2026-03-01","members":5,"present":6,"for":3}`, 400, `"field":"present"`},
			{"officer", "POST", fmt.Sprintf("/api/v1/programs/%d/interest-declarations", f.draft), `{"interest":false}`, 409, "not been published"},
			{"officer", "POST", "/api/v1/procedures", "id: x\nversion: one\n", 400, `"line":2`},
			{"officer", "GET", "/api/v1/procedures/grant-standard/9", "", 404, "not found"},
			{"auditor", "GET", "/api/v1/exemptions?outcome=maybe", "", 400, `"field":"outcome"`},
			{"auditor", "GET", "/api/v1/failures?category=bad", "", 400, `"field":"category"`},
		}
		for _, c := range cases {
			ct := "application/json"
			if strings.HasPrefix(c.body, "id:") {
				ct = "application/yaml"
			}
			w := e.do(c.role, c.method, c.path, ct, c.body)
			if w.Code != c.status || !strings.Contains(w.Body.String(), c.want) {
				t.Errorf("%s %s %s: %d %s; want %d with %q", c.method, c.path, c.body, w.Code, w.Body.String(), c.status, c.want)
			}
		}
		after, _ := e.store.LedgerStatus(context.Background())
		if after.Size != before.Size {
			t.Fatalf("refused requests appended %d entries", after.Size-before.Size)
		}
		// a good record, and the standard procedures republished: unchanged
		if w := e.do("officer", "POST", fmt.Sprintf("/api/v1/programs/%d/interest-declarations", f.decided), "application/json", `{"interest":false,"note":"无"}`); w.Code != http.StatusCreated {
			t.Fatalf("declaration: %d %s", w.Code, w.Body.String())
		}
		src, _ := e.store.GetProcedure(context.Background(), "grant-standard", 1)
		if w := e.do("officer", "POST", "/api/v1/procedures", "application/yaml", src.Source); w.Code != http.StatusOK {
			t.Fatalf("republish: %d %s", w.Code, w.Body.String())
		}
		if w := e.do("officer", "GET", fmt.Sprintf("/programs/%d/procedure", f.decided), "", ""); !strings.Contains(w.Body.String(), "无利害关系") {
			t.Fatal("the procedure records page does not show the declaration")
		}
	})
}

// TestFailureContext renders prior failures as neutral context, and nothing when hidden.
func TestFailureContext(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, "")
	f := newLedgerFixture(t, e)
	aw, err := e.store.GetAward(context.Background(), f.ownAward)
	if err != nil {
		t.Fatal(err)
	}
	fs := e.srv.PriorFailures(context.Background(), aw.InnovatorID, time.Now().Add(time.Hour))
	html := string(renderFailureContext(&page{Lang: "zh"}, fs))
	if len(fs) != 1 || !strings.Contains(html, "关键假设未能验证") || !strings.Contains(html, "不影响本次申请") {
		t.Fatalf("context: %d failures, %s", len(fs), html)
	}
	if en := string(renderFailureContext(&page{Lang: "en"}, fs)); !strings.Contains(en, "does not affect this application") {
		t.Fatalf("English context: %s", en)
	}
	if got := e.srv.PriorFailures(context.Background(), aw.InnovatorID, aw.AwardedAt); len(got) != 0 {
		t.Fatal("a failure closed after the application was shown")
	}
	e.srv.FailureContext = seedbed.FailureContextHidden
	if got := e.srv.PriorFailures(context.Background(), aw.InnovatorID, time.Now().Add(time.Hour)); got != nil {
		t.Fatal("hidden context still lists failures")
	}
}

// FuzzProcedureForm feeds arbitrary form text to the procedure record parsing: it never panics,
// and a record it accepts is valid.
func FuzzProcedureForm(f *testing.F) {
	f.Add("12, 13，14", "9", "7", "2026-03-01")
	f.Add("x", "-1", "99999999999999999999", "2026-02-30")
	f.Fuzz(func(t *testing.T, ids, members, present, day string) {
		var bad error
		r := &http.Request{PostForm: url.Values{"application_ids": {ids}}}
		d := seedbed.CollectiveDecision{ProgramID: 1, Body: "局务会", HeldOn: day, Members: formInt(members, "members", &bad),
			Present: formInt(present, "present", &bad), ApplicationIDs: formIDs(r, &bad)}
		if bad != nil {
			if seedbed.ErrorCode(bad) != seedbed.EINVALID {
				t.Fatalf("error %v is not invalid input", bad)
			}
			return
		}
		if err := d.Validate(); err == nil && (d.Present > d.Members || d.Members < 1) {
			t.Fatalf("accepted %+v", d)
		}
	})
}
