package web

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"seedbed"
	"seedbed/app"
)

func init() {
	moduleMatrix = append(moduleMatrix, func(e *testEnv) []accessCase {
		return []accessCase{
			{"POST", "/applications/{id}/eligibility", "/applications/999/eligibility", "ao"},
			{"POST", "/api/v1/applications/{id}/eligibility-override", "/api/v1/applications/999/eligibility-override", "ao"},
		}
	})
}

// TestEligibilityOverride: an officer decides an undecided eligibility with a reason; it waits
// for a second officer (202), the proposer approving is refused (409), the second approval makes
// it take effect, ledgered. A bad decision, a missing reason, or an application the rules
// decided are refused with the reason and nothing written.
func TestEligibilityOverride(t *testing.T) {
	t.Parallel()
	forEachEngineFourEyes(t, func(t *testing.T, e *testEnv) {
		ctx := context.Background()
		svc := app.New(e.store, fixtureOptions)
		officer, applicant := actorOf(t, e, "officer"), actorOf(t, e, "applicant")
		p := &seedbed.Program{Title: "草根种子", PolicyIDs: []string{"grassroots-seed"}, Budget: 500_000, Deadline: e.store.Now().Add(48 * time.Hour),
			SelectionMode: seedbed.SelectionRanked, ReviewersPerApp: 1,
			Stages: []seedbed.Stage{{Name: "一", Share: 100, Months: 6, Milestone: "任务书"}}}
		need(0, svc.Programs.CreateProgram(ctx, officer, p))
		need(svc.Programs.TransitionProgram(ctx, officer, p.ID, seedbed.ProgramOpen, ""))
		a := &seedbed.Application{ProgramID: p.ID, InnovatorID: *applicant.InnovatorID, Title: "方向", Direction: "非主流路线", Team: "三人", Unlocks: "算力", Amount: 100_000}
		need(0, svc.Programs.CreateApplication(ctx, applicant, a))
		need(svc.Programs.SubmitCheckedApplication(ctx, applicant, a.ID, seedbed.Eligibility{Status: seedbed.Undecided}, e.store.Now()))
		path := fmt.Sprintf("/api/v1/applications/%d/eligibility-override", a.ID)

		for _, bad := range []struct{ body, field string }{
			{`{"status":"maybe","reason":"核实"}`, "status"},
			{`{"status":"eligible","reason":"  "}`, "reason"},
		} {
			if w := e.do("officer", "POST", path, "application/json", bad.body); w.Code != 400 || !strings.Contains(w.Body.String(), `"field":"`+bad.field+`"`) {
				t.Fatalf("%s: %d %s", bad.body, w.Code, w.Body.String())
			}
		}
		ap := e.ok(t, 202, "officer", "POST", path, `{"status":"eligible","reason":"已核实营业执照：成立于 2023 年，小型企业"}`)
		id := num(ap["id"])
		if got := e.ok(t, 200, "officer", "GET", fmt.Sprintf("/api/v1/applications/%d", a.ID), ""); !strings.Contains(mustJSON(t, got), `"status":"undecided"`) {
			t.Fatalf("a proposal changed the eligibility: %v", got)
		}
		e.ok(t, 409, "officer", "POST", fmt.Sprintf("/api/v1/approvals/%d/approve", id), "")
		// While it waits, a second decision is refused and the application's page offers the form
		// to nobody: its proposer reads that it waits, a second officer is offered the approval.
		e.ok(t, 409, "admin", "POST", path, `{"status":"ineligible","reason":"复核发现成立时间不符合要求，改判不符合"}`)
		page := fmt.Sprintf("/applications/%d", a.ID)
		approve := fmt.Sprintf(`action="/approvals/%d/approve"`, id)
		if b := e.do("officer", "GET", page, "", "").Body.String(); strings.Contains(b, `id="override-form"`) || !strings.Contains(b, `id="override-waiting"`) || strings.Contains(b, approve) {
			t.Fatal("the proposer is offered the decision again, or its approval, or is not told it waits")
		}
		if b := e.do("admin", "GET", page, "", "").Body.String(); strings.Contains(b, `id="override-form"`) || !strings.Contains(b, approve) {
			t.Fatal("a second officer is offered the decision again, or not its approval")
		}
		e.ok(t, 200, "admin", "POST", fmt.Sprintf("/api/v1/approvals/%d/approve", id), `{"note":"同意"}`)
		got := mustJSON(t, e.ok(t, 200, "officer", "GET", fmt.Sprintf("/api/v1/applications/%d", a.ID), ""))
		if !strings.Contains(got, `"status":"eligible"`) || !strings.Contains(got, `"proposed_by":"u-officer"`) || !strings.Contains(got, `"approved_by":"u-admin"`) {
			t.Fatalf("after approval: %s", got)
		}
		if w := e.do("officer", "GET", fmt.Sprintf("/applications/%d", a.ID), "", ""); !strings.Contains(w.Body.String(), `id="eligibility-override"`) {
			t.Fatalf("the application page does not show the override")
		}
		// decided now: no second override
		if w := e.do("officer", "POST", path, "application/json", `{"status":"ineligible","reason":"再议"}`); w.Code != 409 || !strings.Contains(w.Body.String(), "undecided") {
			t.Fatalf("override of a decided verdict: %d %s", w.Code, w.Body.String())
		}
		evs, _ := e.store.FindEvents(ctx, seedbed.EventFilter{Kind: seedbed.EventEligibilityOverride})
		if len(evs) != 1 || evs[0].Actor != "u-admin" || !strings.Contains(string(evs[0].Payload), `"proposed_by":"u-officer"`) {
			t.Fatalf("override events %+v", evs)
		}
	})
}
