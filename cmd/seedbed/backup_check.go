package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"seedbed/ledger"
	"seedbed/sqlstore"
)

// manifestFile is the name of a backup's manifest.
const manifestFile = "backup.json"

// backupManifest says what a backup holds and what was checked when it was taken: each file's
// size and SHA-256 (so that a damaged or altered copy is told from a sound one), the ledger's
// size and root, and the rows of the main tables.
type backupManifest struct {
	Format   int                   `json:"format"`
	Version  string                `json:"seedbed_version"`
	TakenAt  time.Time             `json:"taken_at"`
	Source   string                `json:"source"`
	Took     time.Duration         `json:"took_ns"`      // copy and checks
	CopyTook time.Duration         `json:"copy_took_ns"` // the copy alone: writes wait this long
	Files    map[string]backupFile `json:"files"`
	Check    copyCheck             `json:"check"`
}

type backupFile struct {
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// copyCheck is what checking a copy found.
type copyCheck struct {
	Integrity      string           `json:"integrity"` // "ok"
	LedgerEntries  uint64           `json:"ledger_entries"`
	LedgerRoot     string           `json:"ledger_root"`
	StateChecked   bool             `json:"state_reconciled"`
	StateRows      int              `json:"state_rows_checked"`
	KeysFromBackup bool             `json:"keys_from_database,omitempty"`
	Counts         map[string]int64 `json:"counts"`
}

func (m *backupManifest) write(dir string) error {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	tmp := filepath.Join(dir, "."+manifestFile)
	if err := os.WriteFile(tmp, append(b, '\n'), 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(dir, manifestFile))
}

func readManifest(dir string) (*backupManifest, error) {
	b, err := os.ReadFile(filepath.Join(dir, manifestFile))
	if err != nil {
		return nil, err
	}
	var m backupManifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", manifestFile, err)
	}
	if m.Format != 1 || m.Files[dbFile].SHA256 == "" {
		return nil, fmt.Errorf("%s: not a manifest this version reads", manifestFile)
	}
	return &m, nil
}

// hashFiles returns the size and SHA-256 of the database and key files in dir.
func hashFiles(dir string) (map[string]backupFile, error) {
	files := map[string]backupFile{}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		if e.IsDir() || e.Name() != dbFile && filepath.Ext(e.Name()) != ".pem" {
			continue
		}
		f, err := hashFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		files[e.Name()] = f
	}
	if _, ok := files[dbFile]; !ok {
		return nil, fmt.Errorf("%s holds no %s", dir, dbFile)
	}
	return files, nil
}

