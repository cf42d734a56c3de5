package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"seedbed"
	"seedbed/app"
	"seedbed/demo"
)

// seedFormationDemo has one in six of the grassroots teams registered when the platform opened
// become firms, one after another over the two years since: what the formation indicators count
// as teams that became firms. It runs last, so that the stories before it see the region as it
// was when they happened.
func seedFormationDemo(ctx context.Context, a *app.App, spec demoSpec, out io.Writer) error {
	store := a.Store()
	real := store.Now
	defer func() { store.Now = real }()
	sys := seedbed.Actor{Username: "demo", Role: seedbed.RoleAdmin}
	launch := demoRegistrations(spec, spec.innovators)[0]
	var teams []seedbed.Innovator
	n := 0
	err := store.EachInnovator(ctx, func(in *seedbed.Innovator) error {
		if in.Kind == seedbed.KindTeam && in.CreatedAt.Equal(launch.at) && in.Region != "" {
			if n%6 == 5 {
				teams = append(teams, *in)
			}
			n++
		}
		return nil
	})
	if err != nil {
		return err
	}
	for i, team := range teams {
		at := launch.at.Add(time.Duration(i+1) * 2 * 365 * 24 * time.Hour / time.Duration(len(teams)+1))
		store.Now = func() time.Time { return at }
		firm := demo.Incorporate(spec.seed, team)
		if err := a.Registry.UpdateInnovator(ctx, sys, &firm, team.Version); err != nil {
			return fmt.Errorf("team %d became a firm: %w", team.ID, err)
		}
	}
	fmt.Fprintf(out, "demo: %d grassroots teams became firms\n", len(teams))
	return nil
}
