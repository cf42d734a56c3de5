package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// runPolicyCLI runs `seedbed policy ARGS…` through the dispatcher.
func runPolicyCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), append([]string{"policy"}, args...), &out, &errb)
	return code, out.String(), errb.String()
}

const (
	starterDir  = "../../policies"
	policyTests = "../../policy/testdata"
)

func TestPolicyCheckAndTestStarterLibrary(t *testing.T) {
	code, out, errs := runPolicyCLI(t, "check", starterDir)
	if code != 0 || errs != "" {
		t.Fatalf("check: exit %d\n%s%s", code, out, errs)
	}
	if n := strings.Count(out, "ok  \t"); n < 9 {
		t.Errorf("check printed %d ok lines:\n%s", n, out)
	}
	code, out, errs = runPolicyCLI(t, "test", starterDir)
	if code != 0 {
		t.Fatalf("test: exit %d\n%s%s", code, out, errs)
	}
	runs, passes := strings.Count(out, "=== RUN "), strings.Count(out, "--- PASS: ")
	if runs < 36 || runs != passes || strings.Contains(out, "FAIL") {
		t.Errorf("%d runs, %d passes:\n%s", runs, passes, out)
	}
	if !strings.Contains(out, "ok  \t"+filepath.Join(starterDir, "grassroots-seed-v1.yaml")+"\t6 个测试 / 6 tests") {
		t.Errorf("no ok line for grassroots-seed-v1.yaml:\n%s", out)
	}
}

func TestPolicyCheckReportsPositions(t *testing.T) {
	cases := []struct {
		file string
		want []string
	}{
		{"bad-yaml-syntax.yaml", []string{"bad-yaml-syntax.yaml:3:1: YAML"}},
		{"bad-cel-syntax.yaml", []string{"bad-cel-syntax.yaml:10:23: "}},
		{"bad-type.yaml", []string{"bad-type.yaml:12:19: ", "bad-type.yaml:14:11: ", "bad-type.yaml:19:21: "}},
		{"bad-unknown-field.yaml", []string{"bad-unknown-field.yaml:10:36: ", "bad-unknown-field.yaml:18:5: ", "bad-unknown-field.yaml:22:35: "}},
		{"bad-cost.yaml", []string{"bad-cost.yaml:10:11: "}},
		{"overlap", []string{"seed-v2.yaml:6:1: ", "overlaps version 1"}},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			code, out, errs := runPolicyCLI(t, "check", filepath.Join(policyTests, c.file))
			if code != 1 {
				t.Errorf("exit %d, want 1\n%s%s", code, out, errs)
			}
			for _, w := range c.want {
				if !strings.Contains(errs, w) {
					t.Errorf("stderr lacks %q:\n%s", w, errs)
				}
			}
		})
	}
}

func TestPolicyTestFails(t *testing.T) {
	code, out, _ := runPolicyCLI(t, "test", filepath.Join(policyTests, "bad-failing-test.yaml"), filepath.Join(policyTests, "bad-type.yaml"))
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	for _, w := range []string{
		"--- PASS: passes\n",
		"--- FAIL: wrong_expectation (",
		"bad-failing-test.yaml:23:5: ",
		"FAIL\t" + filepath.Join(policyTests, "bad-failing-test.yaml") + "\t1/2",
		"bad-type.yaml:12:19: ",
		"FAIL\t" + filepath.Join(policyTests, "bad-type.yaml"),
	} {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
}

func TestPolicyEval(t *testing.T) {
	innovator := filepath.Join(policyTests, "innovator-micro-ai.json")
	code, out, errs := runPolicyCLI(t, "eval", "--innovator-json", innovator, "--as-of", "2026-03-01", starterDir)
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	for _, w := range []string{
		"[符合条件] grassroots-seed v2",
		"young            主体类型 企业 为 草根团队、个人 之一，或 成立年限（年） 3 ≤ 7 ✓",
		"→ 种子资助：40 万元",
		"[不符合条件] national-basic-research v1",
		"[无法判定] failure-retry v1",
	} {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
	// In 2025 the first version is in force; in English, as JSON.
	code, out, errs = runPolicyCLI(t, "eval", "--innovator-json", innovator, "--as-of", "2025-03-01", "--lang", "en", "--json", starterDir)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, errs)
	}
	var results []struct {
		PolicyID string `json:"policy_id"`
		Version  int    `json:"version"`
		Status   string `json:"status"`
	}
	if err := json.Unmarshal([]byte(out), &results); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	found := false
	for _, r := range results {
		if r.PolicyID == "grassroots-seed" {
			found = r.Version == 1 && r.Status == "eligible"
		}
	}
	if !found {
		t.Errorf("grassroots-seed v1 not eligible in 2025: %+v", results)
	}
}

func TestPolicyUsage(t *testing.T) {
	cases := []struct {
		args []string
		code int
		want string
	}{
		{nil, 2, "missing subcommand"},
		{[]string{"frobnicate"}, 2, "unknown policy subcommand"},
		{[]string{"--help"}, 0, "Subcommands:"},
		{[]string{"check", "--help"}, 0, "Usage: seedbed policy check"},
		{[]string{"check"}, 2, "give at least one policy file"},
		{[]string{"eval", starterDir}, 2, "--innovator-json is required"},
		{[]string{"eval", "--innovator-json", "x.json", "--as-of", "someday", starterDir}, 2, "is not a date"},
		{[]string{"diff", "one.yaml"}, 2, "give exactly two policy files"},
		{[]string{"check", "no-such-file.yaml"}, 1, "no-such-file.yaml"},
	}
	for _, c := range cases {
		code, out, errs := runPolicyCLI(t, c.args...)
		if code != c.code || !strings.Contains(out+errs, c.want) {
			t.Errorf("policy %v: exit %d, output %q; want exit %d and %q", c.args, code, out+errs, c.code, c.want)
		}
	}
}

func TestPolicyDiff(t *testing.T) {
	code, out, errs := runPolicyCLI(t, "diff", "--lang", "en", filepath.Join(starterDir, "grassroots-seed-v1.yaml"), filepath.Join(starterDir, "grassroots-seed-v2.yaml"))
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, errs)
	}
	for _, w := range []string{"grassroots-seed v1 → v2", "changed condition “no limit for teams and individuals; firms at most 7 years old”:", "added instrument “Compute credits”"} {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
}

func TestPrintEligibilityEmpty(t *testing.T) {
	var b bytes.Buffer
	printEligibility(&b, "en", nil)
	if !strings.Contains(b.String(), "No policy is in force") {
		t.Errorf("got %q", b.String())
	}
}