func hashFile(path string) (backupFile, error) {
	f, err := os.Open(path)
	if err != nil {
		return backupFile{}, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return backupFile{}, err
	}
	return backupFile{Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// errBackupBad says that a backup is damaged or does not verify; its message names the problems.
type errBackupBad struct{ problems []string }

func (e errBackupBad) Error() string {
	return "the backup does not verify / 备份未通过校验:\n  " + strings.Join(e.problems, "\n  ")
}

// checkFiles compares the files of a backup folder with its manifest.
func checkFiles(dir string, m *backupManifest) error {
	var problems []string
	names := make([]string, 0, len(m.Files))
	for name := range m.Files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		want := m.Files[name]
		got, err := hashFile(filepath.Join(dir, name))
		switch {
		case errors.Is(err, fs.ErrNotExist):
			problems = append(problems, name+": missing")
		case err != nil:
			return err
		case got.Size != want.Size:
			problems = append(problems, fmt.Sprintf("%s: %d bytes, the manifest says %d (truncated or altered)", name, got.Size, want.Size))
		case got.SHA256 != want.SHA256:
			problems = append(problems, fmt.Sprintf("%s: SHA-256 %s, the manifest says %s (damaged or altered)", name, got.SHA256, want.SHA256))
		}
	}
	if len(problems) > 0 {
		return errBackupBad{problems}
	}
	return nil
}

// checkCopy opens the database copy in dir read-only and checks it: SQLite's integrity check,
// then the ledger recomputed with its events and the state tables reconciled with it, trusting
// the ledger key file of the copy when there is one. It fills m.Check, or returns errBackupBad.
// A copy taken by an older version, whose schema is behind this version's, is checked for
// integrity as it is, then copied to a temporary folder and brought up to date there (as a
// restore would be when it is opened) for the ledger and the state; the backup is not changed.
func checkCopy(ctx context.Context, dir string, m *backupManifest) error {
	store, err := sqlstore.Open(ctx, sqlstore.Options{DataDir: dir, ReadOnly: true})
	if err != nil {
		return err
	}
	defer func() { store.Close() }()
	problems, err := store.IntegrityCheck(ctx)
	if err != nil {
		// A file too damaged to read at all is a bad backup, not an internal error.
		return errBackupBad{[]string{"SQLite integrity check: " + err.Error()}}
	}
	if len(problems) > 0 {
		if len(problems) > 10 {
			problems = append(problems[:10], fmt.Sprintf("… and %d more", len(problems)-10))
		}
		for i := range problems {
			problems[i] = "SQLite integrity check: " + problems[i]
		}
		return errBackupBad{problems}
	}
	behind, err := store.SchemaBehind(ctx)
	if err != nil {
		return errBackupBad{[]string{"schema version: " + err.Error()}}
	}
	if behind {
		store.Close()
		tmp, err := os.MkdirTemp("", "seedbed-check-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		if err := copyFile(filepath.Join(dir, dbFile), filepath.Join(tmp, dbFile), 0o600); err != nil {
			return err
		}
		if store, err = sqlstore.Open(ctx, sqlstore.Options{DataDir: tmp}); err != nil {
			return errBackupBad{[]string{"bringing an older backup's schema up to date: " + err.Error()}}
		}
	}
	var keys []ledger.Verifier
	if v, err := readKey(filepath.Join(dir, ledgerKeyFile)); err == nil {
		keys = append(keys, v)
	}
	rep, err := newApp(store).Ledger.Verify(ctx, ledger.StoreVerifyOptions{Keys: keys, LogKeys: true, Events: true, State: true})
	if err != nil {
		return errBackupBad{[]string{"ledger: " + err.Error()}}
	}
	if !rep.OK() {
		bad := []string{"ledger: " + rep.Summary("en")}
		for _, l := range rep.Store {
			bad = append(bad, l.En)
		}
		for _, s := range rep.State {
			bad = append(bad, s.Message().En)
		}
		return errBackupBad{bad}
	}
	counts, err := store.TableCounts(ctx)
	if err != nil {
		return errBackupBad{[]string{err.Error()}}
	}
	m.Check = copyCheck{Integrity: "ok", LedgerEntries: rep.Entries, LedgerRoot: rep.Root.String(), StateChecked: true,
		StateRows: rep.StateRows, KeysFromBackup: rep.KeysFromDatabase, Counts: counts}
	return nil
}

// printCheck says what checking a copy found.
func printCheck(w io.Writer, m *backupManifest) {
	c := m.Check
	fmt.Fprintf(w, "verified: SQLite integrity check ok; ledger intact (%d entries, root %s); %d state rows reconciled with the ledger\n",
		c.LedgerEntries, c.LedgerRoot, c.StateRows)
	fmt.Fprintf(w, "已校验：SQLite 完整性检查通过；账本完好（%d 个条目）；%d 行状态与账本一致\n", c.LedgerEntries, c.StateRows)
	if c.KeysFromBackup {
		fmt.Fprintln(w, "note: no ledger key file in the backup; the heads were checked with the keys stored in the database")
	}
	var parts []string
	for _, t := range sqlstore.BackupTables {
		parts = append(parts, fmt.Sprintf("%s %d", t, c.Counts[t]))
	}
	fmt.Fprintf(w, "holds: %s\n", strings.Join(parts, ", "))
}
