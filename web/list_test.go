package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"seedbed"
)

// listPage is one HTML list: who reads it, its sort keys, the pattern that finds each row's
// identity in its page, and the API list that answers the same rows with the same query (and the
// JSON field of the identity), when there is one.
type htmlList struct {
	path, role string
	sorts      seedbed.Sorts
	row        *regexp.Regexp
	api, id    string
}

var htmlLists = []htmlList{
	{"/awards", "officer", seedbed.AwardSorts, regexp.MustCompile(`<tr><td><a href="/awards/(\d+)">`), "/api/v1/awards", "id"},
	{"/applications", "officer", seedbed.ApplicationSorts, regexp.MustCompile(`<td><a href="/applications/(\d+)">`), "/api/v1/applications", "id"},
	{"/programs", "officer", seedbed.ProgramSorts, regexp.MustCompile(`<tr><td class="num">(\d+)</td><td><a href="/programs/`), "/api/v1/programs", "id"},
	{"/innovators", "officer", seedbed.InnovatorSorts, regexp.MustCompile(`<tr><td class="num">(\d+)</td><td><a href="/innovators/`), "/api/v1/innovators", "id"},
	{"/audit", "admin", seedbed.AuditSorts, nil, "", ""},
	{"/exemptions", "auditor", seedbed.ExemptionSorts, regexp.MustCompile(`<td><a href="/exemptions/(\d+)">`), "/api/v1/exemptions", "id"},
	{"/failures", "officer", seedbed.FailureSorts, regexp.MustCompile(`<tr id="award-(\d+)">`), "/api/v1/failures", "award_id"},
	{"/inbox", "applicant", seedbed.MessageSorts, regexp.MustCompile(`id="m-(\d+)"`), "/api/v1/inbox", "id"},
	{"/monitoring", "officer", seedbed.FlagSorts, regexp.MustCompile(`<a href="/monitoring/flags/(\d+)">`), "/api/v1/monitoring/flags", "id"},
	{"/users", "admin", userSorts, regexp.MustCompile(`<td><a href="/users/([^"]+)">`), "", ""},
	{"/ledger", "auditor", ledgerSorts, regexp.MustCompile(`<td><a href="/ledger/entries/(\d+)">`), "", ""},
}

