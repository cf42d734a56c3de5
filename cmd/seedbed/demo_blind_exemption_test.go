package main

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"seedbed"
	"seedbed/sqlstore"
)

// TestDemoBlindPilotExemption: one project of the demo's blind pilot failed honestly and has an
// exemption case; its draft, read from the ledger, cites the replacement of the reviewer whose
// conflict appeared after the score, and the officer and the auditor both read the case.
func TestDemoBlindPilotExemption(t *testing.T) {
	t.Parallel()
	base, store := startLedgeredDemo(t, 300)
	ctx := context.Background()
	cases, _, err := store.FindExemptionCases(ctx, seedbed.ExemptionFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var pilot *seedbed.ExemptionCase
	for i := range cases {
		aw, err := store.GetAward(ctx, cases[i].AwardID)
		if err != nil {
			t.Fatal(err)
		}
		p, err := store.GetProgram(ctx, aw.ProgramID)
		if err != nil {
			t.Fatal(err)
		}
		if p.BlindReview && p.State == seedbed.ProgramDecided {
			if pilot != nil {
				t.Fatalf("two exemption cases on the blind pilot: %d and %d", pilot.ID, cases[i].ID)
			}
			pilot = &cases[i]
		}
	}
	if pilot == nil {
		t.Fatalf("no exemption case on the blind pilot among %d cases", len(cases))
	}
	if pilot, err = store.GetExemptionCase(ctx, pilot.ID); err != nil {
		t.Fatal(err)
	}
	cited := false
	for _, st := range pilot.Draft.Steps {
		for _, e := range st.Entries {
			cited = cited || e.Kind == seedbed.EventReviewerReplaced
		}
	}
	if !cited {
		t.Errorf("case %d's draft (%s, %d steps) cites no replacement of a reviewer", pilot.ID, pilot.Draft.Outcome, len(pilot.Draft.Steps))
	}
	path := "/exemptions/" + strconv.FormatInt(pilot.ID, 10)
	for _, who := range []string{"officer", "auditor"} {
		jar, _ := cookiejar.New(nil)
		c := &http.Client{Jar: jar}
		resp, err := c.PostForm(base+"/login", url.Values{"username": {who}, "password": {demoPassword}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		for _, page := range []struct{ path, want string }{{"/exemptions", `href="` + path + `"`}, {path, "被替换"}} {
			resp, err := c.Get(base + page.path)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 || !strings.Contains(string(body), page.want) {
				t.Errorf("%s GET %s: %d, lacks %q", who, page.path, resp.StatusCode, page.want)
			}
		}
	}
}

// startLedgeredDemo builds and serves the demo as the demo command does: the ledger's key and the
// standard procedures first, so that the procedures govern the decisions the demo then makes.
func startLedgeredDemo(t *testing.T, n int) (string, *sqlstore.Store) {
	t.Helper()
	return startDemoWith(t, n, demoServer{ledger: true})
}
