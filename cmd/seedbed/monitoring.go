package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"seedbed"
	"seedbed/csvfile"
	"seedbed/evaluation"
)

const monitoringUsage = `Usage: seedbed monitoring recompute [--data DIR | --db URL] [--landmark P]
       seedbed monitoring import [--data DIR | --db URL] FILE.csv

recompute  computes momentum, the complacency early warning and impact over all stored data and
           stores the flags it raises (every write of indicator values or outcomes also does
           this; run it after awards or the registry changed, or to change --landmark).
import     imports indicator values from a CSV file (UTF-8 or GBK; columns innovator_id,
           indicator, period, value[, unit][, source]), all or nothing: a file with a bad row
           writes nothing and every bad row is listed; the flags are then recomputed.`

func runMonitoring(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprintln(stderr, monitoringUsage)
		return usageError{"missing subcommand: recompute or import"}
	}
	switch args[0] {
	case "-h", "--help", "help":
		fmt.Fprintln(stdout, monitoringUsage)
		return flag.ErrHelp
	case "recompute":
		return runMonitoringRecompute(ctx, args[1:], stdout, stderr)
	case "import":
		return runMonitoringImport(ctx, args[1:], stdout, stderr)
	}
	return usageError{fmt.Sprintf("unknown monitoring subcommand %q: want recompute or import", args[0])}
}

// cliActor is who the command line acts as in the audit log and decision events.
var cliActor = seedbed.Actor{Username: "cli", Role: seedbed.RoleAdmin}

func runMonitoringRecompute(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var db dbFlags
	var landmark float64
	fs := newFlagSet("monitoring recompute", "monitoring recompute [flags]",
		"Computes momentum, complacency flags and impact over all stored data and stores the flags.", stderr)
	db.register(fs)
	fs.Float64Var(&landmark, "landmark", 99, "percentile at or above which an outcome is a landmark")
	if err := parse(fs, args); err != nil {
		return err
	}
	store, err := db.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	mon := newApp(store).Monitoring
	p := mon.Params()
	p.Impact.LandmarkPercentile = landmark
	if err := mon.SetParams(p); err != nil {
		return usageError{fmt.Sprintf("--landmark: %v", seedbed.ErrorMessage(err))}
	}
	start := time.Now()
	run, err := mon.RecomputeFlags(ctx, cliActor)
	if err != nil {
		return err
	}
	sn, err := mon.Snapshot(ctx)
	if err != nil {
		return err
	}
	pf := sn.Portfolio(0)
	fmt.Fprintf(stdout, "%d innovators × %d quarters; %d awardees assessed, %d flagged (%d new, %d cleared)\n",
		sn.Population.Panel.Len(), sn.Population.Panel.T, run.Assessed, run.Flagged, run.Raised, run.Cleared)
	fmt.Fprintf(stdout, "impact: %d awards, %d landmarks, hit rate %s, top %.0f%% share %s, cost per landmark %s\n",
		pf.Awards, pf.Landmarks, monitoringPct(pf.HitRate, pf.HitRateStatus), 100*p.Impact.TopShare, monitoringPct(pf.TopShare, pf.TopShareStatus),
		monitoringWanYuan(pf.CostPerLandmark, pf.CostPerLandmarkStatus))
	fmt.Fprintf(stdout, "took %s\n", time.Since(start).Round(time.Millisecond))
	return nil
}

func monitoringPct(v float64, st evaluation.Status) string {
	if st != evaluation.StatusOK {
		return string(st)
	}
	return fmt.Sprintf("%.1f%%", 100*v)
}

func monitoringWanYuan(v float64, st evaluation.Status) string {
	if st != evaluation.StatusOK {
		return string(st)
	}
	return fmt.Sprintf("%.0f 万元", v)
}

func runMonitoringImport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var db dbFlags
	fs := newFlagSet("monitoring import", "monitoring import [flags] FILE.csv",
		"Imports indicator values from a CSV file, all or nothing, listing every bad row.", stderr)
	db.register(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError{"give exactly one CSV file"}
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return err
	}
	defer f.Close()
	store, err := db.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	text, _, err := csvfile.DecodeText(f)
	if err == nil {
		var obs []evaluation.Observation
		if obs, err = evaluation.ReadObservationsCSV(text); err == nil {
			var n int
			if n, err = newApp(store).Monitoring.AddObservations(ctx, cliActor, obs); err == nil {
				fmt.Fprintf(stdout, "imported %d values\n", n)
				return nil
			}
		}
	}
	if es, ok := err.(seedbed.Errors); ok {
		for _, e := range es {
			fmt.Fprintf(stderr, "%s:%s\n", fs.Arg(0), e.Error())
		}
		return fmt.Errorf("%d problems; nothing was imported", len(es))
	}
	return err
}
