package policy

import (
	"errors"
	"os"
	"strings"
	"testing"
)

func TestRunTestsReportsFailures(t *testing.T) {
	src, err := os.ReadFile("testdata/bad-failing-test.yaml")
	if err != nil {
		t.Fatal(err)
	}
	c, err := Check("bad-failing-test.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	results := c.RunTests()
	if len(results) != 2 || !results[0].Passed || results[1].Passed {
		t.Fatalf("results = %+v", results)
	}
	problems := joinProblems(results[1].Problems).En
	for _, want := range []string{"status: want eligible, got ineligible", "amount grant: want 10, got none"} {
		if !strings.Contains(problems, want) {
			t.Errorf("problems %q lack %q", problems, want)
		}
	}
	_, err = Load("bad-failing-test.yaml", src)
	var el ErrorList
	if !errors.As(err, &el) || len(el) != 1 || el[0].Line != 23 || el[0].Column != 5 || !strings.Contains(el[0].Error(), "wrong_expectation") {
		t.Errorf("Load = %v, want the failing test at 23:5", err)
	}
}

func TestRunTestsChecksEachExpectation(t *testing.T) {
	cases := []struct {
		name, expect, want string // want "" means the test passes
	}{
		{"status", "{status: ineligible}", "status: want ineligible, got eligible"},
		{"amount", "{status: eligible, amounts: {grant: 9}}", "amount grant: want 9, got 10"},
		{"failing clause", "{status: eligible, failing_clause: small}", "failing clause: want small, got -"},
		{"missing", "{status: eligible, missing: [revenue]}", "want field revenue reported empty"},
		{"all right", "{status: eligible, amounts: {grant: 10.00001}}", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := strings.Replace(minimal, "{status: eligible, amounts: {grant: 10}}", c.expect, 1)
			p, err := Check("p.yaml", []byte(src))
			if err != nil {
				t.Fatal(err)
			}
			tr := p.RunTests()[0]
			got := joinProblems(tr.Problems).En
			if (c.want == "") != tr.Passed || !strings.Contains(got, c.want) {
				t.Errorf("passed %v, problems %q, want %q", tr.Passed, got, c.want)
			}
		})
	}
}

func TestRunTestsOutsideEffectiveDates(t *testing.T) {
	src := strings.Replace(minimal, "as_of: 2024-06-01", "as_of: 2023-06-01", 1)
	p, err := Check("p.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if tr := p.RunTests()[0]; tr.Passed || !strings.Contains(tr.Problems[0].En, "outside the effective dates") {
		t.Errorf("result = %+v", tr)
	}
}
