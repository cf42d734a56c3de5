package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"time"

	"seedbed/sqlstore"
)

// backupSchedule is serve's scheduled backup: every so often a checked backup into a folder of
// its own under dir, keeping the newest keep of them.
type backupSchedule struct {
	every time.Duration
	dir   string
	keep  int
}

func (b *backupSchedule) register(fs *flag.FlagSet) {
	keep, err := strconv.Atoi(env("backup_keep", "7"))
	if err != nil {
		keep = 7
	}
	fs.DurationVar(&b.every, "backup-every", envDuration("backup_every", 0), "take a checked backup this often, e.g. 24h or 6h; 0 for none (env SEEDBED_BACKUP_EVERY); SQLite only")
	fs.StringVar(&b.dir, "backup-dir", env("backup_dir", ""), "folder the scheduled backups go into, one seedbed-TIME folder each (env SEEDBED_BACKUP_DIR)")
	fs.IntVar(&b.keep, "backup-keep", keep, "how many verified scheduled backups to keep; older ones are deleted (env SEEDBED_BACKUP_KEEP)")
}

// check refuses a schedule that cannot work.
func (b backupSchedule) check(postgres bool) error {
	switch {
	case b.every == 0:
		return nil
	case b.every < 0:
		return usageError{"--backup-every must not be negative"}
	case postgres:
		return usageError{"--backup-every copies the SQLite database; back up PostgreSQL with pg_dump (docs/operations.md)"}
	case b.dir == "":
		return usageError{"--backup-every needs --backup-dir"}
	case b.keep < 1:
		return usageError{"--backup-keep must be at least 1"}
	}
	return nil
}

// scheduledName matches the folders the schedule makes, and only those are ever deleted.
var scheduledName = regexp.MustCompile(`^seedbed-\d{8}T\d{6}(\.\d+)?Z$`)

// backupEvery takes a backup every b.every until ctx ends, logging each result, and deletes
// the oldest verified scheduled backups beyond b.keep. A backup that does not verify is left
// without a manifest: it is logged as an error, never counted and never deleted.
func backupEvery(ctx context.Context, store *sqlstore.Store, data string, b backupSchedule, log *slog.Logger) {
	t := time.NewTicker(b.every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-t.C:
			out := filepath.Join(b.dir, "seedbed-"+now.UTC().Format("20060102T150405.000Z"))
			m, err := takeBackup(ctx, store, data, out)
			if err != nil {
				if ctx.Err() == nil {
					log.Error("scheduled backup failed", "dir", out, "err", err)
				}
				continue
			}
			log.Info("scheduled backup taken and verified", "dir", out, "took", m.Took.Round(time.Millisecond),
				"ledger_entries", m.Check.LedgerEntries, "innovators", m.Check.Counts["innovators"])
			removed, err := pruneBackups(b.dir, b.keep)
			if err != nil {
				log.Error("deleting old backups", "dir", b.dir, "err", err)
			}
			for _, r := range removed {
				log.Info("old backup deleted", "dir", r)
			}
		}
	}
}

// pruneBackups deletes the oldest verified scheduled backups in dir beyond keep and returns them.
func pruneBackups(dir string, keep int) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var verified []string
	for _, e := range entries {
		if !e.IsDir() || !scheduledName.MatchString(e.Name()) {
			continue
		}
		if _, err := readManifest(filepath.Join(dir, e.Name())); err == nil {
			verified = append(verified, e.Name())
		}
	}
	sort.Strings(verified) // the names are times, so this is oldest first
	var removed []string
	for len(verified) > keep {
		p := filepath.Join(dir, verified[0])
		if err := os.RemoveAll(p); err != nil {
			return removed, fmt.Errorf("delete %s: %w", p, err)
		}
		removed = append(removed, p)
		verified = verified[1:]
	}
	return removed, nil
}
