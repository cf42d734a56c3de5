package web

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"seedbed"
	"seedbed/app"
)

func init() {
	moduleMatrix = append(moduleMatrix, func(e *testEnv) []accessCase {
		return []accessCase{
			{"POST", "/programs/{id}/selection/reopen", "/programs/999/selection/reopen", "ao"},
			{"POST", "/api/v1/programs/{id}/selection/reopen", "/api/v1/programs/999/selection/reopen", "ao"},
		}
	})
}

// TestSelectionReopen: a selection is made again only through a reopening asked with a reason
// and approved by a second officer; no reason, the same person approving, or reopening what was
// not selected are refused with nothing changed; once approved the first result stays in the
// ledger and on the console as superseded, and the selection can be run again.
func TestSelectionReopen(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, e *testEnv) {
		f := newProgramFixture(t, e)
		a := app.New(e.store, fixtureOptions)
		ctx := context.Background()
		officer := actorOf(t, e, "officer")
		f.reviewAll(t, e, a)
		pp := fmt.Sprintf("/api/v1/programs/%d", f.review)
		// nothing selected yet: nothing to reopen
		e.ok(t, 409, "officer", "POST", pp+"/selection/reopen", `{"reason":"评分录入有误，需要重新遴选"}`)
		need(a.Reviews.RunSelection(ctx, officer, f.review))
		selected := func() bool {
			ps := need(a.Reviews.ProgramSelection(ctx, f.review))
			return ps != nil && ps.Selection != nil
		}
		if w := e.do("officer", "POST", pp+"/selection/reopen", "application/json", `{"reason":"  "}`); w.Code != 400 || !strings.Contains(w.Body.String(), `"field":"reason"`) {
			t.Fatalf("no reason: %d %s", w.Code, w.Body.String())
		}
		if w := e.do("officer", "POST", fmt.Sprintf("/programs/%d/selection/reopen", f.review), "application/x-www-form-urlencoded", "reason=x"); w.Code != 400 ||
			!strings.Contains(w.Body.String(), "重新遴选的理由") {
			t.Fatalf("no reason through the form: %d", w.Code)
		}
		if _, n, err := a.Approvals.Find(ctx, seedbed.ApprovalFilter{Rule: seedbed.TwoPersonReopen}); err != nil || n != 0 || !selected() {
			t.Fatalf("a refused reopening wrote %d proposals (%v)", n, err)
		}
		ap := e.ok(t, 202, "officer", "POST", pp+"/selection/reopen", `{"reason":"一位评审专家事后申报了利益冲突，其评分须剔除后重新遴选"}`)
		id := num(ap["id"])
		if !selected() {
			t.Fatal("asking reopened the selection without approval")
		}
		// While it waits, a second reopening is refused, and the console offers the form to nobody:
		// its proposer reads that it waits, an approver is offered the approval.
		e.ok(t, 409, "admin", "POST", pp+"/selection/reopen", `{"reason":"评分录入有误，再次申请重新遴选这一计划"}`)
		console := fmt.Sprintf("/programs/%d/review", f.review)
		reopenForm := fmt.Sprintf(`action="/programs/%d/selection/reopen"`, f.review)
		if b := e.do("officer", "GET", console, "", "").Body.String(); strings.Contains(b, reopenForm) || !strings.Contains(b, "您已于") ||
			strings.Contains(b, fmt.Sprintf(`action="/approvals/%d/approve"`, id)) {
			t.Fatal("the proposer is offered the reopening again, or its approval, or is not told it waits")
		}
		if b := e.do("admin", "GET", console, "", "").Body.String(); strings.Contains(b, reopenForm) || !strings.Contains(b, fmt.Sprintf(`action="/approvals/%d/approve"`, id)) {
			t.Fatal("a second person is offered the reopening again, or not its approval")
		}
		e.ok(t, 409, "officer", "POST", fmt.Sprintf("/api/v1/approvals/%d/approve", id), `{"note":"同意"}`)
		if !selected() {
			t.Fatal("the same person approving reopened it")
		}
		e.ok(t, 200, "admin", "POST", fmt.Sprintf("/api/v1/approvals/%d/approve", id), `{"note":"理由成立"}`)
		if selected() {
			t.Fatal("the approved reopening left the selection in place")
		}
		list := mustJSON(t, e.ok(t, 200, "reviewer", "GET", pp+"/selection/reopenings", ""))
		if !strings.Contains(list, `"requested_by":"u-officer"`) || !strings.Contains(list, `"approved_by":"u-admin"`) || !strings.Contains(list, "利益冲突") {
			t.Fatalf("reopenings: %s", list)
		}
		for kind, n := range map[string]int{seedbed.EventSelection: 1, seedbed.EventSelectionReopened: 1} {
			evs := need(e.store.FindEvents(ctx, seedbed.EventFilter{Kind: kind, Subject: seedbed.ProgramSubject(f.review)}))
			if len(evs) != n {
				t.Fatalf("%s events: %d", kind, len(evs))
			}
		}
		if w := e.do("officer", "GET", fmt.Sprintf("/programs/%d/review", f.review), "", ""); !strings.Contains(w.Body.String(), `id="superseded"`) {
			t.Fatal("the console does not show the superseded result")
		}
		// the selection runs again; the ledger now holds both
		e.ok(t, 200, "officer", "POST", pp+"/selection", "")
		if evs := need(e.store.FindEvents(ctx, seedbed.EventFilter{Kind: seedbed.EventSelection, Subject: seedbed.ProgramSubject(f.review)})); len(evs) != 2 || !selected() {
			t.Fatalf("after running again: %d selection events", len(evs))
		}
	})
}

