package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"seedbed"
	"seedbed/app"
)

func init() {
	moduleMatrix = append(moduleMatrix, func(e *testEnv) []accessCase {
		return []accessCase{
			{"GET", "/surveys", "/surveys", "ao"},
			{"POST", "/surveys", "/surveys", "ao"},
			{"POST", "/surveys/{id}/invitations", "/surveys/999/invitations", "ao"},
			{"GET", "/survey/{token}", "/survey/sbs_none", "*aorpul"},
			{"POST", "/survey/{token}", "/survey/sbs_none", "*aorpul"},
			{"GET", "/ecosystem/culture", "/ecosystem/culture", "aoul"},
			{"GET", "/api/v1/surveys", "/api/v1/surveys", "ao"},
			{"POST", "/api/v1/surveys", "/api/v1/surveys", "ao"},
			{"POST", "/api/v1/surveys/{id}/invitations", "/api/v1/surveys/999/invitations", "ao"},
			{"POST", "/api/v1/survey/{token}", "/api/v1/survey/sbs_none", "*aorpul"},
			{"GET", "/api/v1/ecosystem/culture", "/api/v1/ecosystem/culture", "aoul"},
		}
	})
}

func likertJSON(v int, override map[string]int) string {
	a := seedbed.SurveyAnswers{Likert: map[string]int{}, Text: map[string]string{}}
	for _, q := range seedbed.CurrentQuestionnaire().Questions {
		if q.Kind == seedbed.QuestionLikert {
			a.Likert[q.Key] = v
		}
	}
	for k, x := range override {
		a.Likert[k] = x
	}
	b, _ := json.Marshal(a)
	return string(b)
}

