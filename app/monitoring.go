package app

import "seedbed/sqlstore"

// Monitoring keeps indicator series, complacency flags, outcomes and the impact figures computed from them.
type Monitoring struct {
	store *sqlstore.Store
}