// TestSelectionButtonFollowsTheTwoPersonRule: with the two-person rule on selections, once an
// officer proposed the selection the console offers nobody the selection button again (the use
// case refuses a second proposal): its proposer is told it awaits another officer, and a second
// officer is offered the confirmation, which makes the selection.
func TestSelectionButtonFollowsTheTwoPersonRule(t *testing.T) {
	t.Parallel()
	forEachEngineFourEyes(t, func(t *testing.T, e *testEnv) {
		f := newProgramFixture(t, e)
		a := app.New(e.store, fixtureOptions)
		ctx := context.Background()
		f.reviewAll(t, e, a)
		console := func(role string) string {
			w := e.do(role, "GET", fmt.Sprintf("/programs/%d/review", f.review), "", "")
			if w.Code != 200 {
				t.Fatalf("console as %s: %d", role, w.Code)
			}
			return w.Body.String()
		}
		selectForm := fmt.Sprintf(`action="/programs/%d/selection"`, f.review)
		if !strings.Contains(console("officer"), selectForm) {
			t.Fatal("the console offers no selection before anyone proposed one")
		}
		ap := e.ok(t, 202, "officer", "POST", fmt.Sprintf("/api/v1/programs/%d/selection", f.review), "")
		approve := fmt.Sprintf(`action="/approvals/%d/approve"`, num(ap["id"]))
		if p := console("officer"); strings.Contains(p, selectForm) || strings.Contains(p, approve) || !strings.Contains(p, `id="select-waiting"`) {
			t.Errorf("the proposer's console: select %v, approve %v", strings.Contains(p, selectForm), strings.Contains(p, approve))
		}
		if w := e.do("officer", "POST", fmt.Sprintf("/programs/%d/selection", f.review), "application/x-www-form-urlencoded", ""); w.Code != 409 {
			t.Errorf("a second proposal: %d", w.Code)
		}
		if p := console("admin"); strings.Contains(p, selectForm) || !strings.Contains(p, approve) {
			t.Fatalf("the second officer's console: select %v, approve %v", strings.Contains(p, selectForm), strings.Contains(p, approve))
		}
		if w := e.do("admin", "POST", fmt.Sprintf("/approvals/%d/approve", num(ap["id"])), "application/x-www-form-urlencoded", ""); w.Code != 303 {
			t.Fatalf("confirming from the console: %d %s", w.Code, w.Body.String())
		}
		if ps := need(a.Reviews.ProgramSelection(ctx, f.review)); ps == nil || ps.Selection == nil {
			t.Fatal("the confirmed selection was not made")
		}
		if p := console("officer"); strings.Contains(p, selectForm) || strings.Contains(p, approve) {
			t.Error("the console still offers the selection once made")
		}
	})
}
