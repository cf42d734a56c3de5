package web

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// TestStageGateNeedsFlagResolved: accepting a milestone of an award whose innovator has an open
// complacency flag is refused until an officer resolves the flag.
func TestStageGateNeedsFlagResolved(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, "")
	sc := seedMonitoring(t, e)
	if len(sc.ownAward.Tranches) == 0 {
		t.Fatal("the scenario's award has no tranches")
	}
	path := fmt.Sprintf("/api/v1/tranches/%d/review", sc.ownAward.Tranches[0].ID)
	w := e.do("officer", "POST", path, "application/json", `{"decision":"accept","note":"看起来不错"}`)
	if w.Code != http.StatusConflict || !strings.Contains(w.Body.String(), "complacency") {
		t.Fatalf("accept with an open flag: %d %s", w.Code, w.Body.String())
	}
	w = e.do("officer", "POST", fmt.Sprintf("/api/v1/monitoring/flags/%d/resolve", sc.flagID), "application/json",
		`{"resolution":"已约谈，团队说明专利在审；下季度复核"}`)
	if w.Code != http.StatusOK {
		t.Fatalf("resolve: %d %s", w.Code, w.Body.String())
	}
	w = e.do("officer", "POST", path, "application/json", `{"decision":"accept","note":"看起来不错"}`)
	if strings.Contains(w.Body.String(), "complacency") {
		t.Fatalf("accept after the flag was resolved is still held by the gate: %d %s", w.Code, w.Body.String())
	}
}
