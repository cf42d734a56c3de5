package main

import (
	"context"
	"fmt"
	"io"
	"io/fs"

	"seedbed"
	"seedbed/app"
	"seedbed/policies"
)

// The starter library is the demo's policy library; it must come before the programs step,
// whose calls name these policies (demoSteps lists the steps in order).
// seedPoliciesDemo uploads every file of the starter library and publishes it as the demo
// administrator, through the same checks, tests and decision events as an officer's upload.
func seedPoliciesDemo(ctx context.Context, ap *app.App, _ demoSpec, out io.Writer) error {
	store := ap.Store()
	u, _, err := store.UserByName(ctx, "admin")
	if err != nil {
		return err
	}
	a := seedbed.Actor{UserID: u.ID, Username: u.Username, Role: u.Role}
	n, err := publishPolicyFS(ctx, ap.Policies, a, policies.FS)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "demo: %d policy versions published\n", n)
	return nil
}

// publishPolicyFS uploads and publishes every *.yaml file at the top of fsys, in name order.
func publishPolicyFS(ctx context.Context, pol *app.Policies, a seedbed.Actor, fsys fs.FS) (int, error) {
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		return 0, err
	}
	for _, name := range names {
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			return 0, err
		}
		pv, err := pol.Upload(ctx, a, name, src)
		if err != nil {
			return 0, fmt.Errorf("%s: %w", name, err)
		}
		if _, err := pol.Publish(ctx, a, pv.PolicyID, pv.Version); err != nil {
			return 0, fmt.Errorf("%s: %w", name, err)
		}
	}
	return len(names), nil
}
