package app

import (
	"context"

	"seedbed"
	"seedbed/sqlstore"
)

// Audit writes and reads the audit log.
type Audit struct {
	store *sqlstore.Store
}

// Record writes one entry on its own: a read of personal data, a refused or throttled attempt.
func (l *Audit) Record(ctx context.Context, e seedbed.AuditEntry) error {
	return l.store.Audit(ctx, e)
}

// Find returns one page of the audit log, newest first, and the number of matching entries.
func (l *Audit) Find(ctx context.Context, f seedbed.AuditFilter) ([]seedbed.AuditEntry, int, error) {
	return l.store.FindAudit(ctx, f)
}
