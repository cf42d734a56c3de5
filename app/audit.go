package app

import "seedbed/sqlstore"

// Audit writes and reads the audit log.
type Audit struct {
	store *sqlstore.Store
}
