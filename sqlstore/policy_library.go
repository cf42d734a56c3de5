package sqlstore

import (
	"context"
	"database/sql"
)

// PolicyLibraryVersion is the published library's version: a counter that every change to the
// published versions moves on (LockPolicyLibrary), from any process, so that a reader holding a
// compiled library knows when it is stale.
func (s *Store) PolicyLibraryVersion(ctx context.Context) (int64, error) {
	var v int64
	err := s.read.QueryRowContext(ctx, `SELECT version FROM policy_library_version WHERE id = 1`).Scan(&v)
	return v, err
}

// EachPublishedPolicy calls fn with the file name and source of every published version, by
// policy id and version, and returns the library version they make up: both are read in one
// snapshot.
func (s *Store) EachPublishedPolicy(ctx context.Context, fn func(file, src string) error) (int64, error) {
	tx, err := s.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	var v int64
	if err := tx.QueryRowContext(ctx, `SELECT version FROM policy_library_version WHERE id = 1`).Scan(&v); err != nil {
		return 0, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT file_name, source FROM policy_versions WHERE status = 'published' ORDER BY policy_id, version`)
	if err != nil {
		return 0, err
	}
	if err := eachSource(rows, fn); err != nil {
		return 0, err
	}
	return v, nil
}
