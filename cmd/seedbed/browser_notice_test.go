package main

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserObjection: signed out, a person goes from the portal's home to the funded list on
// notice, sends an empty objection (refused, with the field named), then a real one, anonymously,
// and gets the receipt; the objection is stored, and the public page never shows its text.
func TestBrowserObjection(t *testing.T) {
	t.Parallel()
	ctx := browser(t)
	base, store := startDemo(t, 300)
	count := func() int {
		var n int
		if err := store.QueryRowForTest(context.Background(), `SELECT count(*) FROM public_comments WHERE kind = 'objection'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := count()

	do(t, ctx,
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(chromedp.CSS(`a[href="/public/notices"]`)),
		chromedp.Click(chromedp.CSS(`main a[href="/public/notices"]`)))
	waitURL(t, ctx, "/public/notices")
	do(t, ctx, chromedp.WaitVisible(chromedp.CSS("table.table tbody a")))
	if h := text(t, ctx, "table.table tbody"); !strings.Contains(h, "公示中") {
		t.Fatalf("no notice open now: %q", h)
	}
	do(t, ctx, chromedp.Click(chromedp.CSS("table.table tbody a")))
	waitURL(t, ctx, "/public/notices/")
	do(t, ctx, chromedp.WaitVisible(chromedp.ID("f-text")))
	if a := text(t, ctx, "#answers ~ ol"); !strings.Contains(a, "维持原名单") {
		t.Errorf("the answered objection is not shown: %q", a)
	}
	shot(t, ctx, "20-notice")

	// An empty objection (the browser's own check is bypassed by a space) is refused.
	do(t, ctx,
		chromedp.SendKeys(chromedp.ID("f-text"), " "),
		chromedp.Submit(chromedp.ID("f-text")),
		chromedp.WaitVisible(chromedp.CSS(".error-summary")))
	if e := text(t, ctx, ".error-summary"); !strings.Contains(e, "请填写意见内容") {
		t.Errorf("the empty objection's error: %q", e)
	}
	if count() != before {
		t.Fatal("an empty objection was stored")
	}

	// The form comes back with what was typed (a space, trimmed when sent).
	const objection = "名单中第一家企业的研发团队与另一申报单位为同一批人员，请核实是否重复申报。"
	do(t, ctx,
		chromedp.WaitVisible(chromedp.ID("f-text")),
		chromedp.SendKeys(chromedp.ID("f-text"), objection),
		chromedp.Submit(chromedp.ID("f-text")))
	waitURL(t, ctx, "sent=1")
	do(t, ctx, chromedp.WaitVisible(chromedp.CSS(".flash")))
	if f := text(t, ctx, ".flash"); !strings.Contains(f, "您的异议已收到") {
		t.Errorf("the receipt says %q", f)
	}
	shot(t, ctx, "21-objection-received")
	if count() != before+1 {
		t.Fatalf("objections: %d, want %d", count(), before+1)
	}
	if body := text(t, ctx, "main"); strings.Contains(body, objection) {
		t.Error("the public page shows the objection's text")
	}
}
