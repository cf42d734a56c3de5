package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func init() {
	moduleMatrix = append(moduleMatrix, func(e *testEnv) []accessCase {
		return []accessCase{
			{"GET", "/lab", "/lab", "aou"},
			{"POST", "/lab/runs", "/lab/runs", "aou"},
			{"GET", "/lab/runs/{id}", "/lab/runs/999", "aou"},
			{"GET", "/jobs/{id}", "/jobs/999", "aou"},
			{"GET", "/api/v1/jobs/{id}", "/api/v1/jobs/999", "aou"},
			{"GET", "/lab/runs/{id}/export.json", "/lab/runs/999/export.json", "aou"},
			{"GET", "/lab/runs/{id}/export.csv", "/lab/runs/999/export.csv", "aou"},
			{"GET", "/lab/compare", "/lab/compare", "aou"},
			{"GET", "/lab/epistemic", "/lab/epistemic", "aou"},
			{"GET", "/lab/avin", "/lab/avin", "aou"},
			{"GET", "/lab/factorial", "/lab/factorial", "aou"},
			{"POST", "/lab/factorial", "/lab/factorial", "aou"},
			{"GET", "/lab/sensitivity", "/lab/sensitivity", "aou"},
			{"POST", "/lab/sensitivity", "/lab/sensitivity", "aou"},
			{"GET", "/lab/calibration", "/lab/calibration", "aou"},
			{"GET", "/api/v1/lab/calibration", "/api/v1/lab/calibration", "aou"},
			{"GET", "/api/v1/lab/defaults", "/api/v1/lab/defaults", "aou"},
			{"GET", "/api/v1/lab/runs", "/api/v1/lab/runs", "aou"},
			{"POST", "/api/v1/lab/runs", "/api/v1/lab/runs", "aou"},
			{"GET", "/api/v1/lab/runs/{id}", "/api/v1/lab/runs/999", "aou"},
		}
	})
}

// smallLab is a quick configuration for tests: the shape of the default, much smaller.
var smallLab = url.Values{"name": {"小规模测试"}, "innovators": {"200"}, "replications": {"8"}, "quarters": {"12"},
	"budget": {"2000"}, "complacency": {"0.3"}, "failure_tolerance": {"0.5"}, "review_noise": {"1"}, "ruggedness": {"5"},
	"strategy_no_support": {"1"}, "strategy_pick_by_size": {"1"}, "strategy_broad_small_grants": {"1"}, "strategy_partial_lottery": {"1"}}

// TestLabRunCompareExport runs the lab through the form twice with the same settings, checks the
// table and charts, the determinism the compare page states, and both exports.
func TestLabRunCompareExport(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, "")
	w := e.do("officer", "GET", "/lab", "", "")
	if w.Code != 200 || !strings.Contains(w.Body.String(), `name="share_grassroots"`) {
		t.Fatalf("lab page: %d", w.Code)
	}
	var ids []string
	for i := 0; i < 2; i++ {
		w = e.do("officer", "POST", "/lab/runs", "application/x-www-form-urlencoded", smallLab.Encode())
		if w.Code != http.StatusSeeOther {
			t.Fatalf("run: %d %s", w.Code, w.Body.String())
		}
		ids = append(ids, strings.TrimPrefix(followJob(t, e, w.Header().Get("Location")), "/lab/runs/"))
	}
	w = e.do("officer", "GET", "/lab/runs/"+ids[0], "", "")
	body := w.Body.String()
	for _, want := range []string{"广泛小额资助", "部分抽签", "<svg", "标志性成果数", "95%"} {
		if !strings.Contains(body, want) {
			t.Fatalf("run page lacks %q", want)
		}
	}
	w = e.do("officer", "GET", "/lab/compare?a="+ids[0]+"&b="+ids[1], "", "")
	if !strings.Contains(w.Body.String(), "配置相同") || strings.Count(w.Body.String(), "<td class=\"num\">0.00</td>") < 8 {
		t.Fatalf("two runs of one configuration differ: %s", w.Body.String())
	}
	w = e.do("officer", "GET", "/lab/runs/"+ids[0]+"/export.csv", "", "")
	if w.Code != 200 || !strings.Contains(w.Body.String(), "partial_lottery") {
		t.Fatalf("CSV export: %d %s", w.Code, w.Body.String())
	}
	w = e.do("officer", "GET", "/api/v1/lab/runs/"+ids[0], "", "")
	var run struct {
		ConfigHash string `json:"config_hash"`
		Result     struct {
			Strategies []struct {
				ID        string
				Landmarks struct{ Mean, Lo, Hi float64 }
			}
		}
	}
	if err := json.Unmarshal(w.Body.Bytes(), &run); err != nil || len(run.Result.Strategies) != 4 || run.ConfigHash == "" {
		t.Fatalf("API run: %v %s", err, w.Body.String())
	}
	for _, s := range run.Result.Strategies {
		if s.Landmarks.Lo > s.Landmarks.Mean || s.Landmarks.Mean > s.Landmarks.Hi {
			t.Errorf("%s: interval %+v does not contain its mean", s.ID, s.Landmarks)
		}
	}
}

