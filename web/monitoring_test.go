package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"

	"seedbed"
	"seedbed/evaluation"
	"seedbed/i18n"
	"seedbed/sqlstore"
)

// countObs returns how many values the innovator has, through the API.
func countObs(t *testing.T, e *testEnv, id int64) int {
	t.Helper()
	w := e.do("officer", "GET", fmt.Sprintf("/api/v1/innovators/%d/observations", id), "", "")
	var page struct{ Total int }
	if w.Code != 200 || json.Unmarshal(w.Body.Bytes(), &page) != nil {
		t.Fatalf("observations: %d %s", w.Code, w.Body.String())
	}
	return page.Total
}

// TestMonitoringAPIContract checks the contract outside checks rely on: the flag list with each
// flag's innovator, award and reason, and the portfolio's four headline figures.
func TestMonitoringAPIContract(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, e *testEnv) {
		sc := seedMonitoring(t, e)
		w := e.do("auditor", "GET", "/api/v1/monitoring/flags?status=open", "", "")
		var list struct {
			Total int              `json:"total"`
			Items []map[string]any `json:"items"`
		}
		if w.Code != 200 || json.Unmarshal(w.Body.Bytes(), &list) != nil || list.Total != 1 || len(list.Items) != 1 {
			t.Fatalf("flags: %d %s", w.Code, w.Body.String())
		}
		it := list.Items[0]
		inn, _ := it["innovator"].(map[string]any)
		aw, _ := it["award"].(map[string]any)
		reason, _ := it["reason"].(string)
		if inn["id"] != float64(e.ownID) || inn["name"] == "" || aw["id"] != float64(sc.ownAward.ID) || !strings.Contains(reason, "触发预警") {
			t.Fatalf("flag item %v", it)
		}
		if w := e.do("officer", "GET", "/api/v1/monitoring/flags?status=maybe", "", ""); w.Code != 400 {
			t.Fatalf("bad status filter: %d", w.Code)
		}
		w = e.do("officer", "GET", "/api/v1/impact/portfolio", "", "")
		var pf map[string]any
		if w.Code != 200 || json.Unmarshal(w.Body.Bytes(), &pf) != nil {
			t.Fatalf("portfolio: %d %s", w.Code, w.Body.String())
		}
		for _, k := range []string{"landmark_count", "top10_share", "hit_rate", "cost_per_landmark", "cost_per_landmark_status", "lorenz"} {
			if _, ok := pf[k]; !ok {
				t.Errorf("portfolio lacks %q: %s", k, w.Body.String())
			}
		}
		if pf["awards"] != float64(2) || pf["cost_per_landmark_status"] != "undefined" || pf["cost_per_landmark"] != nil || pf["hit_rate"] != float64(0) {
			t.Fatalf("portfolio of two awards without outcomes: %s", w.Body.String())
		}
		// Resolving: refused without a text, then recorded once.
		path := fmt.Sprintf("/api/v1/monitoring/flags/%d/resolve", sc.flagID)
		if w := e.do("officer", "POST", path, "application/json", `{"resolution":""}`); w.Code != 400 || !strings.Contains(w.Body.String(), `"field":"resolution"`) {
			t.Fatalf("empty resolution: %d %s", w.Code, w.Body.String())
		}
		if w := e.do("officer", "POST", path, "application/json", `{"resolution":"已约谈，核心工程师离职"}`); w.Code != 200 || !strings.Contains(w.Body.String(), `"status":"resolved"`) {
			t.Fatalf("resolve: %d %s", w.Code, w.Body.String())
		}
		if w := e.do("officer", "POST", path, "application/json", `{"resolution":"再次"}`); w.Code != 409 {
			t.Fatalf("second resolution: %d", w.Code)
		}
		if w := e.do("officer", "GET", "/api/v1/monitoring/flags/424242", "", ""); w.Code != 404 {
			t.Fatalf("missing flag: %d", w.Code)
		}
	})
}

