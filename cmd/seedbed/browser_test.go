package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"seedbed/sqlstore"
)

// browser starts headless Chromium for a test, or skips when there is none (a machine with only
// Go); SEEDBED_REQUIRE_BROWSER=1 (set by CI) turns the skip into a failure.
func browser(t *testing.T) context.Context {
	t.Helper()
	path, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("SEEDBED_REQUIRE_BROWSER") != "" {
			t.Fatal("chromium is not installed but SEEDBED_REQUIRE_BROWSER is set")
		}
		t.Skip("chromium not installed")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.Headless, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-quic", true), chromedp.Flag("no-first-run", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 900), chromedp.Flag("lang", "zh-CN"))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	// Start the browser now, on the test's context, so that per-step timeouts do not own it.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// startDemo fills a small demo region and serves it in-process; it returns the base URL.
func startDemo(t *testing.T, n int) (string, *sqlstore.Store) {
	t.Helper()
	return startDemoClock(t, n, nil)
}

// startDemoClock is startDemo serving on the clock now when given (a test moves it to let days
// pass); the demo is built on its own clock as always.
func startDemoClock(t *testing.T, n int, now func() time.Time) (string, *sqlstore.Store) {
	t.Helper()
	return startDemoWith(t, n, demoServer{now: now})
}

// demoServer is how a test's demo is served: on a clock of the test's, with the decision ledger.
type demoServer struct {
	now    func() time.Time
	ledger bool
}

// startDemoWith fills a small demo region as o says and serves it in-process until the test ends.
func startDemoWith(t *testing.T, n int, o demoServer) (string, *sqlstore.Store) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	dir := t.TempDir()
	// A demo with the ledger's key set up before the region is built whole; the others are a
	// copy of the run's demo of that size (demo_template_test.go).
	if !o.ledger {
		copyDemo(t, n, dir)
	}
	store, err := sqlstore.Open(ctx, sqlstore.Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if o.ledger {
		if err := setupLedger(ctx, store, dir, ledgerFlags{alg: "ed25519"}, &out); err != nil {
			t.Fatal(err)
		}
		spec, err := newDemoSpec(n, demoSeed, "")
		if err != nil {
			t.Fatal(err)
		}
		if err := seedDemo(ctx, store, spec, &out); err != nil {
			t.Fatal(err)
		}
	} else {
		holdDemoKey(t, store, dir)
	}
	if o.now != nil {
		store.Now = o.now
	}
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- serve(ctx, store, serveFlags{addr: "127.0.0.1:0"}, &out, &bytes.Buffer{}, func(a string) { ready <- a })
	}()
	var addr string
	select {
	case addr = <-ready:
	case err := <-done:
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cancel()
		<-done
		store.Close()
	})
	return "http://" + addr, store
}

// shot saves a screenshot into SEEDBED_SCREENSHOTS when set, for people to look at.
func shot(t *testing.T, ctx context.Context, name string) {
	dir := os.Getenv("SEEDBED_SCREENSHOTS")
	if dir == "" {
		return
	}
	buf, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), buf, 0o644); err != nil {
		t.Fatal(err)
	}
}

// text returns the text of the first element a CSS selector matches.
func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

// do runs browser steps and fails the test on an error.
func do(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(sctx, steps...); err != nil {
		body, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("body")))
		t.Fatalf("%v; the page shows:\n%s", err, body)
	}
}

