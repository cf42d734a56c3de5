package web

import (
	"io"
	"log/slog"
	"testing"
	"time"

	"seedbed/app"
	"seedbed/sqlstore"
)

// newTestServer builds the server as cmd/seedbed does: the use-case layer over a real store.
func newTestServer(t testing.TB, store *sqlstore.Store) *Server {
	t.Helper()
	// The tokens of the tests last an hour of their clock, so a draw's seed may come ten
	// minutes after its commitment instead of the default hour.
	a := app.New(store, app.Options{LotteryMinDelay: 10 * time.Minute})
	srv, err := New(Services{
		Registry: a.Registry, Accounts: a.Accounts, Audit: a.Audit, Policies: a.Policies, Programs: a.Programs,
		Reviews: a.Reviews, Monitoring: a.Monitoring, Ledger: a.Ledger, Exemptions: a.Exemptions, Lab: a.Lab,
		System: a.System, Ecosystem: a.Ecosystem, Notices: a.Notices,
	}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	return srv
}