// TestObservationBadInputChangesNothing sends each kind of bad input through the API, the CSV
// import and the forms, and checks that it is refused with its row and reason and that nothing
// was written.
func TestObservationBadInputChangesNothing(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, e *testEnv) {
		seedMonitoring(t, e)
		before := countObs(t, e, e.otherID)
		row := func(extra string) string {
			return `{"innovator_id":` + fmt.Sprint(e.otherID) + `,"indicator":"patents_filed","period":"2024Q1","value":1` + extra + `}`
		}
		good := row("")
		cases := []struct {
			name, body string
			status     int
			want       string
		}{
			{"negative count", `{"innovator_id":%d,"indicator":"patents_granted","period":"2024Q2","value":-3}`, 400, "negative"},
			{"future period", `{"innovator_id":%d,"indicator":"patents_granted","period":"2999Q1","value":3}`, 400, "future"},
			{"unreadable period", `{"innovator_id":%d,"indicator":"patents_granted","period":"next spring","value":3}`, 400, "cannot read quarter"},
			{"duplicate period", good, 400, "duplicate"},
			{"unit mismatch", `{"innovator_id":%d,"indicator":"revenue","period":"2024Q2","value":3,"unit":"元"}`, 400, "unit of revenue"},
			{"missing value", `{"innovator_id":%d,"indicator":"revenue","period":"2024Q2"}`, 400, "value is missing"},
			{"stored already", `{"innovator_id":%d,"indicator":"patents_filed","period":"2020Q1","value":9}`, 409, "submit a correction"},
		}
		for _, c := range cases {
			second := c.body
			if strings.Contains(second, "%d") {
				second = fmt.Sprintf(second, e.otherID)
			}
			w := e.do("officer", "POST", "/api/v1/observations", "application/json", `{"observations":[`+good+`,`+second+`]}`)
			if w.Code != c.status || !strings.Contains(w.Body.String(), c.want) || !strings.Contains(w.Body.String(), `"line":2`) {
				t.Errorf("%s: %d %s", c.name, w.Code, w.Body.String())
			}
		}
		if n := countObs(t, e, e.otherID); n != before {
			t.Fatalf("%d values after refused batches, want %d", n, before)
		}
		// An applicant writes only for its own organisation.
		if w := e.do("applicant", "POST", "/api/v1/observations", "application/json", `{"observations":[`+row(`,"source":"progress_report"`)+`]}`); w.Code != 403 {
			t.Fatalf("applicant for another organisation: %d %s", w.Code, w.Body.String())
		}
		if w := e.do("officer", "POST", "/api/v1/observations", "application/json", `{"observations":[`+good+`]}`); w.Code != 201 {
			t.Fatalf("good batch: %d %s", w.Code, w.Body.String())
		}

		// A CSV with one bad row writes nothing and names the row.
		csv := "主体ID,指标,期间,数值,单位\n" + fmt.Sprintf("%d,专利申请,2024Q3,2,件\n%d,营业收入,2024Q3,-5,万元\n", e.otherID, e.otherID)
		w := e.do("officer", "POST", "/api/v1/observations/import", "text/csv", csv)
		if w.Code != 400 || !strings.Contains(w.Body.String(), `"line":3`) {
			t.Fatalf("csv with a bad row: %d %s", w.Code, w.Body.String())
		}
		w = postFile(e, "officer", "/monitoring/import", "bad.csv", []byte(csv))
		if w.Code != 400 || !strings.Contains(w.Body.String(), "import-errors") {
			t.Fatalf("csv page with a bad row: %d", w.Code)
		}
		if n := countObs(t, e, e.otherID); n != before+1 {
			t.Fatalf("%d values after a refused file, want %d", n, before+1)
		}
		// The same file fixed and saved by Excel in GBK imports.
		fixed := strings.Replace(csv, "-5", "5", 1)
		gbk, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(fixed))
		if err != nil {
			t.Fatal(err)
		}
		w = postFile(e, "officer", "/monitoring/import", "gbk.csv", gbk)
		if w.Code != http.StatusSeeOther {
			t.Fatalf("GBK import: %d %s", w.Code, w.Body.String())
		}
		if n := countObs(t, e, e.otherID); n != before+3 {
			t.Fatalf("%d values after the GBK import, want %d", n, before+3)
		}
		if w := e.do("officer", "POST", "/api/v1/observations/import", "application/json", "{}"); w.Code != 400 {
			t.Fatalf("import without text/csv: %d", w.Code)
		}
	})
}

