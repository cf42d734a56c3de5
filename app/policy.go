package app

import "seedbed/sqlstore"

// Policies publishes policy versions and checks eligibility against the policies in force.
type Policies struct {
	store *sqlstore.Store
}
