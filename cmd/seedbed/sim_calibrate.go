package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"

	"seedbed/sim"
)

// simCalibrate prints the lab's calibration against the region in the database: the figures it
// used, the parameters they set, and the model's predictions beside the region's figures, the
// same as the lab's calibration page and GET /api/v1/lab/calibration.
func simCalibrate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newSimFlags("calibrate", stdout)
	var db dbFlags
	db.register(fs)
	format := fs.String("format", "table", "table or json")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	if *format != "table" && *format != "json" {
		return usageError{fmt.Sprintf("--format %q: want table or json", *format)}
	}
	store, err := db.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	cal, err := newApp(store).Lab.Calibration(ctx)
	if err != nil {
		return err
	}
	if *format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(cal)
	}
	return writeCalibration(stdout, cal)
}

// writeCalibration prints a calibration as three tables.
func writeCalibration(w io.Writer, cal *sim.Calibration) error {
	f := cal.Facts
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "Region\tinnovators %d\tyears %d\tawards %d\tmoney %.0f yuan\n", f.Innovators, f.Years, f.Awards, f.Money)
	fmt.Fprintf(tw, "\tmedian award, small %.0f yuan\tother %.0f yuan\tended %d (failed %d)\tlandmarks %d\n", f.MedianSmall, f.MedianOther, f.Ended, f.Failed, f.Landmarks)
	fmt.Fprintln(tw, "\nParameter\treference\tcalibrated\trule")
	for _, d := range cal.Derivations {
		v := fmt.Sprintf("%g", d.Value)
		if !d.Calibrated {
			v += " (not enough data)"
		}
		fmt.Fprintf(tw, "%s\t%g\t%s\t%s\n", d.Key, d.Reference, v, d.Rule.En)
	}
	fmt.Fprintf(tw, "\nFit (strategy %s)\tregion\tmodel [95%%]\tpredicted/observed\tverdict\tmeasures\n", cal.Strategy)
	for _, r := range cal.Fit {
		same := "different"
		if r.Comparable {
			same = "same"
		}
		fmt.Fprintf(tw, "%s\t%.4g\t%.4g [%.4g, %.4g]\t%.3g\t%s\t%s\n", r.Key, r.Observed, r.Predicted.Mean, r.Predicted.Lo, r.Predicted.Hi, r.Ratio, r.Verdict, same)
	}
	return tw.Flush()
}
