package main

import (
	"os"
	"strings"
	"testing"

	"seedbed/sqlstore/storetest"
)

// TestUserLifecycleCommands runs the account commands of the real command line on SQLite and
// PostgreSQL: names unique whatever their case, tokens listed and revoked, accounts disabled and
// enabled, passwords reset, sessions listed.
func TestUserLifecycleCommands(t *testing.T) {
	for _, c := range []string{"user disable", "user enable", "user password", "user sessions", "user totp-reset", "token revoke", "token list"} {
		args := append(strings.Fields(c), "--help")
		if code, _, errOut := cli(t, args...); code != 0 || !strings.Contains(errOut, "Usage: seedbed "+c) {
			t.Errorf("%s --help: %d %q", c, code, errOut)
		}
	}
	if code, out, _ := cli(t, "user", "--help"); code != 0 || !strings.Contains(out, "disable") {
		t.Errorf("user --help: %d %q", code, out)
	}
	engines := map[string]string{"sqlite": ""}
	if dsn := os.Getenv("SEEDBED_TEST_POSTGRES"); dsn != "" {
		engines["postgres"] = dsn
	}
	for name, dsn := range engines {
		t.Run(name, func(t *testing.T) {
			db := []string{"--data", t.TempDir()}
			if dsn != "" {
				db = []string{"--db", storetest.FreshSchema(t, dsn)}
			}
			run := func(args ...string) (int, string, string) { return cli(t, append(args, db...)...) }
			t.Setenv("SEEDBED_PASSWORD", "a long password 1")
			if code, _, errOut := run("user", "add", "--user", "wang", "--role", "officer"); code != 0 {
				t.Fatalf("user add: %d %s", code, errOut)
			}
			if code, _, errOut := run("user", "add", "--user", "WANG", "--role", "reviewer"); code != 3 || !strings.Contains(errOut, "username") {
				t.Fatalf("WANG beside wang: %d %s", code, errOut)
			}
			_, tok1, _ := run("token", "create", "--user", "wang", "--name", "one")
			_, tok2, _ := run("token", "create", "--user", "Wang", "--name", "two")
			if !strings.HasPrefix(tok1, "sbt_") || !strings.HasPrefix(tok2, "sbt_") {
				t.Fatalf("tokens: %q %q", tok1, tok2)
			}
			code, out, _ := run("token", "list", "--user", "wang")
			lines := strings.Split(strings.TrimSpace(out), "\n")
			if code != 0 || len(lines) != 2 || !strings.Contains(lines[0], "\ttwo\t") {
				t.Fatalf("token list: %d %q", code, out)
			}
			id := strings.Split(lines[0], "\t")[0]
			if code, out, errOut := run("token", "revoke", "--id", id); code != 0 || !strings.Contains(out, "revoked token "+id) {
				t.Fatalf("token revoke --id: %d %q %q", code, out, errOut)
			}
			if _, out, _ := run("token", "list", "--user", "wang"); strings.Contains(out, "\ttwo\t") || !strings.Contains(out, "\tone\t") {
				t.Fatalf("after revoking one: %q", out)
			}
			if code, out, _ := run("token", "revoke", "--user", "wang"); code != 0 || !strings.Contains(out, "revoked 1 tokens") {
				t.Fatalf("token revoke --user: %d %q", code, out)
			}
			if code, _, _ := run("token", "revoke", "--id", "999"); code != 4 {
				t.Fatalf("revoking an unknown token: exit %d, want 4", code)
			}
			if code, _, _ := run("token", "revoke"); code != 2 {
				t.Fatalf("token revoke without --id or --user: exit %d, want 2", code)
			}
			if code, out, _ := run("user", "disable", "--user", "wang"); code != 0 || out != "disabled user wang\n" {
				t.Fatalf("user disable: %d %q", code, out)
			}
			if code, _, _ := run("user", "disable", "--user", "nobody"); code != 4 {
				t.Fatalf("disabling an unknown user: exit %d, want 4", code)
			}
			if code, out, _ := run("user", "enable", "--user", "wang"); code != 0 || out != "enabled user wang\n" {
				t.Fatalf("user enable: %d %q", code, out)
			}
			t.Setenv("SEEDBED_PASSWORD", "short")
			if code, _, _ := run("user", "password", "--user", "wang"); code != 3 {
				t.Fatalf("a short password: exit %d, want 3", code)
			}
			t.Setenv("SEEDBED_PASSWORD", "another long one 2")
			if code, out, _ := run("user", "password", "--user", "wang"); code != 0 || !strings.Contains(out, "password of wang set") {
				t.Fatalf("user password: %d %q", code, out)
			}
			if code, out, _ := run("user", "sessions", "--user", "wang"); code != 0 || out != "" {
				t.Fatalf("user sessions: %d %q", code, out)
			}
			if code, out, _ := run("user", "totp-reset", "--user", "wang"); code != 0 || out != "second factor of wang removed\n" {
				t.Fatalf("user totp-reset: %d %q", code, out)
			}
		})
	}
}