// postFile uploads a file as a form, with the role's session.
func postFile(e *testEnv, role, path, name string, data []byte) *httptest.ResponseRecorder {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(data)
	mw.Close()
	return e.do(role, "POST", path, mw.FormDataContentType(), b.String())
}

// TestMonitoringForms drives the progress report, the correction and the outcome forms with bad
// and good input.
func TestMonitoringForms(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, "")
	sc := seedMonitoring(t, e)
	form := func(v url.Values) string { return v.Encode() }
	report := fmt.Sprintf("/innovators/%d/report", e.ownID)
	before := countObs(t, e, e.ownID)
	for _, c := range []struct {
		name string
		v    url.Values
		want string
	}{
		{"negative count", url.Values{"period": {"2024Q1"}, "v-patents_filed": {"-1"}, "v-revenue": {"10"}}, "负数"},
		{"future quarter", url.Values{"period": {"2999Q1"}, "v-patents_filed": {"1"}}, "未来"},
		{"not a number", url.Values{"period": {"2024Q1"}, "v-revenue": {"很多"}}, "应为数字"},
		{"nothing entered", url.Values{"period": {"2024Q1"}}, "至少填写一项"},
		{"already reported", url.Values{"period": {"2020Q1"}, "v-patents_filed": {"5"}}, "更正"},
	} {
		w := e.do("applicant", "POST", report, "application/x-www-form-urlencoded", form(c.v))
		if w.Code < 400 || !strings.Contains(w.Body.String(), "error-summary") || !strings.Contains(w.Body.String(), c.want) {
			t.Errorf("%s: %d", c.name, w.Code)
		}
	}
	if n := countObs(t, e, e.ownID); n != before {
		t.Fatalf("refused reports wrote values: %d, want %d", n, before)
	}
	w := e.do("applicant", "POST", report, "application/x-www-form-urlencoded", form(url.Values{"period": {"2024Q1"}, "v-patents_filed": {"2"}, "v-revenue": {"10.5"}}))
	if w.Code != http.StatusSeeOther || countObs(t, e, e.ownID) != before+2 {
		t.Fatalf("good report: %d %s", w.Code, w.Body.String())
	}
	// The applicant's values carry the progress-report source.
	w = e.do("applicant", "GET", fmt.Sprintf("/api/v1/innovators/%d/observations?indicator=revenue", e.ownID), "", "")
	if !strings.Contains(w.Body.String(), `"source":"progress_report"`) {
		t.Fatalf("source of a progress report: %s", w.Body.String())
	}

	correct := fmt.Sprintf("/monitoring/observations/%d/correct", sc.ownObs)
	if w := e.do("officer", "GET", correct, "", ""); w.Code != 200 || !strings.Contains(w.Body.String(), `name="version" value="1"`) {
		t.Fatalf("correction page: %d", w.Code)
	}
	for _, v := range []url.Values{{"value": {"3"}, "reason": {""}, "version": {"1"}}, {"value": {"-3"}, "reason": {"x"}, "version": {"1"}}, {"value": {"x"}, "reason": {"x"}, "version": {"1"}}} {
		if w := e.do("officer", "POST", correct, "application/x-www-form-urlencoded", form(v)); w.Code != 400 {
			t.Errorf("bad correction %v: %d", v, w.Code)
		}
	}
	if w := e.do("officer", "POST", correct, "application/x-www-form-urlencoded", form(url.Values{"value": {"3"}, "reason": {"核对原件"}, "version": {"7"}})); w.Code != 409 {
		t.Errorf("stale correction: %d", w.Code)
	}
	if w := e.do("officer", "POST", correct, "application/x-www-form-urlencoded", form(url.Values{"value": {"3"}, "reason": {"核对原件"}, "version": {"1"}})); w.Code != http.StatusSeeOther {
		t.Fatalf("correction: %d %s", w.Code, w.Body.String())
	}
	if w := e.do("officer", "GET", correct, "", ""); !strings.Contains(w.Body.String(), "核对原件") {
		t.Fatal("the correction's history is not shown")
	}
	if w := e.do("applicant", "PUT", fmt.Sprintf("/api/v1/observations/%d", sc.ownObs), "application/json", `{"value":4,"reason":"再核","version":2}`); w.Code != 200 || !strings.Contains(w.Body.String(), `"version":3`) {
		t.Fatalf("API correction: %d %s", w.Code, w.Body.String())
	}

	// Outcomes: bad rows are refused with their row; a good one is stored.
	aw := fmt.Sprint(sc.ownAward.ID)
	for _, c := range []struct{ body, want string }{
		{`{"outcomes":[{"award_id":` + aw + `,"kind":"patent","value":-1,"period":"2022Q1","evidence":"x"}]}`, "negative"},
		{`{"outcomes":[{"award_id":` + aw + `,"kind":"sales","value":1,"period":"2022Q1","evidence":"x"}]}`, "unknown outcome kind"},
		{`{"outcomes":[{"award_id":` + aw + `,"kind":"patent","value":1,"period":"2019Q1","evidence":"x"}]}`, "predates"},
		{`{"outcomes":[{"award_id":` + aw + `,"kind":"patent","value":1,"period":"2022Q1","evidence":""}]}`, "evidence"},
		{`{"outcomes":[{"award_id":` + aw + `,"kind":"patent","value":1,"period":"someday","evidence":"x"}]}`, "cannot read quarter"},
	} {
		if w := e.do("officer", "POST", "/api/v1/outcomes", "application/json", c.body); w.Code != 400 || !strings.Contains(w.Body.String(), c.want) {
			t.Errorf("outcome %s: %d %s", c.want, w.Code, w.Body.String())
		}
	}
	if w := e.do("officer", "GET", "/api/v1/outcomes", "", ""); !strings.Contains(w.Body.String(), `"total":0`) {
		t.Fatalf("refused outcomes were stored: %s", w.Body.String())
	}
	w = e.do("applicant", "POST", "/impact/outcomes", "application/x-www-form-urlencoded",
		form(url.Values{"award_id": {aw}, "kind": {"patent"}, "value": {"12"}, "period": {"2022Q3"}, "evidence": {"ZL202210000001.1"}}))
	if w.Code != http.StatusSeeOther {
		t.Fatalf("outcome form: %d %s", w.Code, w.Body.String())
	}
	w = e.do("applicant", "POST", "/impact/outcomes", "application/x-www-form-urlencoded",
		form(url.Values{"award_id": {fmt.Sprint(sc.otherAward.ID)}, "kind": {"patent"}, "value": {"12"}, "period": {"2022Q3"}, "evidence": {"x"}}))
	if w.Code != http.StatusForbidden {
		t.Fatalf("outcome for another organisation's award: %d", w.Code)
	}
}

