package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"seedbed"
)

// TestEligibilityAPI checks the contract: for every policy in force, whether the innovator is
// eligible and the trace of clauses; an empty field gives "cannot decide", never a silent no.
func TestEligibilityAPI(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, e *testEnv) {
		publishStarter(e)
		type clause struct {
			ID      string        `json:"id"`
			Outcome string        `json:"outcome"`
			Trace   seedbed.Label `json:"trace"`
			Note    seedbed.Label `json:"note"`
		}
		type body struct {
			InnovatorID int64  `json:"innovator_id"`
			AsOf        string `json:"as_of"`
			Total       int    `json:"total"`
			Items       []struct {
				PolicyID string   `json:"policy_id"`
				Version  int      `json:"version"`
				Eligible bool     `json:"eligible"`
				Status   string   `json:"status"`
				Missing  []string `json:"missing"`
				Clauses  []clause `json:"clauses"`
			} `json:"items"`
		}
		w := e.do("applicant", "GET", fmt.Sprintf("/api/v1/innovators/%d/eligibility?as_of=2026-03-01", e.ownID), "", "")
		if w.Code != 200 {
			t.Fatalf("%d %s", w.Code, w.Body.String())
		}
		b := decodeBody[body](t, w.Body.Bytes())
		if b.InnovatorID != e.ownID || b.AsOf != "2026-03-01" || b.Total != 8 || len(b.Items) != 8 {
			t.Fatalf("body %+v", b)
		}
		got := map[string]string{}
		for _, it := range b.Items {
			got[it.PolicyID] = it.Status
			if it.Eligible != (it.Status == "eligible") || len(it.Clauses) == 0 {
				t.Errorf("%s: eligible=%v status=%s clauses=%d", it.PolicyID, it.Eligible, it.Status, len(it.Clauses))
			}
			for _, c := range it.Clauses {
				if c.Trace.Zh == "" || c.Trace.En == "" {
					t.Errorf("%s/%s: no trace", it.PolicyID, c.ID)
				}
			}
			if it.Status == "undecided" && len(it.Missing) == 0 {
				t.Errorf("%s: undecided without naming the empty fields", it.PolicyID)
			}
		}
		// 160 employees and 8000 (10k CNY) revenue in software: a medium firm, so an SME; no
		// driver, innovation type or founding year, so what needs them cannot be decided.
		want := map[string]string{"sme-market-rnd": "undecided", "national-basic-research": "undecided", "compute-voucher": "eligible",
			"failure-retry": "undecided", "grassroots-seed": "ineligible"}
		for id, st := range want {
			if got[id] != st {
				t.Errorf("%s: %s, want %s (all: %v)", id, got[id], st, got)
			}
		}
		for _, c := range []struct {
			role, path string
			status     int
		}{
			{"applicant", fmt.Sprintf("/api/v1/innovators/%d/eligibility", e.otherID), http.StatusForbidden},
			{"officer", fmt.Sprintf("/api/v1/innovators/%d/eligibility?as_of=yesterday", e.ownID), http.StatusBadRequest},
			{"officer", "/api/v1/innovators/999999/eligibility", http.StatusNotFound},
			{"officer", "/api/v1/innovators/x/eligibility", http.StatusNotFound},
		} {
			if w := e.do(c.role, "GET", c.path, "", ""); w.Code != c.status {
				t.Errorf("%s %s: %d, want %d", c.role, c.path, w.Code, c.status)
			}
		}
	})
}

// TestEligibilityPage shows an applicant what it qualifies for and why it misses the others,
// with each clause's mark and values.
func TestEligibilityPage(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, "")
	publishStarter(e)
	path := fmt.Sprintf("/innovators/%d/eligibility?as_of=2026-03-01", e.ownID)
	w := e.do("applicant", "GET", path, "", "")
	body := w.Body.String()
	for _, s := range []string{"符合条件的政策（1）", "暂无法判定", "不符合的政策及原因", "人工智能算力券", "员工数 160", "✓", "✗", "?", "无法判定：", "可获支持"} {
		if !strings.Contains(body, s) {
			t.Errorf("page lacks %q", s)
		}
	}
	w = e.do("applicant", "GET", path+"&lang=en", "", "")
	if !strings.Contains(w.Body.String(), "Policies it qualifies for (1)") || !strings.Contains(w.Body.String(), "cannot decide: ") {
		t.Errorf("English page: %s", w.Body.String())
	}
	if w := e.do("applicant", "GET", fmt.Sprintf("/innovators/%d/eligibility", e.otherID), "", ""); w.Code != http.StatusForbidden {
		t.Errorf("applicant sees another organisation: %d", w.Code)
	}
	if w := e.do("officer", "GET", fmt.Sprintf("/innovators/%d/eligibility?as_of=31.12.2026", e.ownID), "", ""); w.Code != 400 || !strings.Contains(w.Body.String(), "error-summary") {
		t.Errorf("bad date: %d", w.Code)
	}
}

// TestCheckEligibilityService checks that the eligibility check the server is given decides with
// the published library and the version in force on the day.
func TestCheckEligibilityService(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, "")
	publishStarter(e)
	in := &seedbed.Innovator{ID: 7, Kind: seedbed.KindTeam, InnovationType: "grassroots", Field: "ai"}
	for _, c := range []struct {
		day     string
		status  string
		version string
	}{{"2025-06-01", seedbed.Eligible, "1"}, {"2026-06-01", seedbed.Eligible, "2"}, {"2023-06-01", seedbed.Ineligible, ""}} {
		day, _ := time.Parse("2006-01-02", c.day)
		el, err := e.srv.Policies.CheckEligibility(context.Background(), in, []string{"grassroots-seed"}, day)
		if err != nil {
			t.Fatal(err)
		}
		if el.Status != c.status || el.Policies[0].Version != c.version || len(el.Policies[0].Explanation) == 0 {
			t.Errorf("%s: %+v", c.day, el)
		}
	}
}

// TestPolicySegment checks bulk evaluation of a filtered segment and its refusals.
func TestPolicySegment(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, "")
	publishStarter(e)
	w := e.do("officer", "GET", "/api/v1/policies/compute-voucher/segment?kind=enterprise&as_of=2026-03-01&sample=1", "", "")
	b := decodeBody[struct {
		Total, Eligible, Ineligible, Undecided int
		Samples                                []struct{ Status string }
	}](t, w.Body.Bytes())
	if w.Code != 200 || b.Total != 2 || b.Eligible+b.Ineligible+b.Undecided != 2 || len(b.Samples) == 0 || len(b.Samples) > 2 {
		t.Errorf("segment: %d %s", w.Code, w.Body.String())
	}
	for _, c := range []struct {
		role, query string
		status      int
	}{
		{"applicant", "", http.StatusForbidden},
		{"officer", "?q=abc", http.StatusBadRequest},
		{"officer", "?kind=robot", http.StatusBadRequest},
		{"officer", "?sample=1000", http.StatusBadRequest},
		{"officer", "?as_of=2020-01-01", http.StatusNotFound},
		{"officer", "?version=7", http.StatusNotFound},
		{"officer", "?version=1&as_of=2020-01-01", http.StatusOK},
	} {
		if w := e.do(c.role, "GET", "/api/v1/policies/grassroots-seed/segment"+c.query, "", ""); w.Code != c.status {
			t.Errorf("%s %s: %d, want %d: %s", c.role, c.query, w.Code, c.status, w.Body.String())
		}
	}
}
