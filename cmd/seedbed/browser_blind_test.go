package main

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserBlindProgram walks the demo's blind programs through the screens: the reviewer of
// the call in review reads an application without who applied; on the decided blind pilot the
// reviewer reads the other reviews and the panel's discussion; the officer's console shows the
// champion, the panel's outcomes, raw beside adjusted scores and the lottery; the applicant
// reads its reviews, its reply and the summary statement with the panel's outcome; the ledger
// holds the replacement of the reviewer whose conflict appeared after the score, which the
// exemption engine reads.
func TestBrowserBlindProgram(t *testing.T) {
	t.Parallel()
	ctx := browser(t)
	base, _ := startDemo(t, 300)

	client := func(name string) *http.Client {
		jar, _ := cookiejar.New(nil)
		c := &http.Client{Jar: jar}
		resp, err := c.PostForm(base+"/login", url.Values{"username": {name}, "password": {demoPassword}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return c
	}
	get := func(c *http.Client, path string, v any) {
		t.Helper()
		resp, err := c.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("GET %s: %d", path, resp.StatusCode)
		}
		if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
			t.Fatal(err)
		}
	}
	type item = map[string]any
	officer := client("officer")
	var programs struct{ Items []item }
	get(officer, "/api/v1/programs?per_page=100", &programs)
	var pilot, open string
	for _, p := range programs.Items {
		if p["blind_review"] != true {
			continue
		}
		switch p["state"] {
		case "decided":
			pilot = formatID(p["id"].(float64))
		case "in_review":
			open = formatID(p["id"].(float64))
		}
	}
	if pilot == "" || open == "" {
		t.Fatalf("the demo lacks a decided blind program (%q) or one in review (%q)", pilot, open)
	}

	// The reviewer: an application of the blind call in review, without who applied.
	var mine struct{ Items []item }
	get(client("reviewer"), "/api/v1/assignments?per_page=100", &mine)
	var openAs, pilotAs string
	for _, as := range mine.Items {
		pid := formatID(as["program_id"].(float64))
		switch {
		case pid == open && as["state"] == "open" && openAs == "":
			openAs = formatID(as["id"].(float64))
		case pid == pilot && as["state"] == "scored" && pilotAs == "":
			pilotAs = formatID(as["id"].(float64))
		}
	}
	if openAs == "" {
		t.Fatal("the demo reviewer has no opened assignment of the blind call in review")
	}
	login(t, ctx, base, "reviewer")
	do(t, ctx, chromedp.Navigate(base+"/reviews/"+openAs), chromedp.WaitVisible(chromedp.CSS("h1")))
	page := text(t, ctx, "main")
	if !strings.Contains(page, "匿名") || !strings.Contains(page, "申报内容") && !strings.Contains(page, "方向") {
		t.Errorf("the blind review page does not say who applied is hidden:\n%s", page)
	}
	shot(t, ctx, "blind-01-review")
	if pilotAs != "" {
		do(t, ctx, chromedp.Navigate(base+"/reviews/"+pilotAs), chromedp.WaitVisible(chromedp.ID("panel")))
		if p := text(t, ctx, "#panel"); !strings.Contains(p, "评审组讨论") {
			t.Errorf("the reviewer does not see the panel's discussion:\n%s", p)
		}
		shot(t, ctx, "blind-02-panel")
	}

	// The officer: the console of the pilot, with the champion, the panel's outcomes and raw
	// beside adjusted scores; the lottery page.
	logout(t, ctx, base)
	login(t, ctx, base, "officer")
	do(t, ctx, chromedp.Navigate(base+"/programs/"+pilot+"/review"), chromedp.WaitVisible(chromedp.CSS("table")))
	console := text(t, ctx, "main")
	for _, want := range []string{"力荐", "评审组达成一致", "评审组存在分歧"} {
		if !strings.Contains(console, want) {
			t.Errorf("the pilot's console lacks %q", want)
		}
	}
	shot(t, ctx, "blind-03-console")
	do(t, ctx, chromedp.Navigate(base+"/programs/"+pilot+"/lottery"), chromedp.WaitVisible(chromedp.CSS("h1")))
	if l := text(t, ctx, "main"); !strings.Contains(l, "抽签") {
		t.Errorf("the lottery page of the pilot:\n%s", l)
	}
	shot(t, ctx, "blind-04-lottery")

	// The applicant: its application in the pilot, with the reviews, its reply and the summary
	// statement carrying the panel's outcome.
	applicant := client("applicant")
	var apps struct{ Items []item }
	get(applicant, "/api/v1/applications?per_page=100", &apps)
	own := ""
	for _, a := range apps.Items {
		if formatID(a["program_id"].(float64)) == pilot {
			own = formatID(a["id"].(float64))
		}
	}
	if own == "" {
		t.Fatal("the demo applicant has no application in the pilot")
	}
	logout(t, ctx, base)
	login(t, ctx, base, "applicant")
	do(t, ctx, chromedp.Navigate(base+"/applications/"+own), chromedp.WaitVisible(chromedp.ID("reviews")))
	reviews := text(t, ctx, "#reviews")
	for _, want := range []string{"评审组综述意见", "评审组", "答复", "评审专家 1"} {
		if !strings.Contains(reviews, want) {
			t.Errorf("the applicant's reviews lack %q:\n%s", want, reviews)
		}
	}
	shot(t, ctx, "blind-05-summary")

	// The replacement of the reviewer is in the program's ledger, where exemption cases read it.
	var events struct{ Items []item }
	get(officer, "/api/v1/programs/"+pilot+"/events?per_page=200", &events)
	replaced := false
	for _, ev := range events.Items {
		replaced = replaced || ev["kind"] == "reviewer_replaced"
	}
	if !replaced {
		t.Error("the pilot's ledger holds no replacement of a reviewer")
	}
}

// logout signs out through the form every page carries.
func logout(t *testing.T, ctx context.Context, base string) {
	t.Helper()
	do(t, ctx, chromedp.Navigate(base+"/account"), chromedp.WaitVisible(chromedp.CSS("form[action='/logout'] button")),
		chromedp.Click(chromedp.CSS("form[action='/logout'] button")))
	waitURL(t, ctx, "/login")
}
