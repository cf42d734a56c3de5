package policy

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"seedbed"
	"seedbed/policies"
)

// minimal is a valid policy the table below breaks one piece at a time.
const minimal = `id: minimal
version: 1
title: {zh: 最小政策, en: Minimal policy}
summary: {zh: 用于测试, en: for tests}
issuer: {zh: 测试局, en: Test bureau}
effective_from: 2024-01-01
segment: open
conditions:
  - id: small
    expr: employees < 200
instruments:
  - id: grant
    kind: grant
    name: {zh: 资助, en: Grant}
    amount: "10.0"
    cap: 10
    unit: wan_yuan
tests:
  - name: small_firm
    as_of: 2024-06-01
    innovator: {kind: enterprise, employees: 150}
    expect: {status: eligible, amounts: {grant: 10}}
`

func TestParseMinimal(t *testing.T) {
	doc, err := Parse("minimal.yaml", []byte(minimal))
	if err != nil {
		t.Fatal(err)
	}
	if doc.ID != "minimal" || doc.Version != 1 || doc.Title.En != "Minimal policy" || doc.Segment != "open" {
		t.Errorf("metadata = %q v%d %q %q", doc.ID, doc.Version, doc.Title.En, doc.Segment)
	}
	if doc.Selection != "formula" || doc.Application != "standard" {
		t.Errorf("defaults = %q %q", doc.Selection, doc.Application)
	}
	if len(doc.Conditions) != 1 || doc.Conditions[0].Expr.Text != "employees < 200" || doc.Conditions[0].Expr.Pos != (Pos{10, 11}) {
		t.Errorf("conditions = %+v", doc.Conditions)
	}
	tc := doc.Tests[0]
	if tc.Innovator.Kind != "enterprise" || tc.Innovator.Employees == nil || *tc.Innovator.Employees != 150 {
		t.Errorf("test innovator = %+v", tc.Innovator)
	}
	if tc.Expect.Status != Eligible || tc.Expect.Amounts["grant"] != 10 {
		t.Errorf("expect = %+v", tc.Expect)
	}
}

// TestParseErrors replaces one line of the minimal policy and checks the error's position and text.
func TestParseErrors(t *testing.T) {
	cases := []struct {
		name, old, new string
		want           string // "line:col: substring"
	}{
		{"unknown top key", "segment: open", "segment: open\nsegmnet: open", "8:1: unknown key \"segmnet\""},
		{"missing required key", "issuer: {zh: 测试局, en: Test bureau}\n", "", "1:1: policy is missing the required key \"issuer\""},
		{"version not integer", "version: 1", "version: 1.5", "2:10: version must be an integer"},
		{"bad date", "effective_from: 2024-01-01", "effective_from: 2024-02-30", "6:17: effective_from must be a date"},
		{"end before start", "segment: open", "effective_to: 2023-12-31\nsegment: open", "7:15: effective_to 2023-12-31 is before effective_from"},
		{"label needs english", "title: {zh: 最小政策, en: Minimal policy}", "title: {zh: 最小政策}", "3:8: title is missing the required key \"en\""},
		{"bad segment", "segment: open", "segment: rich", "7:10: segment \"rich\" is not one of"},
		{"bad instrument kind", "kind: grant", "kind: gift", "13:11: kind \"gift\" is not one of"},
		{"bad unit", "unit: wan_yuan", "unit: dollars", "17:11: unit \"dollars\" is not one of"},
		{"cap not a number", "cap: 10", "cap: lots", "16:10: cap must be a number"},
		{"cofunding above one", "unit: wan_yuan", "unit: wan_yuan\n    cofunding: {ratio: 1.5, own: revenue}", "18:24: cofunding ratio must be in (0, 1]"},
		{"duplicate clause id", "    expr: employees < 200\n", "    expr: employees < 200\n  - id: small\n    expr: revenue > 0\n", "11:9: duplicate condition id \"small\""},
		{"bad clause id", "  - id: small", "  - id: Small-1", "9:9: condition id \"Small-1\" must start with a lower-case letter"},
		{"empty expression", "expr: employees < 200", "expr: \"  \"", "10:11: expr expression is empty"},
		{"conditions not a list", "conditions:\n  - id: small\n    expr: employees < 200\n", "conditions: yes\n", "8:13: conditions must be a list"},
		{"no tests", "tests:\n  - name: small_firm\n    as_of: 2024-06-01\n    innovator: {kind: enterprise, employees: 150}\n    expect: {status: eligible, amounts: {grant: 10}}\n", "tests: []\n", "18:8: at least one test case is required"},
		{"unknown innovator field", "employees: 150}", "staff: 150}", "21:35: innovator has no field \"staff\""},
		{"innovator wrong type", "employees: 150}", "employees: many}", "21:46: innovator field \"employees\" has the wrong type"},
		{"innovator bad code", "{kind: enterprise,", "{kind: firm,", "21:23: innovator kind \"firm\" is not one of"},
		{"bad expected status", "status: eligible", "status: maybe", "22:22: expected status \"maybe\""},
		{"unknown expected amount", "amounts: {grant: 10}", "amounts: {loan: 10}", "22:42: expected amount names unknown instrument \"loan\""},
		{"unknown failing clause", "status: eligible,", "status: ineligible, failing_clause: big,", "22:50: expected failing clause \"big\" does not exist"},
		{"yaml syntax", "title: {zh: 最小政策, en: Minimal policy}", "title: {zh: 最小政策, en: Minimal policy", "3:1: YAML syntax error"},
		{"tab indentation", "  - id: small", "\t- id: small", "9:2: YAML syntax error"},
		{"anchors refused", "segment: open", "segment: &s open", "7:10: YAML anchors and aliases are not supported"},
		{"second document", "expect: {status: eligible, amounts: {grant: 10}}", "expect: {status: eligible, amounts: {grant: 10}}\n---\nid: other", "23:1: a file holds one policy"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(minimal, c.old) {
				t.Fatalf("the minimal policy has no %q", c.old)
			}
			src := strings.Replace(minimal, c.old, c.new, 1)
			_, err := Check("p.yaml", []byte(src))
			if err == nil {
				t.Fatalf("no error, want %q", c.want)
			}
			var el ErrorList
			if !errors.As(err, &el) || len(el) == 0 {
				t.Fatalf("want an ErrorList, got %#v", err)
			}
			found := false
			for _, e := range el {
				pos := fmt.Sprintf("%d:%d: ", e.Line, e.Column)
				if e.File == "p.yaml" && strings.HasPrefix(c.want, pos) && strings.Contains(e.Error(), strings.TrimPrefix(c.want, pos)) {
					found = true
				}
			}
			if !found {
				t.Errorf("errors:\n%v\nwant one at %q", err, c.want)
			}
		})
	}
}

