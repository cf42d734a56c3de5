package app

import "seedbed/sqlstore"

// Ledger reads, verifies and exports the decision ledger.
type Ledger struct {
	store *sqlstore.Store
}
