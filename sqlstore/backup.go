package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
)

// Backup writes a consistent copy of the SQLite database to path while it stays in use
// (VACUUM INTO). PostgreSQL is backed up with its own tools.
func (s *Store) Backup(ctx context.Context, path string) error {
	if s.dialect != SQLite {
		return fmt.Errorf("backup: use pg_dump for PostgreSQL")
	}
	_, err := s.write.ExecContext(ctx, `VACUUM INTO $1`, path)
	return err
}

// openReadOnly opens the SQLite file at path immutable (no locks, no journal, no write-ahead
// log: it must not change while open) and read-only, without migrations.
func openReadOnly(s *Store, path string) (*Store, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("open sqlite: %w", err)
	}
	u := url.URL{Scheme: "file", OmitHost: true, Path: path, RawQuery: "mode=ro&immutable=1&_pragma=query_only(1)"}
	db, err := sql.Open("sqlite", u.String())
	if err != nil {
		return nil, fmt.Errorf("open sqlite: %w", err)
	}
	db.SetMaxOpenConns(4)
	s.dialect, s.write, s.read, s.Path = SQLite, db, db, path
	return s, nil
}

// IntegrityCheck runs SQLite's integrity check over the whole file and returns the problems it
// names (none when the file is sound). PostgreSQL keeps its own checks: none are returned.
func (s *Store) IntegrityCheck(ctx context.Context) ([]string, error) {
	if s.dialect != SQLite {
		return nil, nil
	}
	rows, err := s.read.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return nil, err
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	return problems, rows.Err()
}

// BackupTables are the tables whose row counts a backup reports: what a restore brings back.
var BackupTables = []string{"innovators", "users", "programs", "applications", "awards", "award_tranches",
	"observations", "decision_events", "ledger_entries", "audit_log"}

// TableCounts returns the number of rows of each of BackupTables.
func (s *Store) TableCounts(ctx context.Context) (map[string]int64, error) {
	counts := map[string]int64{}
	for _, t := range BackupTables {
		var n int64
		// t comes from the fixed list above, never from input.
		if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM `+t).Scan(&n); err != nil {
			return nil, fmt.Errorf("count %s: %w", t, err)
		}
		counts[t] = n
	}
	return counts, nil
}
