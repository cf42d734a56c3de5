package app

import "seedbed/sqlstore"

// Registry keeps the register of innovators: create, update, search, import and export.
type Registry struct {
	store *sqlstore.Store
}
