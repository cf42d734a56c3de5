package web

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"seedbed"
	"seedbed/demo"
)

func init() {
	moduleMatrix = append(moduleMatrix, func(e *testEnv) []accessCase {
		return []accessCase{
			{"GET", "/public/ecosystem", "/public/ecosystem", "*aorpu"},
			{"GET", "/api/v1/public/ecosystem", "/api/v1/public/ecosystem", "*aorpu"},
		}
	})
}

type ecoAnswer struct {
	MinBase    int `json:"min_base"`
	Indicators []struct {
		Key     string   `json:"key"`
		Value   *float64 `json:"value"`
		Status  string   `json:"status"`
		Base    int      `json:"base"`
		Awards  string   `json:"awards"`
		Reading string   `json:"reading"`
	} `json:"indicators"`
}

// TestPublicEcosystem: signed out, the portal gives the dashboard's figures where they rest on
// at least ten things and withholds the rest, value and base, on the page and in the API; the
// figures it gives are the leaders' own; unknown parameters are refused.
func TestPublicEcosystem(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, e *testEnv) {
		ctx := context.Background()
		if _, err := testApp(e.store).Registry.ImportInnovators(ctx, seedbed.System, demo.Innovators(7, 40), nil); err != nil {
			t.Fatal(err)
		}
		get := func(role, path string) ecoAnswer {
			t.Helper()
			w := e.do(role, "GET", path, "", "")
			if w.Code != http.StatusOK {
				t.Fatalf("%s as %q: %d %s", path, role, w.Code, w.Body)
			}
			var a ecoAnswer
			if err := json.Unmarshal(w.Body.Bytes(), &a); err != nil {
				t.Fatal(err)
			}
			return a
		}
		published, withheld := 0, 0
		for _, q := range []string{"?year=all", ""} {
			priv, pub := get("leader", "/api/v1/ecosystem"+q), get("", "/api/v1/public/ecosystem"+q)
			if pub.MinBase != 10 || len(pub.Indicators) != len(priv.Indicators) {
				t.Fatalf("public answer: min_base %d, %d indicators against %d", pub.MinBase, len(pub.Indicators), len(priv.Indicators))
			}
			for i, p := range pub.Indicators {
				l := priv.Indicators[i]
				switch {
				case p.Key != l.Key || p.Awards != "":
					t.Errorf("indicator %d: %+v against %+v", i, p, l)
				case l.Base < 10 && (p.Value != nil || p.Base != 0 || p.Status != "withheld" || !strings.Contains(p.Reading, "不公布")):
					t.Errorf("%s over %d is published: %+v", l.Key, l.Base, p)
				case l.Base >= 10 && (p.Base != l.Base || p.Status != l.Status || (l.Value == nil) != (p.Value == nil) || (l.Value != nil && *l.Value != *p.Value)):
					t.Errorf("%s over %d differs from the leaders': %+v against %+v", l.Key, l.Base, p, l)
				case l.Base >= 10 && l.Value != nil:
					published++
				case l.Base < 10:
					withheld++
				}
			}
		}
		if published == 0 || withheld == 0 {
			t.Fatalf("the data exercise one case only: %d published, %d withheld", published, withheld)
		}
		for _, lang := range []string{"zh", "en"} {
			w := e.do("", "GET", "/public/ecosystem?year=all&lang="+lang, "", "")
			want := map[string]string{"zh": "不公布", "en": "withheld"}[lang]
			if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), want) || strings.Contains(w.Body.String(), "/ecosystem/awards") {
				t.Errorf("page in %s: %d, %q shown %v", lang, w.Code, want, strings.Contains(w.Body.String(), want))
			}
		}
		if w := e.do("", "GET", "/public", "", ""); !strings.Contains(w.Body.String(), `href="/public/ecosystem"`) {
			t.Errorf("the portal's home does not link the environment's figures")
		}
		for path, field := range map[string]string{
			"/api/v1/public/ecosystem?region=nowhere": "region",
			"/api/v1/public/ecosystem?year=1800":      "year",
			"/api/v1/public/ecosystem?key=x":          "key",
		} {
			if w := e.do("", "GET", path, "", ""); w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), `"field":"`+field+`"`) {
				t.Errorf("%s: %d %s", path, w.Code, w.Body)
			}
		}
	})
}
