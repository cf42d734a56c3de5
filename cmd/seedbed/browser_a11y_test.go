package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// axeScript returns axe-core's source, installed from the npm registry outside the repository
// (.ci/run puts it in the user's cache folder; SEEDBED_AXE names another copy). seedbed never
// serves it: the test injects it into the page. Without it the test skips, unless
// SEEDBED_REQUIRE_BROWSER asks for every browser test to run.
func axeScript(t *testing.T) string {
	path := os.Getenv("SEEDBED_AXE")
	if path == "" {
		cache, err := os.UserCacheDir()
		if err == nil {
			path = filepath.Join(cache, "seedbed", "axe-core", "node_modules", "axe-core", "axe.min.js")
		}
	}
	src, err := os.ReadFile(path)
	if err != nil {
		if os.Getenv("SEEDBED_REQUIRE_BROWSER") != "" {
			t.Fatalf("axe-core is not installed (%v) but SEEDBED_REQUIRE_BROWSER is set", err)
		}
		t.Skipf("axe-core not installed: %v", err)
	}
	return string(src)
}

// a11yPages are the main pages of each role, checked with axe-core in both languages.
var a11yPages = map[string][]string{
	"": {"/public", "/help", "/login"},
	"officer": {"/", "/programs", "/programs/1", "/innovators", "/awards", "/monitoring", "/programs/new",
		"/approvals", "/consultations", "/programs/1/notices", "/programs/1/procedure", "/impact/outcomes/new"},
	"reviewer":  {"/", "/reviews"},
	"applicant": {"/", "/applications", "/programs", "/impact/outcomes/new"},
	"auditor":   {"/", "/exemptions", "/ledger", "/audit"},
	"admin":     {"/", "/users"},
	"leader":    {"/", "/ecosystem"},
}

// TestBrowserAccessibility runs axe-core on the main pages of every role and fails on a serious
// or critical violation.
func TestBrowserAccessibility(t *testing.T) {
	t.Parallel()
	axe := axeScript(t)
	base, _ := startDemo(t, 300)
	// The check itself: an image without a text alternative, added to a page, must be reported.
	ctx := browser(t)
	do(t, ctx, chromedp.Navigate(base+"/help"), chromedp.WaitReady(chromedp.CSS("main")))
	bad, err := chromedp.Run(ctx, chromedp.Evaluate[string](axe+`;document.body.insertAdjacentHTML("beforeend", '<img src="/assets/logo.svg">');
		axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations.map(v => v.id).join(" "))`, chromedp.EvalAwaitPromise))
	if err != nil || !strings.Contains(bad, "image-alt") {
		t.Fatalf("axe-core does not report an image without alt text: %q %v", bad, err)
	}
	for role, pages := range a11yPages {
		t.Run("as "+map[bool]string{true: "visitor", false: role}[role == ""], func(t *testing.T) {
			ctx := browser(t)
			if role != "" {
				login(t, ctx, base, role)
			}
			for _, p := range pages {
				for _, lang := range []string{"zh", "en"} {
					do(t, ctx, chromedp.Navigate(base+withLang(p, lang)), chromedp.WaitReady(chromedp.CSS("main")))
					if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](axe+";true")); err != nil {
						t.Fatalf("inject axe-core: %v", err)
					}
					out, err := chromedp.Run(ctx, chromedp.Evaluate[string](`axe.run(document, {resultTypes: ["violations"]}).then(r => JSON.stringify(
						r.violations.filter(v => v.impact === "serious" || v.impact === "critical").map(v => ({id: v.id, impact: v.impact, help: v.help,
						nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))}))))`, chromedp.EvalAwaitPromise))
					if err != nil {
						t.Fatalf("axe-core on %s: %v", p, err)
					}
					var vs []struct {
						ID, Impact, Help string
						Nodes            []string
					}
					if err := json.Unmarshal([]byte(out), &vs); err != nil {
						t.Fatalf("axe-core result: %v", err)
					}
					for _, v := range vs {
						t.Errorf("%s (%s) as %q: %s %s: %s at %s", p, lang, role, v.Impact, v.ID, v.Help, strings.Join(v.Nodes, "; "))
					}
				}
			}
		})
	}
}

// TestBrowserKeyboardOnly uses the sign-in form and the registry search with the keyboard alone:
// Tab reaches each field in order, Enter submits.
func TestBrowserKeyboardOnly(t *testing.T) {
	t.Parallel()
	ctx := browser(t)
	base, _ := startDemo(t, 300)
	focused := func() string {
		id, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement ? (document.activeElement.id || document.activeElement.tagName) : ""`))
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	tabTo := func(id string) {
		t.Helper()
		for i := 0; i < 40; i++ {
			do(t, ctx, chromedp.KeyEvent(kb.Tab))
			if focused() == id {
				return
			}
		}
		t.Fatalf("Tab never reaches #%s", id)
	}
	do(t, ctx, chromedp.Navigate(base+"/login"), chromedp.WaitVisible(chromedp.ID("f-username")))
	tabTo("f-username")
	do(t, ctx, chromedp.KeyEvent("officer"))
	do(t, ctx, chromedp.KeyEvent(kb.Tab))
	if f := focused(); f != "f-password" {
		t.Fatalf("Tab from the user name goes to %q, not the password", f)
	}
	do(t, ctx, chromedp.KeyEvent(demoPassword), chromedp.KeyEvent(kb.Enter), chromedp.WaitVisible(chromedp.CSS(".site-header .whoami")))

	do(t, ctx, chromedp.Navigate(base+"/innovators"), chromedp.WaitVisible(chromedp.CSS("main")))
	tabTo("f-q")
	// the list page already shows a result count: wait for the search's own address, not for it
	do(t, ctx, chromedp.KeyEvent("深度"), chromedp.KeyEvent(kb.Enter))
	waitURL(t, ctx, "q=")
	do(t, ctx, chromedp.WaitVisible(chromedp.CSS(".result-count")))
}
