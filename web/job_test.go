package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

// followJob reads a job's page, as a browser following its refresh would, until it sends on to
// the result, and returns the result's path.
func followJob(t *testing.T, e *testEnv, jobPath string) string {
	t.Helper()
	if !strings.HasPrefix(jobPath, "/jobs/") {
		t.Fatalf("not a job: %q", jobPath)
	}
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		w := e.do("officer", "GET", jobPath, "", "")
		switch w.Code {
		case http.StatusSeeOther:
			return w.Header().Get("Location")
		case http.StatusOK:
			if !strings.Contains(w.Body.String(), `<meta http-equiv="refresh" content="2">`) {
				t.Fatalf("%s: a job page that does not refresh: %s", jobPath, w.Body.String())
			}
		default:
			t.Fatalf("%s: %d %s", jobPath, w.Code, w.Body.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("%s: not done in two minutes", jobPath)
	return ""
}

// TestLabRunIsAJob starts lab runs from the page and the API over the real handler: each answers
// at once with its job; the job page shows progress and refreshes itself without script while the
// run goes on, and sends on to the result when it is done; a second run while one runs is
// refused with a message saying so (and saves nothing); reading a job writes nothing; the API's
// job reports state, progress and the result's address.
func TestLabRunIsAJob(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, e *testEnv) {
		big := url.Values(cloneValues(smallLab))
		big.Set("replications", "400")
		big.Set("innovators", "400")
		w := e.do("officer", "POST", "/lab/runs", "application/x-www-form-urlencoded", big.Encode())
		if w.Code != http.StatusSeeOther || !strings.HasPrefix(w.Header().Get("Location"), "/jobs/") {
			t.Fatalf("start: %d %v %s", w.Code, w.Header(), w.Body.String())
		}
		job := w.Header().Get("Location")
		page := e.do("officer", "GET", job, "", "")
		if page.Code != http.StatusOK {
			t.Errorf("the run finished before its page could be read: %d", page.Code)
		} else {
			body := page.Body.String()
			for _, want := range []string{`<meta http-equiv="refresh" content="2">`, "<progress", "次重复"} {
				if !strings.Contains(body, want) {
					t.Errorf("job page lacks %q", want)
				}
			}
			// While it runs, another run is refused, plainly.
			w = e.do("officer", "POST", "/lab/runs", "application/x-www-form-urlencoded", smallLab.Encode())
			if w.Code != http.StatusTooManyRequests || !strings.Contains(w.Body.String(), "已有一个模拟在运行") {
				t.Errorf("second run while one runs: %d", w.Code)
			}
			a := e.do("officer", "POST", "/api/v1/lab/runs", "application/json", `{"name":"并发"}`)
			if a.Code != http.StatusTooManyRequests {
				t.Errorf("API run while one runs: %d %s", a.Code, a.Body.String())
			}
			var j struct {
				State       string
				Done, Total int
				Percent     int
			}
			a = e.do("officer", "GET", "/api/v1"+job, "", "")
			if err := json.Unmarshal(a.Body.Bytes(), &j); err != nil || a.Code != 200 || j.Total != 400 || (j.State != "running" && j.State != "done") {
				t.Errorf("API job while running: %d %s", a.Code, a.Body.String())
			}
		}
		result := followJob(t, e, job)
		if !regexp.MustCompile(`^/lab/runs/\d+$`).MatchString(result) {
			t.Fatalf("result: %q", result)
		}
		if w := e.do("officer", "GET", result, "", ""); w.Code != 200 || !strings.Contains(w.Body.String(), "lab-table") {
			t.Errorf("result page: %d", w.Code)
		}
		var runs struct{ Total int }
		json.Unmarshal(e.do("officer", "GET", "/api/v1/lab/runs", "", "").Body.Bytes(), &runs)
		if runs.Total != 1 {
			t.Errorf("%d runs saved, want the one", runs.Total)
		}

		// The API: 202 with the job's address; the job, done, names its result.
		a := e.do("officer", "POST", "/api/v1/lab/runs", "application/json", `{"name":"接口运行","config":{"seed":3,"replications":4,"quarters":8,"population":{"innovators":100}}}`)
		loc := a.Header().Get("Location")
		if a.Code != http.StatusAccepted || !strings.HasPrefix(loc, "/api/v1/jobs/") {
			t.Fatalf("API start: %d %s", a.Code, a.Body.String())
		}
		var j struct {
			State     string
			Percent   int
			ResultURL string `json:"result_url"`
		}
		for deadline := time.Now().Add(2 * time.Minute); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
			a = e.do("officer", "GET", loc, "", "")
			json.Unmarshal(a.Body.Bytes(), &j)
			if j.State != "running" {
				break
			}
		}
		if j.State != "done" || j.Percent != 100 || !strings.HasPrefix(j.ResultURL, "/api/v1/lab/runs/") {
			t.Fatalf("API job: %s", a.Body.String())
		}
		if w := e.do("officer", "GET", j.ResultURL, "", ""); w.Code != 200 || !strings.Contains(w.Body.String(), `"config_hash"`) {
			t.Errorf("API result: %d", w.Code)
		}
		if w := e.do("officer", "GET", "/api/v1/jobs/99999", "", ""); w.Code != http.StatusNotFound {
			t.Errorf("no such job: %d", w.Code)
		}
		if w := e.do("applicant", "GET", job, "", ""); w.Code != http.StatusForbidden && w.Code != http.StatusNotFound {
			t.Errorf("an applicant follows a lab job: %d", w.Code)
		}
	})
}

func cloneValues(v map[string][]string) map[string][]string {
	out := map[string][]string{}
	for k, x := range v {
		out[k] = append([]string(nil), x...)
	}
	return out
}
