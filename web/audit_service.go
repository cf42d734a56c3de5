package web

// AuditService is what the server asks of the audit log.
type AuditService interface {
}
