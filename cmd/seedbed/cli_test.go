package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"seedbed/sqlstore"
)

// cli runs the seedbed command line in-process and returns its exit code and output.
func cli(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestHelpAndVersion(t *testing.T) {
	if code, out, _ := cli(t, "--help"); code != 0 || !strings.Contains(out, "serve") || !strings.Contains(out, "token") {
		t.Fatalf("--help: %d %q", code, out)
	}
	for _, c := range []string{"serve", "demo", "backup", "version"} {
		if code, _, errOut := cli(t, c, "--help"); code != 0 || !strings.Contains(errOut, "Usage: seedbed "+c) {
			t.Errorf("%s --help: %d %q", c, code, errOut)
		}
	}
	if code, out, _ := cli(t, "version"); code != 0 || !strings.HasPrefix(out, "seedbed ") {
		t.Fatalf("version: %d %q", code, out)
	}
	if code, _, errOut := cli(t, "frobnicate"); code != 2 || !strings.Contains(errOut, "unknown command") {
		t.Fatalf("unknown command: %d %q", code, errOut)
	}
	if code, _, _ := cli(t, "serve", "--no-such-flag"); code != 2 {
		t.Fatalf("bad flag: exit %d, want 2", code)
	}
}

func TestUserTokenImportExportBackup(t *testing.T) {
	data := t.TempDir()
	t.Setenv("SEEDBED_PASSWORD", "a long password 1")
	if code, out, errOut := cli(t, "user", "add", "--data", data, "--user", "wang", "--role", "officer", "--name", "王主管"); code != 0 || !strings.Contains(out, "created user wang") {
		t.Fatalf("user add: %d %q %q", code, out, errOut)
	}
	if code, _, errOut := cli(t, "user", "add", "--data", data, "--user", "li", "--role", "boss"); code != 3 || !strings.Contains(errOut, "role") {
		t.Fatalf("user add with a bad role: %d %q", code, errOut)
	}
	code, tok, _ := cli(t, "token", "create", "--data", data, "--user", "wang")
	if code != 0 || !strings.HasPrefix(tok, "sbt_") {
		t.Fatalf("token create: %d %q", code, tok)
	}
	if code, _, errOut := cli(t, "token", "create", "--data", data, "--user", "nobody"); code != 4 || !strings.Contains(errOut, "nobody") {
		t.Fatalf("token for an unknown user: %d %q", code, errOut)
	}

	// A GBK file with one bad row writes nothing and names the line and column.
	gbk, _ := simplifiedchinese.GBK.NewEncoder().String("名称,主体类型,统一社会信用代码,所属行业,从业人员,营业收入（万元）\n" +
		"杭州甲智能科技有限公司,企业,91330100799655058B,软件和信息技术服务业,120,3000\n" +
		"乙团队,草根团队,,,,\n" +
		"丙公司,企业,91110000802100433C,工业,50,100\n")
	bad := filepath.Join(t.TempDir(), "bad.csv")
	os.WriteFile(bad, []byte(gbk), 0o644)
	code, _, errOut := cli(t, "import", "innovators", "--data", data, bad)
	if code != 3 || !strings.Contains(errOut, "bad.csv:4:3:") {
		t.Fatalf("import of a bad GBK file: %d %q", code, errOut)
	}
	// Fixed, it imports; the export imports back unchanged into a fresh folder.
	good := filepath.Join(t.TempDir(), "good.csv")
	fixed, _ := simplifiedchinese.GBK.NewEncoder().String(strings.Replace(
		"名称,主体类型,统一社会信用代码,所属行业,从业人员,营业收入（万元）\n杭州甲智能科技有限公司,企业,91330100799655058B,软件和信息技术服务业,120,3000\n乙团队,草根团队,,,,\n丙公司,企业,91110000802100433B,工业,50,100\n", "\n", "\r\n", -1))
	os.WriteFile(good, []byte(fixed), 0o644)
	if code, out, errOut := cli(t, "import", "innovators", "--data", data, good); code != 0 || !strings.Contains(out, "imported 3") {
		t.Fatalf("import: %d %q %q", code, out, errOut)
	}
	code, export1, _ := cli(t, "export", "innovators", "--data", data)
	if code != 0 || !strings.Contains(export1, "杭州甲智能科技有限公司") {
		t.Fatalf("export: %d %q", code, export1)
	}
	data2 := t.TempDir()
	file1 := filepath.Join(t.TempDir(), "export.csv")
	os.WriteFile(file1, []byte(export1), 0o644)
	if code, _, errOut := cli(t, "import", "innovators", "--data", data2, file1); code != 0 {
		t.Fatalf("re-import of the export: %d %q", code, errOut)
	}
	_, export2, _ := cli(t, "export", "innovators", "--data", data2)
	if export1 != export2 {
		t.Fatalf("round trip changed the data:\n%s\nvs\n%s", export1, export2)
	}

	// A folder that was never served has a ledger no head signs yet, which a backup refuses
	// to call verified; serving it once (as here, its set-up) signs it.
	backup := filepath.Join(t.TempDir(), "bk")
	if code, _, errOut := cli(t, "backup", "--data", data, "--out", backup); code != 1 || !strings.Contains(errOut, "covered by no signed head") {
		t.Fatalf("backup of a never-signed ledger: %d %q", code, errOut)
	}
	signLedger(t, data)
	backup = filepath.Join(t.TempDir(), "bk")
	if code, out, errOut := cli(t, "backup", "--data", data, "--out", backup); code != 0 || !strings.Contains(out, "backup written") || !strings.Contains(out, "verified:") {
		t.Fatalf("backup: %d %q %q", code, out, errOut)
	}
	s, err := sqlstore.Open(context.Background(), sqlstore.Options{DataDir: backup})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if n, _ := s.CountInnovators(context.Background()); n != 3 {
		t.Fatalf("the backup holds %d innovators, want 3", n)
	}
	if code, _, _ := cli(t, "backup", "--data", data, "--out", backup); code == 0 {
		t.Fatal("backup into a non-empty folder succeeded")
	}
}

// TestExitCodes runs real commands and checks that each kind of failure has its exit code, as
// `seedbed --help` documents.
func TestExitCodes(t *testing.T) {
	data := t.TempDir()
	t.Setenv("SEEDBED_PASSWORD", "a long password 1")
	bad := filepath.Join(t.TempDir(), "bad.csv")
	os.WriteFile(bad, []byte("名称,主体类型\n甲公司,不存在的类型\n"), 0o644)
	good := filepath.Join(t.TempDir(), "good.csv")
	os.WriteFile(good, []byte("名称,主体类型,统一社会信用代码\n甲公司,企业,91330100799655058B\n"), 0o644)
	if code, _, errOut := cli(t, "import", "innovators", "--data", data, good); code != 0 {
		t.Fatalf("import: %d %q", code, errOut)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "postgres://nobody@" + ln.Addr().String() + "/x?sslmode=disable"
	ln.Close()
	cases := []struct {
		name string
		args []string
		exit int
	}{
		{"help", []string{"--help"}, 0},
		{"database unreachable", []string{"export", "innovators", "--db", closed}, 7},
		{"no command", nil, 2},
		{"unknown flag", []string{"export", "innovators", "--data", data, "--no-such-flag"}, 2},
		{"unknown failure context", []string{"serve", "--data", data, "--addr", "127.0.0.1:0", "--failure-context", "shown"}, 2},
		{"unknown failure context, demo", []string{"demo", "--no-serve", "--data", t.TempDir(), "--size", "10", "--failure-context", "shown"}, 2},
		{"bad CSV", []string{"import", "innovators", "--data", data, bad}, 3},
		{"bad role", []string{"user", "add", "--data", data, "--user", "li", "--role", "boss"}, 3},
		{"unknown innovator", []string{"user", "add", "--data", data, "--user", "zhao", "--role", "applicant", "--innovator", "999"}, 4},
		{"unknown user", []string{"token", "create", "--data", data, "--user", "nobody"}, 4},
		{"credit code already registered", []string{"import", "innovators", "--data", data, good}, 5},
		{"missing CSV file", []string{"import", "innovators", "--data", data, filepath.Join(data, "none.csv")}, 1},
	}
	for _, c := range cases {
		if code, _, errOut := cli(t, c.args...); code != c.exit {
			t.Errorf("%s: exit %d, want %d (%q)", c.name, code, c.exit, errOut)
		}
	}
	if _, out, _ := cli(t, "--help"); !strings.Contains(out, "Exit codes:") || !strings.Contains(out, "4  not found") {
		t.Errorf("--help does not document the exit codes:\n%s", out)
	}
}

// signLedger does what a server's start does to the ledger of data: generate its key and sign.
func signLedger(t *testing.T, data string) {
	t.Helper()
	ctx := context.Background()
	store, err := sqlstore.Open(ctx, sqlstore.Options{DataDir: data})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	if err := setupLedger(ctx, store, data, ledgerFlags{alg: "ed25519"}, io.Discard); err != nil {
		t.Fatal(err)
	}
}
