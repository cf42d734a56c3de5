package web

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"seedbed"
	"seedbed/app"
	"seedbed/auth"
	"seedbed/sqlstore"
)

// fixtureOptions keep the two-person rule on money, and switch off the other two-person rules,
// in the tests of the features beneath them; approval_test.go runs with every rule on, as a
// deployment does.
var fixtureOptions = app.Options{TwoPerson: seedbed.TwoPersonRules{Off: []string{seedbed.TwoPersonMilestone, seedbed.TwoPersonFlag,
	seedbed.TwoPersonPolicy, seedbed.TwoPersonProcedure, seedbed.TwoPersonSelection, seedbed.TwoPersonEligibility}}}

// newTestServer builds the server as cmd/seedbed does, the use-case layer over a real store,
// with the fixtures' two-person rules.
func newTestServer(t testing.TB, store *sqlstore.Store) *Server {
	t.Helper()
	return newTestServerWith(t, store, fixtureOptions)
}

// newTestServerWith builds the server with the use-case layer's options.
func newTestServerWith(t testing.TB, store *sqlstore.Store, opts app.Options) *Server {
	t.Helper()
	// The tokens of the tests last an hour of their clock, so a draw's seed may come ten
	// minutes after its commitment instead of the default hour.
	opts.LotteryMinDelay = 10 * time.Minute
	a := app.New(store, opts)
	srv, err := New(Services{
		Registry: a.Registry, Accounts: a.Accounts, Audit: a.Audit, Policies: a.Policies, Programs: a.Programs,
		Reviews: a.Reviews, Monitoring: a.Monitoring, Ledger: a.Ledger, Exemptions: a.Exemptions, Lab: a.Lab,
		System: a.System, Ecosystem: a.Ecosystem, Notices: a.Notices, Approvals: a.Approvals, Consultations: a.Consultations, Persons: a.Persons, Culture: a.Culture, Inbox: a.Inbox,
		RiskFilings: a.RiskFilings,
	}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	return srv
}

// testApp returns the use cases over store, through which fixtures create what they need.
func testApp(store *sqlstore.Store) *app.App { return app.New(store, app.Options{}) }

// testSession opens a session for a user straight in the store, as a sign-in would, without
// paying for a password check, and returns its secret.
func testSession(ctx context.Context, store *sqlstore.Store, u *seedbed.User) (string, error) {
	secret, hash, err := auth.NewSecret("sbs_")
	if err != nil {
		return "", err
	}
	err = store.InTx(ctx, func(tx *sqlstore.Tx) error { return tx.InsertSession(ctx, u.ID, hash, time.Hour, "127.0.0.1", false) })
	return secret, err
}