// TestMonitoringPages renders every page of the module in both languages with its charts.
func TestMonitoringPages(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, "")
	sc := seedMonitoring(t, e)
	for _, c := range []struct {
		role, path string
		want       []string
	}{
		{"officer", "/monitoring", []string{"flags", "<svg", "触发预警"}},
		{"officer", "/monitoring?lang=en", []string{"Complacency early warning", "flagged"}},
		{"officer", fmt.Sprintf("/monitoring/flags/%d", sc.flagID), []string{"flag-tech", "f-resolution", "双重差分"}},
		{"auditor", fmt.Sprintf("/monitoring/flags/%d", sc.flagID), []string{"flag-tech"}},
		{"officer", fmt.Sprintf("/innovators/%d/monitoring", e.ownID), []string{"ind-patents_filed", "资助 2021Q1", "发展动能", "数据不足"}},
		{"applicant", fmt.Sprintf("/innovators/%d/monitoring?lang=en", e.ownID), []string{"Momentum", "Report progress", "/monitoring/observations/"}},
		{"applicant", fmt.Sprintf("/innovators/%d/report", e.ownID), []string{"f-v-patents_filed", "进展报告"}},
		{"officer", fmt.Sprintf("/innovators/%d/report?period=2020Q1", e.ownID), []string{"已填报"}},
		{"officer", "/impact", []string{"landmark-count", "impact-lorenz", "impact-timeline", "program-impact"}},
		{"officer", fmt.Sprintf("/impact/programs/%d", sc.ownAward.ProgramID), []string{"landmark-count", "top-awards"}},
		{"officer", "/impact/outcomes/new?award=" + fmt.Sprint(sc.ownAward.ID), []string{"f-kind", "f-evidence"}},
		{"officer", "/monitoring/import", []string{"patents_filed", "f-file"}},
	} {
		w := e.do(c.role, "GET", c.path, "", "")
		if w.Code != 200 {
			t.Errorf("%s %s: %d", c.role, c.path, w.Code)
			continue
		}
		for _, s := range c.want {
			if !strings.Contains(w.Body.String(), s) {
				t.Errorf("%s %s lacks %q", c.role, c.path, s)
			}
		}
	}
	if w := e.do("officer", "POST", fmt.Sprintf("/monitoring/flags/%d/resolve", sc.flagID), "application/x-www-form-urlencoded", "resolution="); w.Code != 400 ||
		!strings.Contains(w.Body.String(), "error-summary") {
		t.Fatalf("empty resolution form: %d", w.Code)
	}
	if w := e.do("officer", "POST", fmt.Sprintf("/monitoring/flags/%d/resolve", sc.flagID), "application/x-www-form-urlencoded", "resolution="+url.QueryEscape("已核实")); w.Code != http.StatusSeeOther {
		t.Fatalf("resolution form: %d", w.Code)
	}
	// Momentum: no number from too little history, and bad reference quarters are refused.
	w := e.do("reviewer", "GET", fmt.Sprintf("/api/v1/innovators/%d/momentum?as_of=2021Q4", e.ownID), "", "")
	if w.Code != 200 || !strings.Contains(w.Body.String(), `"status":"ok"`) {
		t.Fatalf("momentum as of 2021Q4: %d %s", w.Code, w.Body.String())
	}
	w = e.do("reviewer", "GET", fmt.Sprintf("/api/v1/innovators/%d/momentum?as_of=2020Q2", e.ownID), "", "")
	if !strings.Contains(w.Body.String(), `"status":"not_enough_data"`) || !strings.Contains(w.Body.String(), `"score":null`) || !strings.Contains(w.Body.String(), `"annual_growth":null`) {
		t.Fatalf("momentum on two quarters: %s", w.Body.String())
	}
	for _, q := range []string{"2999Q1", "soon"} {
		if w := e.do("reviewer", "GET", fmt.Sprintf("/api/v1/innovators/%d/momentum?as_of=%s", e.ownID, q), "", ""); w.Code != 400 {
			t.Errorf("as_of %s: %d", q, w.Code)
		}
	}
	w = e.do("officer", "GET", fmt.Sprintf("/api/v1/innovators/%d/monitoring", e.ownID), "", "")
	if w.Code != 200 || !strings.Contains(w.Body.String(), `"flagged":true`) || !strings.Contains(w.Body.String(), `"patents_filed":[`) {
		t.Fatalf("monitoring API: %d %s", w.Code, w.Body.String())
	}
	// The panel the programs module embeds renders on its own.
	html, err := e.srv.momentumPanel(newRequest("GET", "/?lang=en", "", ""), e.ownID, time.Date(2022, 1, 15, 0, 0, 0, 0, time.UTC))
	if err != nil || !strings.Contains(string(html), "2021Q4") || !strings.Contains(string(html), "Momentum") || !strings.Contains(string(html), "<svg") {
		t.Fatalf("momentum panel: %v\n%s", err, html)
	}
	if _, err := e.srv.momentumPanel(newRequest("GET", "/", "", ""), 424242, time.Time{}); seedbed.ErrorCode(err) != seedbed.ENOTFOUND {
		t.Fatalf("panel of a missing innovator: %v", err)
	}
}

