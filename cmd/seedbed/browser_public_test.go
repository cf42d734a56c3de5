package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserPublicPortal: signed out, in headless Chromium, a person finds an open call on the
// portal, checks whether they are eligible, reads a lottery and verifies it with the files the
// page links to (running the commands the page prints on the downloaded commitment text), and
// downloads the open grant data.
func TestBrowserPublicPortal(t *testing.T) {
	t.Parallel()
	ctx := browser(t)
	base, _ := startDemo(t, 300)

	// An open call, from the portal's home, which visitors who are not signed in get at /.
	do(t, ctx, chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS("ul.public-list a")))
	if h := text(t, ctx, "main h1"); h != "公开信息" {
		t.Fatalf("a visitor's home is %q, not the portal", h)
	}
	do(t, ctx, chromedp.Click(chromedp.CSS(`section ul.public-list a[href^="/public/programs/"]`)))
	waitURL(t, ctx, "/public/programs/")
	do(t, ctx, chromedp.WaitVisible(chromedp.CSS("main h1")))
	call := text(t, ctx, "main")
	if !strings.Contains(call, "申报截止") {
		t.Fatalf("the open call's page does not give its deadline: %q", call)
	}
	shot(t, ctx, "20-public-call")

	// Am I eligible? A small grassroots team in AI fills the form; nothing is stored.
	do(t, ctx, chromedp.Click(chromedp.CSS(`a[href="/public/eligibility"]`)))
	waitURL(t, ctx, "/public/eligibility")
	do(t, ctx,
		chromedp.WaitVisible(chromedp.ID("f-kind")),
		chromedp.SetValue(chromedp.ID("f-kind"), "team"),
		chromedp.SetValue(chromedp.ID("f-field"), "ai"),
		chromedp.SendKeys(chromedp.ID("f-employees"), "6"),
		chromedp.Click(chromedp.CSS(`form.form button[type="submit"]`)))
	waitURL(t, ctx, "check=1")
	do(t, ctx, chromedp.WaitVisible(chromedp.CSS("section.result")))
	result := text(t, ctx, "main")
	if !strings.Contains(result, "符合") || !strings.Contains(result, "草根") {
		t.Fatalf("the eligibility check does not answer with the policies and their trace: %.500q", result)
	}
	shot(t, ctx, "21-public-eligibility")

	// A lottery: its page re-verifies the draw and prints how to check it.
	do(t, ctx, chromedp.Navigate(base+"/public"), chromedp.WaitVisible(chromedp.CSS(`a[href$="/lottery"]`)))
	links, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('a[href$="/lottery"]')].map(a => a.href)`))
	if err != nil || len(links) == 0 {
		t.Fatalf("no lottery on the portal's home: %v", err)
	}
	drawn := false
	for _, link := range links { // the first lottery whose draw is done
		do(t, ctx, chromedp.Navigate(link), chromedp.WaitVisible(chromedp.CSS("main h1")))
		if n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("p.status.good").length`)); err == nil && n > 0 {
			drawn = true
			break
		}
	}
	if !drawn {
		t.Fatalf("none of the lotteries %v shows a verified draw", links)
	}
	if s := text(t, ctx, "main"); !strings.Contains(s, "✓") || !strings.Contains(s, "种子公布时间") {
		t.Fatalf("the lottery page shows no re-verification or seed time: %.800q", s)
	}
	shot(t, ctx, "22-public-lottery")
	script := text(t, ctx, "pre.verify-script")
	commitment, err := chromedp.Run(ctx, chromedp.Evaluate[string](`fetch(document.querySelector('a[href$="commitment.txt"]').href).then(r => r.text())`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	published, err := chromedp.Run(ctx, chromedp.Evaluate[string](`fetch(document.querySelector('a[href$="/lottery"][href^="/api/"]').href).then(r => r.text())`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	var lot struct {
		ProgramID      int64  `json:"program_id"`
		CommitmentHash string `json:"commitment_hash"`
		Verified       bool   `json:"verified"`
		Result         struct {
			Order []struct {
				EntrantID string `json:"entrant_id"`
				Funded    bool   `json:"funded"`
			} `json:"order"`
		} `json:"result"`
	}
	if err := json.Unmarshal([]byte(published), &lot); err != nil || !lot.Verified {
		t.Fatalf("the published lottery: %v %.300s", err, published)
	}
	for _, tool := range []string{"sh", "sha256sum", "sed", "sort", "awk", "cut"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed", tool)
		}
	}
	dir := t.TempDir()
	file := strings.Fields(strings.Split(script, "\n")[1])[1] // "sha256sum commitment-P-N.txt"
	if err := os.WriteFile(filepath.Join(dir, file), []byte(commitment), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("sh", "-c", script)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the page's commands: %v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if !strings.HasPrefix(lines[0], lot.CommitmentHash+" ") || len(lines)-1 != len(lot.Result.Order) {
		t.Fatalf("the commands print %q; the published hash is %s and %d entrants drew", out, lot.CommitmentHash, len(lot.Result.Order))
	}
	for i, line := range lines[1:] {
		id, outcome, _ := strings.Cut(line, " ")
		if tk := lot.Result.Order[i]; id != tk.EntrantID || (outcome == "中选") != tk.Funded {
			t.Fatalf("position %d: the commands give %q, the published draw %+v", i+1, line, tk)
		}
	}

	// The open grant data, from its download page.
	do(t, ctx, chromedp.Navigate(base+"/public/grants"), chromedp.WaitVisible(chromedp.CSS(`a[href="/api/v1/public/grants.json"]`)))
	shot(t, ctx, "23-public-grants")
	data, err := chromedp.Run(ctx, chromedp.Evaluate[string](`fetch(document.querySelector('a[href="/api/v1/public/grants.json"]').href).then(r => r.text())`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	var pkg struct {
		Grants []struct {
			ID       string `json:"identifier"`
			Currency string `json:"currency"`
		} `json:"grants"`
	}
	if err := json.Unmarshal([]byte(data), &pkg); err != nil || len(pkg.Grants) == 0 || pkg.Grants[0].Currency != "CNY" {
		t.Fatalf("grants.json: %v, %d grants, %.300s", err, len(pkg.Grants), data)
	}
	csv, err := chromedp.Run(ctx, chromedp.Evaluate[string](`fetch(document.querySelector('a[href="/api/v1/public/grants.csv"]').href).then(r => r.text())`, chromedp.EvalAwaitPromise))
	if err != nil || strings.Count(csv, "\n") < len(pkg.Grants) {
		t.Fatalf("grants.csv: %v, %d lines for %d grants", err, strings.Count(csv, "\n"), len(pkg.Grants))
	}
}
