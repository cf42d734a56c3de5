package app

import (
	"sync"
	"testing"

	"seedbed"

	"seedbed/sqlstore"
	"seedbed/sqlstore/storetest"
)

// fixtureOptions keep the two-person rule on money, and switch off the other two-person rules,
// in the tests of the features beneath them; approval_test.go runs with every rule on, as a
// deployment does.
var fixtureOptions = Options{TwoPerson: seedbed.TwoPersonRules{Off: []string{seedbed.TwoPersonMilestone, seedbed.TwoPersonFlag,
	seedbed.TwoPersonPolicy, seedbed.TwoPersonProcedure, seedbed.TwoPersonSelection, seedbed.TwoPersonEligibility}}}

// forEachApp runs body against an App over SQLite and, when SEEDBED_TEST_POSTGRES is set,
// over PostgreSQL.
func forEachApp(t *testing.T, body func(t *testing.T, a *App)) {
	t.Helper()
	storetest.ForEach(t, func(t *testing.T, s *sqlstore.Store) { body(t, New(s, fixtureOptions)) })
}

// atOnce makes n calls at the same moment, each on its own goroutine, and returns their errors
// by call: the tests of what concurrent writers must not break.
func atOnce(n int, call func(i int) error) []error {
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = call(i)
		}()
	}
	wg.Wait()
	return errs
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
