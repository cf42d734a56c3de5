package main

import (
	"context"
	"errors"
	"fmt"

	"seedbed"
	"seedbed/app"
)

// demoApprove completes a decision the demo proposed under a two-person rule: when err is a
// proposal, the second account approves it, as a second officer would on the approvals page.
// Any other error is returned as it is.
func demoApprove(ctx context.Context, x *app.Approvals, err error, second seedbed.Actor, note string) error {
	var p *seedbed.Proposed
	if !errors.As(err, &p) {
		return err
	}
	if _, err := x.Approve(ctx, second, p.Approval.ID, note); err != nil {
		return fmt.Errorf("approval %d (%s): %w", p.Approval.ID, p.Approval.Rule, err)
	}
	return nil
}

// demoActor is a demo account as the actor of its decisions.
func demoActor(ctx context.Context, a *app.App, name string) (seedbed.Actor, error) {
	u, _, err := a.Store().UserByName(ctx, name)
	if err != nil {
		return seedbed.Actor{}, err
	}
	return seedbed.Actor{UserID: u.ID, Username: u.Username, Role: u.Role}, nil
}
