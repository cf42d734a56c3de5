package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"seedbed/app"
)

// TestResolveButtonFollowsTheTwoPersonRule: with the two-person rule on flags, once an officer
// proposed a resolution the flag's page offers nobody the resolve form again (the use case
// refuses a second proposal): the proposer is told it awaits another officer, and a second
// officer is offered the approval, which resolves the flag.
func TestResolveButtonFollowsTheTwoPersonRule(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, "", app.Options{})
	sc := seedMonitoring(t, e)
	flag := fmt.Sprintf("/monitoring/flags/%d", sc.flagID)
	page := func(role string) string {
		w := e.do(role, "GET", flag, "", "")
		if w.Code != 200 {
			t.Fatalf("flag page as %s: %d", role, w.Code)
		}
		return w.Body.String()
	}
	resolve := fmt.Sprintf(`action="%s/resolve"`, flag)
	if !strings.Contains(page("officer"), resolve) {
		t.Fatal("an open flag offers no resolution")
	}
	w := e.do("officer", "POST", flag+"/resolve", "application/x-www-form-urlencoded", "resolution="+url.QueryEscape("已约谈，核心工程师离职"))
	if w.Code != http.StatusSeeOther || !strings.HasPrefix(w.Header().Get("Location"), "/approvals/") {
		t.Fatalf("proposing: %d %v", w.Code, w.Header())
	}
	approve := fmt.Sprintf(`action="%s/approve"`, w.Header().Get("Location"))
	if p := page("officer"); strings.Contains(p, resolve) || strings.Contains(p, approve) || !strings.Contains(p, `id="resolve-waiting"`) {
		t.Errorf("the proposer's page: resolve %v, approve %v", strings.Contains(p, resolve), strings.Contains(p, approve))
	}
	if w := e.do("officer", "POST", flag+"/resolve", "application/x-www-form-urlencoded", "resolution="+url.QueryEscape("再次提出")); w.Code != http.StatusConflict {
		t.Errorf("a second proposal: %d", w.Code)
	}
	if p := page("admin"); strings.Contains(p, resolve) || !strings.Contains(p, approve) {
		t.Fatalf("the second officer's page: resolve %v, approve %v", strings.Contains(p, resolve), strings.Contains(p, approve))
	}
	if w := e.do("admin", "POST", w.Header().Get("Location")+"/approve", "application/x-www-form-urlencoded", ""); w.Code != http.StatusSeeOther {
		t.Fatalf("approving from the flag page: %d %s", w.Code, w.Body.String())
	}
	if p := page("officer"); strings.Contains(p, resolve) || strings.Contains(p, approve) || !strings.Contains(p, "已约谈") {
		t.Error("the resolved flag still offers a resolution or lacks it")
	}
}
