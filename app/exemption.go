package app

import "seedbed/sqlstore"

// Exemptions keeps procedures, procedure records, honest failures and exemption cases.
type Exemptions struct {
	store *sqlstore.Store
}
