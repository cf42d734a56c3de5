package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestLabChampions: the champions strategy is offered on the lab page under its name in either
// language, runs from the form and from the API beside the partial lottery, reads by its name in
// the run's comparison, and a bad number of champions is refused naming the key.
func TestLabChampions(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, "")
	for lang, want := range map[string]string{"zh": "专家力荐（非共识通道）", "en": "Expert champions (non-consensus route)"} {
		w := e.do("officer", "GET", "/lab?lang="+lang, "", "")
		if w.Code != 200 || !strings.Contains(w.Body.String(), `name="strategy_champions"`) || !strings.Contains(w.Body.String(), want) {
			t.Fatalf("lab page (%s): %d, no champions strategy named %q", lang, w.Code, want)
		}
	}

	form := url.Values{}
	for k, x := range smallLab {
		if !strings.HasPrefix(k, "strategy_") {
			form[k] = x
		}
	}
	form.Set("strategy_partial_lottery", "1")
	form.Set("strategy_champions", "1")
	w := e.do("officer", "POST", "/lab/runs", "application/x-www-form-urlencoded", form.Encode())
	if w.Code != http.StatusSeeOther {
		t.Fatalf("run from the form: %d %s", w.Code, w.Body.String())
	}
	page := followJob(t, e, w.Header().Get("Location"))
	w = e.do("officer", "GET", page, "", "")
	if !strings.Contains(w.Body.String(), "专家力荐（非共识通道）") || !strings.Contains(w.Body.String(), "部分抽签") {
		t.Fatalf("run page lacks the champions row beside the partial lottery")
	}

	cfg := `{"name":"力荐对比","config":{"replications":4,"quarters":8,"population":{"innovators":150},` +
		`"funding":{"budget":1000,"champions":3},"strategies":["partial_lottery","champions"]}}`
	w = e.do("officer", "POST", "/api/v1/lab/runs", "application/json", cfg)
	if w.Code != http.StatusAccepted {
		t.Fatalf("API run: %d %s", w.Code, w.Body.String())
	}
	var job struct{ ID int64 }
	if err := json.Unmarshal(w.Body.Bytes(), &job); err != nil {
		t.Fatal(err)
	}
	run := strings.TrimPrefix(followJob(t, e, "/jobs/"+itoa(job.ID)), "/lab/runs/")
	w = e.do("officer", "GET", "/api/v1/lab/runs/"+run, "", "")
	var got struct {
		Config struct {
			Funding struct{ Champions int }
		}
		Result struct {
			Strategies []struct {
				ID    string
				Label struct{ Zh, En string }
				Spend struct{ Mean float64 }
			}
		}
	}
	if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
		t.Fatalf("%v: %s", err, w.Body.String())
	}
	if got.Config.Funding.Champions != 3 || len(got.Result.Strategies) != 2 || got.Result.Strategies[1].ID != "champions" ||
		got.Result.Strategies[1].Label.En != "Expert champions (non-consensus route)" || got.Result.Strategies[1].Spend.Mean <= 0 {
		t.Fatalf("API run as stored: %s", w.Body.String())
	}

	w = e.do("officer", "POST", "/api/v1/lab/runs", "application/json", `{"config":{"funding":{"champions":-1},"strategies":["champions"]}}`)
	if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "funding.champions") {
		t.Errorf("negative champions: %d %s", w.Code, w.Body.String())
	}
	w = e.do("officer", "POST", "/lab/runs", "application/x-www-form-urlencoded", url.Values{"yaml": {"funding:\n  champions: 2.5\n"}}.Encode())
	if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "funding.champions") {
		t.Errorf("fractional champions: %d", w.Code)
	}
	if w = e.do("officer", "GET", "/api/v1/lab/runs", "", ""); !strings.Contains(w.Body.String(), `"total":2`) {
		t.Errorf("refused runs were saved: %s", w.Body.String())
	}
}