func TestParseRejectsEmptyAndHuge(t *testing.T) {
	for name, src := range map[string]string{
		"empty":     "",
		"scalar":    "just text",
		"list":      "- a\n- b\n",
		"too large": "id: x\nnotes: " + strings.Repeat("x", MaxDocumentBytes),
	} {
		if _, err := Parse("p.yaml", []byte(src)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestErrorFormat(t *testing.T) {
	cases := []struct {
		e    Error
		want string
	}{
		{Error{File: "a.yaml", Line: 3, Column: 7, Text: seedbed.Same("m")}, "a.yaml:3:7: m"},
		{Error{File: "a.yaml", Line: 3, Text: seedbed.Same("m")}, "a.yaml:3: m"},
		{Error{Text: seedbed.Same("m")}, "m"},
	}
	for _, c := range cases {
		if got := c.e.Error(); got != c.want {
			t.Errorf("got %q, want %q", got, c.want)
		}
	}
	d := ErrorList{{File: "a.yaml", Line: 2, Column: 5, Code: "conflict", Text: seedbed.Same("m")}}.Domain()
	if d[0].Line != 2 || d[0].Column != 5 || d[0].Code != "conflict" || d[0].Field != "a.yaml" {
		t.Errorf("Domain() = %+v", d[0])
	}
}

// FuzzParse checks that no input makes the parser or the compiler panic.
func FuzzParse(f *testing.F) {
	f.Add([]byte(minimal))
	entries, _ := policies.FS.ReadDir(".")
	for _, e := range entries {
		if b, err := policies.FS.ReadFile(e.Name()); err == nil {
			f.Add(b)
		}
	}
	bad, _ := filepath.Glob("testdata/*.yaml")
	for _, name := range bad {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("id: [\n"))
	f.Add([]byte("conditions:\n  - id: a\n    expr: |\n      x &&\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		c, err := Load("fuzz.yaml", src)
		if err == nil && c == nil {
			t.Fatal("no error and no policy")
		}
		var el ErrorList
		if err != nil && errors.As(err, &el) {
			for _, e := range el {
				if e.Line < 0 || e.Column < 0 {
					t.Fatalf("negative position: %v", e)
				}
			}
		}
	})
}
