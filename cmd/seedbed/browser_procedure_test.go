package main

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"seedbed"
)

// TestBrowserProcedureToExemption follows the screens through every step of the procedure in
// force for the demo's SME call, reviewed and selected, its funded list on notice: the program
// page lists the steps due and refuses the decision while any is missing; the officer files the
// risk in advance and a second officer approves the filing; the officer records the collective
// decision and the declaration of no interest from the checklist's links, answers the open
// objection, and, once the notice period is over, closes the notice; every step then reads done,
// the program is decided and an award made from the review console. The award fails honestly,
// and the exemption case the auditor opens drafts 予以容错免责 (予以免责) on every condition, the
// approved risk filing among its evidence.
func TestBrowserProcedureToExemption(t *testing.T) {
	t.Parallel()
	ctx := browser(t)
	var days atomic.Int64 // how many days the served clock runs ahead
	base, store := startDemoClock(t, 300, func() time.Time { return time.Now().UTC().AddDate(0, 0, int(days.Load())) })
	bg := context.Background()
	programs, _, err := store.FindPrograms(bg, seedbed.ProgramFilter{State: seedbed.ProgramInReview, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var p *seedbed.Program
	for i := range programs {
		if strings.Contains(programs[i].Title, "中小企业市场导向研发专项") {
			p = &programs[i]
		}
	}
	if p == nil {
		t.Fatal("the demo has no SME call in review")
	}
	prog := fmt.Sprintf("%s/programs/%d", base, p.ID)
	count := func(sel string) int {
		t.Helper()
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](fmt.Sprintf("document.querySelectorAll(%q).length", sel)))
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	submit := func(form string) {
		t.Helper()
		markPage(t, ctx)
		do(t, ctx, chromedp.Click(chromedp.CSS(form+" button[type=submit]")))
		waitNewPage(t, ctx)
	}

	login(t, ctx, base, "officer")
	do(t, ctx, chromedp.Navigate(prog), chromedp.WaitVisible(chromedp.CSS(".procedure-checklist")))
	due := count(".procedure-checklist li.due")
	if due < 3 {
		t.Fatalf("the checklist shows %d steps due before the decision, want at least the collective decision, the declaration and the notice:\n%s",
			due, text(t, ctx, ".procedure-checklist"))
	}
	shot(t, ctx, "30-procedure-due")
	// Deciding now is refused, naming what is missing.
	submit("form[action$='/transition']")
	waitURL(t, ctx, "/transition")
	if s := text(t, ctx, "main"); !strings.Contains(s, "集体决策") || !strings.Contains(s, "无利害关系") {
		t.Fatalf("deciding with steps missing does not name them:\n%s", s)
	}
	if got, err := store.GetProgram(bg, p.ID); err != nil || got.State != seedbed.ProgramInReview {
		t.Fatalf("a refused decision left the program %v (%v)", got.State, err)
	}

	// The risk, filed in advance from the program page; a second officer approves the filing.
	do(t, ctx,
		chromedp.Navigate(prog), chromedp.WaitVisible(chromedp.CSS("#risk-filing summary")),
		chromedp.Click(chromedp.CSS("#risk-filing summary")),
		chromedp.WaitVisible(chromedp.ID("f-risk")),
		chromedp.SendKeys(chromedp.ID("f-risk"), "路线新：以用户现场数据反推工艺参数，国内没有先例，第一阶段可能验证不了。"),
		chromedp.SendKeys(chromedp.ID("f-worth"), "若成立，中小制造企业的调试周期可缩短一半；资助额度小，失败的代价可控。"),
		chromedp.SendKeys(chromedp.ID("f-failure"), "第一阶段样品在三家用户现场试用，调试时间没有明显缩短。"))
	submit("form[action$='/risk-filings']")
	waitURL(t, ctx, "/risk-filings/")
	filing, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	logout(t, ctx, base)
	login(t, ctx, base, "officer2")
	do(t, ctx, chromedp.Navigate(filing), chromedp.WaitVisible(chromedp.ID("f-note")),
		chromedp.SendKeys(chromedp.ID("f-note"), "风险和失败的样子都写得具体、可检验，同意备案。"),
		chromedp.Click(chromedp.CSS("button[name=decision][value=approve]")))
	do(t, ctx, chromedp.WaitVisible(chromedp.CSS(".flash")))
	if s := text(t, ctx, "main"); !strings.Contains(s, "复核同意") {
		t.Fatalf("the filing after its approval reads:\n%s", s)
	}
	logout(t, ctx, base)
	login(t, ctx, base, "officer")

	// The collective decision and the declaration, from the checklist's links.
	do(t, ctx, chromedp.Navigate(prog), chromedp.WaitVisible(chromedp.CSS(".procedure-checklist")),
		chromedp.Click(chromedp.CSS(".procedure-checklist li.due a[href*='/procedure']")))
	waitURL(t, ctx, "/procedure")
	today := time.Now().In(demoZone).Format(time.DateOnly)
	do(t, ctx, chromedp.WaitVisible(chromedp.ID("f-body")),
		chromedp.SendKeys(chromedp.ID("f-body"), "局务会"),
		chromedp.SetValue(chromedp.ID("f-held_on"), today),
		chromedp.SendKeys(chromedp.ID("f-members"), "9"),
		chromedp.SendKeys(chromedp.ID("f-present"), "8"),
		chromedp.SendKeys(chromedp.ID("f-for"), "8"),
		chromedp.SendKeys(chromedp.ID("f-resolution"), "同意按遴选结果资助，公示期满无异议后决定"))
	submit("form[action$='/procedure/collective']")
	do(t, ctx, chromedp.WaitVisible(chromedp.CSS("form[action$='/procedure/interest']")),
		chromedp.SendKeys(chromedp.ID("f-interest-note"), "与各申报企业无亲属、投资或雇佣关系"))
	submit("form[action$='/procedure/interest']")
	do(t, ctx, chromedp.WaitVisible(chromedp.CSS("table.table")))
	if s := text(t, ctx, "table.table"); !strings.Contains(s, "局务会") {
		t.Fatalf("the records do not show the collective decision:\n%s", s)
	}

	// The notice: the open objection answered; closed once its period is over.
	do(t, ctx, chromedp.Navigate(prog+"/notices"), chromedp.WaitVisible(chromedp.CSS("textarea[id^='f-answer-']")),
		chromedp.SendKeys(chromedp.CSS("textarea[id^='f-answer-']"), "评审得分按规定在决定后随决定书公开；本次公示名单维持不变。"))
	submit("form[action*='/answer']")
	do(t, ctx, chromedp.WaitVisible(chromedp.CSS(".flash")))
	days.Store(12)
	login(t, ctx, base, "officer") // the session of twelve days ago has expired
	do(t, ctx, chromedp.Navigate(prog+"/notices"), chromedp.WaitVisible(chromedp.CSS("form[action$='/close']")))
	submit("form[action$='/close']")
	do(t, ctx, chromedp.WaitVisible(chromedp.CSS(".flash")))

	// Every step done, the program is decided and the first funded application awarded.
	do(t, ctx, chromedp.Navigate(prog), chromedp.WaitVisible(chromedp.CSS(".procedure-checklist")))
	if n := count(".procedure-checklist li.due"); n != 0 {
		t.Fatalf("%d steps still due:\n%s", n, text(t, ctx, ".procedure-checklist"))
	}
	shot(t, ctx, "31-procedure-done")
	submit("form[action$='/transition']")
	do(t, ctx, chromedp.WaitVisible(chromedp.CSS(".flash")))
	if got, err := store.GetProgram(bg, p.ID); err != nil || got.State != seedbed.ProgramDecided {
		t.Fatalf("after the transition the program is %v (%v)", got.State, err)
	}
	do(t, ctx, chromedp.Navigate(prog+"/review"), chromedp.WaitVisible(chromedp.CSS("form[action$='/awards']")))
	submit("form[action$='/awards']")
	do(t, ctx, chromedp.WaitVisible(chromedp.CSS(".flash")))
	awards, _, err := store.FindAwards(bg, seedbed.AwardFilter{ProgramID: p.ID})
	if err != nil || len(awards) != 1 {
		t.Fatalf("%d awards of the program (%v), want 1", len(awards), err)
	}
	award := fmt.Sprintf("%s/awards/%d", base, awards[0].ID)

	// The work fails on the merits: closed as an honest failure from the award's page.
	do(t, ctx, chromedp.Navigate(award), chromedp.WaitVisible(chromedp.CSS("a[href$='/fail']")),
		chromedp.Click(chromedp.CSS("a[href$='/fail']")))
	waitURL(t, ctx, "/fail")
	do(t, ctx, chromedp.WaitVisible(chromedp.ID("f-lesson")),
		chromedp.Click(chromedp.CSS("input[name=category][value='"+seedbed.FailureTechnical+"']")),
		chromedp.SendKeys(chromedp.ID("f-lesson"), "样品在用户现场的调试时间没有缩短：现场数据噪声远大于实验室，反推的工艺参数不稳定。下一次先做数据清洗的可行性验证。"))
	submit("form[action$='/fail']")
	do(t, ctx, chromedp.WaitVisible(chromedp.CSS(".flash")))
	logout(t, ctx, base)

	// The auditor opens the exemption case from the failures list: it drafts 予以免责.
	login(t, ctx, base, "auditor")
	sel := fmt.Sprintf("form[action='/exemptions']:has(input[name=award_id][value='%d'])", awards[0].ID)
	do(t, ctx, chromedp.Navigate(base+"/failures"), chromedp.WaitVisible(chromedp.CSS(sel)))
	submit(sel)
	waitURL(t, ctx, "/exemptions/")
	do(t, ctx, chromedp.WaitVisible(chromedp.CSS("main")))
	shot(t, ctx, "32-exemption-draft")
	if s := text(t, ctx, "main"); !strings.Contains(s, "草拟结论：予以容错免责。全部 9 项条件均有账本证据证明满足") ||
		!strings.Contains(s, "officer2 复核同意容错备案") {
		t.Fatalf("the exemption case does not draft 予以免责 on every condition, with the risk filing as evidence:\n%s", s)
	}
}
