package app

import "seedbed/sqlstore"

// Accounts manages user accounts, sessions and API tokens.
type Accounts struct {
	store *sqlstore.Store
}
