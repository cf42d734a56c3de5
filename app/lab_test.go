package app

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"seedbed"
)

func TestLabSimulateListGetExport(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		ctx := context.Background()
		cfg, err := a.Lab.Defaults(ctx)
		if err != nil {
			t.Fatal(err)
		}
		cfg.Replications, cfg.Quarters, cfg.Population.Innovators = 3, 4, 30
		cfg.Strategies = []string{"broad_small_grants", "partial_lottery"}
		actor := seedbed.Actor{Username: "officer", Role: "officer"}
		if _, _, err := a.Lab.Simulate(ctx, actor, "  ", cfg); err == nil {
			t.Fatal("a run without a name was saved")
		}
		run, res, err := a.Lab.Simulate(ctx, actor, "small", cfg)
		if err != nil {
			t.Fatal(err)
		}
		if run.ID == 0 || run.CreatedBy != "officer" || len(res.Strategies) != 2 {
			t.Fatalf("run %+v, %d strategies", run, len(res.Strategies))
		}
		runs, err := a.Lab.Runs(ctx, 10)
		if err != nil || len(runs) != 1 || runs[0].ID != run.ID {
			t.Fatalf("runs %v %v", runs, err)
		}
		got, gres, err := a.Lab.Run(ctx, run.ID)
		if err != nil || got.ConfigHash != run.ConfigHash || gres.Strategies[0].Landmarks != res.Strategies[0].Landmarks {
			t.Fatalf("run back: %v", err)
		}
		var buf bytes.Buffer
		if _, err := a.Lab.ExportCSV(ctx, run.ID, &buf); err != nil || !strings.Contains(buf.String(), "broad_small_grants") {
			t.Fatalf("csv: %v %q", err, buf.String())
		}
		if _, _, err := a.Lab.Run(ctx, run.ID+100); seedbed.ErrorCode(err) != seedbed.ENOTFOUND {
			t.Fatalf("missing run: %v", err)
		}
	})
}

func TestLabConfigErrorsNameTheKey(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		_, err := a.Lab.ParseConfig([]byte("replications: -1\n"), "")
		if err == nil || !strings.Contains(err.Error(), "replications") {
			t.Fatalf("bad config: %v", err)
		}
	})
}
