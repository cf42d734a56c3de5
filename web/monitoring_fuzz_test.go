package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"seedbed/evaluation"
)

// FuzzObservationBatchAPI sends arbitrary bodies to POST /api/v1/observations: the server never
// fails (no 5xx) and writes values only when it answers 201.
func FuzzObservationBatchAPI(f *testing.F) {
	for _, s := range []string{
		`{"observations":[{"innovator_id":1,"indicator":"patents_filed","period":"2024Q1","value":1}]}`,
		`{"observations":[{"innovator_id":1,"indicator":"研发投入","period":"2024年第二季度","value":12.5,"unit":"万元"}]}`,
		`{"observations":[{"innovator_id":1,"indicator":"revenue","period":"2024Q1","value":-1,"unit":"元"}]}`,
		`{"observations":[{"innovator_id":-4,"indicator":"x","period":"9999Q9","value":1e308}]}`,
		`{"observations":[{"innovator_id":1,"indicator":"patents_filed","period":"2024Q3","value":1},{"innovator_id":1,"indicator":"patents_filed","period":"2024Q3","value":2}]}`,
		`{"observations":[]}`, `{"observations":null}`, `{"observations":[{}]}`, `[]`, `{"extra":1}`, `{`, ``,
	} {
		f.Add(s)
	}
	e := newTestEnv(f, "")
	count := func() int {
		_, n, err := e.store.FindObservations(context.Background(), evaluation.ObservationFilter{})
		if err != nil {
			f.Fatal(err)
		}
		return n
	}
	f.Fuzz(func(t *testing.T, body string) {
		before := count()
		r := httptest.NewRequest("POST", "/api/v1/observations", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("Authorization", "Bearer "+e.tokens["officer"])
		w := httptest.NewRecorder()
		e.h.ServeHTTP(w, r)
		after := count()
		switch {
		case w.Code >= 500:
			t.Fatalf("status %d for %q: %s", w.Code, body, w.Body.String())
		case w.Code != http.StatusCreated && after != before:
			t.Fatalf("status %d but %d values written for %q", w.Code, after-before, body)
		case w.Code == http.StatusCreated && after <= before:
			t.Fatalf("201 but nothing written for %q", body)
		}
	})
}
