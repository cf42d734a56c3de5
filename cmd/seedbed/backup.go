package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"seedbed/sqlstore"
)

func runBackup(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var db dbFlags
	var out string
	fs := newFlagSet("backup", "backup --out DIR [flags]",
		"Writes a consistent copy of the SQLite database (taken while the server runs) and the data folder's\n"+
			"key files into DIR, then checks the copy: SQLite's integrity check, the decision ledger recomputed and\n"+
			"the state tables reconciled with it. DIR/"+manifestFile+" records what was checked and each file's\n"+
			"SHA-256, which 'seedbed restore --from DIR' checks again. Exits non-zero when the copy does not verify.\n"+
			"For PostgreSQL use pg_dump; see docs/operations.md.", stderr)
	db.register(fs)
	fs.StringVar(&out, "out", "", "folder to write the backup into (must not exist or be empty)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if out == "" {
		return usageError{"--out is required"}
	}
	if db.db != "" {
		return usageError{"backup copies the SQLite data folder; back up PostgreSQL with pg_dump (docs/operations.md)"}
	}
	store, err := db.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	m, err := takeBackup(ctx, store, db.data, out)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backup written to %s (database %s, %d key files) in %s (copy %s, checks %s)\n", out, megabytes(m.Files[dbFile].Size),
		len(m.Files)-1, m.Took.Round(time.Millisecond), m.CopyTook.Round(time.Millisecond), (m.Took - m.CopyTook).Round(time.Millisecond))
	printCheck(stdout, m)
	return nil
}

// dbFile is the SQLite database's file name in a data folder and in a backup.
const dbFile = "seedbed.db"

// takeBackup copies the database of store and the key files of the data folder into out, checks
// the copy and writes its manifest. out must not exist or be empty. When the copy does not
// verify, the folder is left for inspection without a manifest and the error says why.
func takeBackup(ctx context.Context, store *sqlstore.Store, data, out string) (*backupManifest, error) {
	start := time.Now()
	if entries, err := os.ReadDir(out); err == nil && len(entries) > 0 {
		return nil, fmt.Errorf("%s is not empty", out)
	}
	if err := os.MkdirAll(out, 0o700); err != nil {
		return nil, err
	}
	if err := store.Backup(ctx, filepath.Join(out, dbFile)); err != nil {
		return nil, fmt.Errorf("copy the database: %w", err)
	}
	copied := time.Since(start)
	// Key files (the ledger's signing key and the like) live beside the database.
	entries, err := os.ReadDir(data)
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		if e.IsDir() || filepath.Ext(e.Name()) != ".pem" {
			continue
		}
		if err := copyFile(filepath.Join(data, e.Name()), filepath.Join(out, e.Name()), 0o600); err != nil {
			return nil, err
		}
	}
	m := &backupManifest{Format: 1, Version: version, TakenAt: time.Now().UTC(), Source: data, CopyTook: copied}
	if m.Files, err = hashFiles(out); err != nil {
		return nil, err
	}
	if err := checkCopy(ctx, out, m); err != nil {
		var bad errBackupBad
		if errors.As(err, &bad) {
			bad.problems = append(bad.problems, fmt.Sprintf("(the copy in %s has no %s: it is not a verified backup)", out, manifestFile))
			return nil, bad
		}
		return nil, err
	}
	m.Took = time.Since(start)
	return m, m.write(out)
}

// copyFile copies src to dst (created with mode) and flushes it to disk.
func copyFile(src, dst string, mode os.FileMode) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func megabytes(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/1e6) }
