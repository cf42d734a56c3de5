package app

import "seedbed/sqlstore"

// Programs runs programs, applications, awards and tranches.
type Programs struct {
	store *sqlstore.Store
}
