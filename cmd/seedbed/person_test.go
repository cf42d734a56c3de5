package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPersonCommands imports a grassroots team and an enterprise with contact persons, exports
// the team's data, refuses to erase the enterprise as a person, erases the team and the
// enterprise's contact person, and checks that the ledger still verifies.
func TestPersonCommands(t *testing.T) {
	for _, c := range []string{"person export", "person erase"} {
		if code, _, errOut := cli(t, append(strings.Fields(c), "--help")...); code != 0 || !strings.Contains(errOut, "Usage: seedbed "+c) {
			t.Errorf("%s --help: %d %q", c, code, errOut)
		}
	}
	data := ledgerData(t)
	src := filepath.Join(t.TempDir(), "in.csv")
	os.WriteFile(src, []byte("名称,主体类型,统一社会信用代码,联系人,联系电话\n"+
		"张三的电池小组,草根团队,,张三,13911112222\n"+
		"杭州甲智能科技有限公司,企业,91330100799655058B,李四,13933334444\n"), 0o644)
	if code, _, errOut := cli(t, "import", "innovators", "--data", data, src); code != 0 {
		t.Fatalf("import: %d %s", code, errOut)
	}
	out := filepath.Join(t.TempDir(), "p.json")
	if code, _, errOut := cli(t, "person", "export", "--data", data, "--innovator", "1", "--out", out); code != 0 {
		t.Fatalf("export: %d %s", code, errOut)
	}
	var d struct {
		Innovator struct {
			Name         string `json:"name"`
			ContactPhone string `json:"contact_phone"`
		} `json:"innovator"`
	}
	b, _ := os.ReadFile(out)
	if err := json.Unmarshal(b, &d); err != nil || d.Innovator.Name != "张三的电池小组" || d.Innovator.ContactPhone != "13911112222" {
		t.Fatalf("export: %v %s", err, b)
	}
	if code, _, errOut := cli(t, "person", "erase", "--data", data, "--innovator", "2", "--scope", "person", "--reason", "申请 1"); code != 3 || !strings.Contains(errOut, "organisation") {
		t.Fatalf("erasing an enterprise as a person: %d %s", code, errOut)
	}
	if code, _, errOut := cli(t, "person", "erase", "--data", data, "--innovator", "1", "--scope", "person"); code != 3 || !strings.Contains(errOut, "reason") {
		t.Fatalf("erasure without a reason: %d %s", code, errOut)
	}
	for _, args := range [][]string{{"--innovator", "1", "--scope", "person"}, {"--innovator", "2", "--scope", "contact"}} {
		code, o, errOut := cli(t, append([]string{"person", "erase", "--data", data, "--reason", "本人书面申请 2026-017"}, args...)...)
		if code != 0 || !strings.Contains(o, "erased") {
			t.Fatalf("erase %v: %d %s %s", args, code, o, errOut)
		}
	}
	code, o, _ := cli(t, "export", "innovators", "--data", data)
	if code != 0 || strings.Contains(o, "张三") || strings.Contains(o, "13911112222") || strings.Contains(o, "李四") || !strings.Contains(o, "杭州甲智能科技有限公司") {
		t.Fatalf("after erasure the registry still holds personal data, or lost the organisation: %d %s", code, o)
	}
	if code, o, errOut := cli(t, "ledger", "verify", "--data", data); code != 0 || !strings.Contains(o, "ledger intact") {
		t.Fatalf("ledger verify after erasure: %d %s %s", code, o, errOut)
	}
}
