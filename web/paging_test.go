package web

import (
	"encoding/json"
	"net/http"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// listEndpoints is every JSON list of the API. TestEveryListPages fails when a GET of the route
// table answers a list that is not here, so a new list cannot skip paging.
var listEndpoints = []string{
	"/api/v1/inbox", "/api/v1/innovators", "/api/v1/innovators/{id}/history", "/api/v1/innovators/{id}/observations",
	"/api/v1/audit", "/api/v1/users", "/api/v1/me/sessions", "/api/v1/me/tokens",
	"/api/v1/users/{name}/sessions", "/api/v1/users/{name}/tokens",
	"/api/v1/policies", "/api/v1/public/policies",
	"/api/v1/programs", "/api/v1/programs/{id}/events", "/api/v1/programs/{id}/assignments",
	"/api/v1/programs/{id}/procedure-records", "/api/v1/procedures",
	"/api/v1/applications", "/api/v1/awards", "/api/v1/failures",
	"/api/v1/reviewers", "/api/v1/assignments",
	"/api/v1/exemptions", "/api/v1/monitoring/flags", "/api/v1/outcomes",
	"/api/v1/ledger/heads", "/api/v1/ledger/keys", "/api/v1/lab/runs",
	"/api/v1/ecosystem/awards", "/api/v1/public/ledger/keys", "/api/v1/approvals", "/api/v1/consultations",
	"/api/v1/public/consultations", "/api/v1/public/notices", "/api/v1/surveys", "/api/v1/innovators/{id}/eligibility",
	"/api/v1/risk-filings", "/api/v1/programs/{id}/selection/reopenings",
}

// ownPaging lists the lists that page by other parameters, with the query of a one-item page:
// the ledger's entries are addressed by position in the log.
var ownPaging = map[string]string{"/api/v1/ledger/entries": "start=0&end=1"}

// listPaths gives lists whose access-matrix row names nobody a path that answers one.
var listPaths = map[string]string{
	"/api/v1/users/{name}/sessions": "/api/v1/users/u-officer/sessions",
	"/api/v1/users/{name}/tokens":   "/api/v1/users/u-officer/tokens",
}

type pagedList struct {
	Total *int              `json:"total"`
	Page  int               `json:"page"`
	Items []json.RawMessage `json:"items"`
}

// TestEveryListPages reads every GET of the API as a role allowed to (the access matrix's rows,
// with their fixtures), and for every answer that is a list checks that it is a listed one, that
// per_page and page cut it without changing its total, that a page past the end is empty, and
// that a bad page or per_page is a 400 naming the parameter.
func TestEveryListPages(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, e *testEnv) {
		known := map[string]bool{}
		for _, p := range listEndpoints {
			known[p] = true
		}
		get := func(role, path string) (int, pagedList, string) {
			w := e.do(role, "GET", path, "", "")
			var l pagedList
			json.Unmarshal(w.Body.Bytes(), &l)
			return w.Code, l, w.Body.String()
		}
		found, paged, several := map[string]bool{}, map[string]bool{}, 0
		for _, c := range matrix(e) {
			if c.method != "GET" || !strings.HasPrefix(c.pattern, "/api/v1/") || found[c.pattern] {
				continue
			}
			role := firstAllowed(c.allowed)
			if role == "" {
				continue
			}
			if p, ok := listPaths[c.pattern]; ok {
				c.path = p
			}
			code, full, body := get(role, c.path)
			if code != http.StatusOK || full.Items == nil || !strings.HasPrefix(strings.TrimSpace(body), "{") {
				continue
			}
			found[c.pattern] = true
			if q, ok := ownPaging[c.pattern]; ok {
				if _, one, _ := get(role, with(strings.SplitN(c.path, "?", 2)[0], q)); len(one.Items) > 1 || one.Total == nil {
					t.Errorf("%s?%s: %d items, total %v", c.pattern, q, len(one.Items), one.Total)
				}
				continue
			}
			if !known[c.pattern] {
				t.Errorf("%s answers a list that is not in listEndpoints", c.pattern)
			}
			if full.Total == nil {
				t.Errorf("%s: no total", c.pattern)
				continue
			}
			_, one, _ := get(role, with(c.path, "per_page=1"))
			if len(one.Items) > 1 || one.Total == nil || *one.Total != *full.Total || one.Page != 1 {
				t.Errorf("%s?per_page=1: %d items, total %v page %d; want at most 1, total %d", c.pattern, len(one.Items), one.Total, one.Page, *full.Total)
			}
			if len(full.Items) >= 2 {
				several++
				paged[c.pattern] = true
				_, second, _ := get(role, with(c.path, "page=2&per_page=1"))
				if second.Page != 2 || len(second.Items) != 1 || !reflect.DeepEqual(jsonValue(second.Items[0]), jsonValue(full.Items[1])) {
					t.Errorf("%s?page=2&per_page=1: page %d, %d items; want the second item of the whole list", c.pattern, second.Page, len(second.Items))
				}
			}
			_, past, _ := get(role, with(c.path, "page=99999&per_page=1"))
			if len(past.Items) != 0 || past.Total == nil || *past.Total != *full.Total {
				t.Errorf("%s: a page past the end has %d items, total %v", c.pattern, len(past.Items), past.Total)
			}
			for _, bad := range []string{"page=0", "per_page=0", "per_page=x", "per_page=100000"} {
				code, _, body := get(role, with(c.path, bad))
				param := bad[:strings.Index(bad, "=")]
				if code != http.StatusBadRequest || !strings.Contains(body, `"field":"`+param+`"`) {
					t.Errorf("%s?%s: %d %.200s; want 400 naming %s", c.pattern, bad, code, body, param)
				}
			}
		}
		var missing []string
		for _, p := range listEndpoints {
			if !found[p] {
				missing = append(missing, p)
			}
		}
		sort.Strings(missing)
		if len(missing) > 0 {
			t.Errorf("lists not reached through the access matrix: %v", missing)
		}
		if !paged["/api/v1/assignments"] {
			t.Errorf("a reviewer's assignments were not paged over two items or more")
		}
		if several < 10 {
			t.Errorf("only %d lists had two items or more: the fixture no longer tests paging", several)
		}
	})
}

// firstAllowed picks a role the access matrix lets through, preferring those who see most.
func firstAllowed(allowed string) string {
	if strings.Contains(allowed, "*") {
		return "admin"
	}
	for _, role := range []string{"admin", "officer", "auditor", "reviewer", "applicant", "leader"} {
		if strings.Contains(allowed, roleLetter[role]) {
			return role
		}
	}
	return ""
}

func with(path, query string) string {
	if strings.Contains(path, "?") {
		return path + "&" + query
	}
	return path + "?" + query
}

func jsonValue(b json.RawMessage) any {
	var v any
	json.Unmarshal(b, &v)
	return v
}
