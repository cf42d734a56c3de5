package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// TestPolicyDatabase runs the demo's policy step, then evaluates a registry innovator against
// the published library and publishes further files from the command line.
func TestPolicyDatabase(t *testing.T) {
	data := t.TempDir()
	code, out, errs := cli(t, "demo", "--data", data, "--innovators", "50", "--no-serve")
	if code != 0 || !strings.Contains(out, "demo: 9 policy versions published") {
		t.Fatalf("demo: %d\n%s%s", code, out, errs)
	}
	code, out, errs = runPolicyCLI(t, "eval", "--data", data, "--innovator", "1", "--as-of", "2026-03-01")
	if code != 0 {
		t.Fatalf("eval: %d\n%s%s", code, out, errs)
	}
	for _, w := range []string{"杭州深度求索人工智能基础技术研究有限公司（1），评估日期 2026-03-01",
		"[符合条件] compute-voucher v1", "员工数 160 × 100", "[无法判定] failure-retry v1", "无法判定：此前诚实失败的项目数（个） 为空"} {
		if !strings.Contains(out, w) {
			t.Errorf("eval output lacks %q:\n%s", w, out)
		}
	}
	code, out, _ = runPolicyCLI(t, "eval", "--data", data, "--innovator", "1", "--as-of", "2025-03-01", "--json")
	var results []struct {
		PolicyID string `json:"policy_id"`
		Version  int    `json:"version"`
	}
	if err := json.Unmarshal([]byte(out), &results); code != 0 || err != nil || len(results) != 8 {
		t.Fatalf("eval --json: %d %v\n%s", code, err, out)
	}
	for _, r := range results {
		if r.PolicyID == "grassroots-seed" && r.Version != 1 {
			t.Errorf("as of 2025 grassroots-seed is v%d, want v1", r.Version)
		}
	}

	bad := filepath.Join(policyTests, "bad-type.yaml")
	good := filepath.Join(policyTests, "valid-minimal.yaml")
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"eval", "--data", data, "--innovator", "99999"}, 4, "99999"},
		{[]string{"eval", "--data", data, "--innovator", "1", "--innovator-json", "x.json"}, 2, "not both"},
		{[]string{"publish", "--data", data, good}, 2, "--user is required"},
		{[]string{"publish", "--data", data, "--user", "applicant", good}, 6, "you are not allowed"},
		{[]string{"publish", "--data", data, "--user", "officer", bad, good}, 1, "bad-type.yaml:12:19: "},
		{[]string{"publish", "--data", data, "--user", "officer", good}, 0, "proposed\t" + good + "\tminimal v1\tapproval "},
	}
	for _, c := range cases {
		code, out, errs := runPolicyCLI(t, c.args...)
		if code != c.code || !strings.Contains(out+errs, c.want) {
			t.Errorf("policy %v: exit %d\n%s%s\nwant exit %d and %q", c.args, code, out, errs, c.code, c.want)
		}
	}
	// The publication waits for a second account (two-person rule); its proposer cannot approve it.
	code, out, errs = cli(t, "approval", "list", "--data", data, "--user", "admin")
	id := ""
	for _, line := range strings.Split(out, "\n") {
		if f := strings.Split(line, "\t"); len(f) > 2 && f[1] == "policy" && f[2] == "officer" {
			id = f[0]
		}
	}
	if code != 0 || id == "" {
		t.Fatalf("approval list: %d\n%s%s", code, out, errs)
	}
	cases = []struct {
		args []string
		code int
		want string
	}{
		{[]string{"approval", "approve", "--data", data, "--user", "officer", "--id", id}, 5, "officer took the first decision"},
		{[]string{"approval", "approve", "--data", data, "--user", "admin", "--id", id}, 0, "approved\t" + id + "\tpolicy"},
		{[]string{"policy", "publish", "--data", data, "--user", "officer", good}, 1, "already published"},
		{[]string{"policy", "eval", "--data", data, "--innovator", "1", "--as-of", "2026-03-01"}, 0, "minimal v1"},
	}
	for _, c := range cases {
		code, out, errs := cli(t, c.args...)
		if code != c.code || !strings.Contains(out+errs, c.want) {
			t.Errorf("%v: exit %d\n%s%s\nwant exit %d and %q", c.args, code, out, errs, c.code, c.want)
		}
	}
}
