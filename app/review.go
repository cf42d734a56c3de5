package app

import "seedbed/sqlstore"

// Reviews assigns reviewers, records declarations and scores, normalises them, and selects (ranking, threshold, lottery).
type Reviews struct {
	store *sqlstore.Store
}
