package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"time"
)

// tokenUsage lists the token subcommands.
const tokenUsage = `Usage: seedbed token COMMAND [flags]

Commands:
  create  --user NAME [--name LABEL] [--ttl DURATION]   create an API token and print it once
  list    --user NAME                                    list an account's tokens in force
  revoke  (--id ID | --user NAME)                        revoke one token, or every token of an account

Run 'seedbed token COMMAND --help' for the flags.`

func runToken(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
		fmt.Fprintln(stdout, tokenUsage)
		return nil
	}
	if len(args) == 0 {
		return usageError{tokenUsage}
	}
	switch args[0] {
	case "create":
		return runTokenCreate(ctx, args[1:], stdout, stderr)
	case "list":
		return runTokenList(ctx, args[1:], stdout, stderr)
	case "revoke":
		return runTokenRevoke(ctx, args[1:], stdout, stderr)
	}
	return usageError{"unknown token command " + strconv.Quote(args[0]) + "\n" + tokenUsage}
}

func runTokenCreate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var db dbFlags
	var user, name string
	var ttl time.Duration
	fs := newFlagSet("token create", "token create --user NAME [flags]",
		"Creates an API bearer token for a user and prints it once. Use it as 'Authorization: Bearer <token>'.\nIt works while the server runs.", stderr)
	db.register(fs)
	fs.StringVar(&user, "user", "", "the user the token acts as")
	fs.StringVar(&name, "name", "cli", "a label for the token")
	fs.DurationVar(&ttl, "ttl", 0, "lifetime, e.g. 720h; 0 means no expiry")
	if err := parse(fs, args); err != nil {
		return err
	}
	if user == "" {
		return usageError{"--user is required"}
	}
	if ttl < 0 {
		return usageError{"--ttl cannot be negative"}
	}
	store, err := db.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	secret, _, err := newApp(store).Accounts.CreateToken(ctx, cliActor, user, name, ttl)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, secret)
	return nil
}

func runTokenList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var db dbFlags
	var user string
	fs := newFlagSet("token list", "token list --user NAME [flags]",
		"Lists an account's API tokens in force (neither revoked nor expired): id, label, created, expires.", stderr)
	db.register(fs)
	fs.StringVar(&user, "user", "", "the account's user name")
	if err := parse(fs, args); err != nil {
		return err
	}
	if user == "" {
		return usageError{"--user is required"}
	}
	store, err := db.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	ts, err := newApp(store).Accounts.Tokens(ctx, cliActor, user)
	if err != nil {
		return err
	}
	for _, t := range ts {
		exp := "-"
		if t.ExpiresAt != nil {
			exp = t.ExpiresAt.Format(time.RFC3339)
		}
		fmt.Fprintf(stdout, "%d\t%s\t%s\t%s\n", t.ID, t.Name, t.CreatedAt.Format(time.RFC3339), exp)
	}
	return nil
}

func runTokenRevoke(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var db dbFlags
	var user string
	var id int64
	fs := newFlagSet("token revoke", "token revoke (--id ID | --user NAME) [flags]",
		"Revokes an API token (--id, as 'token list' shows it) or every token of an account (--user).\nA revoked token stops working at once, on every server. Audited.", stderr)
	db.register(fs)
	fs.Int64Var(&id, "id", 0, "the token's id")
	fs.StringVar(&user, "user", "", "revoke every token of this account")
	if err := parse(fs, args); err != nil {
		return err
	}
	if (id == 0) == (user == "") {
		return usageError{"give either --id or --user"}
	}
	store, err := db.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	a := newApp(store)
	if id != 0 {
		t, err := a.Accounts.RevokeToken(ctx, cliActor, id)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "revoked token %d (%s)\n", t.ID, t.Name)
		return nil
	}
	n, err := a.Accounts.RevokeTokens(ctx, cliActor, user)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "revoked %d tokens of %s\n", n, user)
	return nil
}
