package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// TestRecordPickers: the procedure records' forms offer the program's applications as boxes to
// tick by applicant and title, a ticked pair is recorded, and a posted value that names no
// application is refused next to the boxes; the outcome form offers the awards its viewer may
// credit by recipient and program — an applicant only its own — and no text box for a number.
func TestRecordPickers(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, "")
	f := newLedgerFixture(t, e)
	ctx := context.Background()
	page := fmt.Sprintf("/programs/%d/procedure", f.decided)
	body := e.do("officer", "GET", page, "", "").Body.String()
	boxes := regexp.MustCompile(`<input id="collective-app-\d+" type="checkbox" name="application_ids" value="(\d+)">\s*([^<]+)<span class="hint">([^<]+)</span>`).FindAllStringSubmatch(body, -1)
	if len(boxes) == 0 {
		t.Fatalf("the collective decision's form offers no application to tick:\n%s", body)
	}
	app, err := e.store.GetApplication(ctx, f.decidedOwn)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, b := range boxes {
		found = found || b[1] == fmt.Sprint(app.ID) && strings.TrimSpace(b[2]) == app.InnovatorName && b[3] == app.Title
	}
	if !found {
		t.Errorf("application %d (%s, %s) is not offered by name: %q", app.ID, app.InnovatorName, app.Title, boxes)
	}
	if strings.Contains(body, `<input id="f-application_ids" name="application_ids">`) || strings.Contains(body, "编号用逗号分隔") {
		t.Error("the procedure page still asks for typed application numbers")
	}
	if !strings.Contains(body, `id="notice-app-0"`) {
		t.Error("the notice's form has no boxes of its own")
	}
	form := url.Values{"body": {"局务会"}, "held_on": {"2026-03-01"}, "members": {"7"}, "present": {"6"}, "for": {"5"}, "against": {"1"}, "abstain": {"0"},
		"application_ids": {boxes[0][1]}, "resolution": {"同意"}}
	bad := url.Values{}
	for k, v := range form {
		bad[k] = v
	}
	bad["application_ids"] = []string{boxes[0][1], "abc"}
	w := e.do("officer", "POST", page+"/collective", "application/x-www-form-urlencoded", bad.Encode())
	if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), `id="e-collective-apps"`) || !strings.Contains(w.Body.String(), `href="#f-application_ids"`) {
		t.Errorf("a value naming no application: %d, want 400 with the error at the boxes", w.Code)
	}
	if !regexp.MustCompile(`id="collective-app-0" type="checkbox" name="application_ids" value="` + boxes[0][1] + `" checked`).MatchString(w.Body.String()) {
		t.Error("the refused form does not keep what was ticked")
	}
	if w := e.do("officer", "POST", page+"/collective", "application/x-www-form-urlencoded", form.Encode()); w.Code != http.StatusSeeOther {
		t.Fatalf("collective decision with a ticked application: %d %s", w.Code, w.Body.String())
	}

	// The outcome form: a drop-down of awards by name.
	sc := seedMonitoring(t, e)
	options := func(role string) map[string]string {
		body := e.do(role, "GET", "/impact/outcomes/new", "", "").Body.String()
		if strings.Contains(body, `name="award_id" type="text"`) {
			t.Errorf("%s: the outcome form asks for a typed award number", role)
		}
		out := map[string]string{}
		for _, m := range regexp.MustCompile(`<option value="(\d+)"[^>]*>([^<]+)</option>`).FindAllStringSubmatch(body, -1) {
			out[m[1]] = m[2]
		}
		return out
	}
	own, other := fmt.Sprint(sc.ownAward.ID), fmt.Sprint(sc.otherAward.ID)
	mine := options("applicant")
	if !strings.Contains(mine[own], sc.ownAward.InnovatorName) || !strings.Contains(mine[own], sc.ownAward.ProgramTitle) {
		t.Errorf("the applicant's own award is not offered by name: %q", mine[own])
	}
	if _, ok := mine[other]; ok {
		t.Error("the applicant is offered another organisation's award")
	}
	if all := options("officer"); all[own] == "" || all[other] == "" {
		t.Errorf("the officer is not offered every award: %v", all)
	}
	if body := e.do("applicant", "GET", "/impact/outcomes/new?award="+own, "", "").Body.String(); !strings.Contains(body, `<option value="`+own+`" selected>`) {
		t.Error("?award= does not select the award")
	}
}
