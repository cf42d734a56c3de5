package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func init() {
	moduleMatrix = append(moduleMatrix, func(e *testEnv) []accessCase {
		return []accessCase{
			{"GET", "/ecosystem", "/ecosystem", "aoul"},
			{"GET", "/ecosystem/awards", "/ecosystem/awards?key=sme_share_awards", "aoul"},
			{"GET", "/api/v1/ecosystem", "/api/v1/ecosystem", "aoul"},
			{"GET", "/api/v1/ecosystem/awards", "/api/v1/ecosystem/awards?key=sme_share_awards", "aoul"},
			{"GET", "/api/v1/ecosystem/indicators.csv", "/api/v1/ecosystem/indicators.csv", "aoul"},
		}
	})
}

// TestEcosystemAPIContract checks the shape outside checks rely on: every indicator has a key,
// a label, a value (null when there is not enough data), a unit and a period, and the keys
// include the ones promised.
func TestEcosystemAPIContract(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, "")
	w := e.do("leader", "GET", "/api/v1/ecosystem", "", "")
	if w.Code != http.StatusOK {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	var body struct {
		Indicators []map[string]any `json:"indicators"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil {
		t.Fatal(err)
	}
	keys := map[string]bool{}
	for _, ind := range body.Indicators {
		for _, f := range []string{"key", "label", "value", "unit", "period"} {
			if _, ok := ind[f]; !ok {
				t.Errorf("indicator %v has no %s", ind["key"], f)
			}
		}
		keys[fmt.Sprint(ind["key"])] = true
	}
	for _, k := range []string{"new_innovators", "sme_share_awards", "grassroots_share_awards", "path_entropy_awardees",
		"retry_rate", "funding_gini", "landmarks"} {
		if !keys[k] {
			t.Errorf("no indicator %s", k)
		}
	}
	// The test region has two innovators and no award: shares have not enough data.
	if !strings.Contains(w.Body.String(), `"key":"sme_share_awards"`) || !strings.Contains(w.Body.String(), `"status":"not_enough_data"`) {
		t.Errorf("no not-enough-data status: %s", w.Body)
	}
}

func TestEcosystemAPIRefusesUnknownFilters(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, "")
	for _, c := range []struct{ path, field string }{
		{"/api/v1/ecosystem?region=火星", "region"},
		{"/api/v1/ecosystem?field=alchemy", "field"},
		{"/api/v1/ecosystem?year=abc", "year"},
		{"/api/v1/ecosystem?year=1990", "year"},
		{"/api/v1/ecosystem/awards?key=nope", "key"},
		{"/api/v1/ecosystem/awards?key=new_innovators", "key"},
	} {
		w := e.do("leader", "GET", strings.ReplaceAll(c.path, "火星", "%E7%81%AB%E6%98%9F"), "", "")
		if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), `"field":"`+c.field+`"`) {
			t.Errorf("%s: %d %s", c.path, w.Code, w.Body)
		}
	}
}

func TestProgramAPIHasBreadth(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, "")
	p := e.ok(t, 201, "officer", "POST", "/api/v1/programs", `{"title":"广度测试","policy_ids":["grassroots-seed"],"budget":200000,
		"deadline":"2099-01-01T00:00:00Z","selection_mode":"ranked","reviewers_per_app":1,
		"stages":[{"name":"第一阶段","share":100,"months":6,"milestone":"签署任务书"}]}`)
	w := e.do("officer", "GET", fmt.Sprintf("/api/v1/programs/%v", p["id"]), "", "")
	for _, f := range []string{`"sme_share":null`, `"grassroots_share":null`, `"breadth_status":"undefined"`} {
		if !strings.Contains(w.Body.String(), f) {
			t.Errorf("program JSON lacks %s: %s", f, w.Body)
		}
	}
}

// TestEcosystemDashboard renders the leaders' dashboard and a drill-down without JavaScript:
// every section, a chart for each comparison and the awards behind a figure.
func TestEcosystemDashboard(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, "")
	var w *httptest.ResponseRecorder
	for _, lang := range []string{"zh", "en"} {
		w = e.do("leader", "GET", "/ecosystem?year=all&compare=funding_gini&lang="+lang, "", "")
		body := w.Body.String()
		if w.Code != http.StatusOK {
			t.Fatalf("dashboard: %d %s", w.Code, body)
		}
		for _, want := range []string{`id="group-formation"`, `id="group-breadth"`, `id="group-retry"`, `id="ind-new_innovators"`,
			`id="eco-by-region`, `id="eco-by-field`, `id="eco-trend`, "<svg", `class="print-only eco-brief-head"`} {
			if !strings.Contains(body, want) {
				t.Errorf("%s dashboard lacks %s", lang, want)
			}
		}
		if strings.Contains(body, "<script") {
			t.Errorf("the dashboard needs JavaScript")
		}
	}
	w = e.do("leader", "GET", "/ecosystem?region=%E7%81%AB%E6%98%9F", "", "")
	if w.Code != http.StatusBadRequest {
		t.Errorf("an unknown region on the dashboard: %d", w.Code)
	}
	w = e.do("leader", "GET", "/ecosystem/awards?key=sme_share_awards&year=all", "", "")
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "eco-") && !strings.Contains(w.Body.String(), "/ecosystem?") {
		t.Errorf("drill-down: %d %s", w.Code, w.Body)
	}
}

func TestEcosystemCSV(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, "")
	w := e.do("leader", "GET", "/api/v1/ecosystem/indicators.csv?year=all", "", "")
	body := w.Body.String()
	if w.Code != http.StatusOK || !strings.HasPrefix(body, "\uFEFFkey,label_zh,label_en,value,unit,period,status,base,region,field\n") ||
		!strings.Contains(body, "\nnew_innovators,新登记创新主体,New innovators registered,2,count,all,ok,2,,\n") ||
		!strings.Contains(body, ",share,all,not_enough_data,0,,") {
		t.Errorf("CSV: %d\n%s", w.Code, body)
	}
}
