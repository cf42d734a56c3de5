package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"seedbed"
)

// runPolicyPublish checks, tests and publishes policy files into the database as a named user,
// as an officer's upload and publication in the web UI would (with the same audit entries and
// decision events). Every file is checked first, together, so that a bad file or a clash of
// dates between the files publishes nothing; then each is published in its own transaction.
func runPolicyPublish(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fset := policyFlagSet("publish", "publish --user NAME [--data DIR|--db URL] FILES…",
		"Checks and tests each policy file, then uploads and publishes it into the database as the\n"+
			"named user (who must be allowed to write policies). Problems are printed as\n"+
			"file:line:column: message and nothing is published when any file has one.", stderr)
	var db dbFlags
	var lf ledgerFlags
	db.register(fset)
	lf.register(fset)
	user := fset.String("user", "", "the account that publishes (required; an admin or officer)")
	if err := parsePolicyFlags(fset, args); err != nil {
		return err
	}
	if *user == "" {
		return usageError{"--user is required"}
	}
	files, err := policyFiles(fset.Args())
	if err != nil {
		return err
	}
	loaded, _, err := compilePolicies(files)
	if err != nil {
		return err
	}
	problems := 0
	for _, lp := range loaded {
		for _, e := range lp.errs {
			fmt.Fprintln(stderr, e.Error())
			problems++
		}
		if lp.c != nil {
			for _, tr := range lp.c.RunTests() {
				if !tr.Passed {
					fmt.Fprintf(stderr, "%s:%d:%d: %s: %v\n", lp.file, tr.Pos.Line, tr.Pos.Column, tr.Name, tr.Problems)
					problems++
				}
			}
		}
	}
	if problems > 0 {
		return fmt.Errorf("发现 %d 个问题，未发布任何政策 / %d problems found; nothing was published", problems, problems)
	}
	store, err := db.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	// Publication is a decision: its ledger entry is signed with the data folder's key.
	if err := setupLedger(ctx, store, db.data, lf, io.Discard); err != nil {
		return err
	}
	u, _, err := store.UserByName(ctx, *user)
	if err != nil {
		return err
	}
	a := seedbed.Actor{UserID: u.ID, Username: u.Username, Role: u.Role, InnovatorID: u.InnovatorID}
	if err := seedbed.Authorize(a, seedbed.PermPolicyWrite, nil); err != nil {
		return err
	}
	pol := newApp(store).Policies
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		pv, err := pol.Upload(ctx, a, filepath.Base(f), src)
		if err == nil {
			var draft = pv
			pv, err = pol.Publish(ctx, a, pv.PolicyID, pv.Version)
			var p *seedbed.Proposed
			if errors.As(err, &p) {
				fmt.Fprintf(stdout, "proposed\t%s\t%s v%d\tapproval %d: seedbed approval approve --id %d --user OTHER\n", f, draft.PolicyID, draft.Version,
					p.Approval.ID, p.Approval.ID)
				continue
			}
		}
		if err != nil {
			var es seedbed.Errors
			if errors.As(err, &es) {
				for _, e := range es {
					fmt.Fprintf(stderr, "%s:%d:%d: %s\n", f, e.Line, e.Column, bilingual(e.Messages()))
				}
				return fmt.Errorf("%s 未发布 / %s was not published", f, f)
			}
			return fmt.Errorf("%s: %w", f, err)
		}
		fmt.Fprintf(stdout, "published\t%s\t%s v%d\tsha256:%s\n", f, pv.PolicyID, pv.Version, pv.SHA256[:16])
	}
	return nil
}
