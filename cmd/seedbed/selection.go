package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"

	"seedbed"
)

// selectionUsage lists the selection subcommands.
const selectionUsage = `Usage: seedbed selection COMMAND [flags]

Commands:
  reopen      --program ID --user NAME --reason TEXT   ask for a program's selection to be made again
  reopenings  --program ID [--json]                    the selections a program's reopenings superseded

A selection is made again only through a reopening asked for with a written reason (10–2000
characters) and approved by a second officer ('seedbed approval approve'); the first result is
kept, in the ledger and in the reopenings, as superseded. Only a program in review, before its
decision and before its lottery is committed, can be reopened. The same as
POST /api/v1/programs/{id}/selection/reopen and GET /api/v1/programs/{id}/selection/reopenings;
--json prints the API's objects.`

func runSelection(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
		fmt.Fprintln(stdout, selectionUsage)
		return nil
	}
	if len(args) == 0 {
		return usageError{selectionUsage}
	}
	switch args[0] {
	case "reopen", "reopenings":
		return runSelectionCommand(ctx, args[0], args[1:], stdout, stderr)
	}
	return usageError{"unknown selection command " + strconv.Quote(args[0]) + "\n" + selectionUsage}
}

func runSelectionCommand(ctx context.Context, cmd string, args []string, stdout, stderr io.Writer) error {
	var db dbFlags
	var lf ledgerFlags
	var user, reason string
	var program int64
	var asJSON bool
	usage := "selection reopen --program ID --user NAME --reason TEXT [flags]"
	if cmd == "reopenings" {
		usage = "selection reopenings --program ID [--json] [flags]"
	}
	fs := newFlagSet("selection "+cmd, usage, "Selection reopening: "+cmd+".", stderr)
	db.register(fs)
	fs.Int64Var(&program, "program", 0, "the program (required)")
	if cmd == "reopen" {
		lf.register(fs)
		fs.StringVar(&user, "user", "", "the officer who asks (required)")
		fs.StringVar(&reason, "reason", "", "why the selection must be made again (10–2000 characters)")
	} else {
		fs.BoolVar(&asJSON, "json", false, "print the reopenings as the API returns them")
	}
	if err := parse(fs, args); err != nil {
		return err
	}
	if program <= 0 {
		return usageError{"--program is required"}
	}
	if cmd == "reopen" && user == "" {
		return usageError{"--user is required"}
	}
	store, err := db.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	a := newApp(store)
	if _, err := a.Programs.GetProgram(ctx, program); err != nil {
		return err
	}
	if cmd == "reopenings" {
		list, err := a.Reviews.SelectionReopenings(ctx, program)
		if err != nil {
			return err
		}
		if asJSON {
			return printJSON(stdout, list)
		}
		for _, ro := range list {
			fmt.Fprintf(stdout, "%d\t%s\t%s → %s, %s\t%d funded, %d yuan\t%s\n", ro.ID, seedbed.FormatCST(ro.At), ro.RequestedBy, ro.ApprovedBy,
				seedbed.FormatCST(ro.SelectedAt), ro.Funded, ro.Spent, ro.Reason)
		}
		return nil
	}
	// A reopening is a decision: its ledger entries are signed with the data folder's key.
	if err := setupLedger(ctx, store, db.data, lf, io.Discard); err != nil {
		return err
	}
	actor, err := namedActor(ctx, store, user)
	if err != nil {
		return err
	}
	err = a.Reviews.ReopenSelection(ctx, actor, program, reason)
	var p *seedbed.Proposed
	if !errors.As(err, &p) {
		if err == nil {
			return fmt.Errorf("the reopening of program %d took effect without a second person", program)
		}
		return err
	}
	fmt.Fprintf(stdout, "proposed\tprogram %d\tapproval %d: seedbed approval approve --id %d --user OTHER\n", program, p.Approval.ID, p.Approval.ID)
	return nil
}