// TestBrowserLoginSearchImport drives headless Chromium through signing in, searching the
// registry in Chinese, and importing a file with a bad row, which must write nothing.
func TestBrowserLoginSearchImport(t *testing.T) {
	t.Parallel()
	ctx := browser(t)
	base, store := startDemo(t, 300)
	before, _ := store.CountInnovators(context.Background())

	csvPath := filepath.Join(t.TempDir(), "bad.csv")
	csv := "名称,主体类型,统一社会信用代码\n好团队甲,草根团队,\n坏代码公司,企业,91330100799655058C\n好团队乙,草根团队,\n"
	if err := os.WriteFile(csvPath, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	do(t, ctx,
		chromedp.Navigate(base+"/login"),
		chromedp.WaitVisible(chromedp.ID("f-username")),
		chromedp.SendKeys(chromedp.ID("f-username"), "officer"),
		chromedp.SendKeys(chromedp.ID("f-password"), demoPassword),
		chromedp.Submit(chromedp.ID("f-password")),
		chromedp.WaitVisible(chromedp.CSS(".big-number")))
	if h := text(t, ctx, "h1"); h != "工作台" {
		t.Errorf("after login the heading is %q, want the Chinese dashboard 工作台", h)
	}
	shot(t, ctx, "01-dashboard")

	do(t, ctx,
		chromedp.Navigate(base+"/innovators"),
		chromedp.WaitVisible(chromedp.ID("f-q")),
		chromedp.SendKeys(chromedp.ID("f-q"), "深度"),
		chromedp.Submit(chromedp.ID("f-q")))
	waitURL(t, ctx, "q=")
	do(t, ctx, chromedp.WaitVisible(chromedp.CSS("table.table tbody")))
	if r := text(t, ctx, "table.table tbody"); !strings.Contains(r, "杭州深度求索人工智能基础技术研究有限公司") {
		t.Errorf("search for 深度 shows %q", r)
	}
	shot(t, ctx, "02-search")

	do(t, ctx,
		chromedp.Navigate(base+"/innovators/import"),
		chromedp.WaitVisible(chromedp.ID("f-file")),
		chromedp.SetUploadFiles(chromedp.ID("f-file"), []string{csvPath}),
		chromedp.Submit(chromedp.ID("f-file")),
		chromedp.WaitVisible(chromedp.ID("import-errors")))
	if e := text(t, ctx, "#import-errors"); !strings.Contains(e, "3") || !strings.Contains(e, "校验位") {
		t.Errorf("import error table %q does not name line 3 and the check character", e)
	}
	shot(t, ctx, "03-import-errors")

	do(t, ctx, chromedp.Navigate(base+"/innovators"), chromedp.WaitVisible(chromedp.CSS(".result-count")))
	count := text(t, ctx, ".result-count")
	after, _ := store.CountInnovators(context.Background())
	if after != before || !strings.Contains(count, fmt.Sprint(before)) {
		t.Errorf("a refused import changed the registry: %d → %d (page says %q)", before, after, count)
	}
}

// login signs in through the login form.
func login(t *testing.T, ctx context.Context, base, user string) {
	t.Helper()
	do(t, ctx,
		chromedp.Navigate(base+"/login"),
		chromedp.WaitVisible(chromedp.ID("f-username")),
		chromedp.SendKeys(chromedp.ID("f-username"), user),
		chromedp.SendKeys(chromedp.ID("f-password"), demoPassword),
		chromedp.Submit(chromedp.ID("f-password")),
		chromedp.WaitVisible(chromedp.CSS("a.whoami")))
}

// waitURL waits until the page's address contains part and the page has loaded: a form
// submission has navigated (the old page may hold the same elements, so waiting for them alone
// races the navigation). Errors while the page is between documents are retried.
// markPage marks the page now shown, so that waitNewPage can tell the page a form post
// brings back from the one it was posted from (both may hold the same elements).
func markPage(t *testing.T, ctx context.Context) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.body.dataset.before = "1"; true`)); err != nil {
		t.Fatal(err)
	}
}

// waitNewPage waits until the page marked by markPage has been replaced and the new one loaded.
func waitNewPage(t *testing.T, ctx context.Context) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`!document.body.dataset.before && document.readyState === "complete"`))
		if err == nil && ok {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("the form post never brought a page back")
}

func waitURL(t *testing.T, ctx context.Context, part string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	expr := fmt.Sprintf("location.href.includes(%q) && document.readyState === 'complete'", part)
	for time.Now().Before(deadline) {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](expr))
		if err == nil && ok {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("the page never reached an address with %q", part)
}

// TestBrowserLab runs the ecosystem lab from its page in headless Chromium and reads the
// comparison table and charts, then switches the page to English.
func TestBrowserLab(t *testing.T) {
	t.Parallel()
	ctx := browser(t)
	base, _ := startDemo(t, 300)
	login(t, ctx, base, "officer")
	do(t, ctx,
		chromedp.Navigate(base+"/lab"),
		chromedp.WaitVisible(chromedp.ID("f-replications")),
		chromedp.SetValue(chromedp.ID("f-replications"), "20"),
		chromedp.Submit(chromedp.ID("f-replications")))
	waitURL(t, ctx, "/lab/runs/")
	do(t, ctx, chromedp.WaitVisible(chromedp.ID("lab-table")))
	table := text(t, ctx, "#lab-table")
	for _, want := range []string{"广泛小额资助", "部分抽签", "分阶段里程碑资助", "按规模择优"} {
		if !strings.Contains(table, want) {
			t.Errorf("lab table lacks %s: %q", want, table)
		}
	}
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("figure.chart svg").length`))
	if err != nil || n != 3 {
		t.Errorf("lab page shows %d charts (%v), want 3", n, err)
	}
	shot(t, ctx, "04-lab")
	do(t, ctx, chromedp.Click(chromedp.CSS(`a[hreflang="en"]`)))
	waitURL(t, ctx, "lang=en")
	do(t, ctx, chromedp.WaitVisible(chromedp.ID("lab-table")))
	if h := text(t, ctx, "main h1"); !strings.Contains(text(t, ctx, "#lab-table"), "Broad small grants") {
		t.Errorf("English lab page (%q) does not show English strategy names", h)
	}
}
