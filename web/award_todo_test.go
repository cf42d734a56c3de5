package web

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// An award made in 2021 whose milestones were never evidenced reads as overdue on the award page,
// in the list, in the API and in the officer's and recipient's to-do, in both languages.
func TestOverdueShownEverywhere(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, e *testEnv) {
		aws := fundForTest(t, e.store, time.Date(2021, 2, 1, 9, 0, 0, 0, time.UTC), 100_000, e.ownID)
		id := aws[0].ID
		pages := []struct{ role, path, want string }{
			{"officer", fmt.Sprintf("/awards/%d", id), "已逾期：应于 2021年3月2日 前提交"},
			{"officer", fmt.Sprintf("/awards/%d?lang=en", id), "Overdue: due by 2 Mar 2021"},
			{"officer", "/awards", "2 项里程碑证明逾期未交"},
			{"officer", "/", `<span class="big-number">2</span> <span>里程碑已逾期</span>`},
			{"applicant", "/", `<span class="big-number">2</span> <span>里程碑已逾期</span>`},
			{"applicant", fmt.Sprintf("/awards/%d", id), "已逾期"},
		}
		for _, p := range pages {
			w := e.do(p.role, "GET", p.path, "", "")
			if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), p.want) {
				t.Errorf("%s %s: %d, want %q in the page", p.role, p.path, w.Code, p.want)
			}
		}
		w := e.do("officer", "GET", fmt.Sprintf("/api/v1/awards/%d", id), "", "")
		if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `"overdue":true`) {
			t.Errorf("API award: %d %s", w.Code, w.Body.String())
		}
		w = e.do("officer", "GET", "/api/v1/awards/todo", "", "")
		if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `"milestones_overdue":2`) {
			t.Errorf("API to-do: %d %s", w.Code, w.Body.String())
		}
	})
}
