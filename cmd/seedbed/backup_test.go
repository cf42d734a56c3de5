package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"seedbed/sqlstore"
)

// backupSource is a data folder with the demo's programs (awards, tranches, a lottery, decision
// events) and a ledger key file.
func backupSource(t *testing.T) string {
	t.Helper()
	dir := demoProgramsStore(t)
	ctx := context.Background()
	store, err := sqlstore.Open(ctx, sqlstore.Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	if err := setupLedger(ctx, store, dir, ledgerFlags{alg: "ed25519"}, io.Discard); err != nil {
		t.Fatal(err)
	}
	return dir
}

func fileHash(t *testing.T, path string) string {
	t.Helper()
	f, err := hashFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return f.SHA256
}

// TestBackupVerifiesAndRestores takes a backup, which checks its copy and says so; restores it
// as a dry run (which changes nothing), refuses to restore over a database without --replace,
// restores with it (moving the old database aside), and the restored folder verifies.
func TestBackupVerifiesAndRestores(t *testing.T) {
	src := backupSource(t)
	bk := filepath.Join(t.TempDir(), "bk")
	code, out, errOut := cli(t, "backup", "--data", src, "--out", bk)
	if code != 0 || !strings.Contains(out, "verified: SQLite integrity check ok; ledger intact (") ||
		!strings.Contains(out, "state rows reconciled with the ledger") || !strings.Contains(out, "awards ") {
		t.Fatalf("backup: %d %q %q", code, out, errOut)
	}
	m, err := readManifest(bk)
	if err != nil {
		t.Fatal(err)
	}
	if m.Files[dbFile].SHA256 != fileHash(t, filepath.Join(bk, dbFile)) || m.Files[ledgerKeyFile].SHA256 == "" ||
		m.Check.Integrity != "ok" || !m.Check.StateChecked || m.Check.Counts["awards"] == 0 || m.Check.LedgerEntries == 0 {
		t.Fatalf("manifest: %+v", m)
	}

	// A dry run over a folder that has a database reports and changes nothing.
	target := backupSource(t)
	before := fileHash(t, filepath.Join(target, dbFile))
	code, out, errOut = cli(t, "restore", "--from", bk, "--data", target, "--dry-run")
	if code != 0 || !strings.Contains(out, "would restore seedbed.db") || !strings.Contains(out, "dry run: nothing changed") ||
		!strings.Contains(out, "already holds a database") || !strings.Contains(out, "a restore would need --replace") {
		t.Fatalf("restore --dry-run: %d %q %q", code, out, errOut)
	}
	if after := fileHash(t, filepath.Join(target, dbFile)); after != before {
		t.Fatal("a dry run changed the data folder")
	}
	if fileHash(t, filepath.Join(bk, dbFile)) != m.Files[dbFile].SHA256 {
		t.Fatal("checking the backup changed it")
	}
	if code, _, errOut := cli(t, "restore", "--from", bk, "--data", target); code != 5 || !strings.Contains(errOut, "--replace") {
		t.Fatalf("restore over a database without --replace: %d %q", code, errOut)
	}
	if after := fileHash(t, filepath.Join(target, dbFile)); after != before {
		t.Fatal("a refused restore changed the data folder")
	}
	code, out, errOut = cli(t, "restore", "--from", bk, "--data", target, "--replace")
	if code != 0 || !strings.Contains(out, "restored into") || !strings.Contains(out, "moved the previous database") {
		t.Fatalf("restore --replace: %d %q %q", code, out, errOut)
	}
	if fileHash(t, filepath.Join(target, dbFile)) != m.Files[dbFile].SHA256 {
		t.Fatal("the restored database is not the backup's")
	}
	aside, _ := filepath.Glob(filepath.Join(target, "replaced-*", dbFile))
	if len(aside) != 1 || fileHash(t, aside[0]) != before {
		t.Fatalf("the previous database was not kept aside: %v", aside)
	}
	if code, out, errOut := cli(t, "ledger", "verify", "--data", target); code != 0 {
		t.Fatalf("ledger verify of the restored folder: %d %q %q", code, out, errOut)
	}

	// Into an empty folder no --replace is needed.
	fresh := filepath.Join(t.TempDir(), "fresh")
	if code, out, errOut := cli(t, "restore", "--from", bk, "--data", fresh); code != 0 || !strings.Contains(out, "restored into") {
		t.Fatalf("restore into a new folder: %d %q %q", code, out, errOut)
	}
	if _, err := os.Stat(filepath.Join(fresh, ledgerKeyFile)); err != nil {
		t.Fatalf("the key file was not restored: %v", err)
	}
}

// TestRestoreRefusesDamagedBackup damages a good backup in several ways; each is refused with a
// message naming what is wrong, even as a dry run, and nothing is written.
func TestRestoreRefusesDamagedBackup(t *testing.T) {
	src := backupSource(t)
	good := filepath.Join(t.TempDir(), "good")
	if code, _, errOut := cli(t, "backup", "--data", src, "--out", good); code != 0 {
		t.Fatalf("backup: %d %q", code, errOut)
	}
	ctx := context.Background()
	cases := []struct {
		name   string
		damage func(t *testing.T, dir string)
		want   string
	}{
		{"bytes overwritten", func(t *testing.T, dir string) {
			f, err := os.OpenFile(filepath.Join(dir, dbFile), os.O_WRONLY, 0)
			if err != nil {
				t.Fatal(err)
			}
			f.WriteAt([]byte("XXXX"), 200000)
			f.Close()
		}, "seedbed.db: SHA-256"},
		{"truncated, without a manifest", func(t *testing.T, dir string) {
			os.Remove(filepath.Join(dir, manifestFile))
			fi, _ := os.Stat(filepath.Join(dir, dbFile))
			os.Truncate(filepath.Join(dir, dbFile), fi.Size()/2)
		}, "SQLite integrity check"},
		{"key file missing", func(t *testing.T, dir string) {
			os.Remove(filepath.Join(dir, ledgerKeyFile))
		}, "ledger-key.pem: missing"},
		{"an award altered and the manifest rewritten to match", func(t *testing.T, dir string) {
			s, err := sqlstore.Open(ctx, sqlstore.Options{DataDir: dir})
			if err != nil {
				t.Fatal(err)
			}
			if err := s.ExecForTest(ctx, `UPDATE awards SET amount = 9999999 WHERE id = (SELECT MIN(id) FROM awards)`); err != nil {
				t.Fatal(err)
			}
			s.Close()
			m, err := readManifest(dir)
			if err != nil {
				t.Fatal(err)
			}
			if m.Files, err = hashFiles(dir); err != nil {
				t.Fatal(err)
			}
			m.write(dir)
		}, "table awards, row"},
		{"a manifest that is not JSON", func(t *testing.T, dir string) {
			os.WriteFile(filepath.Join(dir, manifestFile), []byte("{"), 0o600)
		}, "backup.json"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			bad := filepath.Join(t.TempDir(), "bad")
			copyDir(t, good, bad)
			c.damage(t, bad)
			target := filepath.Join(t.TempDir(), "target")
			for _, dry := range []bool{true, false} {
				args := []string{"restore", "--from", bad, "--data", target}
				if dry {
					args = append(args, "--dry-run")
				}
				code, out, errOut := cli(t, args...)
				if code == 0 || !strings.Contains(errOut, "the backup does not verify") || !strings.Contains(errOut, c.want) {
					t.Fatalf("dry run %v: %d %q %q", dry, code, out, errOut)
				}
			}
			if _, err := os.Stat(target); !os.IsNotExist(err) {
				t.Fatalf("a refused restore created the data folder: %v", err)
			}
		})
	}
}

