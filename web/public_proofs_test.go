package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"strings"
	"testing"

	"seedbed"
	"seedbed/app"
	"seedbed/ledger"
)

// TestPublicDecisionProofs: signed out, a person looks up a published program's decisions on
// the ledger page and downloads the offline bundle; it verifies with the bureau's published key
// and holds the lottery's commitment and draw; a changed entry or another key fails; a draft
// program answers 404 and a bad number 400; nothing but the published kinds is in it.
func TestPublicDecisionProofs(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, e *testEnv) {
		publishStarter(e)
		signer, err := ledger.GenerateKey(ledger.SigEd25519)
		if err != nil {
			t.Fatal(err)
		}
		if err := app.New(e.store, fixtureOptions).Ledger.Open(context.Background(), signer, ledger.SHA256); err != nil {
			t.Fatal(err)
		}
		f := newPublicFixture(t, e)
		page := e.do("", "GET", fmt.Sprintf("/public/ledger?program=P-%d", f.lottery), "", "")
		if page.Code != 200 || !strings.Contains(page.Body.String(), "抽签承诺") || !strings.Contains(page.Body.String(), fmt.Sprintf("/api/v1/public/ledger/programs/%d/proofs", f.lottery)) {
			t.Fatalf("ledger page: %d %s", page.Code, page.Body.String())
		}
		// the program is picked from the published ones, never typed; a draft is not offered
		if body := page.Body.String(); !strings.Contains(body, fmt.Sprintf(`<option value="%d" selected>`, f.lottery)) ||
			strings.Contains(body, fmt.Sprintf(`<option value="%d"`, f.draft)) {
			t.Errorf("the programs offered: %s", body)
		}
		w := e.do("", "GET", fmt.Sprintf("/api/v1/public/ledger/programs/%d/proofs", f.lottery), "", "")
		if w.Code != 200 || !strings.Contains(w.Header().Get("Content-Disposition"), fmt.Sprintf("ledger-proofs-P-%d.json", f.lottery)) {
			t.Fatalf("bundle: %d %v", w.Code, w.Header())
		}
		var b ledger.DecisionProofs
		if err := json.Unmarshal(w.Body.Bytes(), &b); err != nil {
			t.Fatal(err)
		}
		var keys struct {
			Items []struct {
				PublicKey string `json:"public_key"`
			} `json:"items"`
		}
		kw := e.do("", "GET", "/api/v1/public/ledger/keys", "", "")
		if err := json.Unmarshal(kw.Body.Bytes(), &keys); err != nil || len(keys.Items) == 0 {
			t.Fatalf("keys: %v %s", err, kw.Body.String())
		}
		var trusted []ledger.Verifier
		for _, k := range keys.Items {
			v, err := ledger.ParsePublicKeyPEM([]byte(k.PublicKey))
			if err != nil {
				t.Fatal(err)
			}
			trusted = append(trusted, v)
		}
		if err := ledger.VerifyDecisionProofs(b, trusted...); err != nil {
			t.Fatalf("the bundle does not verify: %v", err)
		}
		kinds := map[string]bool{}
		for _, p := range b.Entries {
			kinds[p.Kind] = true
		}
		for _, k := range []string{seedbed.EventProgramPublished, seedbed.EventSelection, seedbed.EventLotteryCommitment, seedbed.EventDraw} {
			if !kinds[k] {
				t.Errorf("the bundle has no %s entry: %v", k, kinds)
			}
		}
		if len(kinds) > 5 || kinds[seedbed.EventAssignment] || kinds[seedbed.EventNormalisation] {
			t.Errorf("the bundle publishes kinds beyond the published decisions: %v", kinds)
		}

		// A changed entry, and a head checked with another key, fail.
		bad := b
		bad.Entries = append([]ledger.DecisionProof(nil), b.Entries...)
		bad.Entries[0].Entry = bytes.Replace(bad.Entries[0].Entry, []byte(`"kind"`), []byte(` "kind"`), 1)
		if err := ledger.VerifyDecisionProofs(bad); seedbed.ErrorCode(err) != seedbed.ECONFLICT {
			t.Errorf("a changed entry: %v", err)
		}
		other, _ := ledger.GenerateKey(ledger.SigEd25519)
		if err := ledger.VerifyDecisionProofs(b, other.Verifier()); seedbed.ErrorCode(err) != seedbed.ECONFLICT {
			t.Errorf("another key: %v", err)
		}

		// A draft and an unknown program reveal nothing; a bad number is named.
		for _, id := range []int64{f.draft, 999_999} {
			if w := e.do("", "GET", fmt.Sprintf("/api/v1/public/ledger/programs/%d/proofs", id), "", ""); w.Code != 404 {
				t.Errorf("program %d: %d", id, w.Code)
			}
			if w := e.do("", "GET", fmt.Sprintf("/public/ledger?program=%d", id), "", ""); w.Code != 404 {
				t.Errorf("page for program %d: %d", id, w.Code)
			}
		}
		if w := e.do("", "GET", "/public/ledger?program=abc", "", ""); w.Code != 400 || !strings.Contains(w.Body.String(), "计划编号应为正整数") {
			t.Errorf("a bad number: %d", w.Code)
		}
	})
}

// TestPublicPolicyHistory: signed out, a policy's page shows each dated version and what changed
// from the version before, in words, as the signed-in diff does.
func TestPublicPolicyHistory(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, "")
	publishStarter(e)
	w := e.do("", "GET", "/public/policies/grassroots-seed", "", "")
	body := w.Body.String()
	diff := e.do("officer", "GET", "/api/v1/policies/grassroots-seed/diff?from=1&to=2", "", "")
	var d struct {
		Changes []struct {
			Summary seedbed.Label `json:"summary"`
		} `json:"changes"`
	}
	if err := json.Unmarshal(diff.Body.Bytes(), &d); err != nil || len(d.Changes) == 0 {
		t.Fatalf("signed-in diff: %d %s", diff.Code, diff.Body.String())
	}
	if w.Code != 200 || !strings.Contains(body, "与第 1 版相比的变化") || !strings.Contains(body, "第 2 版") {
		t.Fatalf("policy page: %d %s", w.Code, body)
	}
	for _, c := range d.Changes {
		if !strings.Contains(body, html.EscapeString(c.Summary.Zh)) {
			t.Errorf("the public page does not show the change %q", c.Summary.Zh)
		}
	}
}
