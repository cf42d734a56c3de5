package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"seedbed"
)

func runToken(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			fmt.Fprintln(stdout, "Usage: seedbed token create --user NAME [--name LABEL] [--ttl DURATION]")
			return nil
		}
		return usageError{"usage: seedbed token create --user NAME [--name LABEL] [--ttl 2160h]"}
	}
	var db dbFlags
	var user, name string
	var ttl time.Duration
	fs := newFlagSet("token create", "token create --user NAME [flags]",
		"Creates an API bearer token for a user and prints it once. Use it as 'Authorization: Bearer <token>'.\nIt works while the server runs.", stderr)
	db.register(fs)
	fs.StringVar(&user, "user", "", "the user the token acts as")
	fs.StringVar(&name, "name", "cli", "a label for the token")
	fs.DurationVar(&ttl, "ttl", 0, "lifetime, e.g. 720h; 0 means no expiry")
	if err := parse(fs, args[1:]); err != nil {
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
	secret, _, err := newApp(store).Accounts.CreateToken(ctx, seedbed.Actor{Username: "cli", Role: seedbed.RoleAdmin}, user, name, ttl)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, secret)
	return nil
}
