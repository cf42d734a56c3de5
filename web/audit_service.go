package web

import (
	"context"

	"seedbed"
)

// AuditService is what the server asks of the audit log.
type AuditService interface {
	// Record writes one entry on its own (a read of personal data, a refused attempt).
	Record(ctx context.Context, e seedbed.AuditEntry) error
	// Find returns one page of entries, newest first, and how many match.
	Find(ctx context.Context, f seedbed.AuditFilter) ([]seedbed.AuditEntry, int, error)
}
