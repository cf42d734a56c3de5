package web

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

func init() {
	moduleMatrix = append(moduleMatrix, func(e *testEnv) []accessCase {
		return []accessCase{
			{"GET", "/public/grants", "/public/grants", "*aorpu"},
			{"GET", "/api/v1/public/grants.json", "/api/v1/public/grants.json", "*aorpu"},
			{"GET", "/api/v1/public/grants.csv", "/api/v1/public/grants.csv", "*aorpu"},
		}
	})
}

// the360GivingSchema compiles the 360Giving package schema (a copy of the standard's release
// 1.4.3 kept with the grantdata package's test data) with format assertions on.
func the360GivingSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	const pkgURL = "https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.3/schema/360-giving-package-schema.json"
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	for url, file := range map[string]string{pkgURL: "360-giving-package-schema.json",
		"https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.2/schema/360-giving-schema.json": "360-giving-schema.json"} {
		f, err := os.Open("../grantdata/testdata/360giving/" + file)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		if err := c.AddResource(url, doc); err != nil {
			t.Fatal(err)
		}
	}
	s, err := c.Compile(pkgURL)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestPublicGrantData(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, e *testEnv) {
		f := newProgramFixture(t, e)
		// The second recipient is an individual inventor: the data must name nobody.
		if err := e.store.ExecForTest(context.Background(), `UPDATE innovators SET kind = 'individual', credit_code = '', name = '王小明',
			region = '杭州市西湖区', contact_email = 'wxm@example.net' WHERE id = $1`, e.otherID); err != nil {
			t.Fatal(err)
		}
		w := e.do("", "GET", "/api/v1/public/grants.json", "", "")
		if w.Code != 200 || w.Header().Get("Set-Cookie") != "" {
			t.Fatalf("grants.json: %d %s", w.Code, w.Body.String())
		}
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(w.Body.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		if err := the360GivingSchema(t).Validate(inst); err != nil {
			t.Fatalf("grants.json does not validate against the 360Giving package schema: %v\n%s", err, w.Body.String())
		}
		body := w.Body.String()
		for _, want := range []string{`"currency":"CNY"`, `"id":"360G-seedbed-award-`, `"grantProgramme":[{"code":"P-` + fmt.Sprint(f.decided),
			`"CN-USC-91330100799655058B"`, `"Individual Recipient"`, `"amountAwarded":100000`} {
			if !strings.Contains(body, want) {
				t.Errorf("grants.json has no %s", want)
			}
		}
		for _, personal := range []string{"王小明", "西湖区", "wxm@", "13900000000", "梁先生"} {
			if strings.Contains(body, personal) {
				t.Errorf("grants.json carries personal data %q", personal)
			}
		}

		w = e.do("", "GET", "/api/v1/public/grants.csv", "", "")
		if w.Code != 200 || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/csv") {
			t.Fatalf("grants.csv: %d", w.Code)
		}
		rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(w.Body.String(), "\uFEFF"))).ReadAll()
		if err != nil || len(rows) != 3 || rows[0][0] != "资助编号" {
			t.Fatalf("grants.csv: %v %q", err, rows)
		}
		if strings.Contains(w.Body.String(), "王小明") || strings.Contains(w.Body.String(), "西湖区") {
			t.Error("grants.csv carries the individual's name or region")
		}

		w = e.do("", "GET", "/public/grants?lang=en", "", "")
		if w.Code != 200 || !strings.Contains(w.Body.String(), "/api/v1/public/grants.csv") || !strings.Contains(w.Body.String(), "200,000") {
			t.Fatalf("download page: %d %s", w.Code, w.Body.String())
		}
		// The funded list shows the individual without a name.
		w = e.do("", "GET", fmt.Sprintf("/public/programs/%d/awards", f.decided), "", "")
		if w.Code != 200 || strings.Contains(w.Body.String(), "王小明") || !strings.Contains(w.Body.String(), "依法不公开姓名") {
			t.Errorf("funded list with an individual: %d", w.Code)
		}
		// The list pages: one grant a page, the count and total still the whole list's.
		whole := e.do("", "GET", fmt.Sprintf("/public/programs/%d/awards", f.decided), "", "").Body.String()
		w = e.do("", "GET", fmt.Sprintf("/public/programs/%d/awards?per_page=1&page=2", f.decided), "", "")
		body = w.Body.String()
		if w.Code != 200 || !strings.Contains(body, "名单共 2 项") || !strings.Contains(body, "本页为第 2 至 2 项（共 2 项）") ||
			!strings.Contains(body, `rel="prev"`) || strings.Count(body, "<tr>") >= strings.Count(whole, "<tr>") {
			t.Errorf("second page of the funded list: %d %s", w.Code, body)
		}
		if w = e.do("", "GET", fmt.Sprintf("/public/programs/%d/awards?page=0", f.decided), "", ""); w.Code != 400 || !strings.Contains(w.Body.String(), "page") {
			t.Errorf("page=0: %d %s", w.Code, w.Body.String())
		}
	})
}
