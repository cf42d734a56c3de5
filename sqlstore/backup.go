package sqlstore

import (
	"context"
	"fmt"
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
