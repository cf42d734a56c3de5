package app

import (
	"testing"

	"seedbed/sqlstore"
	"seedbed/sqlstore/storetest"
)

// forEachApp runs body against an App over SQLite and, when SEEDBED_TEST_POSTGRES is set,
// over PostgreSQL.
func forEachApp(t *testing.T, body func(t *testing.T, a *App)) {
	t.Helper()
	storetest.ForEach(t, func(t *testing.T, s *sqlstore.Store) { body(t, New(s, Options{})) })
}

func TestNewWiresEveryService(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		if a.Registry == nil || a.Accounts == nil || a.Audit == nil || a.Policies == nil || a.Programs == nil ||
			a.Reviews == nil || a.Monitoring == nil || a.Ledger == nil || a.Exemptions == nil || a.Lab == nil {
			t.Fatalf("a service is missing: %+v", a)
		}
		if a.Store() == nil {
			t.Fatal("no store")
		}
	})
}
