package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"

	"seedbed"
)

const personUsage = `usage: seedbed person export --innovator ID [--out FILE]
       seedbed person erase --innovator ID --scope person|contact --reason TEXT

A person's rights under the Personal Information Protection Law, exercised on their request:
  export  writes everything held about an individual, a team or an organisation's contact
          person as JSON (to --out, or standard output); recorded in the audit log
  erase   erases it where the law allows: scope person for an individual or a grassroots team,
          scope contact for an organisation's contact person; money, decisions and the ledger
          are kept, and "seedbed ledger verify" still passes`

func runPerson(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
		fmt.Fprintln(stdout, personUsage)
		return nil
	}
	if len(args) == 0 || (args[0] != "export" && args[0] != "erase") {
		return usageError{personUsage}
	}
	verb := args[0]
	var db dbFlags
	var lf ledgerFlags
	var id int64
	var out, scope, reason string
	fs := newFlagSet("person "+verb, "person "+verb+" --innovator ID [flags]", personUsage, stderr)
	db.register(fs)
	fs.Int64Var(&id, "innovator", 0, "the innovator's number")
	if verb == "export" {
		fs.StringVar(&out, "out", "", "the file to write (default: standard output)")
	} else {
		fs.StringVar(&lf.key, "ledger-key", env("ledger_key", ""), "the ledger's signing key (default DATA/"+ledgerKeyFile+" when it exists)")
		fs.StringVar(&scope, "scope", "", "person (an individual or a team) or contact (an organisation's contact person)")
		fs.StringVar(&reason, "reason", "", "the ground: the date and number of the person's request")
	}
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	if id <= 0 {
		return usageError{"--innovator is required"}
	}
	store, err := db.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	if verb == "export" {
		d, err := newApp(store).Persons.Export(ctx, seedbed.System, id)
		if err != nil {
			return err
		}
		b, err := json.MarshalIndent(d, "", "  ")
		if err != nil {
			return err
		}
		b = append(b, '\n')
		if out == "" {
			_, err = stdout.Write(b)
			return err
		}
		if err := os.WriteFile(out, b, 0o600); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s: %d applications, %d awards, %d decision events, %d audit entries\n",
			out, len(d.Applications), len(d.Awards), len(d.Events), len(d.Audit))
		return nil
	}
	if err := holdLedgerKey(ctx, store, db.data, lf); err != nil {
		return err
	}
	er, err := newApp(store).Persons.Erase(ctx, seedbed.System, id, scope, reason)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "innovator %s: erased (%s)\n", strconv.FormatInt(id, 10), er.Scope)
	keys := make([]string, 0, len(er.Erased))
	for k := range er.Erased {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(stdout, "  %s: %d\n", k, er.Erased[k])
	}
	for _, k := range er.Kept {
		fmt.Fprintf(stdout, "  kept: %s\n", k.En)
	}
	return nil
}
