package web

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"seedbed"
	"seedbed/app"
)

func init() {
	moduleMatrix = append(moduleMatrix, func(e *testEnv) []accessCase {
		return []accessCase{
			{"GET", "/risk-filings", "/risk-filings", "aou"},
			{"GET", "/risk-filings/{id}", "/risk-filings/999", "aou"},
			{"POST", "/risk-filings/{id}/review", "/risk-filings/999/review", "ao"},
			{"GET", "/programs/{id}/risk-filings/new", "/programs/999/risk-filings/new", "ao"},
			{"POST", "/programs/{id}/risk-filings", "/programs/999/risk-filings", "ao"},
			{"GET", "/api/v1/risk-filings", "/api/v1/risk-filings", "aou"},
			{"POST", "/api/v1/risk-filings", "/api/v1/risk-filings", "ao"},
			{"GET", "/api/v1/risk-filings/{id}", "/api/v1/risk-filings/999", "aou"},
			{"POST", "/api/v1/risk-filings/{id}/review", "/api/v1/risk-filings/999/review", "ao"},
		}
	})
}

// TestRiskFiling: an officer files a high-risk decision on a program (form and API); bad input
// names the field and writes nothing; the filer cannot approve its own filing (409, through the
// API and the form); a second officer's review needs a reason and concludes it, ledgered on the
// program with the filing; the program page carries the form and the filing page the review.
func TestRiskFiling(t *testing.T) {
	t.Parallel()
	forEachEngineFourEyes(t, func(t *testing.T, e *testEnv) {
		ctx := context.Background()
		svc := app.New(e.store, fixtureOptions)
		officer := actorOf(t, e, "officer")
		p := &seedbed.Program{Title: "颠覆性技术探索", PolicyIDs: []string{"grassroots-seed"}, Budget: 500_000, Deadline: e.store.Now().Add(48 * time.Hour),
			SelectionMode: seedbed.SelectionRanked, ReviewersPerApp: 1,
			Stages: []seedbed.Stage{{Name: "一", Share: 100, Months: 6, Milestone: "样机"}}}
		need(0, svc.Programs.CreateProgram(ctx, officer, p))
		events := func() int {
			evs, err := e.store.FindEvents(ctx, seedbed.EventFilter{Kind: seedbed.EventRiskFiled})
			if err != nil {
				t.Fatal(err)
			}
			return len(evs)
		}
		filings := func() int {
			fs, err := svc.RiskFilings.Find(ctx, seedbed.RiskFilingFilter{})
			if err != nil {
				t.Fatal(err)
			}
			return len(fs)
		}
		if w := e.do("officer", "GET", fmt.Sprintf("/programs/%d", p.ID), "", ""); !strings.Contains(w.Body.String(), `id="risk-filing"`) ||
			!strings.Contains(w.Body.String(), fmt.Sprintf(`action="/programs/%d/risk-filings"`, p.ID)) {
			t.Fatalf("the program page has no filing form")
		}

		// bad input: each field named, nothing written
		for _, bad := range []struct{ body, field string }{
			{fmt.Sprintf(`{"program_id":%d,"risk":"短","worth":"若成功可替代进口设备","failure":"一年内样机达不到指标"}`, p.ID), "risk"},
			{fmt.Sprintf(`{"program_id":%d,"risk":"技术路线从未验证过","worth":"","failure":"一年内样机达不到指标"}`, p.ID), "worth"},
			{`{"risk":"技术路线从未验证过","worth":"若成功可替代进口设备","failure":"一年内样机达不到指标"}`, "program_id"},
			{fmt.Sprintf(`{"program_id":%d,"award_id":999,"risk":"技术路线从未验证过","worth":"若成功可替代进口设备","failure":"一年内样机达不到指标"}`, p.ID), ""},
		} {
			w := e.do("officer", "POST", "/api/v1/risk-filings", "application/json", bad.body)
			if bad.field == "" {
				if w.Code != 404 {
					t.Fatalf("%s: %d %s", bad.body, w.Code, w.Body.String())
				}
				continue
			}
			if w.Code != 400 || !strings.Contains(w.Body.String(), `"field":"`+bad.field+`"`) {
				t.Fatalf("%s: %d %s", bad.body, w.Code, w.Body.String())
			}
		}
		form := url.Values{"risk": {"技术路线从未验证过"}, "worth": {""}, "failure": {"一年内样机达不到指标"}}
		if w := e.do("officer", "POST", fmt.Sprintf("/programs/%d/risk-filings", p.ID), "application/x-www-form-urlencoded", form.Encode()); w.Code != 400 ||
			!strings.Contains(w.Body.String(), "为什么值得承担") || !strings.Contains(w.Body.String(), "技术路线从未验证过") {
			t.Fatalf("bad form: %d %s", w.Code, w.Body.String())
		}
		if n, m := filings(), events(); n != 0 || m != 0 {
			t.Fatalf("bad input wrote %d filings, %d events", n, m)
		}

		// the form files it
		form.Set("worth", "若成功可替代进口设备，其他途径做不到")
		w := e.do("officer", "POST", fmt.Sprintf("/programs/%d/risk-filings", p.ID), "application/x-www-form-urlencoded", form.Encode())
		if w.Code != 303 || !strings.HasPrefix(w.Header().Get("Location"), "/risk-filings/") {
			t.Fatalf("file: %d %s", w.Code, w.Body.String())
		}
		fs, _ := svc.RiskFilings.Find(ctx, seedbed.RiskFilingFilter{ProgramID: p.ID})
		if len(fs) != 1 || fs[0].Status != seedbed.RiskFilingPending || fs[0].FiledBy != "u-officer" || fs[0].ApprovalID == 0 {
			t.Fatalf("filed: %+v", fs)
		}
		id := fs[0].ID
		path := fmt.Sprintf("/api/v1/risk-filings/%d/review", id)

		// the filer may not approve it, neither here nor through the approvals
		if w := e.do("officer", "POST", path, "application/json", `{"decision":"approve","note":"我觉得可以"}`); w.Code != 409 {
			t.Fatalf("own approval: %d %s", w.Code, w.Body.String())
		}
		e.ok(t, 409, "officer", "POST", fmt.Sprintf("/api/v1/approvals/%d/approve", fs[0].ApprovalID), `{"note":"可以"}`)
		if w := e.do("officer", "POST", fmt.Sprintf("/risk-filings/%d/review", id), "application/x-www-form-urlencoded", "decision=approve&note=ok"); w.Code != 409 {
			t.Fatalf("own approval through the form: %d", w.Code)
		}
		// the second person needs a reason and a known decision
		for _, bad := range []struct{ body, field string }{{`{"decision":"approve","note":"  "}`, "note"}, {`{"decision":"maybe","note":"x"}`, "decision"}} {
			if w := e.do("admin", "POST", path, "application/json", bad.body); w.Code != 400 || !strings.Contains(w.Body.String(), `"field":"`+bad.field+`"`) {
				t.Fatalf("%s: %d %s", bad.body, w.Code, w.Body.String())
			}
		}
		if got := e.ok(t, 200, "admin", "GET", fmt.Sprintf("/api/v1/risk-filings/%d", id), ""); got["status"] != "pending" {
			t.Fatalf("refused reviews changed it: %v", got)
		}
		if w := e.do("admin", "GET", fmt.Sprintf("/risk-filings/%d", id), "", ""); !strings.Contains(w.Body.String(), `id="risk-review"`) {
			t.Fatalf("the filing page offers no review")
		}
		got := e.ok(t, 200, "admin", "POST", path, `{"decision":"approve","note":"风险已充分论证，值得承担"}`)
		if got["status"] != "approved" || got["reviewed_by"] != "u-admin" || got["review_note"] != "风险已充分论证，值得承担" {
			t.Fatalf("approved: %v", got)
		}
		e.ok(t, 409, "admin", "POST", path, `{"decision":"decline","note":"再议"}`)

		for kind, actor := range map[string]string{seedbed.EventRiskFiled: "u-officer", seedbed.EventRiskReviewed: "u-admin"} {
			evs, _ := e.store.FindEvents(ctx, seedbed.EventFilter{Kind: kind})
			if len(evs) != 1 || evs[0].Actor != actor || evs[0].Subject != seedbed.ProgramSubject(p.ID) {
				t.Fatalf("%s events: %+v", kind, evs)
			}
		}
		list := mustJSON(t, e.ok(t, 200, "auditor", "GET", fmt.Sprintf("/api/v1/risk-filings?program_id=%d&status=approved", p.ID), ""))
		if !strings.Contains(list, `"risk":"技术路线从未验证过"`) {
			t.Fatalf("list: %s", list)
		}
		e.ok(t, 400, "auditor", "GET", "/api/v1/risk-filings?status=maybe", "")
		if w := e.do("auditor", "GET", fmt.Sprintf("/risk-filings?program_id=%d", p.ID), "", ""); w.Code != 200 || !strings.Contains(w.Body.String(), "复核同意") {
			t.Fatalf("list page: %d", w.Code)
		}
		// the filer learns of the review
		msgs, _, _, _ := svc.Inbox.Messages(ctx, officer, seedbed.MessageFilter{Limit: 10})
		if len(msgs) == 0 || !strings.Contains(msgs[0].Subject.Zh, "容错备案") {
			t.Fatalf("no message to the filer: %+v", msgs)
		}
	})
}
