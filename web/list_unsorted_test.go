package web

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"seedbed"
	"seedbed/app"
	"seedbed/policies"
)

// TestWorkListsPage pages the lists kept in a fixed order (decided approvals, consultations, a
// program's notices): per_page cuts them with a pager, the second page shows other rows, and a bad
// page is a 400 naming the parameter. The awards list's cards add up every award of the filter,
// not only the page shown.
func TestWorkListsPage(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, e *testEnv) {
		ctx := context.Background()
		officer := actorOf(t, e, "officer")
		a := app.New(e.store, app.Options{})
		for _, f := range []string{"grassroots-seed-v1.yaml", "grassroots-seed-v2.yaml"} {
			src, err := policies.FS.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := a.Policies.Upload(ctx, officer, f, src); err != nil {
				t.Fatal(err)
			}
		}
		p := &seedbed.Program{Title: "分页计划", PolicyIDs: []string{"grassroots-seed"}, Budget: 1_000_000,
			Deadline: time.Now().Add(40 * 24 * time.Hour), SelectionMode: seedbed.SelectionRanked, ReviewersPerApp: 1,
			Stages: []seedbed.Stage{{Name: "一", Share: 100, Months: 6, Milestone: "验证"}}}
		if err := a.Programs.CreateProgram(ctx, officer, p); err != nil {
			t.Fatal(err)
		}
		now := time.Now().UTC().Format("2006-01-02T15:04:05.000000Z")
		for i := range 3 {
			for _, q := range []struct {
				sql  string
				args []any
			}{
				{`INSERT INTO approvals (rule, subject, link, summary_zh, summary_en, reason, payload, status, proposed_by, proposed_role, proposed_at, decided_by, decided_at)
					VALUES ('policy', $1, '/policies', $2, 'approved', '', '{}', 'approved', 'u-officer', 'officer', $3, 'u-admin', $3)`,
					[]any{fmt.Sprint(i), fmt.Sprintf("复核第%d件", i), now}},
				{`INSERT INTO consultations (policy_id, version, title, start_on, end_on, opened_at, opened_by, concluded_at, concluded_by)
					VALUES ('grassroots-seed', 2, $1, '2025-01-01', '2025-01-20', $2, 'u-officer', $2, 'u-officer')`,
					[]any{fmt.Sprintf("征求第%d轮", i), now}},
				{`INSERT INTO funding_notices (program_id, start_on, end_on, published_at, published_by, closed_at, closed_by)
					VALUES ($1, $2, '2025-02-10', $3, 'u-officer', $3, 'u-officer')`,
					[]any{p.ID, fmt.Sprintf("2025-01-0%d", i+1), now}},
			} {
				if err := e.store.ExecForTest(ctx, q.sql, q.args...); err != nil {
					t.Fatal(err)
				}
			}
		}
		for _, l := range []struct {
			path string
			row  *regexp.Regexp
		}{
			{"/approvals", regexp.MustCompile(`<td><a href="/approvals/(\d+)">`)},
			{"/consultations", regexp.MustCompile(`<td><a href="/consultations/(\d+)">`)},
			{fmt.Sprintf("/programs/%d/notices", p.ID), regexp.MustCompile(`<section class="panel" id="n-(\d+)">`)},
		} {
			get := func(q string) (int, string) {
				w := e.do("officer", "GET", l.path+"?"+q, "", "")
				return w.Code, w.Body.String()
			}
			if _, all := get(""); len(rowsOf(l.row, all)) != 3 {
				t.Errorf("%s: %d rows, want 3", l.path, len(rowsOf(l.row, all)))
			}
			code, one := get("per_page=2")
			if code != http.StatusOK || len(rowsOf(l.row, one)) != 2 || !strings.Contains(one, `rel="next"`) || !strings.Contains(one, "第 1 页，共 2 页") {
				t.Errorf("%s?per_page=2: %d, %d rows, pager %v", l.path, code, len(rowsOf(l.row, one)), strings.Contains(one, `rel="next"`))
			}
			_, two := get("per_page=2&page=2")
			if r := rowsOf(l.row, two); len(r) != 1 || strings.Contains(one, `"`+l.path+"/"+r[0]) || !strings.Contains(two, `rel="prev"`) {
				t.Errorf("%s?per_page=2&page=2: rows %v", l.path, r)
			}
			if code, body := get("page=0"); code != http.StatusBadRequest || !strings.Contains(body, `href="#f-page"`) {
				t.Errorf("%s?page=0: %d, want 400 naming page", l.path, code)
			}
		}

		// Awards: the cards count and add up the filter's every award, whatever the page.
		for i, amount := range []int64{110_000, 220_000, 330_000} {
			in := &seedbed.Innovator{Name: fmt.Sprintf("分页团队%d", i), Kind: seedbed.KindTeam}
			if err := a.Registry.CreateInnovator(ctx, officer, in); err != nil {
				t.Fatal(err)
			}
			for _, q := range []string{
				`INSERT INTO applications (program_id, innovator_id, title, state, outcome, granted, created_by, created_at, updated_at)
					VALUES ($1, $2, 't', 'submitted', 'funded', $3, 'u-officer', $4, $4)`,
				`INSERT INTO awards (program_id, application_id, innovator_id, amount, released, status, awarded_at, awarded_by)
					VALUES ($1, (SELECT max(id) FROM applications), $2, $3, CAST($3 AS BIGINT) / 2, 'active', $4, 'u-officer')`,
			} {
				if err := e.store.ExecForTest(ctx, q, p.ID, in.ID, amount, now); err != nil {
					t.Fatal(err)
				}
			}
		}
		body := e.do("officer", "GET", "/awards?status=active&per_page=1&page=2", "", "").Body.String()
		for _, want := range []string{"660,000", "330,000"} {
			if !strings.Contains(body, want) {
				t.Errorf("the awards list's cards on page 2 of 3 do not show the whole list's %s", want)
			}
		}
	})
}
