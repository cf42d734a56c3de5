package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"mime/multipart"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"seedbed"
	"seedbed/app"
)

// e2eClock lets the test move the store's clock past a deadline.
type e2eClock struct {
	mu sync.Mutex
	d  time.Duration
}

func (c *e2eClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().UTC().Add(c.d)
}
func (c *e2eClock) skip(d time.Duration) { c.mu.Lock(); c.d += d; c.mu.Unlock() }

// addAccount creates a user with an API token and a session, so that e.do can act as it.
func (e *testEnv) addAccount(t *testing.T, key, role string, innovator *int64) {
	t.Helper()
	ctx := context.Background()
	u := &seedbed.User{Username: key, Role: role, InnovatorID: innovator}
	if err := testApp(e.store).Accounts.CreateUser(ctx, seedbed.System, u, "test password 123"); err != nil {
		t.Fatal(err)
	}
	tok, _, err := testApp(e.store).Accounts.CreateToken(ctx, seedbed.System, key, "test", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	sess, err := testSession(ctx, e.store, u)
	if err != nil {
		t.Fatal(err)
	}
	e.tokens[key], e.cookies[key] = tok, sess
}

func (e *testEnv) ok(t *testing.T, status int, role, method, path, body string) map[string]any {
	t.Helper()
	ctype := ""
	if body != "" {
		ctype = "application/json"
	}
	w := e.do(role, method, path, ctype, body)
	if w.Code != status {
		t.Fatalf("%s %s as %s: %d, want %d: %s", method, path, role, w.Code, status, w.Body.String())
	}
	if strings.HasPrefix(w.Header().Get("Content-Type"), "application/json") {
		return decode[map[string]any](t, w.Body.String())
	}
	return nil
}

func num(v any) int64 { f, _ := v.(float64); return int64(f) }

// TestProgramEndToEnd drives a partial-lottery program from draft to closed through the API:
// create, publish, apply with an attachment, eligibility, close the call, assign, declare,
// score, normalise, select, commit, draw, award, evidence, release, close; it checks the abuse
// cases along the way and that the published draw recomputes.
func TestProgramEndToEnd(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, e *testEnv) {
		ctx := context.Background()
		clock := &e2eClock{}
		e.store.Now = clock.now
		// Four more applicant organisations (one will be ineligible) and two more reviewers.
		orgs := []int64{e.ownID, e.otherID}
		for i := 0; i < 3; i++ {
			in := &seedbed.Innovator{Name: fmt.Sprintf("草根团队%d", i), Kind: seedbed.KindTeam, Field: "ai"}
			if err := testApp(e.store).Registry.CreateInnovator(ctx, seedbed.System, in); err != nil {
				t.Fatal(err)
			}
			orgs = append(orgs, in.ID)
		}
		appl := []string{"applicant", "app-other"}
		e.addAccount(t, "app-other", seedbed.RoleApplicant, &orgs[1])
		for i := 2; i < len(orgs); i++ {
			appl = append(appl, fmt.Sprintf("app-%d", i))
			e.addAccount(t, appl[i], seedbed.RoleApplicant, &orgs[i])
		}
		revs := []string{"reviewer", "rev-2", "rev-3"}
		e.addAccount(t, "rev-2", seedbed.RoleReviewer, nil)
		e.addAccount(t, "rev-3", seedbed.RoleReviewer, nil)
		ineligibleOrg := orgs[4]
		e.srv.Programs.(*app.Programs).CheckEligibility = func(_ context.Context, in *seedbed.Innovator, ids []string, _ time.Time) (seedbed.Eligibility, error) {
			pe := seedbed.PolicyEligibility{PolicyID: ids[0], Version: "2", Title: seedbed.Label{Zh: "草根种子", En: "Grassroots seed"}, Status: seedbed.Eligible,
				Explanation: []seedbed.Label{{Zh: "主体类型 草根团队 ✓", En: "kind grassroots team ✓"}}}
			if in.ID == ineligibleOrg {
				pe.Status, pe.FailingClause = seedbed.Ineligible, "成立年限 ≤ 5"
				pe.Explanation = []seedbed.Label{{Zh: "成立 12 年 > 5 ✗", En: "founded 12 years ago > 5 ✗"}}
			}
			el := seedbed.Eligibility{Policies: []seedbed.PolicyEligibility{pe}}
			el.Combine()
			return el, nil
		}

		// 1. The officer drafts and publishes a partial-lottery program.
		deadline := clock.now().Add(10 * time.Minute).Format(time.RFC3339)
		p := e.ok(t, 201, "officer", "POST", "/api/v1/programs", `{"title":"草根创新种子计划（部分随机抽签）","policy_ids":["grassroots-seed"],
			"budget":200000,"max_request":100000,"deadline":"`+deadline+`","selection_mode":"lottery","quality_bar":-1,"reviewers_per_app":2,
			"stages":[{"name":"第一阶段","share":40,"months":6,"milestone":"签署任务书"},{"name":"第二阶段","share":60,"months":12,"milestone":"关键假设已验证"}]}`)
		pid := num(p["id"])
		pp := fmt.Sprintf("/api/v1/programs/%d", pid)
		e.ok(t, 200, "officer", "POST", pp+"/transition", `{"to":"open","note":"公开征集"}`)
		list := e.ok(t, 200, "applicant", "GET", "/api/v1/programs", "")
		items, _ := list["items"].([]any)
		if num(list["total"]) != 1 || len(items) != 1 {
			t.Fatalf("program list %v", list)
		}
		if it := items[0].(map[string]any); num(it["id"]) != pid || it["state"] != "open" || it["selection_mode"] != "lottery" {
			t.Fatalf("program list item %v", it)
		}

		// 2. Applicants apply with the light form, attach a file and submit.
		appIDs := make([]int64, len(appl))
		for i, who := range appl {
			a := e.ok(t, 201, who, "POST", pp+"/applications", fmt.Sprintf(`{"title":"方向%d","direction":"不走主流路线的稀疏注意力","team":"三位全职成员",
				"unlocks":"租用算力验证关键假设","amount":100000,"field":"ai","people":["成员%d"]}`, i, i))
			appIDs[i] = num(a["id"])
		}
		ap := func(i int) string { return fmt.Sprintf("/api/v1/applications/%d", appIDs[i]) }
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		fw, _ := mw.CreateFormFile("file", "团队介绍.txt")
		fw.Write([]byte("我们三人全职投入，已自费完成原型。"))
		mw.Close()
		if w := e.do("applicant", "POST", ap(0)+"/attachments", mw.FormDataContentType(), body.String()); w.Code != 201 || !strings.Contains(w.Body.String(), `"text/plain; charset=utf-8"`) {
			t.Fatalf("attachment: %d %s", w.Code, w.Body.String())
		}
		for i, who := range appl[:len(appl)-1] {
			e.ok(t, 200, who, "POST", ap(i)+"/submit", "")
		}
		// The ineligible organisation is recorded and marked, with the reason shown to it.
		last := len(appl) - 1
		a := e.ok(t, 200, appl[last], "POST", ap(last)+"/submit", "")
		if el := a["eligibility"].(map[string]any); el["status"] != "ineligible" {
			t.Fatalf("ineligible applicant: %v", a["eligibility"])
		}
		// Abuse: a duplicate submission, a second application, reading another organisation's.
		e.ok(t, 409, "applicant", "POST", ap(0)+"/submit", "")
		e.ok(t, 409, "applicant", "POST", pp+"/applications", `{"title":"第二份"}`)
		e.ok(t, 403, "applicant", "GET", ap(1), "")
		// A late submission is refused by the server.
		e.ok(t, 200, "applicant", "POST", ap(0)+"/withdraw", `{"reason":"重新组织团队"}`)
		late := e.ok(t, 201, "applicant", "POST", pp+"/applications", `{"title":"迟到","direction":"d","team":"t","unlocks":"u","amount":1}`)
		clock.skip(11 * time.Minute)
		e.ok(t, 409, "applicant", "POST", fmt.Sprintf("/api/v1/applications/%d/submit", num(late["id"])), "")
		eligibleApps := appIDs[1:last]

		// 3. Review: assignment avoids conflicts, declarations open applications, scores.
		e.ok(t, 200, "officer", "POST", pp+"/transition", `{"to":"in_review"}`)
		run := e.ok(t, 200, "officer", "POST", pp+"/assignments", `{"seed":42}`)
		if pairs, _ := run["pairs"].([]any); len(pairs) != 2*len(eligibleApps) {
			t.Fatalf("assignment %v", run)
		}
		scoreBody := `{"scores":{"originality":4,"team_drive":4,"leverage":4,"next_step":4},"comment":"方向独到"}`
		recused := false
		for round := 0; round < 2; round++ {
			for _, rv := range revs {
				as := e.ok(t, 200, rv, "GET", "/api/v1/assignments?state=assigned", "")
				for _, it := range as["items"].([]any) {
					asg := it.(map[string]any)
					aid, appID := num(asg["id"]), num(asg["application_id"])
					e.ok(t, 403, rv, "GET", fmt.Sprintf("/api/v1/applications/%d", appID), "")
					if !recused && rv == "rev-2" {
						// A reviewer with a conflict declares it, and can then neither read nor score.
						recused = true
						e.ok(t, 200, rv, "POST", fmt.Sprintf("/api/v1/assignments/%d/declaration", aid), `{"conflict":true,"note":"曾为该团队顾问"}`)
						e.ok(t, 403, rv, "POST", fmt.Sprintf("/api/v1/assignments/%d/score", aid), scoreBody)
						e.ok(t, 403, rv, "GET", fmt.Sprintf("/api/v1/applications/%d", appID), "")
						continue
					}
					e.ok(t, 200, rv, "POST", fmt.Sprintf("/api/v1/assignments/%d/declaration", aid), `{"conflict":false}`)
					e.ok(t, 200, rv, "GET", fmt.Sprintf("/api/v1/applications/%d", appID), "")
					e.ok(t, 200, rv, "POST", fmt.Sprintf("/api/v1/assignments/%d/score", aid), scoreBody)
				}
			}
			if round == 0 {
				// Selection waits until review is complete; the recused place is filled.
				e.ok(t, 409, "officer", "POST", pp+"/selection", "")
				refill := e.ok(t, 200, "officer", "POST", pp+"/assignments", "")
				if pairs, _ := refill["pairs"].([]any); len(pairs) != 1 {
					t.Fatalf("refill %v", refill)
				}
			}
		}
		norm := e.ok(t, 200, "officer", "POST", pp+"/normalise", "")
		if num(norm["score_count"]) != int64(2*len(eligibleApps)) {
			t.Fatalf("normalised %v", norm["score_count"])
		}
		sel := e.ok(t, 200, "officer", "POST", pp+"/selection", "")
		plan := sel["plan"].(map[string]any)
		entrants := plan["entrants"].([]any)
		if len(entrants) != len(eligibleApps) || num(plan["remaining"]) != 200000 {
			t.Fatalf("draw group %v", plan)
		}

		// 4. The verifiable draw: commit, refuse other inputs, draw, refuse a re-run.
		seedAt := clock.now().Add(20 * time.Minute).Format(time.RFC3339)
		past := e.ok(t, 400, "officer", "POST", pp+"/lottery/commit", `{"kind":"public_value","description":"中国福利彩票双色球 2026年3月10日 第2026027期开奖号码","known_after":"`+clock.now().Add(-time.Hour).Format(time.RFC3339)+`"}`)
		if perr, _ := past["error"].(map[string]any); perr["field"] != "seed_known_after" {
			t.Fatalf("a past event: %v", past)
		}
		e.ok(t, 200, "officer", "POST", pp+"/lottery/commit", `{"kind":"public_value","description":"中国福利彩票双色球 2026年3月12日 第2026028期开奖号码","known_after":"`+seedAt+`"}`)
		e.ok(t, 409, "officer", "POST", pp+"/lottery/commit", `{"kind":"public_value","description":"中国福利彩票双色球 2026年3月14日 第2026029期开奖号码","known_after":"`+seedAt+`"}`)
		e.ok(t, 409, "officer", "POST", pp+"/lottery/draw", `{"seed":"03 07 12 19 25 31 + 09"}`)
		clock.skip(21 * time.Minute)
		drawn := e.ok(t, 200, "officer", "POST", pp+"/lottery/draw", `{"seed":"03 07 12 19 25 31 + 09"}`)
		e.ok(t, 409, "officer", "POST", pp+"/lottery/draw", `{"seed":"01 02 03 04 05 06 + 07"}`)
		pub := e.ok(t, 200, "applicant", "GET", pp+"/lottery", "")
		if pub["verified"] != true || pub["commitment_hash"] != drawn["commitment_hash"] {
			t.Fatalf("published lottery %v", pub)
		}
		w := e.do("applicant", "GET", pp+"/lottery/commitment.txt", "", "")
		sum := sha256.Sum256(w.Body.Bytes())
		if hex.EncodeToString(sum[:]) != pub["commitment_hash"] {
			t.Fatal("the downloaded commitment does not hash to the published hash")
		}
		if _, err := e.srv.Reviews.VerifyLottery(ctx, pid); err != nil {
			t.Fatalf("verify: %v", err)
		}

		// 5. Decision and awards: only drawn-in applications, never beyond the budget.
		e.ok(t, 200, "officer", "POST", pp+"/transition", `{"to":"decided"}`)
		var funded, out []int64
		for _, id := range eligibleApps {
			app, _ := e.store.GetApplication(ctx, id)
			if app.Outcome == "drawn_in" {
				funded = append(funded, id)
			} else if app.Outcome == "drawn_out" {
				out = append(out, id)
			}
		}
		if len(funded) != 2 || len(out) != 1 {
			t.Fatalf("funded %v, drawn out %v", funded, out)
		}
		e.ok(t, 409, "officer", "POST", pp+"/awards", fmt.Sprintf(`{"application_id":%d}`, out[0]))
		var award map[string]any
		for _, id := range funded {
			award = e.ok(t, 201, "officer", "POST", pp+"/awards", fmt.Sprintf(`{"application_id":%d}`, id))
		}
		p = e.ok(t, 200, "auditor", "GET", pp, "")
		if num(p["committed"]) != 200000 {
			t.Fatalf("committed %v", p["committed"])
		}

		// 6. Tranches: evidence by the recipient, acceptance, release; never without acceptance.
		recipient := ""
		for i, id := range appIDs {
			if id == num(award["application_id"]) {
				recipient = appl[i]
			}
		}
		t1 := num(award["tranches"].([]any)[0].(map[string]any)["id"])
		tp := fmt.Sprintf("/api/v1/tranches/%d", t1)
		e.ok(t, 409, "officer", "POST", tp+"/release", "")
		e.ok(t, 200, recipient, "POST", tp+"/evidence", `{"evidence":"任务书已签署，编号 STI-2026-017"}`)
		e.ok(t, 200, "officer", "POST", tp+"/review", `{"decision":"accept","note":"材料齐全"}`)
		// two-person rule: the account that accepted the evidence cannot release the money
		if w := e.do("officer", "POST", tp+"/release", "", ""); w.Code != 409 || !strings.Contains(w.Body.String(), "two-person rule") {
			t.Fatalf("release by the account that accepted: %d %s", w.Code, w.Body.String())
		}
		e.addAccount(t, "officer-2", seedbed.RoleOfficer, nil)
		rel := e.ok(t, 200, "officer-2", "POST", tp+"/release", "")
		if num(rel["released"]) != 40000 {
			t.Fatalf("released %v", rel["released"])
		}

		// 7. Close the program.
		e.ok(t, 200, "officer", "POST", pp+"/transition", `{"to":"closed"}`)
		if p := e.ok(t, 200, "applicant", "GET", pp, ""); p["state"] != "closed" {
			t.Fatalf("state %v", p["state"])
		}
		// Every refusal above is in the audit log.
		audit := e.do("auditor", "GET", "/api/v1/audit?outcome=denied&per_page=200", "", "").Body.String()
		for _, want := range []string{"application.submit", "application.create", "review.score", "lottery.commit", "lottery.draw", "award.create", "tranche.release"} {
			if !strings.Contains(audit, `"action":"`+want+`"`) {
				t.Errorf("refused %s is not in the audit log", want)
			}
		}
		for _, kind := range []string{"program_published", "eligibility", "conflict_declaration", "assignment", "score", "normalisation",
			"selection", "lottery_commitment", "draw", "funding_decision", "rejection", "award", "milestone_review", "tranche_release"} {
			if evs, _ := e.store.FindEvents(ctx, seedbed.EventFilter{Kind: kind}); len(evs) == 0 {
				t.Errorf("no %s decision event", kind)
			}
		}

		// 8. The UI shows the same flow to each role.
		pages := []struct{ role, path, want string }{
			{"officer", fmt.Sprintf("/programs/%d", pid), "已结束"},
			{"officer", fmt.Sprintf("/programs/%d/review", pid), "贝叶斯交叉随机效应模型"},
			{"auditor", fmt.Sprintf("/programs/%d/review", pid), "抽签中选"},
			{"auditor", fmt.Sprintf("/programs/%d/lottery", pid), "结果一致"},
			{recipient, fmt.Sprintf("/programs/%d/lottery", pid), "本单位"},
			{recipient, fmt.Sprintf("/applications/%d", num(award["application_id"])), "抽签中选"},
			{appl[last], fmt.Sprintf("/applications/%d", appIDs[last]), "成立 12 年 &gt; 5 ✗"},
			{"reviewer", "/reviews", "已评分"},
			{recipient, fmt.Sprintf("/awards/%d", num(award["id"])), "任务书已签署"},
			{"officer", "/awards", "资助与拨付"},
			{"applicant", "/applications", "已撤回"},
		}
		for _, pg := range pages {
			w := e.do(pg.role, "GET", pg.path, "", "")
			if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), pg.want) {
				t.Errorf("%s as %s: %d, page lacks %q", pg.path, pg.role, w.Code, pg.want)
			}
		}
	})
}
