package web

import (
	"fmt"
	"testing"
	"time"

	"seedbed/selection"
)

// TestFairReviewContract checks the shapes outside checks rely on: a program's JSON carries
// blind_review (a boolean) and reply_days (an integer, 0 for no reply window) through
// POST, GET (one and the list) and PUT, even when false and 0; the normalisation result names its
// method.
func TestFairReviewContract(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, e *testEnv) {
		deadline := time.Now().Add(30 * 24 * time.Hour).UTC().Format(time.RFC3339)
		created := e.ok(t, 201, "officer", "POST", "/api/v1/programs", fairProgramJSON(deadline, 0, map[string]string{"reply_days": "5"}))
		if created["blind_review"] != true || created["reply_days"] != 5.0 {
			t.Fatalf("POST answered %v", created)
		}
		id := num(created["id"])
		path := fmt.Sprintf("/api/v1/programs/%d", id)
		one := e.ok(t, 200, "officer", "GET", path, "")
		if one["blind_review"] != true || one["reply_days"] != 5.0 {
			t.Fatalf("GET one: blind_review %v, reply_days %v", one["blind_review"], one["reply_days"])
		}
		inList := func() map[string]any {
			t.Helper()
			list := e.ok(t, 200, "officer", "GET", "/api/v1/programs?per_page=100", "")
			for _, it := range list["items"].([]any) {
				if p := it.(map[string]any); num(p["id"]) == id {
					return p
				}
			}
			t.Fatalf("program %d not in the list", id)
			return nil
		}
		if p := inList(); p["blind_review"] != true || p["reply_days"] != 5.0 {
			t.Fatalf("GET list: blind_review %v, reply_days %v", p["blind_review"], p["reply_days"])
		}
		replaced := e.ok(t, 200, "officer", "PUT", path, fairProgramJSON(deadline, int(num(one["version"])),
			map[string]string{"blind_review": "false", "reply_days": "0"}))
		if v, ok := replaced["blind_review"]; !ok || v != false {
			t.Fatalf("PUT answered blind_review %v (present %v)", v, ok)
		}
		for _, p := range []map[string]any{e.ok(t, 200, "officer", "GET", path, ""), inList()} {
			b, okB := p["blind_review"]
			d, okD := p["reply_days"]
			if !okB || !okD || b != false || d != 0.0 {
				t.Fatalf("after PUT: blind_review %v (present %v), reply_days %v (present %v)", b, okB, d, okD)
			}
		}

		f := newProgramFixture(t, e)
		e.ok(t, 200, "reviewer", "POST", fmt.Sprintf("/api/v1/assignments/%d/score", f.assignment),
			`{"scores":{"originality":4,"team_drive":4,"leverage":3,"next_step":4},"comment":"路线新颖。"}`)
		for _, res := range []map[string]any{
			e.ok(t, 200, "officer", "POST", fmt.Sprintf("/api/v1/programs/%d/normalise", f.review), ""),
			e.ok(t, 200, "officer", "GET", fmt.Sprintf("/api/v1/programs/%d/selection", f.review), ""),
		} {
			n, _ := res["normalised"].(map[string]any)
			if m := n["method"]; m != selection.MethodBayes && m != selection.MethodZScore {
				t.Fatalf("the normalisation result names no method: %v", res)
			}
		}
	})
}
