package app

import "seedbed/sqlstore"

// Lab runs and keeps ecosystem-lab simulations.
type Lab struct {
	store *sqlstore.Store
}
