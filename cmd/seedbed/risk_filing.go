package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"seedbed"
	"seedbed/sqlstore"
)

// riskFilingUsage lists the risk-filing subcommands.
const riskFilingUsage = `Usage: seedbed risk-filing COMMAND [flags]

Commands:
  list    [--program ID] [--status STATUS] [--json]        the filings, newest first
  show    --id ID [--json]                                  one filing and its review
  file    --user NAME --program ID [--application ID | --award ID]
          --risk TEXT --worth TEXT --failure TEXT          file a high-risk support decision in advance
  review  --id ID --user NAME --decision approve|decline --note TEXT
                                                            review a filing as the second person

A risk filing (容错备案) records, before a decision, the risk taken, why it is worth taking and
what failure would look like. A second account with the right role reviews it (its filer may
only withdraw it, by declining); both steps are ledgered, and an exemption case about the award
shows the filing as evidence. The same as /api/v1/risk-filings; --json prints the API's objects.
STATUS is pending, approved, declined or withdrawn.`

func runRiskFiling(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
		fmt.Fprintln(stdout, riskFilingUsage)
		return nil
	}
	if len(args) == 0 {
		return usageError{riskFilingUsage}
	}
	switch args[0] {
	case "list", "show", "file", "review":
		return runRiskFilingCommand(ctx, args[0], args[1:], stdout, stderr)
	}
	return usageError{"unknown risk-filing command " + strconv.Quote(args[0]) + "\n" + riskFilingUsage}
}

func runRiskFilingCommand(ctx context.Context, cmd string, args []string, stdout, stderr io.Writer) error {
	var db dbFlags
	var lf ledgerFlags
	var user, status, decision, note string
	var id int64
	var asJSON bool
	var in seedbed.RiskFilingInput
	usage := map[string]string{
		"list":   "risk-filing list [--program ID] [--status STATUS] [--json] [flags]",
		"show":   "risk-filing show --id ID [--json] [flags]",
		"file":   "risk-filing file --user NAME --program ID [--application ID | --award ID] --risk TEXT --worth TEXT --failure TEXT [flags]",
		"review": "risk-filing review --id ID --user NAME --decision approve|decline --note TEXT [flags]",
	}[cmd]
	fs := newFlagSet("risk-filing "+cmd, usage, "Risk filings (容错备案): "+cmd+".", stderr)
	db.register(fs)
	switch cmd {
	case "list":
		fs.Int64Var(&in.ProgramID, "program", 0, "only the filings of this program")
		fs.StringVar(&status, "status", "", "only the filings in this state: pending, approved, declined or withdrawn")
		fs.BoolVar(&asJSON, "json", false, "print the filings as the API returns them")
	case "show":
		fs.Int64Var(&id, "id", 0, "the filing's id, as 'risk-filing list' shows it")
		fs.BoolVar(&asJSON, "json", false, "print the filing as the API returns it")
	case "file":
		lf.register(fs)
		fs.StringVar(&user, "user", "", "the officer who files (required)")
		fs.Int64Var(&in.ProgramID, "program", 0, "the program the decision belongs to (required)")
		fs.Int64Var(&in.ApplicationID, "application", 0, "the application the decision is about, if one")
		fs.Int64Var(&in.AwardID, "award", 0, "the award the decision is about, if one")
		fs.StringVar(&in.Risk, "risk", "", "the risk taken (5–2000 characters)")
		fs.StringVar(&in.Worth, "worth", "", "why it is worth taking (5–2000 characters)")
		fs.StringVar(&in.Failure, "failure", "", "what failure would look like (5–2000 characters)")
	case "review":
		lf.register(fs)
		fs.Int64Var(&id, "id", 0, "the filing's id")
		fs.StringVar(&user, "user", "", "the second person, who reviews (required)")
		fs.StringVar(&decision, "decision", "", "approve or decline")
		fs.StringVar(&note, "note", "", "the reason of the review (required)")
	}
	if err := parse(fs, args); err != nil {
		return err
	}
	switch {
	case (cmd == "file" || cmd == "review") && user == "":
		return usageError{"--user is required"}
	case (cmd == "show" || cmd == "review") && id <= 0:
		return usageError{"--id is required"}
	case cmd == "list" && status != "" && !seedbed.RiskFilingStatuses.Has(status):
		return usageError{"--status must be pending, approved, declined or withdrawn, not " + strconv.Quote(status)}
	case cmd == "review" && decision != "approve" && decision != "decline":
		return usageError{"--decision must be approve or decline"}
	}
	store, err := db.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	x := newApp(store).RiskFilings
	switch cmd {
	case "list":
		list, err := x.Find(ctx, seedbed.RiskFilingFilter{ProgramID: in.ProgramID, Status: status, Limit: 1000})
		if err != nil {
			return err
		}
		if asJSON {
			return printJSON(stdout, list)
		}
		for _, f := range list {
			printRiskFiling(stdout, &f)
		}
		return nil
	case "show":
		f, err := x.Get(ctx, id)
		if err != nil {
			return err
		}
		if asJSON {
			return printJSON(stdout, f)
		}
		printRiskFiling(stdout, f)
		fmt.Fprintf(stdout, "  风险 / risk: %s\n  值得承担的理由 / worth: %s\n  失败的样子 / failure: %s\n", f.Risk, f.Worth, f.Failure)
		if f.ReviewedBy != "" {
			fmt.Fprintf(stdout, "  复核 / review: %s %s: %s\n", f.ReviewedBy, seedbed.FormatCST(*f.ReviewedAt), f.ReviewNote)
		}
		return nil
	}
	// Filing and review are decisions: their ledger entries are signed with the data folder's key.
	if err := setupLedger(ctx, store, db.data, lf, io.Discard); err != nil {
		return err
	}
	a, err := namedActor(ctx, store, user)
	if err != nil {
		return err
	}
	if cmd == "file" {
		f, err := x.File(ctx, a, in)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "filed\t%d\t%s\tapproval %d: seedbed risk-filing review --id %d --user OTHER --decision approve|decline --note TEXT\n",
			f.ID, f.Subject(), f.ApprovalID, f.ID)
		return nil
	}
	f, err := x.Review(ctx, a, id, decision == "approve", note)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s\t%d\t%s\t%s\n", f.Status, f.ID, f.Subject(), f.ReviewedBy)
	return nil
}

// printRiskFiling writes a filing as one line: id, state, subject, filer and time, the risk.
func printRiskFiling(w io.Writer, f *seedbed.RiskFiling) {
	risk := []rune(strings.ReplaceAll(f.Risk, "\n", " "))
	if len(risk) > 60 {
		risk = append(risk[:60], '…')
	}
	fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\t%s\n", f.ID, f.Status, f.Subject(), f.FiledBy, seedbed.FormatCST(f.FiledAt), string(risk))
}

// namedActor is the named account as the actor of a command's decisions.
func namedActor(ctx context.Context, store *sqlstore.Store, name string) (seedbed.Actor, error) {
	u, _, err := store.UserByName(ctx, name)
	if err != nil {
		return seedbed.Actor{}, err
	}
	return seedbed.Actor{UserID: u.ID, Username: u.Username, Role: u.Role, InnovatorID: u.InnovatorID}, nil
}

// printJSON writes v as indented JSON, as the API's objects are.
func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
