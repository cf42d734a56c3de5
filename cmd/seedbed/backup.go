package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

func runBackup(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var db dbFlags
	var out string
	fs := newFlagSet("backup", "backup --out DIR [flags]",
		"Writes a consistent copy of the SQLite database (taken while the server runs) and the data folder's\nkey files into DIR. To restore, stop the server and use DIR as the --data folder.\nFor PostgreSQL use pg_dump; see docs/operations.md.", stderr)
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
	if entries, err := os.ReadDir(out); err == nil && len(entries) > 0 {
		return fmt.Errorf("%s is not empty", out)
	}
	if err := os.MkdirAll(out, 0o700); err != nil {
		return err
	}
	store, err := db.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	target := filepath.Join(out, "seedbed.db")
	if err := store.Backup(ctx, target); err != nil {
		return err
	}
	// Key files (the ledger's signing key and the like) live beside the database.
	entries, err := os.ReadDir(db.data)
	if err != nil {
		return err
	}
	copied := 0
	for _, e := range entries {
		if e.IsDir() || filepath.Ext(e.Name()) != ".pem" {
			continue
		}
		b, err := os.ReadFile(filepath.Join(db.data, e.Name()))
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(out, e.Name()), b, 0o600); err != nil {
			return err
		}
		copied++
	}
	fmt.Fprintf(stdout, "backup written to %s (database and %d key files)\n", out, copied)
	return nil
}