// TestLabBadInput: unparsable numbers, out-of-range parameters, unknown YAML keys and an
// oversized run are refused naming the field, and nothing is saved.
func TestLabBadInput(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, "")
	cases := []struct {
		name  string
		edit  func(v url.Values)
		field string
	}{
		{"not a number", func(v url.Values) { v.Set("budget", "lots") }, "budget"},
		{"probability above 1", func(v url.Values) { v.Set("complacency", "1.5") }, "complacency"},
		{"negative budget", func(v url.Values) { v.Set("budget", "-5") }, "budget"},
		{"no strategy", func(v url.Values) {
			for k := range v {
				if strings.HasPrefix(k, "strategy_") {
					v.Del(k)
				}
			}
		}, "strategies"},
		{"unknown YAML key", func(v url.Values) { v.Set("yaml", "seed: 1\ncolour: red\n") }, "yaml"},
		{"too large", func(v url.Values) { v.Set("innovators", "100000"); v.Set("replications", "1000") }, "replications"},
	}
	for _, c := range cases {
		v := url.Values{}
		for k, x := range smallLab {
			v[k] = append([]string(nil), x...)
		}
		c.edit(v)
		w := e.do("officer", "POST", "/lab/runs", "application/x-www-form-urlencoded", v.Encode())
		if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), `href="#f-`+c.field+`"`) {
			t.Errorf("%s: status %d, want 400 with an error on %s", c.name, w.Code, c.field)
		}
	}
	w := e.do("officer", "POST", "/api/v1/lab/runs", "application/json", `{"config":{"seed":1,"replications":-2}}`)
	if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "replications") {
		t.Errorf("API bad config: %d %s", w.Code, w.Body.String())
	}
	w = e.do("officer", "GET", "/api/v1/lab/runs", "", "")
	if !strings.Contains(w.Body.String(), `"total":0`) {
		t.Fatalf("refused runs were saved: %s", w.Body.String())
	}
}

func TestLabEpistemicPage(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, "")
	w := e.do("officer", "GET", "/lab/epistemic", "", "")
	if w.Code != 200 || !strings.Contains(w.Body.String(), `name="tie_break"`) || strings.Contains(w.Body.String(), "<svg") {
		t.Fatalf("form: %d", w.Code)
	}
	w = e.do("officer", "GET", "/lab/epistemic?followers=20&mavericks=5&ticks=60&seeds=2&seed=3&tie_break=first", "", "")
	body := w.Body.String()
	if w.Code != 200 || !strings.Contains(body, "<svg") || !strings.Contains(body, "fill-opacity") || !strings.Contains(body, `value="first" checked`) {
		t.Fatalf("run: %d %s", w.Code, body)
	}
	if strings.Count(body, "<svg") < 2 || !strings.Contains(body, "覆盖随时间变化") || !strings.Contains(body, `id="over-time`) {
		t.Errorf("the page lacks the chart of coverage over time")
	}
	w = e.do("officer", "GET", "/lab/epistemic?followers=20&ticks=5000&seeds=1000", "", "")
	if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "主体步") {
		t.Fatalf("over the bound: %d", w.Code)
	}
	w = e.do("officer", "GET", "/lab/epistemic?followers=x&tie_break=coin", "", "")
	if w.Code != http.StatusBadRequest {
		t.Fatalf("bad input: %d", w.Code)
	}
}

func TestLabFactorialPage(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, "")
	w := e.do("officer", "GET", "/lab/factorial", "", "")
	if w.Code != 200 || !strings.Contains(w.Body.String(), "lottery_bar") {
		t.Fatalf("form: %d", w.Code)
	}
	design := "factorial:\n  base: {replications: 3, quarters: 8, population: {innovators: 80}, funding: {budget: 300}}\n  selection: [size, lottery]\n  grant_size: [4, 30]\n  pacing: [once]\n  retry: [true]\n"
	w = e.do("officer", "POST", "/lab/factorial", "application/x-www-form-urlencoded", url.Values{"yaml": {design}}.Encode())
	if w.Code != 200 || !strings.Contains(w.Body.String(), "<svg") || !strings.Contains(w.Body.String(), "size × 4") {
		t.Fatalf("run: %d %s", w.Code, w.Body.String())
	}
	w = e.do("officer", "POST", "/lab/factorial", "application/x-www-form-urlencoded", url.Values{"yaml": {"factorial:\n  selection: [merit]\n"}}.Encode())
	if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "factorial.selection[0]") {
		t.Fatalf("bad design: %d", w.Code)
	}
}