// TestCultureSurveyWeb: an officer opens a wave and issues links through the API; innovators
// answer signed out through the form and the API; bad, repeated and unknown answers get a clear
// 4xx and store nothing; results appear only for groups of at least k, on the dashboard too.
func TestCultureSurveyWeb(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, e *testEnv) {
		e.srv.Culture.(*app.Culture).K = 2
		w := e.do("officer", "POST", "/api/v1/surveys", "application/json", `{"title":"2026 试点","opens_on":"2026-01-01","closes_on":"2099-12-31"}`)
		if w.Code != http.StatusCreated {
			t.Fatalf("create wave: %d %s", w.Code, w.Body)
		}
		var wave seedbed.SurveyWave
		json.Unmarshal(w.Body.Bytes(), &wave)
		if w = e.do("officer", "POST", "/api/v1/surveys", "application/json", `{"title":"x","opens_on":"2026-13-01","closes_on":"2099-12-31"}`); w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), `"field":"opens_on"`) {
			t.Fatalf("a bad date: %d %s", w.Code, w.Body)
		}
		w = e.do("officer", "POST", fmt.Sprintf("/api/v1/surveys/%d/invitations", wave.ID), "application/json", `{"region":""}`)
		var inv struct {
			Total       int                        `json:"total"`
			Invitations []seedbed.SurveyInvitation `json:"invitations"`
		}
		json.Unmarshal(w.Body.Bytes(), &inv)
		if w.Code != http.StatusCreated || inv.Total != 2 {
			t.Fatalf("invite: %d %s", w.Code, w.Body)
		}
		t1, t2 := inv.Invitations[0].Token, inv.Invitations[1].Token
		// a random sample: of one, through the API and the form; out of range or not a number,
		// refused with its field named
		w = e.do("officer", "POST", fmt.Sprintf("/api/v1/surveys/%d/invitations", wave.ID), "application/json", `{"region":"","sample":1}`)
		if json.Unmarshal(w.Body.Bytes(), &inv); w.Code != http.StatusCreated || inv.Total != 1 {
			t.Fatalf("invite a sample of one: %d %s", w.Code, w.Body)
		}
		if w = e.do("officer", "POST", fmt.Sprintf("/api/v1/surveys/%d/invitations", wave.ID), "application/json", `{"sample":501}`); w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), `"field":"sample"`) {
			t.Fatalf("a sample of 501: %d %s", w.Code, w.Body)
		}
		if code, _, body := e.form("officer", fmt.Sprintf("/surveys/%d/invitations", wave.ID), url.Values{"sample": {"三十"}}); code != http.StatusBadRequest || !strings.Contains(body, "应为整数") {
			t.Fatalf("a sample that is no number, through the form: %d", code)
		}
		if code, _, body := e.form("officer", fmt.Sprintf("/surveys/%d/invitations", wave.ID), url.Values{"sample": {"1"}}); code != http.StatusOK || strings.Count(body, "/survey/sbs_") != 1 {
			t.Fatalf("a sample of one through the form: %d, %d links", code, strings.Count(body, "/survey/sbs_"))
		}

		// the form, signed out
		if w = e.do("", "GET", "/survey/"+t1, "", ""); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "匿名") {
			t.Fatalf("form: %d", w.Code)
		}
		form := url.Values{}
		for _, q := range seedbed.CurrentQuestionnaire().Questions {
			if q.Kind == seedbed.QuestionLikert {
				form.Set(q.Key, "4")
			}
		}
		form.Set("market_motive", "9")
		code, _, body := e.form("", "/survey/"+t1, form)
		if code != http.StatusBadRequest || !strings.Contains(body, "1 到 5") {
			t.Fatalf("an out-of-range answer: %d", code)
		}
		form.Set("market_motive", "5")
		form.Set("change_one_thing", "少一些报表")
		if code, _, body = e.form("", "/survey/"+t1, form); code != http.StatusOK || !strings.Contains(body, "匿名记录") {
			t.Fatalf("answer: %d", code)
		}
		if code, _, _ = e.form("", "/survey/"+t1, form); code != http.StatusConflict {
			t.Fatalf("a second answer on one link: %d", code)
		}
		for _, c := range []struct {
			path, body string
			status     int
			want       string
		}{
			{"/api/v1/survey/" + t2, likertJSON(3, map[string]int{"results_rules": 0}), 400, `"field":"results_rules"`},
			{"/api/v1/survey/" + t2, `{"likert":{"nope":3}}`, 400, `"field":"`},
			{"/api/v1/survey/sbs_unknown", likertJSON(3, nil), 404, "not valid"},
			{"/api/v1/survey/" + t1, likertJSON(3, nil), 409, "already"},
		} {
			w := e.do("", "POST", c.path, "application/json", c.body)
			if w.Code != c.status || !strings.Contains(w.Body.String(), c.want) {
				t.Errorf("%s %s: %d %s, want %d %s", c.path, c.body, w.Code, w.Body, c.status, c.want)
			}
		}
		w = e.do("leader", "GET", "/api/v1/ecosystem/culture", "", "")
		if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `"suppressed":true`) {
			t.Fatalf("one respondent with k = 2 is published: %s", w.Body)
		}
		if w = e.do("", "POST", "/api/v1/survey/"+t2, "application/json", likertJSON(2, nil)); w.Code != http.StatusCreated {
			t.Fatalf("second respondent: %d %s", w.Code, w.Body)
		}
		var rep struct {
			K       int `json:"k"`
			Results []struct {
				Total struct {
					N          int                `json:"n"`
					Dimensions map[string]float64 `json:"dimensions"`
				} `json:"total"`
			} `json:"results"`
		}
		w = e.do("leader", "GET", "/api/v1/ecosystem/culture?by=kind", "", "")
		json.Unmarshal(w.Body.Bytes(), &rep)
		if rep.K != 2 || len(rep.Results) != 1 || rep.Results[0].Total.N != 2 || rep.Results[0].Total.Dimensions["market"] != (4+5+2+2)/4.0 {
			t.Fatalf("results: %s", w.Body)
		}
		if w = e.do("leader", "GET", "/api/v1/ecosystem/culture?by=age", "", ""); w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), `"field":"by"`) {
			t.Fatalf("an unknown breakdown: %d %s", w.Code, w.Body)
		}
		for _, lang := range []string{"zh", "en"} {
			if w = e.do("leader", "GET", "/ecosystem?lang="+lang, "", ""); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "2026 试点") {
				t.Fatalf("dashboard (%s) without the survey: %d", lang, w.Code)
			}
			if w = e.do("leader", "GET", "/ecosystem/culture?by=kind&lang="+lang, "", ""); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "少一些报表") {
				t.Fatalf("culture page (%s): %d", lang, w.Code)
			}
		}
		if w = e.do("officer", "GET", "/surveys", "", ""); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "2026 试点") {
			t.Fatalf("surveys page: %d", w.Code)
		}
	})
}
