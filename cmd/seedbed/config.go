package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"seedbed/sqlstore"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

// env returns the SEEDBED_* environment variable for a flag name, or def.
func env(name, def string) string {
	if v, ok := os.LookupEnv("SEEDBED_" + strings.ToUpper(strings.ReplaceAll(name, "-", "_"))); ok {
		return v
	}
	return def
}

// dbFlags are the flags every command that opens the database shares.
type dbFlags struct {
	data    string
	db      string
	durable bool
}

func (d *dbFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&d.data, "data", env("data", "./seedbed-data"), "data folder holding the SQLite database and keys (env SEEDBED_DATA)")
	fs.StringVar(&d.db, "db", env("db", ""), "PostgreSQL URL (postgres://…) to use instead of SQLite (env SEEDBED_DB)")
	fs.BoolVar(&d.durable, "durable", env("durable", "") == "true",
		"SQLite: answer a write only once it is synced to disk, so that it survives a power cut, not only a crash of seedbed (env SEEDBED_DURABLE=true)")
}

func (d *dbFlags) open(ctx context.Context) (*sqlstore.Store, error) {
	opts := sqlstore.Options{DataDir: d.data, Durable: d.durable}
	if d.db != "" {
		if !strings.HasPrefix(d.db, "postgres://") && !strings.HasPrefix(d.db, "postgresql://") {
			return nil, usageError{"--db must be a postgres:// URL"}
		}
		opts.PostgresDSN = d.db
	}
	return sqlstore.Open(ctx, opts)
}

// newFlagSet makes a flag set whose --help prints the command's summary and flags.
func newFlagSet(name, usageLine, about string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: seedbed %s\n\n%s\n\nFlags (each also read from SEEDBED_<NAME> when not given):\n", usageLine, about)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags, turning bad flags into usage errors.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return err
		}
		return usageError{err.Error()}
	}
	return nil
}