func TestLabAvinPage(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, "")
	w := e.do("officer", "GET", "/lab/avin", "", "")
	if w.Code != 200 || strings.Contains(w.Body.String(), "<svg") {
		t.Fatalf("form: %d", w.Code)
	}
	w = e.do("officer", "GET", "/lab/avin?size=20&steps=10&runs=2&seed=1", "", "")
	if w.Code != 200 || !strings.Contains(w.Body.String(), "<svg") || !strings.Contains(w.Body.String(), "best_visible") {
		t.Fatalf("run: %d %s", w.Code, w.Body.String())
	}
	w = e.do("officer", "GET", "/lab/avin?size=400&steps=10000&runs=1000", "", "")
	if w.Code != http.StatusBadRequest {
		t.Fatalf("over the bound: %d", w.Code)
	}
}

func TestLabSensitivityPage(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, "")
	w := e.do("officer", "GET", "/lab/sensitivity", "", "")
	if w.Code != 200 || !strings.Contains(w.Body.String(), "pick_by_forecast.landmarks - broad_small_grants.landmarks") {
		t.Fatalf("form: %d", w.Code)
	}
	design := "sensitivity:\n  base: {replications: 2, quarters: 8, population: {innovators: 60}, funding: {budget: 300}}\n" +
		"  parameters:\n    behaviour.complacency: [0, 0.6]\n    funding.grant_size: [4, 30]\n" +
		"  outputs: [pick_by_forecast.landmarks - broad_small_grants.landmarks]\n  samples: 4\n  bootstrap: 10\n"
	for _, method := range []string{"sobol", "morris"} {
		w = e.do("officer", "POST", "/lab/sensitivity", "application/x-www-form-urlencoded",
			url.Values{"yaml": {design + "  method: " + method + "\n"}}.Encode())
		body := w.Body.String()
		if w.Code != 200 || !strings.Contains(body, "<svg") || !strings.Contains(body, "funding.grant_size") || strings.Contains(body, "%!") {
			t.Fatalf("%s: %d %s", method, w.Code, body)
		}
		if want := map[string]string{"sobol": "总指数 ST", "morris": "μ*"}[method]; !strings.Contains(body, want) {
			t.Errorf("%s: the page lacks %q", method, want)
		}
	}
	bad := strings.Replace(design, "[0, 0.6]", "[0.6, 0]", 1)
	w = e.do("officer", "POST", "/lab/sensitivity", "application/x-www-form-urlencoded", url.Values{"yaml": {bad}}.Encode())
	if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "sensitivity.parameters.behaviour.complacency") {
		t.Fatalf("bad design: %d", w.Code)
	}
}

// TestLabCalibration: with no awards in the registry nothing can be calibrated, and the page and
// the API say so instead of inventing figures; the lab's defaults keep the reference funding.
func TestLabCalibration(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, "")
	w := e.do("officer", "GET", "/lab/calibration", "", "")
	body := w.Body.String()
	if w.Code != 200 || !strings.Contains(body, "数据不足，沿用参照值") || !strings.Contains(body, "本地区无数据") ||
		!strings.Contains(body, "无（没有这类资助）") || strings.Contains(body, "0 万元") || strings.Contains(body, "%!") {
		t.Fatalf("page: %d %s", w.Code, body)
	}
	w = e.do("officer", "GET", "/api/v1/lab/calibration", "", "")
	var cal struct {
		Facts       struct{ Innovators, Awards int }
		Strategy    string
		Derivations []struct{ Calibrated bool }
		Fit         []struct{ Key, Verdict string }
	}
	if w.Code != 200 || json.Unmarshal(w.Body.Bytes(), &cal) != nil {
		t.Fatalf("api: %d %s", w.Code, w.Body.String())
	}
	if cal.Facts.Innovators != 2 || cal.Facts.Awards != 0 || cal.Strategy != "pick_by_forecast" || len(cal.Fit) != 4 || len(cal.Derivations) != 2 {
		t.Fatalf("calibration %+v", cal)
	}
	for _, d := range cal.Derivations {
		if d.Calibrated {
			t.Error("a parameter calibrated from no awards")
		}
	}
	for _, f := range cal.Fit {
		if f.Key != "landmark_rate" && f.Verdict != "no_data" {
			t.Errorf("%s: verdict %s without data", f.Key, f.Verdict)
		}
	}
	w = e.do("applicant", "GET", "/api/v1/lab/calibration", "", "")
	if w.Code != http.StatusForbidden {
		t.Fatalf("applicant: %d", w.Code)
	}
}
