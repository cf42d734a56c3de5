package web

import (
	"fmt"
	"strings"
	"testing"

	"seedbed"
)

// TestFourEyesOnMoneyHTTP: with every two-person rule on, as deployed, accepting a milestone's
// evidence through the API is a proposal (202) that its proposer cannot approve (409); once a
// second officer approved it, the account that accepted the evidence cannot release the money
// (409, nothing paid), and another officer can.
func TestFourEyesOnMoneyHTTP(t *testing.T) {
	t.Parallel()
	forEachEngineFourEyes(t, func(t *testing.T, e *testEnv) {
		f := newProgramFixture(t, e)
		tp := fmt.Sprintf("/api/v1/tranches/%d", f.ownTranche)
		released := func() int64 {
			return num(e.ok(t, 200, "auditor", "GET", fmt.Sprintf("/api/v1/awards/%d", f.ownAward), "")["released"])
		}
		e.ok(t, 200, "applicant", "POST", tp+"/evidence", `{"evidence":"任务书已签署，编号 STI-2026-017"}`)
		ap := e.ok(t, 202, "officer", "POST", tp+"/review", `{"decision":"accept","note":"材料齐全"}`)
		approve := fmt.Sprintf("/api/v1/approvals/%d/approve", num(ap["id"]))
		e.ok(t, 409, "officer", "POST", approve, `{"note":"同意"}`)
		e.ok(t, 409, "officer", "POST", tp+"/release", "") // not accepted yet
		e.addAccount(t, "officer-2", seedbed.RoleOfficer, nil)
		// the award's page offers each officer only what can succeed: the proposer is told the
		// acceptance awaits another officer and is not offered "accept" again; the second officer
		// is offered the approval
		awardPage := func(role string) string {
			w := e.do(role, "GET", fmt.Sprintf("/awards/%d", f.ownAward), "", "")
			if w.Code != 200 {
				t.Fatalf("award page as %s: %d", role, w.Code)
			}
			return w.Body.String()
		}
		form := fmt.Sprintf(`action="/approvals/%d/approve"`, num(ap["id"]))
		accept := `name="decision" value="accept"`
		if p := awardPage("officer"); strings.Contains(p, form) || strings.Contains(p, accept) || !strings.Contains(p, "正在等待另一位项目主管复核") {
			t.Errorf("the proposer's award page: approve %v, accept %v", strings.Contains(p, form), strings.Contains(p, accept))
		}
		if p := awardPage("officer-2"); !strings.Contains(p, form) || strings.Contains(p, accept) {
			t.Errorf("the second officer's award page: approve %v, accept %v", strings.Contains(p, form), strings.Contains(p, accept))
		}
		e.ok(t, 200, "officer-2", "POST", approve, `{"note":"材料可核查"}`)
		release := fmt.Sprintf(`action="/tranches/%d/release"`, f.ownTranche)
		if p := awardPage("officer"); strings.Contains(p, release) || !strings.Contains(p, `id="no-release"`) {
			t.Errorf("the officer who accepted the evidence is offered the release: %v", strings.Contains(p, release))
		}
		if p := awardPage("officer-2"); !strings.Contains(p, release) {
			t.Error("the second officer is not offered the release")
		}
		if w := e.do("officer", "POST", tp+"/release", "", ""); w.Code != 409 || !strings.Contains(w.Body.String(), "two-person rule") {
			t.Fatalf("release by the account that accepted the evidence: %d %s", w.Code, w.Body.String())
		}
		if r := released(); r != 0 {
			t.Fatalf("a refused release paid %v", r)
		}
		e.ok(t, 200, "officer-2", "POST", tp+"/release", "")
		if r := released(); r == 0 {
			t.Fatal("the second officer's release paid nothing")
		}
	})
}
