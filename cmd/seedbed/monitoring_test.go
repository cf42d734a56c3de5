package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"seedbed"
	"seedbed/sqlstore"
)

// TestMonitoringCLI imports indicator values from files (a bad row refuses the whole file; a GBK
// file imports) and recomputes the flags.
func TestMonitoringCLI(t *testing.T) {
	data := t.TempDir()
	store, err := sqlstore.Open(context.Background(), sqlstore.Options{DataDir: data})
	if err != nil {
		t.Fatal(err)
	}
	in := &seedbed.Innovator{Name: "命令行测试团队", Kind: seedbed.KindTeam, Field: "ai"}
	if err := newApp(store).Registry.CreateInnovator(context.Background(), seedbed.System, in); err != nil {
		t.Fatal(err)
	}
	store.Close()
	write := func(name string, b []byte) string {
		p := filepath.Join(t.TempDir(), name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	bad := write("bad.csv", []byte("主体ID,指标,期间,数值\n1,专利申请,2024Q1,2\n1,专利申请,2024Q2,-1\n1,研发投入,2999Q1,5\n"))
	code, out, errOut := cli(t, "monitoring", "import", "--data", data, bad)
	if code != 1 || !strings.Contains(errOut, "line 3") || !strings.Contains(errOut, "line 4") || !strings.Contains(errOut, "nothing was imported") {
		t.Fatalf("bad file: %d %q %q", code, out, errOut)
	}
	gbk, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte("主体ID,指标,期间,数值,单位\n1,专利申请,2024Q1,2,件\n1,研发投入,2024Q1,12.5,万元\n"))
	if err != nil {
		t.Fatal(err)
	}
	if code, out, errOut := cli(t, "monitoring", "import", "--data", data, write("gbk.csv", gbk)); code != 0 || !strings.Contains(out, "imported 2 values") {
		t.Fatalf("GBK file: %d %q %q", code, out, errOut)
	}
	if code, out, errOut := cli(t, "monitoring", "recompute", "--data", data); code != 0 || !strings.Contains(out, "1 innovators") || !strings.Contains(out, "0 flagged") {
		t.Fatalf("recompute: %d %q %q", code, out, errOut)
	}
	for _, args := range [][]string{{"monitoring"}, {"monitoring", "frobnicate"}, {"monitoring", "recompute", "--data", data, "--landmark", "100"},
		{"monitoring", "import", "--data", data}} {
		if code, _, _ := cli(t, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}
