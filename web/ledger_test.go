package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"seedbed"
	"seedbed/app"
	"seedbed/ledger"
)

// ledgerFixture is a program fixture whose ledger has a key and then the standard procedures, with
// the applicant's award closed as failed and an exemption case opened for it.
type ledgerFixture struct {
	*programFixture
	signer ledger.Signer
	caseID int64
}

func newLedgerFixture(t testing.TB, e *testEnv) *ledgerFixture {
	t.Helper()
	ctx := context.Background()
	signer, err := ledger.GenerateKey(ledger.SigEd25519)
	if err != nil {
		t.Fatal(err)
	}
	a := app.New(e.store, fixtureOptions)
	if err := a.Ledger.Open(ctx, signer, ledger.SHA256); err != nil {
		t.Fatal(err)
	}
	x := a.Exemptions
	// The program fixture's decisions do not follow the standard procedures (one reviewer per
	// application), so the procedures are published after them: its cases have no procedure.
	f := &ledgerFixture{programFixture: newProgramFixture(t, e), signer: signer}
	need(x.PublishStandardProcedures(ctx))
	need(x.CloseAwardAsFailed(ctx, actorOf(t, e, "officer"), f.ownAward, seedbed.FailureInput{Category: seedbed.FailureTechnical, Lesson: "关键假设未能验证"}))
	f.caseID = need(x.OpenCase(ctx, actorOf(t, e, "auditor"), f.ownAward)).ID
	return f
}

func init() {
	moduleMatrix = append(moduleMatrix, func(e *testEnv) []accessCase {
		f := newLedgerFixture(e.t, e)
		id := func(x int64) string { return fmt.Sprint(x) }
		cs, aw, pr := "/exemptions/"+id(f.caseID), id(f.ownAward), id(f.decided)
		return []accessCase{
			{"GET", "/ledger", "/ledger", "aou"},
			{"GET", "/ledger/entries/{index}", "/ledger/entries/0", "aou"},
			{"GET", "/ledger/verify", "/ledger/verify", "aou"},
			{"GET", "/api/v1/ledger/head", "/api/v1/ledger/head", "aou"},
			{"GET", "/api/v1/ledger/heads", "/api/v1/ledger/heads", "aou"},
			{"GET", "/api/v1/ledger/entries", "/api/v1/ledger/entries?start=0&end=5", "aou"},
			{"GET", "/api/v1/ledger/proof/inclusion", "/api/v1/ledger/proof/inclusion?index=1", "aou"},
			{"GET", "/api/v1/ledger/proof/consistency", "/api/v1/ledger/proof/consistency?first=1", "aou"},
			{"GET", "/api/v1/ledger/keys", "/api/v1/ledger/keys", "aou"},
			{"GET", "/api/v1/ledger/verify", "/api/v1/ledger/verify", "aou"},
			{"GET", "/api/v1/ledger/bundle", "/api/v1/ledger/bundle", "aou"},

			{"GET", "/awards/{id}/fail", "/awards/" + id(f.otherAward) + "/fail", "ao"},
			{"POST", "/awards/{id}/fail", "/awards/" + id(f.otherAward) + "/fail", "ao"},
			{"GET", "/failures", "/failures", "aorpu"},
			{"GET", "/api/v1/failures", "/api/v1/failures", "aorpu"},
			{"GET", "/api/v1/awards/{id}/failure", "/api/v1/awards/" + aw + "/failure", "aorpu"},
			{"POST", "/api/v1/awards/{id}/failure", "/api/v1/awards/" + id(f.otherAward) + "/failure", "ao"},

			{"GET", "/exemptions", "/exemptions", "aou"},
			{"POST", "/exemptions", "/exemptions", "aou"},
			{"GET", "/exemptions/{id}", cs, "aou"},
			{"GET", "/exemptions/{id}/print", cs + "/print", "aou"},
			{"POST", "/exemptions/{id}/decision", cs + "/decision", "au"},
			{"GET", "/api/v1/exemptions", "/api/v1/exemptions", "aou"},
			{"POST", "/api/v1/exemptions", "/api/v1/exemptions", "aou"},
			{"GET", "/api/v1/exemptions/{id}", "/api/v1" + cs, "aou"},
			{"GET", "/api/v1/exemptions/{id}/dossier", "/api/v1" + cs + "/dossier", "aou"},
			{"POST", "/api/v1/exemptions/{id}/decision", "/api/v1" + cs + "/decision", "au"},

			{"GET", "/procedures", "/procedures", "aorpu"},
			{"GET", "/procedures/{id}/{version}", "/procedures/grant-standard/2", "aorpu"},
			{"GET", "/programs/{id}/procedure", "/programs/" + pr + "/procedure", "aorpu"},
			{"POST", "/programs/{id}/procedure/{kind}", "/programs/" + pr + "/procedure/collective", "ao"},
			{"GET", "/api/v1/procedures", "/api/v1/procedures", "aorpu"},
			{"POST", "/api/v1/procedures", "/api/v1/procedures", "ao"},
			{"GET", "/api/v1/procedures/{id}/{version}", "/api/v1/procedures/lottery-grant/1", "aorpu"},
			{"GET", "/api/v1/programs/{id}/procedure-records", "/api/v1/programs/" + pr + "/procedure-records", "aorpu"},
			{"POST", "/api/v1/programs/{id}/collective-decisions", "/api/v1/programs/" + pr + "/collective-decisions", "ao"},
			{"POST", "/api/v1/programs/{id}/public-notices", "/api/v1/programs/" + pr + "/public-notices", "ao"},
			{"POST", "/api/v1/programs/{id}/interest-declarations", "/api/v1/programs/" + pr + "/interest-declarations", "ao"},
			// a redraft changes the case (harmlessly): last
			{"POST", "/exemptions/{id}/redraft", cs + "/redraft", "au"},
			{"POST", "/api/v1/exemptions/{id}/redraft", "/api/v1" + cs + "/redraft", "au"},
		}
	})
}