// rowsOf returns the rows' identities in the order a page shows them.
func rowsOf(re *regexp.Regexp, body string) []string {
	var out []string
	for _, m := range re.FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

// TestListsPageAndSort crawls every HTML list: each sort key both ways answers the page with the
// rows in the order the API gives for the same query; a bad page, per_page, sort or dir is a 400
// whose error names the parameter; per_page cuts the list into pages with a pager; and sorting
// really sorts (program budgets, award amounts, accounts' names, ledger positions).
func TestListsPageAndSort(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, e *testEnv) {
		newLedgerFixture(t, e)
		ctx := context.Background()
		officer := actorOf(t, e, "officer")
		for i, budget := range []int64{3_000_000, 500_000, 8_000_000} {
			p := &seedbed.Program{Title: fmt.Sprintf("排序计划 %d", i), PolicyIDs: []string{"grassroots-seed"}, Budget: budget,
				Deadline: time.Now().Add(40 * 24 * time.Hour), SelectionMode: seedbed.SelectionRanked, ReviewersPerApp: 1,
				Stages: []seedbed.Stage{{Name: "一", Share: 100, Months: 6, Milestone: "验证"}}}
			if err := testApp(e.store).Programs.CreateProgram(ctx, officer, p); err != nil {
				t.Fatal(err)
			}
		}
		for _, l := range htmlLists {
			t.Run(strings.TrimPrefix(l.path, "/"), func(t *testing.T) {
				get := func(q string) (int, string) {
					w := e.do(l.role, "GET", l.path+"?"+q, "", "")
					return w.Code, w.Body.String()
				}
				if code, body := get(""); code != http.StatusOK {
					t.Fatalf("GET %s: %d %s", l.path, code, body)
				}
				for _, bad := range []struct{ q, param string }{
					{"page=0", "page"}, {"page=x", "page"}, {"per_page=0", "per_page"}, {"per_page=100000", "per_page"},
					{"sort=nonsense", "sort"}, {"sort=id%3BDROP", "sort"}, {"dir=sideways", "dir"},
				} {
					code, body := get(bad.q)
					if code != http.StatusBadRequest || !strings.Contains(body, `href="#f-`+bad.param+`"`) {
						t.Errorf("%s?%s: status %d, want 400 naming %s", l.path, bad.q, code, bad.param)
					}
				}
				for _, k := range l.sorts.Keys {
					for _, dir := range []string{"asc", "desc"} {
						q := "sort=" + k + "&dir=" + dir
						code, body := get(q)
						if code != http.StatusOK {
							t.Errorf("%s?%s: %d", l.path, q, code)
							continue
						}
						th := regexp.MustCompile(`<th scope="col"(?: class="num")?(?: aria-sort="(\w+)")?><a class="sort[^"]*" href="[^"]*[?;]sort=` + k + `(?:&|")`)
						if m := th.FindStringSubmatch(body); m != nil && m[1] != map[string]string{"asc": "ascending", "desc": "descending"}[dir] {
							t.Errorf("%s?%s: the sorted column's heading says %q", l.path, q, m[1])
						}
						if l.api == "" || l.row == nil {
							continue
						}
						w := e.do(l.role, "GET", l.api+"?"+q, "", "")
						var list struct{ Items []map[string]any }
						if err := json.Unmarshal(w.Body.Bytes(), &list); err != nil || w.Code != http.StatusOK {
							t.Errorf("%s?%s: %d %s", l.api, q, w.Code, w.Body.String())
							continue
						}
						var want []string
						for _, it := range list.Items {
							want = append(want, fmt.Sprint(it[l.id]))
						}
						if got := rowsOf(l.row, body); !slices.Equal(got, want) {
							t.Errorf("%s?%s shows rows %v, the API %v", l.path, q, got, want)
						}
					}
				}
				// One row a page: a pager that says where it is, and a next page when there is one.
				_, full := get("")
				if l.row != nil && len(rowsOf(l.row, full)) > 1 {
					_, one := get("per_page=1")
					if n := len(rowsOf(l.row, one)); n != 1 {
						t.Errorf("%s?per_page=1: %d rows", l.path, n)
					}
					if !strings.Contains(one, `rel="next"`) || !strings.Contains(one, "第 1 页，共") {
						t.Errorf("%s?per_page=1: no pager", l.path)
					}
					_, two := get("per_page=1&page=2")
					if !strings.Contains(two, `rel="prev"`) || slices.Equal(rowsOf(l.row, two), rowsOf(l.row, one)) {
						t.Errorf("%s?per_page=1&page=2: not the second row", l.path)
					}
				}
			})
		}

		// Sorting really sorts.
		budgets := func(q string) []int64 {
			w := e.do("officer", "GET", "/api/v1/programs?"+q, "", "")
			var list struct{ Items []seedbed.Program }
			json.Unmarshal(w.Body.Bytes(), &list)
			var out []int64
			for _, p := range list.Items {
				out = append(out, p.Budget)
			}
			return out
		}
		up, down := budgets("sort=budget"), budgets("sort=budget&dir=desc")
		if len(up) < 4 || !slices.IsSorted(up) || slices.Max(up) != 8_000_000 || up[0] != 500_000 {
			t.Errorf("programs by budget: %v", up)
		}
		slices.Reverse(down)
		if !slices.IsSorted(down) {
			t.Errorf("programs by budget, largest first: %v", down)
		}
		_, body := e.do("admin", "GET", "/users?sort=username&dir=desc", "", "").Code, e.do("admin", "GET", "/users?sort=username&dir=desc", "", "").Body.String()
		names := rowsOf(htmlLists[9].row, body)
		if len(names) < len(roles) || !slices.IsSortedFunc(names, func(a, b string) int { return strings.Compare(b, a) }) {
			t.Errorf("accounts by sign-in name, last first: %v", names)
		}
		entries := rowsOf(htmlLists[10].row, e.do("auditor", "GET", "/ledger?sort=index&dir=asc&per_page=3&page=2", "", "").Body.String())
		if !slices.Equal(entries, []string{"3", "4", "5"}) {
			t.Errorf("ledger entries 3–5 in order: %v", entries)
		}
		entries = rowsOf(htmlLists[10].row, e.do("auditor", "GET", "/ledger?per_page=2", "", "").Body.String())
		if len(entries) != 2 || entries[0] <= entries[1] {
			t.Errorf("ledger, latest first: %v", entries)
		}
	})
}