// TestFlagListReadWritesNothing checks that reading the complacency flags — the page and the
// API — writes nothing, even when the data changed since the flags were computed: the page says
// so and offers the recompute, which is a POST.
func TestFlagListReadWritesNothing(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, e *testEnv) {
		seedMonitoring(t, e)
		ctx := context.Background()
		// A value changed behind the service's back, as another program would change it: the
		// stored flags are now of older data. It removes the stall, so a recompute would clear the
		// flag.
		obs, _, err := e.store.FindObservations(ctx, evaluation.ObservationFilter{InnovatorID: e.ownID, Indicator: "patents_filed",
			From: quarterOf(2021, 4), To: quarterOf(2021, 4)})
		mustT(t, err)
		mustT(t, e.store.InTx(ctx, func(tx *sqlstore.Tx) error {
			_, err := tx.ReplaceObservation(ctx, seedbed.Actor{Username: "other-program", Role: seedbed.RoleOfficer}, &obs[0], 63, obs[0].Source, "test")
			return err
		}))
		mustT(t, e.store.ExecForTest(ctx, `UPDATE monitoring_version SET version = version + 1 WHERE slot = 0`))
		type state struct {
			FlagsKey      string
			Flags         []seedbed.Flag
			Audit, Events int
		}
		read := func() state {
			var st state
			var err error
			st.FlagsKey, err = e.store.FlagsKey(ctx)
			mustT(t, err)
			st.Flags, _, err = e.store.FindFlags(ctx, seedbed.FlagFilter{Limit: 1000})
			mustT(t, err)
			_, st.Audit, err = e.store.FindAudit(ctx, seedbed.AuditFilter{Limit: 1})
			mustT(t, err)
			evs, err := e.store.FindEvents(ctx, seedbed.EventFilter{})
			mustT(t, err)
			st.Events = len(evs)
			return st
		}
		before := read()
		page := e.do("officer", "GET", "/monitoring", "", "")
		if page.Code != 200 || !strings.Contains(page.Body.String(), `id="flags-recompute"`) ||
			!strings.Contains(page.Body.String(), i18n.T("zh", "monitoring.flags.stale")) {
			t.Fatalf("flag list: %d, stale notice missing", page.Code)
		}
		for _, path := range []string{"/monitoring?status=open", "/api/v1/monitoring/flags", "/api/v1/monitoring/flags?status=open"} {
			if w := e.do("auditor", "GET", path, "", ""); w.Code != 200 {
				t.Fatalf("%s: %d", path, w.Code)
			}
		}
		if after := read(); !reflect.DeepEqual(before, after) {
			t.Fatalf("a read changed the stored flags:\nbefore %+v\nafter  %+v", before, after)
		}
		if !before.Flags[0].Active {
			t.Fatal("the flag was cleared before the recompute")
		}
		w := e.do("officer", "POST", "/api/v1/monitoring/flags/recompute", "application/json", "")
		var run evaluation.FlagRun
		if w.Code != 200 || json.Unmarshal(w.Body.Bytes(), &run) != nil || run.Cleared != 1 {
			t.Fatalf("recompute: %d %s", w.Code, w.Body.String())
		}
		if f, _ := e.store.GetFlag(ctx, before.Flags[0].ID); f.Active {
			t.Fatal("recompute left the flag active")
		}
	})
}
