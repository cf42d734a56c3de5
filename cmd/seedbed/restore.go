package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"time"

	"seedbed"
)

func runRestore(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var data, from string
	var dryRun, replace bool
	flags := newFlagSet("restore", "restore --from BACKUP [--data DIR] [--dry-run] [--replace]",
		"Checks a backup made by 'seedbed backup' (each file against its manifest's SHA-256, SQLite's integrity\n"+
			"check, the decision ledger recomputed and the state tables reconciled with it), says what it holds, and\n"+
			"copies it into the data folder. A damaged backup is refused and nothing changes. With --dry-run it only\n"+
			"checks and reports. A data folder that already holds a database is left alone unless --replace is given:\n"+
			"then its database and key files are moved into DIR/replaced-TIME/ first. Stop the server before\n"+
			"restoring. For PostgreSQL use pg_restore; see docs/operations.md.", stderr)
	flags.StringVar(&data, "data", env("data", "./seedbed-data"), "data folder to restore into (env SEEDBED_DATA)")
	flags.StringVar(&from, "from", "", "the backup folder")
	flags.BoolVar(&dryRun, "dry-run", false, "check the backup and say what would be restored; change nothing")
	flags.BoolVar(&replace, "replace", false, "move a database already in the data folder aside (into DIR/replaced-TIME/) and restore over it")
	if err := parse(flags, args); err != nil {
		return err
	}
	if from == "" {
		return usageError{"--from is required"}
	}
	start := time.Now()
	m, err := checkBackup(ctx, from)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backup %s taken %s by seedbed %s, checked in %s\n", from, m.TakenAt.Format(time.RFC3339), m.Version,
		time.Since(start).Round(time.Millisecond))
	printCheck(stdout, m)

	existing, err := os.Stat(filepath.Join(data, dbFile))
	hasDB := err == nil
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	names := make([]string, 0, len(m.Files))
	for name := range m.Files {
		names = append(names, name)
	}
	sort.Strings(names)
	aside := filepath.Join(data, "replaced-"+time.Now().UTC().Format("20060102T150405Z"))
	verb := "restores"
	if dryRun {
		verb = "would restore"
	}
	for _, name := range names {
		fmt.Fprintf(stdout, "%s %s (%s) into %s\n", verb, name, megabytes(m.Files[name].Size), data)
	}
	if hasDB {
		fmt.Fprintf(stdout, "%s already holds a database (%s, modified %s)\n", data, megabytes(existing.Size()), existing.ModTime().UTC().Format(time.RFC3339))
		if replace && dryRun {
			fmt.Fprintf(stdout, "would move it and the key files there into %s\n", aside)
		}
	}
	if dryRun {
		fmt.Fprintln(stdout, "dry run: nothing changed / 演练：未做任何改动")
		if hasDB && !replace {
			fmt.Fprintln(stdout, "a restore would need --replace")
		}
		return nil
	}
	if hasDB && !replace {
		return seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{
			Zh: "%s 已有数据库：请先停止服务，再加 --replace（原数据库将移至 replaced-时间 子目录）",
			En: "%s already holds a database: stop the server, then add --replace (the database there is moved into a replaced-TIME folder)"}, data)
	}
	if err := os.MkdirAll(data, 0o700); err != nil {
		return err
	}
	if hasDB {
		if err := moveAside(data, aside); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "moved the previous database and key files into %s\n", aside)
	}
	for _, name := range names {
		if err := restoreFile(from, data, name, m.Files[name]); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "restored into %s in %s; start the server with --data %s\n", data, time.Since(start).Round(time.Millisecond), data)
	return nil
}

// checkBackup checks a backup folder: its files against the manifest, then the database copy
// itself. A backup without a manifest (made by an older version) is checked by its content only.
func checkBackup(ctx context.Context, dir string) (*backupManifest, error) {
	m, err := readManifest(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if m, err = manifestOf(dir); err != nil {
			return nil, err
		}
	case err != nil:
		return nil, errBackupBad{[]string{err.Error()}}
	default:
		if err := checkFiles(dir, m); err != nil {
			return nil, err
		}
	}
	if err := checkCopy(ctx, dir, m); err != nil {
		return nil, err
	}
	return m, nil
}

// manifestOf describes a backup folder that has no manifest from its files.
func manifestOf(dir string) (*backupManifest, error) {
	files, err := hashFiles(dir)
	if err != nil {
		return nil, err
	}
	fi, _ := os.Stat(filepath.Join(dir, dbFile))
	return &backupManifest{Format: 1, Version: "(no manifest)", TakenAt: fi.ModTime().UTC(), Files: files}, nil
}

// moveAside moves the database (with its write-ahead log) and key files of data into aside.
func moveAside(data, aside string) error {
	if err := os.MkdirAll(aside, 0o700); err != nil {
		return err
	}
	entries, err := os.ReadDir(data)
	if err != nil {
		return err
	}
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || n != dbFile && n != dbFile+"-wal" && n != dbFile+"-shm" && filepath.Ext(n) != ".pem" {
			continue
		}
		if err := os.Rename(filepath.Join(data, n), filepath.Join(aside, n)); err != nil {
			return err
		}
	}
	return nil
}

// restoreFile copies one file of the backup into data through a temporary file, checks the
// copy's hash, and renames it into place.
func restoreFile(from, data, name string, want backupFile) error {
	mode := os.FileMode(0o600)
	if name == dbFile {
		mode = 0o644
	}
	tmp := filepath.Join(data, ".restore-"+name)
	os.Remove(tmp)
	if err := copyFile(filepath.Join(from, name), tmp, mode); err != nil {
		return err
	}
	got, err := hashFile(tmp)
	if err != nil {
		return err
	}
	if got != want {
		os.Remove(tmp)
		return fmt.Errorf("the copy of %s does not match the backup (SHA-256 %s, want %s)", name, got.SHA256, want.SHA256)
	}
	return os.Rename(tmp, filepath.Join(data, name))
}
