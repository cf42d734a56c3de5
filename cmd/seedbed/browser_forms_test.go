package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestBrowserProgramFormKeyboard uses the program form with the keyboard alone: a policy found
// by two characters of its title (Enter in the search box searches), ticked with Space, a stage
// row added with the "add a row" button, and the form submitted with what is missing; the page
// keeps what was typed, every link of the error summary leads to a field marked aria-invalid,
// and axe-core finds no serious or critical violation on the form and on its errors.
func TestBrowserProgramFormKeyboard(t *testing.T) {
	t.Parallel()
	axe := axeScript(t)
	ctx := browser(t)
	base, _ := startDemo(t, 120)
	login(t, ctx, base, "officer")
	eval := func(expr string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr))
		if err != nil {
			t.Fatalf("%s: %v", expr, err)
		}
		return s
	}
	focused := func() string {
		return eval(`document.activeElement ? (document.activeElement.id || document.activeElement.tagName) : ""`)
	}
	tabTo := func(id string) {
		t.Helper()
		for i := 0; i < 200; i++ {
			do(t, ctx, chromedp.KeyEvent(kb.Tab))
			if focused() == id {
				return
			}
		}
		t.Fatalf("Tab never reaches #%s", id)
	}
	checkAxe := func(what string) {
		t.Helper()
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](axe+";true")); err != nil {
			t.Fatalf("inject axe-core: %v", err)
		}
		out, err := chromedp.Run(ctx, chromedp.Evaluate[string](`axe.run(document, {resultTypes: ["violations"]}).then(r => JSON.stringify(
			r.violations.filter(v => v.impact === "serious" || v.impact === "critical").map(v => v.id + ": " + v.help + " at " + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join("; "))))`, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("axe-core: %v", err)
		}
		var vs []string
		if err := json.Unmarshal([]byte(out), &vs); err != nil {
			t.Fatal(err)
		}
		for _, v := range vs {
			t.Errorf("%s: %s", what, v)
		}
	}

	do(t, ctx, chromedp.Navigate(base+"/programs/new"), chromedp.WaitVisible(chromedp.ID("f-title")))
	tabTo("f-title")
	do(t, ctx, chromedp.KeyEvent("键盘新建的计划"))
	tabTo("q-policy_ids")
	markPage(t, ctx)
	do(t, ctx, chromedp.KeyEvent("草根"), chromedp.KeyEvent(kb.Enter))
	waitNewPage(t, ctx)
	if got := eval(`document.getElementById("f-title").value`); got != "键盘新建的计划" {
		t.Fatalf("the search step lost the title: %q", got)
	}
	if n := eval(`String(document.querySelectorAll("input[name=policy_ids]").length)`); n == "0" {
		t.Fatal("searching the policies by two characters found none")
	}
	checkAxe("the program form")
	tabTo("policy_ids-0")
	do(t, ctx, chromedp.KeyEvent(" "))
	rows := eval(`String(document.querySelectorAll("#f-stages fieldset.row").length)`)
	tabTo("add-stages")
	markPage(t, ctx)
	do(t, ctx, chromedp.KeyEvent(kb.Enter))
	waitNewPage(t, ctx)
	if got := eval(`String(document.querySelectorAll("#f-stages fieldset.row").length)`); got <= rows {
		t.Fatalf("adding a stage row: %s rows, before %s", got, rows)
	}
	if eval(`String(document.querySelector("input[name=policy_ids]").checked)`) != "true" {
		t.Fatal("the ticked policy was lost when a row was added")
	}
	tabTo("f-budget")
	markPage(t, ctx)
	do(t, ctx, chromedp.KeyEvent("很多"), chromedp.KeyEvent(kb.Enter))
	waitNewPage(t, ctx)
	broken := eval(`Array.from(document.querySelectorAll(".error-summary a")).filter(a => {
		const el = document.getElementById(decodeURIComponent(a.hash.slice(1)));
		return !el || (el.tagName !== "FIELDSET" && el.getAttribute("aria-invalid") !== "true");
	}).map(a => a.textContent).join(" | ")`)
	if n := eval(`String(document.querySelectorAll(".error-summary a").length)`); n == "0" || broken != "" {
		t.Fatalf("error summary: %s links, not leading to a marked field: %s", n, broken)
	}
	if !strings.Contains(eval(`document.querySelector(".error-summary").textContent`), "总预算") {
		t.Fatal("the error summary does not name the budget by its label")
	}
	checkAxe("the program form with errors")
}
