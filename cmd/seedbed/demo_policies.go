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
// seedPoliciesDemo uploads every file of the starter library and proposes its publication as
// the demo administrator, through the same checks, tests and decision events as an officer's
// upload; the officer approves each (two-person rule).
func seedPoliciesDemo(ctx context.Context, ap *app.App, _ demoSpec, out io.Writer) error {
	a, err := demoActor(ctx, ap, "admin")
	if err != nil {
		return err
	}
	second, err := demoActor(ctx, ap, "officer")
	if err != nil {
		return err
	}
	n, err := publishPolicyFS(ctx, ap, a, second, policies.FS)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "demo: %d policy versions published\n", n)
	return nil
}

// publishPolicyFS uploads and publishes every *.yaml file at the top of fsys, in name order: a
// proposes, second approves.
func publishPolicyFS(ctx context.Context, ap *app.App, a, second seedbed.Actor, fsys fs.FS) (int, error) {
	pol := ap.Policies
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
		_, err = pol.Publish(ctx, a, pv.PolicyID, pv.Version)
		if err := demoApprove(ctx, ap.Approvals, err, second, "已核对条款与测试用例"); err != nil {
			return 0, fmt.Errorf("%s: %w", name, err)
		}
	}
	return len(names), nil
}
