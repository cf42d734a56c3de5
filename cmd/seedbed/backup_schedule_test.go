package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"seedbed/sqlstore"
)

// TestScheduledBackups serves a data folder with a backup every 300 ms keeping two, and checks
// that backups are taken and verified, that only the newest two verified ones are kept, and that
// a folder the schedule did not make (or one without a manifest) is never deleted.
func TestScheduledBackups(t *testing.T) {
	data := backupSource(t)
	dir := t.TempDir()
	// Not the schedule's: a folder of the operator's, and an unverified copy (no manifest).
	os.MkdirAll(filepath.Join(dir, "keep-me"), 0o700)
	unverified := filepath.Join(dir, "seedbed-20200101T000000.000Z")
	os.MkdirAll(unverified, 0o700)
	os.WriteFile(filepath.Join(unverified, dbFile), []byte("not a database"), 0o600)

	ctx, cancel := context.WithCancel(context.Background())
	store, err := sqlstore.Open(ctx, sqlstore.Options{DataDir: data})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	f := serveFlags{dbFlags: dbFlags{data: data}, addr: "127.0.0.1:0", backup: backupSchedule{every: 300 * time.Millisecond, dir: dir, keep: 2}}
	var out, logs lockedBuffer
	done := make(chan error, 1)
	go func() { done <- serve(ctx, store, f, &out, &logs, nil) }()
	deadline := time.Now().Add(60 * time.Second)
	for strings.Count(logs.String(), "old backup deleted") < 2 && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	log := logs.String()
	if n := strings.Count(log, "scheduled backup taken and verified"); n < 4 {
		t.Fatalf("%d backups taken:\n%s", n, log)
	}
	entries, _ := os.ReadDir(dir)
	var kept []string
	for _, e := range entries {
		if _, err := readManifest(filepath.Join(dir, e.Name())); err == nil {
			kept = append(kept, e.Name())
			if code, out, errOut := cli(t, "restore", "--from", filepath.Join(dir, e.Name()), "--data", t.TempDir(), "--dry-run"); code != 0 {
				t.Errorf("kept backup %s does not check: %d %q %q", e.Name(), code, out, errOut)
			}
		}
	}
	if len(kept) != 2 {
		t.Fatalf("kept %v, want the newest 2; log:\n%s", kept, log)
	}
	for _, other := range []string{"keep-me", filepath.Base(unverified)} {
		if _, err := os.Stat(filepath.Join(dir, other)); err != nil {
			t.Errorf("%s was deleted: %v", other, err)
		}
	}
	if strings.Contains(log, "scheduled backup failed") {
		t.Errorf("a scheduled backup failed:\n%s", log)
	}
}

func TestScheduledBackupFlags(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--backup-every", "1h"}, "--backup-every needs --backup-dir"},
		{[]string{"--backup-every", "1h", "--backup-dir", "x", "--backup-keep", "0"}, "--backup-keep must be at least 1"},
		{[]string{"--backup-every", "1h", "--backup-dir", "x", "--db", "postgres://x@127.0.0.1/x"}, "pg_dump"},
	} {
		code, _, errOut := cli(t, append([]string{"serve", "--data", t.TempDir()}, c.args...)...)
		if code != 2 || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: %d %q", c.args, code, errOut)
		}
	}
}
