package web

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"seedbed"
	"seedbed/policies"
)

// TestEligibilityBeforeApplying: a signed-in applicant sees on the program page, from the
// registry, that its organisation is not eligible and which condition fails, before it writes;
// when it applies anyway, the refusal is recorded as the system's decision, not the applicant's.
func TestEligibilityBeforeApplying(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, e *testEnv) {
		src, err := policies.FS.ReadFile("grassroots-seed-v2.yaml")
		if err != nil {
			t.Fatal(err)
		}
		if w := e.do("officer", "POST", "/api/v1/policies", "application/yaml", string(src)); w.Code != 201 {
			t.Fatalf("upload: %d %s", w.Code, w.Body.String())
		}
		e.ok(t, 200, "officer", "POST", "/api/v1/policies/grassroots-seed/versions/2/publish", "")
		deadline := e.store.Now().Add(48 * time.Hour).Format(time.RFC3339)
		p := e.ok(t, 201, "officer", "POST", "/api/v1/programs", `{"title":"草根种子","policy_ids":["grassroots-seed"],"budget":200000,
			"max_request":100000,"deadline":"`+deadline+`","selection_mode":"ranked","reviewers_per_app":1,
			"stages":[{"name":"一","share":100,"months":6,"milestone":"签署任务书"}]}`)
		pp := fmt.Sprintf("/programs/%d", num(p["id"]))
		e.ok(t, 200, "officer", "POST", "/api/v1"+pp+"/transition", `{"to":"open"}`)

		// the applicant's organisation is a medium-sized firm: the subject condition fails, and the
		// page says so in the rule's own sentence, before anything is written
		w := e.do("applicant", "GET", pp, "", "")
		body := w.Body.String()
		if w.Code != 200 || !strings.Contains(body, `id="eligibility-before"`) || !strings.Contains(body, "贵单位不符合下列条件") ||
			!strings.Contains(body, "企业规模 中型 为 小型、微型 之一） ✗") || !strings.Contains(body, "申请主体为草根团队、个人，或小型、微型企业") {
			t.Fatalf("program page for the applicant: %d\n%s", w.Code, body)
		}
		if w := e.do("officer", "GET", pp, "", ""); strings.Contains(w.Body.String(), `id="eligibility-before"`) {
			t.Fatal("an officer is told an organisation's eligibility on the program page")
		}
		a := e.ok(t, 201, "applicant", "POST", "/api/v1"+pp+"/applications", `{"title":"方向","direction":"非主流路线","team":"三人",
			"unlocks":"算力","amount":100000,"field":"ai"}`)
		sub := e.ok(t, 200, "applicant", "POST", fmt.Sprintf("/api/v1/applications/%d/submit", num(a["id"])), "")
		if el, _ := sub["eligibility"].(map[string]any); el["status"] != seedbed.Ineligible {
			t.Fatalf("submitted %v", sub)
		}
		evs, err := e.store.FindEvents(context.Background(), seedbed.EventFilter{Kind: seedbed.EventEligibility, Subject: seedbed.ApplicationSubject(num(a["id"]))})
		if err != nil || len(evs) != 1 || evs[0].Actor != seedbed.System.Username || !strings.Contains(string(evs[0].Payload), `"submitted_by":"applicant#`) {
			t.Fatalf("eligibility events %+v %v", evs, err)
		}
	})
}
