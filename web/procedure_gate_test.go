package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"seedbed"
	"seedbed/app"
	"seedbed/policies"
)

// lightProcedure is a procedure for ranked programs reviewed by one expert, taking effect on
// day: the test programs follow it, and as the latest in force it governs them whatever else is
// published.
func lightProcedure(day string) string {
	return `id: test-light
version: 1
title:
  zh: 测试用轻量决策程序
  en: Light decision procedure for tests
effective_from: ` + day + `
applies_to:
  selection_modes: [ranked]
steps:
  - id: reviews
    title: {zh: 至少 1 名专家评审, en: At least 1 expert review}
    evidence: score
    min: 1
  - id: conflicts
    title: {zh: 评审前声明利益冲突, en: Reviewers declared conflicts first}
    evidence: conflict_declaration
  - id: collective
    title: {zh: 集体决策, en: A collective decision}
    evidence: collective_decision
    quorum: 0.5
    majority: 0.5
  - id: notice
    title: {zh: 公示, en: A public notice}
    evidence: public_notice
    min_days: 1
  - id: decider_interest
    title: {zh: 决定人声明无利害关系, en: The deciding official declared no interest}
    evidence: interest_declaration
`
}

// recordProcedureSteps publishes lightProcedure from today and records, as decider, the steps of
// a program's decision that are not part of review: the official's declaration of no interest,
// a collective decision of yesterday and a one-day public notice that ended yesterday.
func recordProcedureSteps(t testing.TB, a *app.App, decider seedbed.Actor, programID int64) {
	t.Helper()
	ctx, now := context.Background(), a.Store().Now()
	today, yesterday := seedbed.DateCST(now), seedbed.DateCST(now.AddDate(0, 0, -1))
	if _, _, err := a.Exemptions.PublishProcedure(ctx, seedbed.System, []byte(lightProcedure(today))); err != nil {
		t.Fatal(err)
	}
	need(a.Exemptions.DeclareInterest(ctx, decider, seedbed.InterestDeclaration{ProgramID: programID}))
	need(a.Exemptions.RecordCollectiveDecision(ctx, decider, seedbed.CollectiveDecision{ProgramID: programID, Body: "局务会", HeldOn: yesterday,
		Members: 5, Present: 5, For: 5}))
	need(a.Exemptions.RecordPublicNotice(ctx, decider, seedbed.PublicNotice{ProgramID: programID, Channel: "局门户网站", StartOn: yesterday, EndOn: yesterday}))
}

// TestProcedureGateHTTP: through the API and the form alike, a program is not decided, nor an
// award made, while a step of the procedure in force is missing (409 naming the steps); the
// program page shows the procedure as a checklist with a link to record each step.
func TestProcedureGateHTTP(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, e *testEnv) {
		f := newProgramFixture(t, e)
		a := app.New(e.store, fixtureOptions)
		ctx := context.Background()
		officer := actorOf(t, e, "officer")
		// the program in review gets its reviews and its selection
		f.reviewAll(t, e, a)
		need(a.Reviews.RunSelection(ctx, officer, f.review))
		if _, _, err := a.Exemptions.PublishProcedure(ctx, seedbed.System, []byte(lightProcedure(seedbed.DateCST(e.store.Now())))); err != nil {
			t.Fatal(err)
		}

		pp := fmt.Sprintf("/api/v1/programs/%d", f.review)
		before, _ := e.store.LedgerStatus(ctx)
		for _, c := range []struct{ path, body string }{
			{pp + "/transition", `{"to":"decided"}`},
			{pp + "/awards", fmt.Sprintf(`{"application_id":%d}`, f.reviewOwn)},
		} {
			w := e.do("officer", "POST", c.path, "application/json", c.body)
			body := w.Body.String()
			if w.Code != http.StatusConflict || !strings.Contains(body, `"code":"conflict"`) {
				t.Fatalf("POST %s: %d %s", c.path, w.Code, body)
			}
			for _, want := range []string{"A collective decision", "A public notice", "The deciding official declared no interest",
				fmt.Sprintf("/programs/%d/procedure#f-body", f.review)} {
				if !strings.Contains(body, want) {
					t.Errorf("POST %s does not name %q: %s", c.path, want, body)
				}
			}
		}
		code, _, body := e.form("officer", fmt.Sprintf("/programs/%d/transition", f.review), url.Values{"to": {"decided"}})
		if code != http.StatusConflict || !strings.Contains(body, "集体决策") {
			t.Fatalf("form: %d %s", code, body)
		}
		if after, _ := e.store.LedgerStatus(ctx); after.Size != before.Size {
			t.Fatal("a refused decision was ledgered")
		}

		// the program page lists the steps, done and due, with where to record each
		page := e.do("officer", "GET", fmt.Sprintf("/programs/%d?lang=en", f.review), "", "").Body.String()
		for _, want := range []string{"Light decision procedure for tests", "At least 1 expert review",
			fmt.Sprintf(`href="/programs/%d/notices"`, f.review)} {
			if !strings.Contains(page, want) {
				t.Errorf("the program page does not show %q", want)
			}
		}

		recordProcedureSteps(t, a, officer, f.review)
		e.ok(t, 200, "officer", "POST", pp+"/transition", `{"to":"decided"}`)
		e.ok(t, 201, "officer", "POST", pp+"/awards", fmt.Sprintf(`{"application_id":%d}`, f.reviewOwn))
	})
}

// TestPolicyFutureVersionUpload: a version of grassroots-seed that takes effect at a future date
// is accepted (the refusal of a past date is for procedures, which judge decisions taken).
func TestPolicyFutureVersionUpload(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, "")
	src, err := policies.FS.ReadFile("grassroots-seed-v2.yaml")
	if err != nil {
		t.Fatal(err)
	}
	future := seedbed.DateCST(e.store.Now().AddDate(0, 6, 0))
	v3 := strings.Replace(strings.Replace(string(src), "version: 2", "version: 3", 1), "effective_from: 2026-01-01", "effective_from: "+future, 1)
	v3 = strings.ReplaceAll(v3, "as_of: 2026-03-01", "as_of: "+future) // its examples are judged in its own period
	for _, v := range []string{string(src), v3} {
		if w := e.do("officer", "POST", "/api/v1/policies", "application/yaml", v); w.Code/100 != 2 {
			t.Fatalf("upload: %d %s", w.Code, w.Body.String())
		}
	}
}
