package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"seedbed"
	"seedbed/sqlstore"
)

// runUserRole changes an account's role; the change is a ledger event with the old and the new
// role.
func runUserRole(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var db dbFlags
	var lf ledgerFlags
	var name, role string
	fs := newFlagSet("user role", "user role --user NAME --role ROLE",
		"Changes an account's role (admin, officer, reviewer, applicant or auditor). The change is recorded in the\ndecision ledger with the old and the new role, and in the audit log.", stderr)
	db.register(fs)
	fs.StringVar(&lf.key, "ledger-key", env("ledger_key", ""), "the ledger's signing key (default DATA/"+ledgerKeyFile+" when it exists)")
	fs.StringVar(&name, "user", "", "the user name")
	fs.StringVar(&role, "role", "", "the new role")
	if err := parse(fs, args); err != nil {
		return err
	}
	if name == "" || role == "" {
		return usageError{"--user and --role are required"}
	}
	store, err := db.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	if err := holdLedgerKey(ctx, store, db.data, lf); err != nil {
		return err
	}
	u, err := newApp(store).Accounts.SetRole(ctx, seedbed.System, name, role)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: %s\n", u.Username, u.Role)
	return nil
}

// holdLedgerKey gives the store the ledger's signing key when its file exists, so that the
// decisions a command records are signed at once; without it they are appended unsigned until
// the next signed append (a server's start) covers them. It never generates a key.
func holdLedgerKey(ctx context.Context, store *sqlstore.Store, data string, lf ledgerFlags) error {
	if _, err := os.Stat(lf.path(data)); err != nil {
		if lf.key != "" {
			return err
		}
		return nil
	}
	return setupLedger(ctx, store, data, lf, io.Discard)
}