// TestBackupRefusesUnverifiedSource: a backup of a database whose state no longer matches its
// ledger fails, names the row, and writes no manifest.
func TestBackupRefusesUnverifiedSource(t *testing.T) {
	src := backupSource(t)
	ctx := context.Background()
	s, err := sqlstore.Open(ctx, sqlstore.Options{DataDir: src})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.ExecForTest(ctx, `UPDATE awards SET amount = 9999999 WHERE id = (SELECT MIN(id) FROM awards)`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	bk := filepath.Join(t.TempDir(), "bk")
	code, out, errOut := cli(t, "backup", "--data", src, "--out", bk)
	if code != 1 || !strings.Contains(errOut, "table awards, row") {
		t.Fatalf("backup of a tampered database: %d %q %q", code, out, errOut)
	}
	if _, err := os.Stat(filepath.Join(bk, manifestFile)); !os.IsNotExist(err) {
		t.Fatalf("an unverified backup has a manifest: %v", err)
	}
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	if err := os.MkdirAll(to, 0o700); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(from)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if err := copyFile(filepath.Join(from, e.Name()), filepath.Join(to, e.Name()), 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// TestOlderBackupIsChecked: a backup taken by an older version, whose schema is behind this
// version's, is checked (integrity as it is, the ledger and state on an updated copy) and
// restored, and checking it leaves it unchanged.
func TestOlderBackupIsChecked(t *testing.T) {
	src := backupSource(t)
	ctx := context.Background()
	store, err := sqlstore.Open(ctx, sqlstore.Options{DataDir: src})
	if err != nil {
		t.Fatal(err)
	}
	// The schema before the audit chain's positions (00031) and the slotted versions (00030).
	if err := store.MigrateDownForTest(ctx, 29); err != nil {
		t.Fatal(err)
	}
	store.Close()
	// An older version's backup: the database and the key file, without a manifest.
	bk := filepath.Join(t.TempDir(), "older")
	if err := os.MkdirAll(bk, 0o700); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{dbFile, ledgerKeyFile} {
		if err := copyFile(filepath.Join(src, name), filepath.Join(bk, name), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	before := fileHash(t, filepath.Join(bk, dbFile))
	fresh := filepath.Join(t.TempDir(), "fresh")
	code, out, errOut := cli(t, "restore", "--from", bk, "--data", fresh)
	if code != 0 || !strings.Contains(out, "restored into") {
		t.Fatalf("restore of an older backup: %d %q %q", code, out, errOut)
	}
	if fileHash(t, filepath.Join(bk, dbFile)) != before {
		t.Fatal("checking the older backup changed it")
	}
	if code, out, errOut := cli(t, "ledger", "verify", "--data", fresh); code != 0 {
		t.Fatalf("ledger verify of the restored older backup: %d %q %q", code, out, errOut)
	}
}
