package main

import (
	"context"
	"fmt"
	"io"
	"strconv"

	"seedbed"
)

// approvalUsage lists the approval subcommands.
const approvalUsage = `Usage: seedbed approval COMMAND [flags]

Commands:
  list     --user NAME                                   the decisions waiting that NAME may approve
  approve  --id ID --user NAME [--note TEXT]             let a proposed decision take effect as NAME
  reject   --id ID --user NAME [--note TEXT]             end a proposal without effect

A decision under a two-person rule (releasing money, accepting milestone evidence, resolving a
complacency flag, publishing a policy or a procedure, confirming a selection, overriding an
eligibility decision, reopening a selection, a risk filing) is proposed by one account and takes
effect only when another one with the right role approves it.`

func runApproval(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
		fmt.Fprintln(stdout, approvalUsage)
		return nil
	}
	if len(args) == 0 {
		return usageError{approvalUsage}
	}
	switch args[0] {
	case "list", "approve", "reject":
		return runApprovalCommand(ctx, args[0], args[1:], stdout, stderr)
	}
	return usageError{"unknown approval command " + strconv.Quote(args[0]) + "\n" + approvalUsage}
}

func runApprovalCommand(ctx context.Context, cmd string, args []string, stdout, stderr io.Writer) error {
	var db dbFlags
	var lf ledgerFlags
	var user, note string
	var id int64
	usage := "approval " + cmd + " --id ID --user NAME [--note TEXT] [flags]"
	if cmd == "list" {
		usage = "approval list --user NAME [flags]"
	}
	fs := newFlagSet("approval "+cmd, usage, "Two-person rules: "+cmd+" as the named account.", stderr)
	db.register(fs)
	lf.register(fs)
	fs.StringVar(&user, "user", "", "the account that acts (required)")
	if cmd != "list" {
		fs.Int64Var(&id, "id", 0, "the approval's id, as 'approval list' shows it")
		fs.StringVar(&note, "note", "", "the second person's note")
	}
	if err := parse(fs, args); err != nil {
		return err
	}
	if user == "" {
		return usageError{"--user is required"}
	}
	if cmd != "list" && id <= 0 {
		return usageError{"--id is required"}
	}
	store, err := db.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	u, _, err := store.UserByName(ctx, user)
	if err != nil {
		return err
	}
	a := seedbed.Actor{UserID: u.ID, Username: u.Username, Role: u.Role, InnovatorID: u.InnovatorID}
	x := newApp(store).Approvals
	if cmd == "list" {
		aps, err := x.Pending(ctx, a)
		if err != nil {
			return err
		}
		for _, ap := range aps {
			fmt.Fprintf(stdout, "%d\t%s\t%s\t%s\t%s\n", ap.ID, ap.Rule, ap.ProposedBy, ap.ProposedAt.Format("2006-01-02 15:04"), bilingual(ap.Summary))
		}
		return nil
	}
	// An approval takes a decision: its ledger entries are signed with the data folder's key.
	if err := setupLedger(ctx, store, db.data, lf, io.Discard); err != nil {
		return err
	}
	decide := x.Approve
	if cmd == "reject" {
		decide = x.Reject
	}
	ap, err := decide(ctx, a, id, note)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s\t%d\t%s\t%s\n", ap.Status, ap.ID, ap.Rule, bilingual(ap.Summary))
	return nil
}