func decodeInto(t *testing.T, body string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(body), v); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
}

// TestLedgerAPI reads heads, entries and proofs, checks them as a client would, and sends
// bad input; nothing in the API can change an entry.
func TestLedgerAPI(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, e *testEnv) {
		f := newLedgerFixture(t, e)
		w := e.do("auditor", "GET", "/api/v1/ledger/head", "", "")
		var head ledger.SignedHead
		decodeInto(t, w.Body.String(), &head)
		if err := ledger.VerifyHead(f.signer.Verifier(), head); err != nil || head.Size < 20 {
			t.Fatalf("head %d: %v", head.Size, err)
		}
		var page struct {
			Total uint64
			Items []struct {
				Index uint64          `json:"index"`
				Entry json.RawMessage `json:"entry"`
				Leaf  ledger.Hash     `json:"leaf"`
			}
		}
		decodeInto(t, e.do("auditor", "GET", "/api/v1/ledger/entries?start=3&end=9", "", "").Body.String(), &page)
		if page.Total != head.Size || len(page.Items) != 6 || page.Items[0].Index != 3 {
			t.Fatalf("entries: %+v", page)
		}
		for _, it := range page.Items {
			var p struct {
				Proof []ledger.Hash `json:"proof"`
				Root  ledger.Hash   `json:"root"`
			}
			decodeInto(t, e.do("officer", "GET", fmt.Sprintf("/api/v1/ledger/proof/inclusion?index=%d", it.Index), "", "").Body.String(), &p)
			leaf := ledger.SHA256.LeafHash(it.Entry)
			if leaf != it.Leaf || p.Root != head.Root || ledger.VerifyInclusion(ledger.SHA256, leaf, it.Index, head.Size, p.Proof, head.Root) != nil {
				t.Fatalf("entry %d does not prove", it.Index)
			}
		}
		var cp struct {
			OldRoot ledger.Hash   `json:"old_root"`
			Proof   []ledger.Hash `json:"proof"`
		}
		decodeInto(t, e.do("admin", "GET", "/api/v1/ledger/proof/consistency?first=7", "", "").Body.String(), &cp)
		if ledger.VerifyConsistency(ledger.SHA256, 7, head.Size, cp.OldRoot, head.Root, cp.Proof) != nil {
			t.Fatal("consistency proof does not verify")
		}
		bad := []struct{ path, field string }{
			{"/api/v1/ledger/entries?start=9&end=3", "end"},
			{"/api/v1/ledger/entries?start=0&end=5000", "end"},
			{"/api/v1/ledger/entries?start=-1", "start"},
			{"/api/v1/ledger/proof/inclusion", "index"},
			{"/api/v1/ledger/proof/inclusion?index=x", "index"},
			{fmt.Sprintf("/api/v1/ledger/proof/inclusion?index=%d", head.Size), "index"},
			{"/api/v1/ledger/proof/inclusion?index=1&tree_size=999999", "tree_size"},
			{"/api/v1/ledger/proof/consistency?first=9&second=3", "first"},
		}
		for _, b := range bad {
			w := e.do("auditor", "GET", b.path, "", "")
			if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), `"field":"`+b.field+`"`) {
				t.Errorf("%s: %d %s", b.path, w.Code, w.Body.String())
			}
		}
		for _, m := range []string{"POST", "PUT", "DELETE", "PATCH"} {
			for _, p := range []string{"/api/v1/ledger/entries", "/api/v1/ledger/head", "/ledger/entries/3"} {
				if w := e.do("admin", m, p, "application/json", `{}`); w.Code != http.StatusMethodNotAllowed && w.Code != http.StatusNotFound {
					t.Errorf("%s %s: %d", m, p, w.Code)
				}
			}
		}
		var rep struct {
			OK      bool   `json:"ok"`
			Entries uint64 `json:"entries"`
		}
		decodeInto(t, e.do("auditor", "GET", "/api/v1/ledger/verify", "", "").Body.String(), &rep)
		if !rep.OK || rep.Entries < head.Size {
			t.Fatalf("verify: %+v", rep)
		}
		bundle := e.do("auditor", "GET", "/api/v1/ledger/bundle", "", "").Body.String()
		if r, err := ledger.VerifyBundle(strings.NewReader(bundle), f.signer.Verifier()); err != nil || !r.OK {
			t.Fatalf("bundle: %v %+v", err, r)
		}
		for _, p := range []string{"/ledger", "/ledger/entries/3", "/ledger/verify", "/ledger?subject=award:" + fmt.Sprint(f.ownAward)} {
			if w := e.do("auditor", "GET", p, "", ""); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "账本") {
				t.Errorf("%s: %d", p, w.Code)
			}
		}
		if w := e.do("auditor", "GET", "/ledger/entries/3", "", ""); !strings.Contains(w.Body.String(), "已验证") {
			t.Error("the entry page does not show its verified proof")
		}
		// A direct change to an award's amount is named by the API's answer and the page.
		if err := e.store.ExecForTest(context.Background(), `UPDATE awards SET amount = 9999999 WHERE id = $1`, f.ownAward); err != nil {
			t.Fatal(err)
		}
		var tampered struct {
			OK    bool                   `json:"ok"`
			State []ledger.StateMismatch `json:"state_mismatches"`
		}
		decodeInto(t, e.do("auditor", "GET", "/api/v1/ledger/verify", "", "").Body.String(), &tampered)
		if tampered.OK || len(tampered.State) != 1 || tampered.State[0].Table != "awards" || tampered.State[0].Row != fmt.Sprint(f.ownAward) ||
			tampered.State[0].Field != "amount" || tampered.State[0].Stored != "9999999" {
			t.Fatalf("verify after tampering: %+v", tampered)
		}
		if w := e.do("auditor", "GET", "/ledger/verify", "", ""); !strings.Contains(w.Body.String(), "9999999") || !strings.Contains(w.Body.String(), "<code>awards</code>") {
			t.Error("the verify page does not show the tampered award")
		}
	})
}
