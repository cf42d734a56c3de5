package main

import (
	"context"
	"fmt"
	"io"
	"io/fs"

	"seedbed"
	"seedbed/policies"
	"seedbed/sqlstore"
)

// The starter library is the demo's policy library; it must come before the programs step,
// whose calls name these policies (steps run in registration order, and Go runs the init
// functions of a package's files in file-name order: demo_policies.go before demo_programs.go).
// seedPoliciesDemo uploads every file of the starter library and publishes it as the demo
// administrator, through the same checks, tests and decision events as an officer's upload.
func seedPoliciesDemo(ctx context.Context, store *sqlstore.Store, out io.Writer) error {
	u, _, err := store.UserByName(ctx, "admin")
	if err != nil {
		return err
	}
	a := seedbed.Actor{UserID: u.ID, Username: u.Username, Role: u.Role}
	n, err := publishPolicyFS(ctx, store, a, policies.FS)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "demo: %d policy versions published\n", n)
	return nil
}

// publishPolicyFS uploads and publishes every *.yaml file at the top of fsys, in name order.
func publishPolicyFS(ctx context.Context, store *sqlstore.Store, a seedbed.Actor, fsys fs.FS) (int, error) {
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		return 0, err
	}
	for _, name := range names {
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			return 0, err
		}
		pv, err := store.UploadPolicy(ctx, a, name, src)
		if err != nil {
			return 0, fmt.Errorf("%s: %w", name, err)
		}
		if _, err := store.PublishPolicy(ctx, a, pv.PolicyID, pv.Version); err != nil {
			return 0, fmt.Errorf("%s: %w", name, err)
		}
	}
	return len(names), nil
}
